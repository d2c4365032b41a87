// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/CommandRunner.h"
#include "actions/RollbackPreview.h"
#include "actions/RollbackRequest.h"
#include "config/ProjectConfig.h"
#include "probes/ProbeResult.h"
#include "store/RollbackRecords.h"
#include "store/StoreError.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <memory>

class NotificationSender;
class ProbeEngine;
class QNetworkAccessManager;
class RollbackStore;
class StandardProbeFactory;
struct NotificationResult;

/**
 * Orchestrates one rollback of a project, for the GUI and the CLI alike: takes the project's
 * rollback lock (one at a time, also across processes and machines: a lock not renewed for longer
 * than the rollback timeout plus a margin is taken over, audited), checks the command's approval
 * (by rollback.approvers distinct people for a real rollback), records the
 * run, runs the command (CommandRunner: no shell, own process group, timeout, cancel), stores its
 * redacted output and outcome, marks the deployment rolled back, re-runs the `verify` items against
 * the environment, notifies the `notify` channels and writes the audit events, then releases the
 * lock. A dry run runs the same way, without verification and notification.
 */
class RollbackController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackController)

public:
    RollbackController(RollbackStore *store, QNetworkAccessManager *nam, ProjectConfig project,
                       QObject *parent = nullptr);
    ~RollbackController() override;

    const ProjectConfig &project() const { return m_project; }
    bool isRunning() const { return m_running; }
    /** Bounds the wait for notification channels (default: NotificationSender's). */
    void setNotificationTimeout(qint64 ms);

    /** Loads what a person must see first for a rollback of `from`; prepared() answers. */
    void prepare(const DeploymentRecord &from, bool dryRun);
    /**
     * Records `who`'s approval of the command and its dry run as configured now;
     * approversChanged() then approvalRecorded() answer (refused() when there is nothing to approve).
     */
    void approve(const DeploymentRecord &current, const QString &who);
    /** Reads the approved command hashes of the project; approvalsLoaded() answers. */
    void loadApprovals();
    /** Starts a rollback of `from`; refused() or started() … finished() answer. */
    void start(const DeploymentRecord &from, const RollbackRequest &request);
    /** Stops the running command's whole process tree; finished() follows with outcome cancelled. */
    void cancel();
    /** Every stored rollback of the project, newest first; rollbacksLoaded() answers. */
    void loadRollbacks();

signals:
    void prepared(const RollbackPreview &preview);
    void approvalRecorded(const QSet<QString> &approvedHashes);
    /**
     * After approve(): everyone who approved the rollback command now, how many rollback.approvers
     * asks for, and whether this approval added a person (false: that name had approved it already).
     */
    void approversChanged(const QStringList &approvedBy, int needed, bool added);
    void approvalsLoaded(const QSet<QString> &approvedHashes);
    /** After approvalsLoaded() and approvalRecorded(): distinct approvers per command hash. */
    void approverCountsChanged(const QHash<QString, int> &counts);
    /** The press did nothing; the text says why (already running, not approved, no reason, ...). */
    void refused(const QString &reason);
    void runningChanged(bool running);
    void started(const RollbackRecord &record);
    void lineRead(const QString &line);
    /** What is happening now: running, verifying, notifying, ... */
    void stageChanged(const QString &stage);
    /** The whole orchestration is done; record holds outcome, output, verification and notifications. */
    void finished(const RollbackRecord &record);
    void rollbacksLoaded(const QList<RollbackRecord> &records);
    void storeFailed(const StoreError &error);

private:
    void refuse(const QString &reason);
    void launch(const DeploymentRecord &from, const DeploymentRecord &to);
    void handleCommandFinished(const CommandResult &result);
    void verify();
    void handleVerifyResult(const ProbeResult &result);
    void storeVerification();
    void notify();
    void handleNotificationFinished(quint64 ticket, const NotificationResult &result);
    void complete();
    void handleStoreFailed(const StoreError &error);

    RollbackStore *m_store;
    QNetworkAccessManager *m_nam;
    ProjectConfig m_project;
    CommandRunner m_runner;
    std::unique_ptr<NotificationSender> m_sender;
    std::unique_ptr<StandardProbeFactory> m_factory;
    std::unique_ptr<ProbeEngine> m_engine;

    bool m_running = false;
    RollbackRecord m_record;
    QString m_lockToken;
    qint64 m_auditDeploymentId = 0;
    DeploymentRecord m_from;
    DeploymentRecord m_to;
    QSet<QString> m_approved;
    QList<ProbeResult> m_verifyResults;
    QSet<quint64> m_pendingNotifications;
};
