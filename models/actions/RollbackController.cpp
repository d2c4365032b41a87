// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/RollbackController.h"

#include "actions/Notification.h"
#include "actions/NotificationSender.h"
#include "actions/RollbackCommandLine.h"
#include "probes/ProbeEngine.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"
#include "store/Actor.h"
#include "store/RollbackStore.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSysInfo>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
const QString MIGRATIONS_ITEM = u"rb.migrations-reversible"_s;

/** "1 more person", "2 more people". */
QString morePeople(int n)
{
    return n == 1 ? QCoreApplication::translate("RollbackController", "1 more person")
                  : QCoreApplication::translate("RollbackController", "%1 more people").arg(n);
}

QStringList names(const QList<CommandApproval> &approvals)
{
    QStringList out;
    for (const CommandApproval &a : approvals)
        out.append(a.approvedBy);
    return out;
}

QString outcomeName(const CommandResult &result)
{
    switch (result.outcome) {
    case CommandResult::Outcome::Finished: return result.exitCode == 0 ? u"succeeded"_s : u"failed"_s;
    case CommandResult::Outcome::TimedOut: return u"timed-out"_s;
    case CommandResult::Outcome::Cancelled: return u"cancelled"_s;
    case CommandResult::Outcome::FailedToStart: return u"not-started"_s;
    }
    return u"failed"_s;
}

/** What a start job found: a refusal, or the running record and both deployments. */
struct StartAnswer
{
    QString refusal;
    StoreError error;
    RollbackRecord record;
    DeploymentRecord to;
    QSet<QString> approved;
};

struct PrepareAnswer
{
    StoreError error;
    DeploymentRecord to;
    QSet<QString> approved;
    QStringList approvedBy;
    ItemState migrations;
    bool hasMigrations = false;
};

struct HashesAnswer
{
    StoreError error;
    QSet<QString> approved;
    QHash<QString, int> counts;
    QStringList approvedBy; ///< approve(): who approved the rollback command now
    bool added = false;     ///< approve(): the name was not among its approvers yet
};

struct ListAnswer
{
    StoreError error;
    QList<RollbackRecord> records;
};
} // namespace

RollbackController::RollbackController(RollbackStore *store, QNetworkAccessManager *nam, ProjectConfig project,
                                       QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_nam(nam)
    , m_project(std::move(project))
    , m_sender(std::make_unique<NotificationSender>(nam))
{
    qRegisterMetaType<CommandResult>();
    qRegisterMetaType<RollbackRecord>();
    qRegisterMetaType<RollbackPreview>();
    connect(&m_runner, &CommandRunner::lineRead, this, &RollbackController::lineRead);
    connect(&m_runner, &CommandRunner::finished, this, &RollbackController::handleCommandFinished);
    connect(m_sender.get(), &NotificationSender::finished, this, &RollbackController::handleNotificationFinished);
    connect(m_store, &RollbackStore::failed, this, &RollbackController::handleStoreFailed);
}

RollbackController::~RollbackController()
{
    if (m_engine)
        m_engine->cancelAll();
    // CommandRunner's destructor kills a tree still running; the lock is left to the next process,
    // which takes it over because this process is gone.
}

void RollbackController::setNotificationTimeout(qint64 ms)
{
    m_sender->setTimeout(ms);
}

void RollbackController::refuse(const QString &reason)
{
    emit refused(reason);
}

void RollbackController::prepare(const DeploymentRecord &from, bool dryRun)
{
    RollbackPreview preview;
    preview.dryRun = dryRun;
    preview.from = from;
    const std::optional<RollbackCommandLine> line = RollbackCommandLine::of(m_project, dryRun);
    if (!line) {
        preview.problem = dryRun ? tr("liftoff.yaml has no rollback.dry_run; add one to dry-run the rollback.")
                                 : tr("liftoff.yaml has no rollback.command; add one to roll back from Liftoff.");
        emit prepared(preview);
        return;
    }
    if (from.id == 0) {
        preview.problem = tr("Record or select a deployment first: a rollback starts from a deployment.");
        emit prepared(preview);
        return;
    }
    const EnvironmentConfig *env = m_project.environment(from.environment);
    if (!env)
        env = m_project.defaultEnvironment();
    preview.command = line->displayText();
    preview.expandedCommand = line->expandedText(env ? env->url : QString(), from.version);
    preview.commandHash = line->hash();
    preview.verifyItems = m_project.rollback->verify;
    preview.notifyChannels = m_project.rollback->notify;
    preview.approversNeeded = m_project.rollback->approvers;
    const ProjectConfig project = m_project;
    const QString rollbackHash = RollbackCommandLine::of(m_project, false) ? RollbackCommandLine::of(m_project, false)->hash()
                                                                           : QString();
    m_store->run<PrepareAnswer>(
        [project, from, rollbackHash](RollbackStore::Session &s) {
            PrepareAnswer a;
            qint64 projectId = 0;
            a.error = s.checklist.ensureProject(project.name, project.configPath, &projectId);
            if (!a.error.isError())
                a.error = s.rollbacks.approvedHashes(projectId, &a.approved);
            QList<CommandApproval> approvers;
            if (!a.error.isError() && !rollbackHash.isEmpty())
                a.error = s.rollbacks.approvers(projectId, rollbackHash, &approvers);
            a.approvedBy = names(approvers);
            if (!a.error.isError()) {
                const StoreError e = s.rollbacks.previousDeployment(projectId, from, &a.to);
                if (e.kind != StoreError::Kind::NotFound)
                    a.error = e;
            }
            QHash<QString, ItemState> states;
            if (!a.error.isError() && !s.checklist.itemStates(from.id, &states).isError()
                && states.contains(MIGRATIONS_ITEM)) {
                a.migrations = states.value(MIGRATIONS_ITEM);
                a.hasMigrations = a.migrations.status != Status::Pending && a.migrations.status != Status::Na;
            }
            return a;
        },
        this,
        [this, preview, line = *line](const PrepareAnswer &a) mutable {
            if (a.error.isError()) {
                emit storeFailed(a.error);
                preview.problem = a.error.message;
            }
            preview.to = a.to;
            preview.approvedBy = a.approvedBy;
            const std::optional<RollbackCommandLine> other = RollbackCommandLine::of(m_project, !preview.dryRun);
            preview.approved = a.approved.contains(line.hash()) && (!other || a.approved.contains(other->hash()));
            if (preview.to.id == 0 && preview.problem.isEmpty() && !preview.dryRun)
                preview.notRolledBack.append(
                    tr("No earlier released deployment is recorded: the command decides what it goes back to."));
            preview.notRolledBack.append(
                tr("Environment variables and secrets of the host stay as they are now"));
            if (!line.environmentNames().isEmpty())
                preview.notRolledBack.last() += tr(" (the command gets %1)").arg(line.environmentNames().join(u", "_s));
            if (a.hasMigrations) {
                preview.notRolledBack.append(
                    tr("Database migrations applied since %1 stay applied (%2: %3)")
                        .arg(preview.to.id ? preview.to.version : tr("the previous deployment"), MIGRATIONS_ITEM,
                             a.migrations.summary.isEmpty() ? StatusText::toString(a.migrations.status) : a.migrations.summary));
            }
            emit prepared(preview);
        });
}

void RollbackController::approve(const DeploymentRecord &current, const QString &who)
{
    QList<CommandApproval> approvals;
    for (const bool dry : {false, true}) {
        if (const std::optional<RollbackCommandLine> line = RollbackCommandLine::of(m_project, dry)) {
            approvals.append({line->hash(), dry ? u"rollback-dry-run"_s : u"rollback"_s, line->displayText(),
                              who.trimmed(), QDateTime::currentDateTimeUtc(), {}, {}});
        }
    }
    if (approvals.isEmpty() || !RollbackCommandLine::of(m_project, false)) {
        refuse(tr("liftoff.yaml has no rollback.command to approve."));
        return;
    }
    if (who.trimmed().isEmpty()) {
        refuse(tr("An approval needs the name of who approves."));
        return;
    }
    const ProjectConfig project = m_project;
    m_store->run<HashesAnswer>(
        [project, current, approvals](RollbackStore::Session &s) {
            HashesAnswer a;
            qint64 projectId = 0;
            a.error = s.checklist.ensureProject(project.name, project.configPath, &projectId);
            for (const CommandApproval &approval : approvals) {
                bool added = false;
                if (!a.error.isError())
                    a.error = s.rollbacks.approve(projectId, current.id, approval, &added);
                if (approval.purpose == u"rollback")
                    a.added = added;
            }
            QList<CommandApproval> approvers;
            if (!a.error.isError())
                a.error = s.rollbacks.approvers(projectId, approvals.first().hash, &approvers);
            a.approvedBy = names(approvers);
            if (!a.error.isError())
                a.error = s.rollbacks.approvedHashes(projectId, &a.approved);
            if (!a.error.isError())
                a.error = s.rollbacks.approverCounts(projectId, &a.counts);
            return a;
        },
        this,
        [this](const HashesAnswer &a) {
            if (a.error.isError()) {
                emit storeFailed(a.error);
                refuse(a.error.message);
                return;
            }
            emit approversChanged(a.approvedBy, m_project.rollback ? m_project.rollback->approvers : 1, a.added);
            emit approvalRecorded(a.approved);
            emit approverCountsChanged(a.counts);
        });
}

void RollbackController::loadApprovals()
{
    const ProjectConfig project = m_project;
    m_store->run<HashesAnswer>(
        [project](RollbackStore::Session &s) {
            HashesAnswer a;
            qint64 projectId = 0;
            a.error = s.checklist.ensureProject(project.name, project.configPath, &projectId);
            if (!a.error.isError())
                a.error = s.rollbacks.approvedHashes(projectId, &a.approved);
            if (!a.error.isError())
                a.error = s.rollbacks.approverCounts(projectId, &a.counts);
            return a;
        },
        this,
        [this](const HashesAnswer &a) {
            if (a.error.isError()) {
                emit storeFailed(a.error);
            } else {
                emit approvalsLoaded(a.approved);
                emit approverCountsChanged(a.counts);
            }
        });
}

void RollbackController::loadRollbacks()
{
    const ProjectConfig project = m_project;
    m_store->run<ListAnswer>(
        [project](RollbackStore::Session &s) {
            ListAnswer a;
            qint64 projectId = 0;
            a.error = s.checklist.ensureProject(project.name, project.configPath, &projectId);
            if (!a.error.isError())
                a.error = s.rollbacks.rollbacks(projectId, &a.records);
            return a;
        },
        this,
        [this](const ListAnswer &a) {
            if (a.error.isError())
                emit storeFailed(a.error);
            else
                emit rollbacksLoaded(a.records);
        });
}

void RollbackController::start(const DeploymentRecord &from, const RollbackRequest &request)
{
    if (m_running) {
        refuse(tr("A rollback is already running; wait for it to finish or cancel it."));
        return;
    }
    const std::optional<RollbackCommandLine> line = RollbackCommandLine::of(m_project, request.dryRun);
    if (!line) {
        refuse(request.dryRun ? tr("liftoff.yaml has no rollback.dry_run to run.")
                              : tr("liftoff.yaml has no rollback.command to run."));
        return;
    }
    if (from.id == 0) {
        refuse(tr("Record or select a deployment first: a rollback starts from a deployment."));
        return;
    }
    if (!request.dryRun && request.reason.trimmed().isEmpty()) {
        refuse(tr("A rollback needs a reason; it goes to the audit trail and the notification."));
        return;
    }
    if (!request.dryRun && from.isRolledBack()) {
        refuse(tr("%1 was rolled back already; select the deployment that is current now.").arg(from.name));
        return;
    }
    m_running = true;
    emit runningChanged(true);
    emit stageChanged(tr("Taking the rollback lock…"));
    m_from = from;
    m_to = {};
    m_verifyResults.clear();
    m_pendingNotifications.clear();
    m_auditDeploymentId = from.id;
    m_lockToken = QUuid::createUuid().toString(QUuid::WithoutBraces);
    RollbackRecord record;
    record.fromDeploymentId = from.id;
    record.fromVersion = from.version;
    record.dryRun = request.dryRun;
    record.who = request.who;
    record.reason = request.reason.trimmed().isEmpty() ? u"dry run"_s : request.reason.trimmed();
    record.command = line->displayText();
    record.commandHash = line->hash();
    const RollbackLockHolder me {m_lockToken, QCoreApplication::applicationPid(), QSysInfo::machineHostName(),
                                 request.who, QDateTime::currentDateTimeUtc(), Actor::osAccount(), {}};
    const ProjectConfig project = m_project;
    const int needed = request.dryRun ? 1 : m_project.rollback->approvers;
    const qint64 timeoutMs = m_project.rollback->timeoutMs;
    m_store->run<StartAnswer>(
        [project, from, record, me, needed, timeoutMs](RollbackStore::Session &s) {
            StartAnswer a;
            a.record = record;
            qint64 projectId = 0;
            a.error = s.checklist.ensureProject(project.name, project.configPath, &projectId);
            if (a.error.isError())
                return a;
            a.record.projectId = projectId;
            if ((a.error = s.rollbacks.approvedHashes(projectId, &a.approved)).isError())
                return a;
            if (!a.approved.contains(record.commandHash)) {
                a.refusal = QCoreApplication::translate(
                                "RollbackController",
                                "This rollback command is not approved on this machine (or it changed since it was "
                                "approved): %1. Check it and approve it (GUI: Approve; CLI: --approve).")
                                .arg(record.command);
                return a;
            }
            // Four eyes (rollback.approvers): distinct people approved this exact command. Whoever
            // starts it counts only when they approved it too.
            if (needed > 1) {
                QList<CommandApproval> approvers;
                if ((a.error = s.rollbacks.approvers(projectId, record.commandHash, &approvers)).isError())
                    return a;
                if (approvers.size() < needed) {
                    a.refusal = QCoreApplication::translate(
                                    "RollbackController",
                                    "This rollback needs approval by %1 (approved by %2); rollback.approvers is %3. "
                                    "Another person approves it in the rollback dialog (Approve as) or with "
                                    "`liftoff rollback --approve --by NAME`.")
                                    .arg(morePeople(needed - static_cast<int>(approvers.size())),
                                         names(approvers).join(u", "_s))
                                    .arg(needed);
                    return a;
                }
            }
            const StoreError previous = s.rollbacks.previousDeployment(projectId, from, &a.to);
            if (previous.isError() && previous.kind != StoreError::Kind::NotFound) {
                a.error = previous;
                return a;
            }
            a.record.toDeploymentId = a.to.id;
            a.record.toVersion = a.to.version;
            RollbackLockHolder holder;
            if (const StoreError lock = s.rollbacks.acquireLock(projectId, me, timeoutMs, from.id, &holder);
                lock.isError()) {
                if (lock.kind == StoreError::Kind::Conflict)
                    a.refusal = lock.message;
                else
                    a.error = lock;
                return a;
            }
            if ((a.error = s.rollbacks.beginRollback(&a.record, from.id)).isError())
                s.rollbacks.releaseLock(projectId, me.token);
            return a;
        },
        this,
        [this](const StartAnswer &a) {
            if (a.error.isError() || !a.refusal.isEmpty()) {
                m_running = false;
                emit runningChanged(false);
                if (a.error.isError()) {
                    emit storeFailed(a.error);
                    refuse(a.error.message);
                } else {
                    refuse(a.refusal);
                }
                return;
            }
            m_record = a.record;
            m_approved = a.approved;
            launch(m_from, a.to);
        });
}

void RollbackController::launch(const DeploymentRecord &from, const DeploymentRecord &to)
{
    m_to = to;
    const RollbackCommandLine line = *RollbackCommandLine::of(m_project, m_record.dryRun);
    const EnvironmentConfig *env = m_project.environment(from.environment);
    if (!env)
        env = m_project.defaultEnvironment();
    QStringList secrets;
    QString error;
    const std::optional<CommandSpec> spec = line.resolve(env ? env->url : QString(), from.version, &secrets, &error);
    emit started(m_record);
    if (!spec) {
        CommandResult result;
        result.outcome = CommandResult::Outcome::FailedToStart;
        result.error = error;
        handleCommandFinished(result);
        return;
    }
    emit stageChanged(m_record.dryRun ? tr("Running the rollback dry run…") : tr("Running the rollback…"));
    m_runner.setSecrets(secrets);
    m_runner.start(*spec);
}

void RollbackController::cancel()
{
    if (m_runner.isRunning()) {
        emit stageChanged(tr("Cancelling: stopping the command's process tree…"));
        m_runner.cancel();
    }
}

void RollbackController::handleCommandFinished(const CommandResult &result)
{
    m_record.outcome = outcomeName(result);
    m_record.exitCode = result.exitCode;
    m_record.output = result.lines;
    m_record.error = result.error;
    m_record.finishedAt = QDateTime::currentDateTimeUtc();
    emit stageChanged(tr("Recording the outcome…"));
    const RollbackRecord record = m_record;
    const qint64 auditId = m_auditDeploymentId;
    const QString token = m_lockToken;
    m_store->run<StoreError>(
        [record, auditId, token](RollbackStore::Session &s) {
            const StoreError finished = s.rollbacks.finishRollback(record, auditId);
            // Verifying and notifying follow: the lock's timeout counts anew from here, so no other
            // console takes it over while this one still works.
            const StoreError renewed = s.rollbacks.renewLock(record.projectId, token);
            return finished.isError() ? finished : renewed;
        },
        this,
        [this](const StoreError &error) {
            if (error.isError())
                emit storeFailed(error);
            if (m_record.dryRun) {
                complete();
                return;
            }
            if (m_record.succeeded())
                verify();
            else
                notify();
        });
}

void RollbackController::verify()
{
    const QStringList items = m_project.rollback ? m_project.rollback->verify : QStringList();
    if (items.isEmpty()) {
        notify();
        return;
    }
    emit stageChanged(tr("Verifying: %1…").arg(items.join(u", "_s)));
    const DeploymentRecord &target = m_to.id ? m_to : m_from;
    ProbeContext context = ProbePlanner::contextFor(m_project, m_from.environment, target.version);
    context.approvedCommandHashes = m_approved;
    m_factory = std::make_unique<StandardProbeFactory>(m_nam, context);
    m_engine = std::make_unique<ProbeEngine>(m_factory.get());
    connect(m_engine.get(), &ProbeEngine::resultReady, this, &RollbackController::handleVerifyResult);
    connect(m_engine.get(), &ProbeEngine::idle, this, &RollbackController::storeVerification);
    const ChecklistTemplate checklist = m_project.effectiveTemplate();
    QList<ProbeRequest> requests;
    for (const QString &id : items) {
        const ChecklistItem *item = checklist.find(id);
        QString reason;
        const std::optional<ProbeRequest> request = item ? ProbePlanner::requestFor(m_project, *item, &reason)
                                                         : std::nullopt;
        if (!request || !m_factory->runnableKinds().contains(request->spec.kind)) {
            ProbeResult r = ProbeResult::error(id, item ? (reason.isEmpty() ? tr("no runner for this item") : reason)
                                                        : tr("unknown item"));
            r.status = Status::NotReported;
            m_verifyResults.append(r);
            continue;
        }
        requests.append(*request);
    }
    if (requests.isEmpty()) {
        storeVerification();
        return;
    }
    m_engine->enqueue(requests);
}

void RollbackController::handleVerifyResult(const ProbeResult &result)
{
    m_verifyResults.append(result);
    emit lineRead(tr("[verify] %1: %2 — %3").arg(result.itemId, StatusText::toString(result.status), result.summary));
}

void RollbackController::storeVerification()
{
    QJsonArray verification;
    QList<ProbeRunRecord> runs;
    const qint64 deploymentId = m_to.id ? m_to.id : m_from.id;
    for (const ProbeResult &r : std::as_const(m_verifyResults)) {
        verification.append(QJsonObject {{u"item"_s, r.itemId}, {u"status"_s, StatusText::toString(r.status)},
                                         {u"summary"_s, r.summary}});
        runs.append({0, deploymentId, r.itemId, r.startedAt.isValid() ? r.startedAt : QDateTime::currentDateTimeUtc(),
                     r.durationMs, r.status, r.summary, r.conditions, r.evidence});
    }
    m_record.verification = verification;
    // The results also become the items' current state on the deployment that is current again.
    const qint64 projectId = m_record.projectId;
    const QString token = m_lockToken;
    m_store->run<StoreError>(
        [runs, projectId, token](RollbackStore::Session &s) {
            for (const ProbeRunRecord &run : runs) {
                if (const StoreError e = s.checklist.recordProbeRun(run, nullptr, nullptr); e.isError())
                    return e;
            }
            return s.rollbacks.renewLock(projectId, token);
        },
        this,
        [this](const StoreError &error) {
            if (error.isError())
                emit storeFailed(error);
            notify();
        });
}

void RollbackController::notify()
{
    const QStringList channels = m_project.rollback ? m_project.rollback->notify : QStringList();
    if (channels.isEmpty()) {
        complete();
        return;
    }
    emit stageChanged(tr("Notifying %1…").arg(channels.join(u", "_s)));
    Notification n;
    n.project = m_project.name;
    n.event = u"liftoff.rollback"_s;
    n.title = tr("Rollback of %1 %2: %3 → %4")
                  .arg(m_project.name, m_record.outcome, m_record.fromVersion,
                       m_record.toVersion.isEmpty() ? tr("previous version") : m_record.toVersion);
    n.fields.append({tr("Who"), m_record.who});
    n.fields.append({tr("Why"), m_record.reason});
    n.fields.append({tr("From"), m_record.fromVersion});
    n.fields.append({tr("To"), m_record.toVersion});
    n.fields.append({tr("Exit status"), m_record.exitCode >= 0 ? QString::number(m_record.exitCode) : m_record.outcome});
    QStringList verified;
    for (const QJsonValue &v : std::as_const(m_record.verification))
        verified.append(u"%1 %2"_s.arg(v[u"item"].toString(), v[u"status"].toString()));
    n.fields.append({tr("Verification"), verified.isEmpty() ? tr("not run") : verified.join(u", "_s)});
    for (const QString &name : channels) {
        const NotifyChannelConfig *channel = m_project.notifyChannel(name);
        if (!channel) {
            m_record.notifications.append(QJsonObject {{u"channel"_s, name}, {u"delivered"_s, false},
                                                       {u"error"_s, tr("no such channel under notify")}});
            continue;
        }
        m_pendingNotifications.insert(m_sender->send(*channel, n));
    }
    if (m_pendingNotifications.isEmpty())
        complete();
}

void RollbackController::handleNotificationFinished(quint64 ticket, const NotificationResult &result)
{
    if (!m_pendingNotifications.remove(ticket))
        return;
    m_record.notifications.append(QJsonObject {{u"channel"_s, result.channel}, {u"delivered"_s, result.delivered()},
                                               {u"status"_s, result.httpStatus}, {u"error"_s, result.error}});
    if (m_pendingNotifications.isEmpty())
        complete();
}

void RollbackController::complete()
{
    const RollbackRecord record = m_record;
    const qint64 auditId = m_auditDeploymentId;
    const QString token = m_lockToken;
    m_store->run<StoreError>(
        [record, auditId, token](RollbackStore::Session &s) {
            StoreError e;
            if (!record.dryRun)
                e = s.rollbacks.attachFollowUp(record, auditId);
            const StoreError released = s.rollbacks.releaseLock(record.projectId, token);
            return e.isError() ? e : released;
        },
        this,
        [this](const StoreError &error) {
            if (error.isError())
                emit storeFailed(error);
            m_running = false;
            m_engine.reset();
            m_factory.reset();
            emit stageChanged(tr("Rollback %1").arg(m_record.outcome));
            emit runningChanged(false);
            emit finished(m_record);
        });
}

void RollbackController::handleStoreFailed(const StoreError &error)
{
    emit storeFailed(error);
    if (!m_running || m_runner.isRunning())
        return;
    // The database could not be opened mid-orchestration: stop here rather than wait forever.
    m_running = false;
    m_record.error = m_record.error.isEmpty() ? error.message : m_record.error + u"; "_s + error.message;
    emit runningChanged(false);
    emit finished(m_record);
}
