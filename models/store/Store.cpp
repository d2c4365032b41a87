// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Store.h"

#include "store/PromptVersionRepository.h"
#include "store/StoreWorker.h"

using namespace Qt::StringLiterals;

Store::Store(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<StoreError>();
    qRegisterMetaType<DeploymentRecord>();
    qRegisterMetaType<AuditEvent>();
    qRegisterMetaType<ItemChange>();
    qRegisterMetaType<ProbeRunRecord>();
    m_thread.setObjectName(u"liftoff-store"_s);
    m_worker = new StoreWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued from the store thread; the document decides whether to re-read.
    connect(m_worker, &StoreWorker::changedElsewhere, this, &Store::changedElsewhere);
    m_thread.start();
}

Store::~Store()
{
    // Let queued jobs finish (a tick already sent is written), then close on the store thread. Blocking:
    // jobs run in order, so when close() returns every earlier job has run. A queued close followed by
    // quit() could let the event loop exit before the jobs posted just before it were delivered.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template<typename Job> void Store::post(Job job)
{
    QMetaObject::invokeMethod(m_worker, std::move(job), Qt::QueuedConnection);
}

void Store::open(const QString &path)
{
    m_path = path;
    post([this, worker = m_worker, path] {
        const StoreError error = worker->open(path);
        QMetaObject::invokeMethod(this, [this, error, path] {
            if (error.isError())
                emit failed(error);
            else
                emit opened(path);
        }, Qt::QueuedConnection);
    });
}

void Store::loadProject(const QString &name, const QString &configPath)
{
    post([this, worker = m_worker, name, configPath] {
        qint64 projectId = 0;
        QList<DeploymentRecord> list;
        StoreError error = worker->repository().ensureProject(name, configPath, &projectId);
        if (!error.isError())
            error = worker->repository().deployments(projectId, &list);
        QMetaObject::invokeMethod(this, [this, error, projectId, list] {
            if (error.isError())
                emit failed(error);
            else
                emit projectLoaded(projectId, list);
        }, Qt::QueuedConnection);
    });
}

void Store::loadDeployment(qint64 deploymentId)
{
    post([this, worker = m_worker, deploymentId] {
        DeploymentRecord deployment;
        QHash<QString, ItemState> states;
        StoreError error = worker->repository().deployment(deploymentId, &deployment);
        if (!error.isError())
            error = worker->repository().itemStates(deploymentId, &states);
        QMetaObject::invokeMethod(this, [this, error, deployment, states] {
            if (error.isError())
                emit failed(error);
            else
                emit deploymentLoaded(deployment, states);
        }, Qt::QueuedConnection);
    });
}

void Store::refreshDeployment(qint64 projectId, qint64 deploymentId)
{
    post([this, worker = m_worker, projectId, deploymentId] {
        QList<DeploymentRecord> list;
        DeploymentRecord deployment;
        QHash<QString, ItemState> states;
        StoreError error = worker->repository().deployments(projectId, &list);
        if (!error.isError() && deploymentId > 0)
            error = worker->repository().deployment(deploymentId, &deployment);
        if (!error.isError() && deploymentId > 0)
            error = worker->repository().itemStates(deploymentId, &states);
        QMetaObject::invokeMethod(this, [this, error, projectId, list, deployment, states] {
            // A failed refresh changes nothing shown; the next write elsewhere asks again.
            if (!error.isError())
                emit deploymentRefreshed(projectId, list, deployment, states);
            else
                emit deploymentRefreshed(projectId, {}, {}, {});
        }, Qt::QueuedConnection);
    });
}

void Store::setWatching(bool on)
{
    post([worker = m_worker, on] { worker->setWatching(on); });
}

void Store::createDeployment(const DeploymentRecord &deployment, const QString &who)
{
    post([this, worker = m_worker, input = deployment, who] {
        DeploymentRecord deployment = input;
        const StoreError error = worker->repository().createDeployment(&deployment, who);
        QMetaObject::invokeMethod(this, [this, error, deployment] {
            if (error.isError())
                emit failed(error);
            else
                emit deploymentCreated(deployment);
        }, Qt::QueuedConnection);
    });
}

void Store::releaseDeployment(qint64 deploymentId, const QString &who)
{
    post([this, worker = m_worker, deploymentId, who] {
        DeploymentRecord deployment;
        StoreError error = worker->repository().releaseDeployment(deploymentId, QDateTime::currentDateTimeUtc(), who);
        if (!error.isError())
            error = worker->repository().deployment(deploymentId, &deployment);
        QMetaObject::invokeMethod(this, [this, error, deployment] {
            if (error.isError())
                emit failed(error);
            else
                emit deploymentReleased(deployment);
        }, Qt::QueuedConnection);
    });
}

void Store::applyChange(const ItemChange &change)
{
    post([this, worker = m_worker, change] {
        AuditEvent event;
        ItemChange applied = change;
        const StoreError error = worker->repository().applyChange(change, &event, &applied.state);
        QMetaObject::invokeMethod(this, [this, error, change, applied, event] {
            if (error.isError())
                emit changeFailed(change, error);
            else
                emit changeApplied(applied, event);
        }, Qt::QueuedConnection);
    });
}

void Store::loadAudit(qint64 deploymentId, const QString &itemId)
{
    post([this, worker = m_worker, deploymentId, itemId] {
        QList<AuditEvent> events;
        const StoreError error = worker->repository().audit(deploymentId, itemId, &events);
        QMetaObject::invokeMethod(this, [this, error, deploymentId, itemId, events] {
            if (error.isError())
                emit failed(error);
            else
                emit auditLoaded(deploymentId, itemId, events);
        }, Qt::QueuedConnection);
    });
}

void Store::recordProbeRun(const ProbeRunRecord &run)
{
    post([this, worker = m_worker, run] {
        ItemState state;
        AuditEvent event;
        const StoreError error = worker->repository().recordProbeRun(run, &state, &event);
        QMetaObject::invokeMethod(this, [this, error, run, state, event] {
            if (error.isError())
                emit probeRunFailed(run, error);
            else
                emit probeRunRecorded(run, state, event);
        }, Qt::QueuedConnection);
    });
}

void Store::loadProbeRuns(qint64 deploymentId, const QString &itemId, int limit)
{
    post([this, worker = m_worker, deploymentId, itemId, limit] {
        QList<ProbeRunRecord> runs;
        const StoreError error = worker->repository().probeRuns(deploymentId, itemId, limit, &runs);
        QMetaObject::invokeMethod(this, [this, error, deploymentId, itemId, runs] {
            if (error.isError())
                emit failed(error);
            else
                emit probeRunsLoaded(deploymentId, itemId, runs);
        }, Qt::QueuedConnection);
    });
}

void Store::recordPromptVersions(qint64 deploymentId, const QList<DeploymentPromptRecord> &records)
{
    post([this, worker = m_worker, deploymentId, records] {
        PromptVersionRepository repository(worker->database());
        StoreError error;
        for (DeploymentPromptRecord record : records) {
            record.deploymentId = deploymentId;
            error = repository.record(record);
            if (error.isError())
                break;
        }
        QMetaObject::invokeMethod(this, [this, deploymentId, records, error] {
            emit promptVersionsRecorded(deploymentId, records, error);
        }, Qt::QueuedConnection);
    });
}
