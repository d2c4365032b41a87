// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalProbe.h"

#include "evals/EvalRunComparison.h"

#include "config/ProjectConfig.h"
#include "evals/EvalDatasetParser.h"
#include "evals/EvalRunRepository.h"
#include "evals/EvalRunSession.h"
#include "probes/ConditionEvaluator.h"
#include "probes/MapPlaceholderResolver.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace EvalProbe {
namespace {
const QString DATASET_ITEM = u"qa.eval-dataset"_s;
const QString STRUCTURED_ITEM = u"qa.structured-output"_s;
const QString BASELINE_ITEM = u"qa.baseline-recorded"_s;
const QString REGRESSION_ITEM = u"w1.regression-prod"_s;
/** How many names a summary lists before "and N more". */
constexpr qsizetype MAX_NAMES = 8;
constexpr qsizetype MAX_EVIDENCE_ITEMS = 50;

ProbeResult make(const QString &itemId, Status status, const QString &summary)
{
    ProbeResult r;
    r.itemId = itemId;
    r.status = status;
    r.summary = summary;
    return r;
}

QString names(const QStringList &list)
{
    if (list.size() <= MAX_NAMES)
        return list.join(u", "_s);
    return list.first(MAX_NAMES).join(u", "_s) + u" and %1 more"_s.arg(list.size() - MAX_NAMES);
}

QString percent(double share)
{
    return QString::number(share * 100, 'f', 1) + u'%';
}

QJsonObject runJson(const EvalRunRecord &run)
{
    return {{u"id"_s, run.id},           {u"deployment_id"_s, run.deploymentId}, {u"environment"_s, run.environment},
            {u"state"_s, run.state},     {u"cases"_s, run.casesTotal},          {u"run"_s, run.casesRun},
            {u"passed"_s, run.casesPassed}, {u"score"_s, run.score()},
            {u"started_at"_s, run.startedAt.toString(Qt::ISODate)}};
}

QJsonObject blessingJson(const EvalBlessing &b, const EvalRunRecord &run)
{
    QJsonArray prompts;
    for (const DeploymentPromptRecord &p : run.prompts)
        prompts.append(QJsonObject {{u"prompt"_s, p.prompt}, {u"version"_s, p.version}});
    return {{u"run"_s, runJson(run)}, {u"by"_s, b.who}, {u"at"_s, b.at.toString(Qt::ISODate)},
            {u"note"_s, b.note}, {u"prompts"_s, prompts}};
}

QString shortVersion(const QString &version)
{
    return version.size() == 40 ? version.left(7) : version;
}

/** Prompts whose version differs between the baseline run and this deployment (or that are new). */
QStringList changedPrompts(const QString &currentKey, const QString &baselineKey)
{
    QHash<QString, QString> baseline;
    for (const QString &line : baselineKey.split(u'\n', Qt::SkipEmptyParts))
        baseline.insert(line.section(u'=', 0, 0), line.section(u'=', 1));
    QStringList changed;
    for (const QString &line : currentKey.split(u'\n', Qt::SkipEmptyParts)) {
        const QString prompt = line.section(u'=', 0, 0);
        const QString version = line.section(u'=', 1);
        if (!baseline.contains(prompt))
            changed.append(u"%1 (new)"_s.arg(prompt));
        else if (baseline.value(prompt) != version)
            changed.append(u"%1 (%2 → %3)"_s.arg(prompt, shortVersion(baseline.value(prompt)), shortVersion(version)));
    }
    return changed;
}

struct Store
{
    Database database;
    StoreError error;
    DeploymentRecord deployment;
};

/** Opens the store of the run and reads its deployment. */
std::unique_ptr<Store> openStore(const ProbeContext &context)
{
    auto store = std::make_unique<Store>();
    if (context.storePath.isEmpty() || context.deploymentId <= 0) {
        store->error = StoreError::make(StoreError::Kind::Io, u"this run has no store or deployment"_s);
        return store;
    }
    store->error = store->database.open(context.storePath);
    if (!store->error.isError())
        store->error = ChecklistRepository(store->database).deployment(context.deploymentId, &store->deployment);
    return store;
}

std::optional<std::pair<EvalBlessing, EvalRunRecord>> withRun(EvalRunRepository &runs, const EvalBlessing &b,
                                                               StoreError *error)
{
    EvalRunRecord run;
    bool found = false;
    *error = runs.run(b.runId, &run, &found);
    if (error->isError() || !found)
        return std::nullopt;
    return std::make_pair(b, run);
}

QString deploymentName(Database &database, qint64 id)
{
    DeploymentRecord d;
    if (ChecklistRepository(database).deployment(id, &d).isError())
        return u"deployment %1"_s.arg(id);
    return d.name;
}
} // namespace

ProbeResult datasetVerdict(const QString &itemId, const EvalDataset &dataset, int minCases)
{
    ProbeResult r;
    r.itemId = itemId;
    r.evidence.insert(u"dataset"_s, dataset.path);
    if (!dataset.ok()) {
        QJsonArray errors;
        for (const ConfigDiagnostic &d : dataset.errors)
            errors.append(d.toString());
        r.evidence.insert(u"errors"_s, errors);
        r.status = Status::Fail;
        r.summary = dataset.errors.size() == 1
                        ? dataset.errors.first().toString()
                        : u"%1 (and %2 more errors)"_s.arg(dataset.errors.first().toString()).arg(dataset.errors.size() - 1);
        return r;
    }
    const int cases = int(dataset.cases.size());
    r.evidence.insert(u"cases"_s, cases);
    r.evidence.insert(u"min_cases"_s, minCases);
    r.evidence.insert(u"schema_cases"_s, int(dataset.schemaCases().size()));
    r.status = cases >= minCases ? Status::Pass : Status::Fail;
    r.summary = cases >= minCases ? u"%1 cases in %2 (at least %3 needed)"_s.arg(cases).arg(dataset.path).arg(minCases)
                                  : u"only %1 cases in %2; at least %3 are needed"_s.arg(cases).arg(dataset.path).arg(minCases);
    return r;
}

ProbeResult structuredVerdict(const QString &itemId, const QList<EvalCaseResult> &results, const QString &source)
{
    ProbeResult r;
    r.itemId = itemId;
    r.evidence.insert(u"source"_s, source);
    QStringList failing;
    QJsonArray details;
    int checked = 0;
    for (const EvalCaseResult &c : results) {
        for (const EvalAssertionOutcome &a : c.assertions) {
            if (a.kind != u"json_schema")
                continue;
            ++checked;
            if (!a.ok) {
                failing.append(c.caseId);
                if (details.size() < MAX_EVIDENCE_ITEMS)
                    details.append(QJsonObject {{u"case"_s, c.caseId}, {u"detail"_s, a.detail}});
            }
        }
    }
    r.evidence.insert(u"schema_cases"_s, checked);
    r.evidence.insert(u"failing"_s, details);
    if (checked == 0) {
        r.status = Status::Warn;
        r.summary = u"no eval case has a json_schema assertion; add one for each structured answer"_s;
    } else if (failing.isEmpty()) {
        r.status = Status::Pass;
        r.summary = u"all %1 json_schema cases return valid output (%2)"_s.arg(checked).arg(source);
    } else {
        r.status = Status::Fail;
        r.summary = u"%1 of %2 json_schema cases return invalid output: %3"_s.arg(failing.size()).arg(checked)
                        .arg(names(failing));
        const QString first = details.first()[u"detail"_s].toString();
        if (!first.isEmpty())
            r.summary += u" (%1: %2)"_s.arg(failing.first(), first.left(160));
    }
    return r;
}

ProbeResult baselineVerdict(const QString &itemId, const QString &promptKey,
                            const std::optional<std::pair<EvalBlessing, EvalRunRecord>> &blessing,
                            const std::optional<std::pair<EvalBlessing, EvalRunRecord>> &latest)
{
    ProbeResult r;
    r.itemId = itemId;
    r.evidence.insert(u"prompt_versions"_s, promptKey.startsWith(u"deployment:"_s) ? QString() : promptKey);
    if (blessing) {
        const auto &[b, run] = *blessing;
        r.evidence.insert(u"baseline"_s, blessingJson(b, run));
        r.status = Status::Pass;
        r.summary = u"eval run %1 (%2 of %3 cases pass, %4) is the baseline of these prompt versions, blessed by %5 "
                    u"on %6: %7"_s.arg(run.id).arg(run.casesPassed).arg(run.casesRun).arg(percent(run.score()))
                        .arg(b.who, b.at.toString(u"yyyy-MM-dd"_s), b.note);
        return r;
    }
    r.status = Status::Fail;
    if (latest) {
        const auto &[b, run] = *latest;
        r.evidence.insert(u"latest_baseline"_s, blessingJson(b, run));
        const QStringList changed = changedPrompts(promptKey, b.promptKey);
        r.evidence.insert(u"changed"_s, QJsonArray::fromStringList(changed));
        r.summary = changed.isEmpty()
                        ? u"no blessed eval run for this deployment's prompt versions (the newest baseline is run %1); "
                          u"run `liftoff eval run`, then `liftoff eval bless RUN --note WHY`"_s.arg(run.id)
                        : u"prompts changed since the blessed baseline (eval run %1): %2; run `liftoff eval run`, then "
                          u"`liftoff eval bless RUN --note WHY`"_s.arg(run.id).arg(names(changed));
        return r;
    }
    r.summary = u"no eval run has been blessed yet: run `liftoff eval run`, then `liftoff eval bless RUN --note WHY`"_s;
    return r;
}

QStringList regressions(const QList<EvalCaseResult> &baseline, const QList<EvalCaseResult> &current)
{
    // One rule for the probe and the Eval Runs tab: the comparison's Regressed rows, in baseline order.
    QSet<QString> regressed;
    for (const EvalRunComparison::Row &row : EvalRunComparison::compare(current, baseline, true)) {
        if (row.change == EvalRunComparison::Change::Regressed)
            regressed.insert(row.caseId);
    }
    QStringList out;
    for (const EvalCaseResult &c : baseline) {
        if (regressed.remove(c.caseId))
            out.append(c.caseId);
    }
    return out;
}

ProbeResult regressionVerdict(const QString &itemId, const EvalRunRecord &current,
                              const QList<EvalCaseResult> &currentResults, const EvalRunRecord &baseline,
                              const QList<EvalCaseResult> &baselineResults, double tolerance)
{
    ProbeResult r;
    r.itemId = itemId;
    const QStringList regressed = regressions(baselineResults, currentResults);
    r.evidence.insert(u"run"_s, runJson(current));
    r.evidence.insert(u"baseline"_s, runJson(baseline));
    r.evidence.insert(u"tolerance"_s, tolerance);
    r.evidence.insert(u"regressions"_s, QJsonArray::fromStringList(regressed.mid(0, MAX_EVIDENCE_ITEMS)));
    if (!current.isComplete()) {
        r.status = Status::Error;
        r.summary = u"the eval run %1 stopped early (%2): %3"_s.arg(current.id).arg(current.state, current.stopMessage);
        return r;
    }
    const double drop = baseline.score() - current.score();
    const QString figures = u"score %1 against the baseline's %2 (run %3, tolerance %4)"_s.arg(
        percent(current.score()), percent(baseline.score())).arg(baseline.id).arg(percent(tolerance));
    // A tiny epsilon: 0.9 - 0.88 must not read as more than 0.02.
    if (drop > tolerance + 1e-9) {
        r.status = Status::Fail;
        r.summary = u"%1 dropped more than the tolerance: %2"_s.arg(figures, regressed.isEmpty()
                                                                     ? u"no single case regressed"_s
                                                                     : u"regressed: "_s + names(regressed));
    } else if (!regressed.isEmpty()) {
        r.status = Status::Warn;
        r.summary = u"%1, within the tolerance; regressed: %2"_s.arg(figures, names(regressed));
    } else {
        r.status = Status::Pass;
        r.summary = figures + u", no case regressed"_s;
    }
    return r;
}

void applyConditions(ProbeResult &result, const QStringList &conditions, const QVariantMap &values)
{
    for (auto it = values.begin(); it != values.end(); ++it)
        result.evidence.insert(it.key().toLower(), QJsonValue::fromVariant(it.value()));
    if (conditions.isEmpty())
        return;
    const MapPlaceholderResolver resolver(values);
    bool all = true;
    for (const ConditionOutcome &o : ConditionEvaluator::evaluateAll(conditions, resolver)) {
        result.conditions.append(o.toJson());
        all = all && o.ok;
    }
    if (result.status == Status::Pass || result.status == Status::Warn || result.status == Status::Fail)
        result.status = all ? (result.status == Status::Warn ? Status::Warn : Status::Pass) : Status::Fail;
}

ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared)
{
    const QString &itemId = request.itemId;
    if (!context.project || !context.project->evals)
        return make(itemId, Status::NotReported, u"no `evals:` in liftoff.yaml: add a dataset and a target"_s);
    const EvalsConfig &evals = *context.project->evals;
    const EvalDataset dataset = EvalDatasetParser::parseFile(evals.dataset, context.projectDir);
    if (itemId == DATASET_ITEM) {
        ProbeResult r = datasetVerdict(itemId, dataset, evals.minCases);
        applyConditions(r, request.conditions, {{u"CASES"_s, int(dataset.cases.size())}});
        return r;
    }
    // qa.baseline-recorded reads only the store: a broken set does not hide a stored blessing.
    if (!dataset.ok() && itemId != BASELINE_ITEM)
        return make(itemId, Status::Error, u"the eval set does not load: "_s + dataset.errors.first().toString());

    const std::unique_ptr<Store> store = openStore(context);
    const auto cancelled = [&shared] { return shared.cancel.load(); };
    const auto progress = [&shared](const EvalCaseResult &, int done, int total) {
        shared.total = total;
        shared.done = done;
    };
    if (store->error.isError() && itemId != STRUCTURED_ITEM)
        return make(itemId, Status::Error, u"the store cannot be read: "_s + store->error.message);
    EvalRunRepository runs(store->database);

    if (itemId == STRUCTURED_ITEM) {
        // The newest complete run of this deployment, else a spot run of the schema cases (not stored).
        if (!store->error.isError()) {
            QList<EvalRunRecord> list;
            if (StoreError e = runs.runs(context.deploymentId, &list); e.isError())
                return make(itemId, Status::Error, e.message);
            for (const EvalRunRecord &run : list) {
                if (!run.isComplete())
                    continue;
                QList<EvalCaseResult> results;
                if (StoreError e = runs.caseResults(run.id, &results); e.isError())
                    return make(itemId, Status::Error, e.message);
                ProbeResult r = structuredVerdict(itemId, results, u"eval run %1"_s.arg(run.id));
                applyConditions(r, request.conditions, {{u"CASES"_s, run.casesTotal}, {u"SCORE"_s, run.score()}});
                return r;
            }
        }
        const QList<EvalCase> schemaCases = dataset.schemaCases();
        if (schemaCases.isEmpty())
            return structuredVerdict(itemId, {}, dataset.path);
        EvalRunSession::Request spot {context.deploymentId, context.environment, context, evals, schemaCases, {}, {}};
        const EvalRunSession::Outcome outcome = EvalRunSession::run(nullptr, spot, cancelled, progress);
        if (outcome.run.state != u"complete")
            return make(itemId, Status::Error, u"the json_schema cases did not all run (%1): %2"_s.arg(
                                                   outcome.run.state, outcome.run.stopMessage));
        ProbeResult r = structuredVerdict(itemId, outcome.results, u"a run of the json_schema cases now"_s);
        applyConditions(r, request.conditions, {{u"CASES"_s, int(schemaCases.size())}, {u"SCORE"_s, outcome.run.score()}});
        return r;
    }

    QList<DeploymentPromptRecord> prompts;
    if (StoreError e = PromptVersionRepository(store->database).versions(context.deploymentId, &prompts); e.isError())
        return make(itemId, Status::Error, e.message);
    const QString key = EvalRunRepository::promptKey(prompts, context.deploymentId);
    EvalBlessing blessing;
    bool found = false;
    if (StoreError e = runs.blessingFor(store->deployment.projectId, key, &blessing, &found); e.isError())
        return make(itemId, Status::Error, e.message);
    StoreError error;
    std::optional<std::pair<EvalBlessing, EvalRunRecord>> matching;
    if (found)
        matching = withRun(runs, blessing, &error);
    if (error.isError())
        return make(itemId, Status::Error, error.message);

    if (itemId == BASELINE_ITEM) {
        std::optional<std::pair<EvalBlessing, EvalRunRecord>> latest;
        if (!matching) {
            EvalBlessing newest;
            bool any = false;
            if (StoreError e = runs.latestBlessing(store->deployment.projectId, &newest, &any); e.isError())
                return make(itemId, Status::Error, e.message);
            if (any)
                latest = withRun(runs, newest, &error);
        }
        ProbeResult r = baselineVerdict(itemId, key, matching, latest);
        if (matching) {
            r.evidence[u"baseline"_s] = [&] {
                QJsonObject o = r.evidence.value(u"baseline"_s).toObject();
                o.insert(u"deployment"_s, deploymentName(store->database, matching->second.deploymentId));
                return o;
            }();
        }
        QVariantMap values {{u"CASES"_s, matching ? matching->second.casesTotal : 0}};
        values.insert(u"BASELINE_SCORE"_s, matching ? QVariant(matching->second.score()) : QVariant());
        applyConditions(r, request.conditions, values);
        return r;
    }

    if (itemId == REGRESSION_ITEM) {
        if (!store->deployment.isReleased())
            return make(itemId, Status::NotReported,
                        u"runs after release: mark the deployment released (liftoff deploy release NAME)"_s);
        if (!matching)
            return make(itemId, Status::NotReported,
                        u"no blessed baseline for this deployment's prompt versions: bless a run first "
                        u"(liftoff eval run, liftoff eval bless RUN)"_s);
        EvalRunSession::Request full {context.deploymentId, context.environment, context, evals, dataset.cases,
                                      u"liftoff check (%1)"_s.arg(itemId), {}};
        const EvalRunSession::Outcome outcome = EvalRunSession::run(&store->database, full, cancelled, progress);
        if (outcome.error.isError())
            return make(itemId, Status::Error, outcome.error.message);
        QList<EvalCaseResult> baselineResults;
        if (StoreError e = runs.caseResults(matching->second.id, &baselineResults); e.isError())
            return make(itemId, Status::Error, e.message);
        ProbeResult r = regressionVerdict(itemId, outcome.run, outcome.results, matching->second, baselineResults,
                                          evals.tolerance);
        const QStringList regressed = regressions(baselineResults, outcome.results);
        applyConditions(r, request.conditions,
                        {{u"CASES"_s, outcome.run.casesTotal}, {u"SCORE"_s, outcome.run.score()},
                         {u"BASELINE_SCORE"_s, matching->second.score()}, {u"REGRESSIONS"_s, int(regressed.size())}});
        return r;
    }
    return make(itemId, Status::NotReported, u"the eval probe has no check for %1"_s.arg(itemId));
}

} // namespace EvalProbe
