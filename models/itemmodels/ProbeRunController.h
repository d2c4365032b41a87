// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>

class ChecklistDocument;
class ProbeEngine;
class QNetworkAccessManager;
class StandardProbeFactory;
class UptimeMonitor;
struct UptimeSample;
struct ProbeResult;

/**
 * Runs the probes of the open checklist from the GUI: all items, one item or one section, with
 * progress and cancel, and re-runs items that have `every:` on their schedule while the window is
 * open. Results go to the document, which stores them through the store thread.
 */
class ProbeRunController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeRunController)

public:
    ProbeRunController(ChecklistDocument *document, QNetworkAccessManager *nam, ProjectConfig project,
                       QObject *parent = nullptr);
    ~ProbeRunController() override;

    void runAll();
    void runItems(const QStringList &itemIds);
    void runSection(const QString &section);
    void cancel();
    bool isRunning() const;
    /** True when the item has a probe this build can run with the project's config. */
    bool canRun(const QString &itemId) const;
    /** Liftoff's own polling of the health endpoint (mon.uptime) while the GUI runs. */
    UptimeMonitor *uptimeMonitor() const { return m_uptime.get(); }
    /**
     * Alert items send real messages: a "run all" skips those that passed within this window
     * (they still run when asked for by name).
     */
    static constexpr qint64 ALERT_RESEND_SECONDS = 24 * 3600;
    /** The config commands approved on this machine (rollback and its dry run), for the probes that need them. */
    void setApprovedCommandHashes(const QSet<QString> &hashes) { m_approvedCommandHashes = hashes; }
    /** Distinct approvers per command hash (RollbackController::approverCountsChanged). */
    void setCommandApproverCounts(const QHash<QString, int> &counts) { m_commandApproverCounts = counts; }

signals:
    void runningChanged(bool running);
    void progressChanged(int done, int total);
    void itemStarted(const QString &itemId);
    void message(const QString &text);
    /** The month-end projection taken when a deployment was released: stored or not. */
    void releaseProjectionFinished(bool recorded);

private:
    void handleResult(const ProbeResult &result);
    void projectAtRelease(const DeploymentRecord &deployment);
    void armSchedules();
    void retargetUptime();
    QStringList withoutRecentAlerts(const QStringList &ids) const;

    ChecklistDocument *m_document;
    ProjectConfig m_project;
    std::unique_ptr<StandardProbeFactory> m_factory;
    std::unique_ptr<ProbeEngine> m_engine;
    QHash<QString, QTimer *> m_schedules;
    std::unique_ptr<UptimeMonitor> m_uptime;
    QNetworkAccessManager *m_nam;
    bool m_running = false;
    QSet<QString> m_approvedCommandHashes;
    QHash<QString, int> m_commandApproverCounts;
};
