// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/DeploymentPromptRecord.h"
#include "store/StoreError.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QThread>

class StoreWorker;

/**
 * The GUI's handle on the store: every call is queued to the store thread, and every answer comes
 * back as a signal on the caller's thread. The GUI thread never executes SQL.
 */
class Store final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Store)

public:
    explicit Store(QObject *parent = nullptr);
    ~Store() override;

    void open(const QString &path);
    /** The database file given to open() (for probes that keep their own connection). */
    QString path() const { return m_path; }
    void loadProject(const QString &name, const QString &configPath);
    void loadDeployment(qint64 deploymentId);
    /** Re-reads the project's deployments and one deployment's states after another console wrote. */
    void refreshDeployment(qint64 projectId, qint64 deploymentId);
    /** Whether other consoles' writes are noticed (changedElsewhere); on by default. */
    void setWatching(bool on);
    void createDeployment(const DeploymentRecord &deployment, const QString &who);
    void releaseDeployment(qint64 deploymentId, const QString &who);
    void applyChange(const ItemChange &change);
    void loadAudit(qint64 deploymentId, const QString &itemId);
    /** Stores a probe run and updates the item (ChecklistRepository::recordProbeRun). */
    void recordProbeRun(const ProbeRunRecord &run);
    /** The newest runs of an item, newest first (for history and sparklines). */
    void loadProbeRuns(qint64 deploymentId, const QString &itemId, int limit);
    /** Stores the prompt versions a deployment shipped (deployment_prompts); promptVersionsRecorded answers. */
    void recordPromptVersions(qint64 deploymentId, const QList<DeploymentPromptRecord> &records);

signals:
    void opened(const QString &path);
    void failed(const StoreError &error);
    void projectLoaded(qint64 projectId, const QList<DeploymentRecord> &deployments);
    void deploymentLoaded(const DeploymentRecord &deployment, const QHash<QString, ItemState> &states);
    /** Another console (process, machine or connection) wrote to the store; coalesced. */
    void changedElsewhere();
    /** refreshDeployment's answer; deployment.id is 0 when deploymentId was 0. */
    void deploymentRefreshed(qint64 projectId, const QList<DeploymentRecord> &deployments,
                             const DeploymentRecord &deployment, const QHash<QString, ItemState> &states);
    void deploymentCreated(const DeploymentRecord &deployment);
    void deploymentReleased(const DeploymentRecord &deployment);
    /** change.state is the state as stored, with its new revision. */
    void changeApplied(const ItemChange &change, const AuditEvent &event);
    void changeFailed(const ItemChange &change, const StoreError &error);
    void auditLoaded(qint64 deploymentId, const QString &itemId, const QList<AuditEvent> &events);
    void probeRunRecorded(const ProbeRunRecord &run, const ItemState &state, const AuditEvent &statusChange);
    void probeRunFailed(const ProbeRunRecord &run, const StoreError &error);
    void probeRunsLoaded(qint64 deploymentId, const QString &itemId, const QList<ProbeRunRecord> &runs);
    /** error is set when they could not be stored (the deployment itself is recorded either way). */
    void promptVersionsRecorded(qint64 deploymentId, const QList<DeploymentPromptRecord> &records,
                                const StoreError &error);

private:
    template<typename Job> void post(Job job);
    QThread m_thread;
    QString m_path;
    StoreWorker *m_worker = nullptr; // owned by m_thread (deleted on its finished signal)
};
