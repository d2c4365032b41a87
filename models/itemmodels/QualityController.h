// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"
#include "evals/EvalBlessing.h"
#include "evals/EvalCaseResult.h"
#include "evals/EvalRunRecord.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

class ChecklistDocument;
class EvalCaseTableModel;
class EvalRunListModel;

/**
 * Feeds the Eval Runs tab: the current deployment's eval runs, the baseline they are compared with
 * (the blessed run of the deployment's prompt versions, else the project's newest blessed run), each
 * run's cases against the baseline's, and the Run and Bless actions. Every SQL statement runs on a
 * worker with its own connection; a run replays the set on its own worker thread (EvalRunSession,
 * the code `liftoff eval run` uses), stores each case as it finishes and reports progress here, so a
 * cancelled or interrupted run keeps what finished. Every answer arrives as a signal.
 */
class QualityController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QualityController)

public:
    /** The items whose evidence is eval runs and blessings: re-judged after a run or a blessing. */
    static QStringList evalItems();

    QualityController(ChecklistDocument *document, ProjectConfig project, QObject *parent = nullptr);
    ~QualityController() override;

    EvalRunListModel *runModel() const { return m_runs; }
    EvalCaseTableModel *caseModel() const { return m_cases; }

    /** False when liftoff.yaml has no `evals:`; statusText() then says what to add. */
    bool hasEvals() const { return m_project.evals.has_value(); }
    /** One line above the runs: the set, the target, the baseline, or why nothing can run. */
    QString statusText() const { return m_status; }
    /** The baseline in words: which run, blessed by whom, when, why; or that there is none. */
    QString baselineText() const { return m_baselineText; }
    std::optional<EvalBlessing> baseline() const { return m_baseline; }
    QStringList environments() const;
    QString defaultEnvironment() const;

    bool isRunning() const { return m_running; }
    bool isBusy() const { return m_busy; }
    qint64 selectedRunId() const { return m_selectedRunId; }
    /** Whether selected run may be blessed: complete, and not already the baseline. */
    bool canBless(qint64 runId) const;

    /** Re-reads runs and baseline of the current deployment (keeps the selected run when it is still listed). */
    void reload();
    /** Shows runId's cases against the baseline. */
    void selectRun(qint64 runId);
    /** Replays the eval set against environment (parsed off the GUI thread); progress and runFinished answer. */
    void startRun(const QString &environment);
    /** Starts nothing new, drops what is in flight; what finished stays stored. */
    void cancelRun();
    /** Makes runId the baseline of its prompt versions (audited, with note). */
    void bless(qint64 runId, const QString &note);

signals:
    void runsChanged();
    void casesChanged();
    void busyChanged(bool busy);
    void runningChanged(bool running);
    void progressChanged(int done, int total, int failed);
    /** A run ended; summary says how (score, or why it stopped). */
    void runFinished(const QString &summary);
    void blessed(const QString &summary);
    void failed(const QString &message);
    /** Runs or blessings changed: the eval items' evidence is new. */
    void evidenceChanged(const QStringList &itemIds);

private:
    struct Loaded;
    void handleLoaded(const Loaded &loaded);
    void showCases(qint64 runId, const QList<EvalCaseResult> &results);
    void setBusy(bool busy);
    void setRunning(bool running);
    void handleRunStarted(const EvalRunRecord &run);
    void handleCaseFinished(const EvalCaseResult &result, int done, int total);
    void handleRunEnded(const EvalRunRecord &run, const QString &error);

    QPointer<ChecklistDocument> m_document;
    ProjectConfig m_project;
    EvalRunListModel *m_runs;
    EvalCaseTableModel *m_cases;
    QThreadPool m_storePool; ///< one thread: reads and blessings in the order asked
    QThreadPool m_runPool;   ///< one thread: the run's blocking session and its event loop
    QString m_status;
    QString m_baselineText;
    std::optional<EvalBlessing> m_baseline;
    QList<EvalCaseResult> m_baselineResults;
    qint64 m_selectedRunId = 0;
    qint64 m_activeRunId = 0;
    EvalRunRecord m_liveRun;
    QList<EvalCaseResult> m_liveResults;
    int m_liveFailed = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
    bool m_busy = false;
    int m_generation = 0;
};
