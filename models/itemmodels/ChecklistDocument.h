// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistTemplate.h"
#include "checklist/MarkRules.h"
#include "checklist/Verdict.h"
#include "config/PromptSourceConfig.h"
#include "prompts/ShippedPrompts.h"
#include "store/StoreError.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>

class ChecklistModel;
class DeploymentListModel;
class QNetworkAccessManager;
class QUndoStack;
class Store;

/**
 * The checklist of one project as the GUI edits it: its deployments, the selected deployment's
 * item states (in a ChecklistModel), the undo stack of manual changes and the verdict. Every read
 * and write goes through the asynchronous Store; the model changes only when the store confirms.
 */
class ChecklistDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecklistDocument)

public:
    ChecklistDocument(Store *store, ChecklistTemplate checklist, QString projectName, QString configPath,
                      QHash<QString, qint64> freshnessSeconds, QString userName, QObject *parent = nullptr);
    ~ChecklistDocument() override;

    /** Loads the project's deployments and then the newest one's states. */
    void open();
    /** Probe kinds this build can run (others show as not-reported until a probe stores a result). */
    void setRunnableProbeKinds(const QSet<QString> &kinds);
    /** Items the project file marks `na`, with the reason given there (VerdictRules::Context). */
    void setNotApplicable(const QHash<QString, QString> &reasons);
    /**
     * Where a new deployment's code and prompts are read (PromptVersionCapture, off the GUI thread):
     * it records the repository's HEAD commit, as `liftoff deploy new` does, and the prompt versions it
     * ships. Without this call deployments record neither.
     */
    void setPromptSource(QNetworkAccessManager *nam, std::optional<PromptSourceConfig> prompts, QString repoPath);
    /** Why a deployment created here recorded no prompt versions ("" when it did, or is unknown). */
    QString promptVersionsProblem(qint64 deploymentId) const { return m_promptProblems.value(deploymentId); }

    QString projectName() const { return m_projectName; }
    QString configPath() const { return m_configPath; }
    QString databasePath() const;
    QString userName() const { return m_userName; }
    /** The display name later changes are recorded with (Settings ▸ Your Name…). */
    void setUserName(const QString &name) { m_userName = name; }
    const ChecklistTemplate &checklist() const;
    ChecklistModel *model() const { return m_model; }
    DeploymentListModel *deployments() const { return m_deployments; }
    QUndoStack *undoStack() const { return m_undoStack; }

    bool hasDeployment() const { return m_current.id != 0; }
    DeploymentRecord currentDeployment() const { return m_current; }
    void selectDeployment(qint64 deploymentId);
    /**
     * Records a new deployment (with its prompt versions, when a prompt source is set) and selects it
     * when the store confirms. Returns an error or "".
     */
    QString createDeployment(const QString &environment, const QString &version, const QString &name);
    /** Marks the current deployment released. Returns an error or "". */
    QString releaseCurrentDeployment();
    /** Re-reads the current deployment's states from the store. */
    void reload();

    /**
     * Validates a manual change with MarkRules and, when valid, pushes it on the undo stack (which
     * sends it to the store). Returns the reason it was refused, or "" when it was sent.
     */
    QString mark(const QString &itemId, const MarkRequest &request);
    /** Asks the store for an item's audit trail; auditLoaded answers. */
    void loadAudit(const QString &itemId);
    /** Stores a probe run for the current deployment; the model updates when the store confirms. */
    void recordProbeRun(const ProbeRunRecord &run);
    /** Asks the store for an item's recent probe runs; probeRunsLoaded answers. */
    void loadProbeRuns(const QString &itemId, int limit = 200);

    const VerdictResult &verdict() const;
    /** One sentence saying why the verdict is what it is. */
    QString verdictReason() const;
    QList<EvaluatedItem> blockingItems() const;
    bool isBusy() const { return m_busyCount > 0; }

signals:
    void projectLoaded();
    void currentDeploymentChanged(const DeploymentRecord &deployment);
    /** A deployment of this project was marked released (by this window). */
    void deploymentReleased(const DeploymentRecord &deployment);
    void verdictChanged();
    void itemChanged(const QString &itemId);
    void auditLoaded(const QString &itemId, const QList<AuditEvent> &events);
    void probeRunsLoaded(const QString &itemId, const QList<ProbeRunRecord> &runs);
    void busyChanged(bool busy);
    /** What is running or what was last saved, for the status bar. */
    void statusMessage(const QString &message);
    void storeError(const StoreError &error);

private:
    void handleProjectLoaded(qint64 projectId, const QList<DeploymentRecord> &deployments);
    void handleDeploymentLoaded(const DeploymentRecord &deployment, const QHash<QString, ItemState> &states);
    void handleDeploymentCreated(const DeploymentRecord &deployment);
    void handlePromptVersionsRecorded(qint64 deploymentId, const QList<DeploymentPromptRecord> &records,
                                      const StoreError &error);
    void handleDeploymentReleased(const DeploymentRecord &deployment);
    void handleChangeApplied(const ItemChange &change, const AuditEvent &event);
    void handleChangeFailed(const ItemChange &change, const StoreError &error);
    /** Another console wrote: re-read the deployments and the current states (one request at a time). */
    void handleChangedElsewhere();
    void handleDeploymentRefreshed(qint64 projectId, const QList<DeploymentRecord> &deployments,
                                   const DeploymentRecord &deployment, const QHash<QString, ItemState> &states);
    void handleAuditLoaded(qint64 deploymentId, const QString &itemId, const QList<AuditEvent> &events);
    void handleStoreFailed(const StoreError &error);
    void handleProbeRunRecorded(const ProbeRunRecord &run, const ItemState &state, const AuditEvent &event);
    void sendChange(const ItemChange &change);
    void refreshContext();
    void beginBusy(const QString &message);
    void endBusy();

    Store *m_store;
    QString m_projectName;
    QString m_configPath;
    QHash<QString, qint64> m_freshnessSeconds;
    QString m_userName;
    QSet<QString> m_runnableProbeKinds;
    QHash<QString, QString> m_notApplicable;
    ChecklistModel *m_model;
    DeploymentListModel *m_deployments;
    QUndoStack *m_undoStack;
    QTimer m_clockTimer;
    qint64 m_projectId = 0;
    bool m_loadingProject = false;
    qint64 m_requestedDeploymentId = 0;
    DeploymentRecord m_current;
    QList<QString> m_pendingChanges; // keys of changes this document sent and the store has not answered
    QHash<QString, int> m_pendingPerItem; // how many of them each item has (each moves its revision by one)
    QHash<QString, qint64> m_ownRevision; // the revision this document's last write of an item left
    bool m_refreshInFlight = false;
    bool m_refreshAgain = false;
    struct PromptSource
    {
        QNetworkAccessManager *nam = nullptr;
        std::optional<PromptSourceConfig> prompts;
        QString repoPath;
    };
    std::optional<PromptSource> m_promptSource;
    QHash<QString, ShippedPrompts> m_capturedPrompts; // by deployment name, until the store confirms it
    QHash<qint64, QString> m_promptNotices;           // said once the deployment is loaded
    QHash<qint64, QString> m_promptProblems;
    int m_busyCount = 0;
};
