// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/QualityController.h"

#include "evals/EvalDatasetParser.h"
#include "evals/EvalRunComparison.h"
#include "evals/EvalRunRepository.h"
#include "evals/EvalRunSession.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/DeploymentListModel.h"
#include "itemmodels/EvalCaseTableModel.h"
#include "itemmodels/EvalRunListModel.h"
#include "probes/ProbePlanner.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

struct QualityController::Loaded
{
    qint64 deploymentId = 0;
    QList<EvalRunRecord> runs;
    QString promptKey;
    std::optional<EvalBlessing> baseline;
    bool baselineMatches = false; ///< blessed for this deployment's prompt versions
    EvalRunRecord baselineRun;
    QList<EvalCaseResult> baselineResults;
    QString error;
};

namespace {
QString percent(double share)
{
    return QString::number(share * 100, 'f', 1) + u'%';
}

/** Runs job with its own connection to the store at path, on pool; done gets the answer on owner's thread. */
template<typename Answer, typename Job, typename Done>
void onWorker(QObject *owner, QThreadPool *pool, const QString &path, Job job, Done done)
{
    auto *watcher = new QFutureWatcher<Answer>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(pool, [path, job] {
        Database database;
        if (const StoreError e = database.open(path); e.isError()) {
            Answer a;
            a.error = e.message;
            return a;
        }
        return job(database);
    }));
}

struct CasesAnswer
{
    QList<EvalCaseResult> results;
    QString error;
};

struct BlessAnswer
{
    EvalBlessing blessing;
    QString error;
};
} // namespace

QStringList QualityController::evalItems()
{
    // qa.eval-dataset reads the file, w1.regression-prod replays the set on production itself:
    // only these two read the stored runs and blessings.
    return {u"qa.structured-output"_s, u"qa.baseline-recorded"_s};
}

QualityController::QualityController(ChecklistDocument *document, ProjectConfig project, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_project(std::move(project))
    , m_runs(new EvalRunListModel(this))
    , m_cases(new EvalCaseTableModel(this))
{
    m_storePool.setMaxThreadCount(1);
    m_runPool.setMaxThreadCount(1);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, [this] {
        m_selectedRunId = 0;
        reload();
    });
}

QualityController::~QualityController()
{
    // The run's worker posts to this object: stop it and let it store what finished first.
    if (m_cancel)
        m_cancel->store(true);
    m_runPool.waitForDone();
    m_storePool.waitForDone();
}

QStringList QualityController::environments() const
{
    QStringList names;
    for (const EnvironmentConfig &e : m_project.environments)
        names.append(e.name);
    return names;
}

QString QualityController::defaultEnvironment() const
{
    if (m_document && m_document->hasDeployment())
        return m_document->currentDeployment().environment;
    const EnvironmentConfig *e = m_project.defaultEnvironment();
    return e ? e->name : QString();
}

void QualityController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void QualityController::setRunning(bool running)
{
    if (m_running == running)
        return;
    m_running = running;
    emit runningChanged(running);
}

bool QualityController::canBless(qint64 runId) const
{
    const int row = m_runs->rowOf(runId);
    const EvalRunRecord *run = m_runs->runAt(row);
    if (!run || !run->isComplete() || m_running)
        return false;
    return !(m_baseline && m_baseline->runId == runId);
}

void QualityController::reload()
{
    if (!hasEvals()) {
        m_status = tr("No `evals:` in %1: add a dataset and a target (see `liftoff init`) to replay an eval set "
                      "before each release.")
                       .arg(m_project.configPath);
        m_runs->setRuns({}, 0);
        m_cases->setRows({}, false);
        emit runsChanged();
        emit casesChanged();
        return;
    }
    if (!m_document || !m_document->hasDeployment()) {
        m_status = tr("Record or select a deployment first: eval runs belong to a deployment.");
        m_runs->setRuns({}, 0);
        m_cases->setRows({}, false);
        emit runsChanged();
        emit casesChanged();
        return;
    }
    const DeploymentRecord deployment = m_document->currentDeployment();
    const int generation = ++m_generation;
    setBusy(true);
    onWorker<Loaded>(this, &m_storePool, m_document->databasePath(),
        [deployment](Database &db) {
            Loaded loaded;
            loaded.deploymentId = deployment.id;
            EvalRunRepository runs(db);
            QList<DeploymentPromptRecord> prompts;
            StoreError e = runs.runs(deployment.id, &loaded.runs);
            if (!e.isError())
                e = PromptVersionRepository(db).versions(deployment.id, &prompts);
            loaded.promptKey = EvalRunRepository::promptKey(prompts, deployment.id);
            EvalBlessing blessing;
            bool found = false;
            if (!e.isError())
                e = runs.blessingFor(deployment.projectId, loaded.promptKey, &blessing, &found);
            loaded.baselineMatches = found;
            if (!e.isError() && !found)
                e = runs.latestBlessing(deployment.projectId, &blessing, &found);
            if (!e.isError() && found) {
                loaded.baseline = blessing;
                bool runFound = false;
                e = runs.run(blessing.runId, &loaded.baselineRun, &runFound);
                if (!e.isError())
                    e = runs.caseResults(blessing.runId, &loaded.baselineResults);
            }
            if (e.isError())
                loaded.error = e.message;
            return loaded;
        },
        [this, generation](const Loaded &loaded) {
            if (generation != m_generation)
                return; // another deployment was selected meanwhile
            setBusy(false);
            handleLoaded(loaded);
        });
}

void QualityController::handleLoaded(const Loaded &loaded)
{
    if (!loaded.error.isEmpty()) {
        m_status = tr("Cannot read the eval runs: %1").arg(loaded.error);
        emit failed(m_status);
        emit runsChanged();
        return;
    }
    const EvalsConfig &evals = *m_project.evals;
    m_status = tr("Eval set %1 · target %2%3 · %4")
                   .arg(evals.dataset, evals.target.url,
                        evals.target.url.contains(u"{url}"_s) ? tr(" ({url}: the chosen environment's URL)") : QString(),
                        evals.concurrency == 1 ? tr("one request at a time")
                                               : tr("at most %1 requests at once").arg(evals.concurrency));
    m_baseline = loaded.baseline;
    m_baselineResults = loaded.baselineResults;
    if (!m_baseline) {
        m_baselineText = tr("No baseline yet: run the set, check the cases, then bless a complete run as the "
                            "baseline of this deployment's prompt versions.");
    } else {
        const EvalRunRecord &run = loaded.baselineRun;
        QString deploymentName;
        if (m_document) {
            const QList<DeploymentRecord> &all = m_document->deployments()->deployments();
            for (const DeploymentRecord &d : all) {
                if (d.id == m_baseline->deploymentId)
                    deploymentName = DeploymentListModel::label(d);
            }
        }
        m_baselineText = tr("Baseline: run %1 of %2 (%3 of %4 cases, %5), blessed by %6 on %7")
                             .arg(m_baseline->runId)
                             .arg(deploymentName.isEmpty() ? tr("deployment %1").arg(m_baseline->deploymentId) : deploymentName)
                             .arg(run.casesPassed)
                             .arg(run.casesRun)
                             .arg(percent(run.score()), m_baseline->who,
                                  QLocale().toString(m_baseline->at.toLocalTime(), QLocale::ShortFormat));
        if (!m_baseline->note.isEmpty())
            m_baselineText += tr(": “%1”").arg(m_baseline->note.left(200));
        m_baselineText += loaded.baselineMatches
                              ? tr(". It is the baseline of this deployment's prompt versions.")
                              : tr(". This deployment's prompt versions have no baseline of their own yet "
                                   "(qa.baseline-recorded fails): bless a complete run of them.");
    }
    QList<EvalRunRecord> runs = loaded.runs;
    // A baseline blessed on another deployment is listed last, so its cases can be read here too.
    if (m_baseline && loaded.baselineRun.id != 0) {
        bool listed = false;
        for (const EvalRunRecord &r : runs)
            listed = listed || r.id == m_baseline->runId;
        if (!listed)
            runs.append(loaded.baselineRun);
    }
    // The store was read on another thread; while a run goes on, the counts the cases reported since
    // are newer than that read (a case can finish between the read and this answer).
    if (m_activeRunId != 0 && m_liveRun.id == m_activeRunId) {
        for (EvalRunRecord &r : runs) {
            if (r.id == m_activeRunId)
                r = m_liveRun;
        }
    }
    m_runs->setRuns(runs, m_baseline ? m_baseline->runId : 0, m_activeRunId);
    emit runsChanged();
    qint64 select = m_selectedRunId;
    if (m_runs->rowOf(select) < 0)
        select = runs.isEmpty() ? 0 : runs.first().id;
    selectRun(select);
}

void QualityController::selectRun(qint64 runId)
{
    m_selectedRunId = runId;
    if (runId == 0) {
        m_cases->setRows({}, false);
        emit casesChanged();
        return;
    }
    if (runId == m_activeRunId) {
        showCases(runId, m_liveResults);
        return;
    }
    if (!m_document)
        return;
    onWorker<CasesAnswer>(this, &m_storePool, m_document->databasePath(),
        [runId](Database &db) {
            CasesAnswer a;
            if (StoreError e = EvalRunRepository(db).caseResults(runId, &a.results); e.isError())
                a.error = e.message;
            return a;
        },
        [this, runId](const CasesAnswer &answer) {
            if (runId != m_selectedRunId)
                return;
            if (!answer.error.isEmpty()) {
                emit failed(tr("Cannot read the cases of eval run %1: %2").arg(runId).arg(answer.error));
                return;
            }
            showCases(runId, answer.results);
        });
}

void QualityController::showCases(qint64 runId, const QList<EvalCaseResult> &results)
{
    // The baseline compared with itself says nothing: it is shown on its own.
    const bool haveBaseline = m_baseline && m_baseline->runId != runId;
    m_cases->setRows(EvalRunComparison::compare(results, haveBaseline ? m_baselineResults : QList<EvalCaseResult> {},
                                                haveBaseline),
                     haveBaseline, m_baseline && m_baseline->runId == runId ? tr("this run") : tr("no baseline"));
    emit casesChanged();
}

void QualityController::startRun(const QString &environment)
{
    if (m_running)
        return;
    if (!hasEvals()) {
        emit failed(m_status);
        return;
    }
    if (!m_document || !m_document->hasDeployment()) {
        emit failed(tr("Record or select a deployment first: eval runs belong to a deployment."));
        return;
    }
    if (!environments().contains(environment)) {
        emit failed(tr("No environment `%1` in %2.").arg(environment, m_project.configPath));
        return;
    }
    const DeploymentRecord deployment = m_document->currentDeployment();
    EvalRunSession::Request request;
    request.deploymentId = deployment.id;
    request.environment = environment;
    request.context = ProbePlanner::contextFor(m_project, environment, deployment.version);
    request.evals = *m_project.evals;
    request.who = m_document->userName();
    // The worker posts to this object; the destructor waits for it, so `this` outlives every post.
    request.started = [this](const EvalRunRecord &run) {
        QMetaObject::invokeMethod(this, [this, run] { handleRunStarted(run); }, Qt::QueuedConnection);
    };
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_liveResults.clear();
    m_liveFailed = 0;
    setRunning(true);
    emit progressChanged(0, 0, 0);
    const QString dataset = m_project.evals->dataset;
    const QString baseDir = m_project.configDir;
    const QString path = m_document->databasePath();
    (void)QtConcurrent::run(&m_runPool, [this, request, dataset, baseDir, path, cancel = m_cancel]() mutable {
        const EvalDataset parsed = EvalDatasetParser::parseFile(dataset, baseDir);
        if (!parsed.ok()) {
            QStringList lines;
            for (const ConfigDiagnostic &d : parsed.errors.mid(0, 5))
                lines.append(d.toString());
            const QString error = lines.join(u'\n');
            QMetaObject::invokeMethod(this, [this, error] { handleRunEnded({}, error); }, Qt::QueuedConnection);
            return;
        }
        request.cases = parsed.cases;
        Database database;
        if (const StoreError e = database.open(path); e.isError()) {
            const QString error = e.message;
            QMetaObject::invokeMethod(this, [this, error] { handleRunEnded({}, error); }, Qt::QueuedConnection);
            return;
        }
        const auto progress = [this](const EvalCaseResult &result, int done, int total) {
            QMetaObject::invokeMethod(this, [this, result, done, total] { handleCaseFinished(result, done, total); },
                                      Qt::QueuedConnection);
        };
        const EvalRunSession::Outcome outcome
            = EvalRunSession::run(&database, request, [cancel] { return cancel->load(); }, progress);
        const EvalRunRecord run = outcome.run;
        const QString error = outcome.error.isError() ? outcome.error.message : QString();
        QMetaObject::invokeMethod(this, [this, run, error] { handleRunEnded(run, error); }, Qt::QueuedConnection);
    }); // the future is not needed: every answer is posted above
}

void QualityController::handleRunStarted(const EvalRunRecord &run)
{
    m_activeRunId = run.id;
    m_selectedRunId = run.id;
    m_liveRun = run;
    emit progressChanged(0, run.casesTotal, 0);
    reload(); // lists the new run (marked running) and selects it
}

void QualityController::handleCaseFinished(const EvalCaseResult &result, int done, int total)
{
    m_liveResults.append(result);
    if (!result.passed)
        ++m_liveFailed;
    emit progressChanged(done, total, m_liveFailed);
    ++m_liveRun.casesRun;
    m_liveRun.casesPassed += result.passed ? 1 : 0;
    m_runs->updateRun(m_liveRun);
    if (m_selectedRunId == m_activeRunId && m_activeRunId != 0)
        showCases(m_activeRunId, m_liveResults);
}

void QualityController::cancelRun()
{
    if (m_cancel)
        m_cancel->store(true);
}

void QualityController::handleRunEnded(const EvalRunRecord &run, const QString &error)
{
    m_activeRunId = 0;
    setRunning(false);
    if (run.id == 0) {
        emit failed(tr("The eval run did not start: %1").arg(error));
        return;
    }
    QString summary = tr("Eval run %1: %2 of %3 cases pass (%4) against %5")
                          .arg(run.id)
                          .arg(run.casesPassed)
                          .arg(run.casesRun)
                          .arg(percent(run.score()), run.environment);
    if (run.state != u"complete")
        summary += tr("; stopped early (%1): %2. The finished cases (%3) are stored.")
                       .arg(run.state, run.stopMessage)
                       .arg(run.casesRun);
    if (!error.isEmpty())
        summary += tr("; not all of it could be stored: %1").arg(error);
    m_selectedRunId = run.id;
    reload();
    emit runFinished(summary);
    emit evidenceChanged(evalItems());
}

void QualityController::bless(qint64 runId, const QString &note)
{
    if (!m_document || !m_document->hasDeployment() || note.trimmed().isEmpty())
        return;
    const qint64 projectId = m_document->currentDeployment().projectId;
    const QString who = m_document->userName();
    const QString why = note.trimmed();
    setBusy(true);
    onWorker<BlessAnswer>(this, &m_storePool, m_document->databasePath(),
        [runId, projectId, who, why](Database &db) {
            BlessAnswer a;
            if (StoreError e = EvalRunRepository(db).bless(runId, projectId, who, why, &a.blessing); e.isError())
                a.error = e.message;
            return a;
        },
        [this, runId](const BlessAnswer &answer) {
            setBusy(false);
            if (!answer.error.isEmpty()) {
                emit failed(tr("Cannot bless eval run %1: %2").arg(runId).arg(answer.error));
                return;
            }
            reload();
            emit blessed(tr("Eval run %1 is the baseline of its prompt versions, blessed by %2.").arg(runId).arg(answer.blessing.who));
            emit evidenceChanged(evalItems());
        });
}
