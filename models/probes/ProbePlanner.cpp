// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbePlanner.h"

#include "probes/CallSiteEvidence.h"
#include "probes/RedteamProbe.h"

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 DEFAULT_DEADLINE_MS = 30000;
/** Extra time the engine grants beyond a probe's own timeout before it calls the run dead. */
constexpr qint64 DEADLINE_MARGIN_MS = 5000;
/** The defaults of BurstProbe and CommandProbe, which their runs' deadlines must cover. */
constexpr qint64 BURST_REQUEST_TIMEOUT_MS = 10000;
constexpr qint64 COMMAND_TIMEOUT_MS = 30000;

/** The kinds that read the repository and the project file, on a worker. */
bool isRepositoryKind(const QString &kind)
{
    return kind == u"secrets" || kind == u"models" || kind == u"git" || kind == u"migrations" || kind == u"mcp";
}
/** A whole-history scan of a large repository takes minutes, not the default 30 s. */
constexpr qint64 REPOSITORY_DEADLINE_MS = 10 * 60 * 1000;
/** A whole eval set at four requests in flight, each up to its own timeout. */
constexpr qint64 EVAL_DEADLINE_MS = 30 * 60 * 1000;

std::optional<ProbeSpec> defaultSpec(const ProjectConfig &project, const ChecklistItem &item)
{
    ProbeSpec spec;
    spec.kind = item.binding.probeKind;
    // Call-based items need nothing but the project's call sources (and their default conditions).
    if (spec.kind == u"calls" && !project.sources.calls.isEmpty())
        return spec;
    // api.max-tokens and api.temperature also have a code half: the repository's call sites decide alone.
    if (spec.kind == u"calls" && CallSiteEvidence::appliesTo(item.id) && !project.repoPath.isEmpty())
        return spec;
    // Cost items (cost.spend-limit, h24.cost-in-range, w1.cost-projection) read sources.cost and budget.
    if (spec.kind == u"cost" && project.sources.cost)
        return spec;
    // The red-team items need nothing but the project's `redteam` section (target, canary).
    if (spec.kind == u"redteam" && project.redteam)
        return spec;
    // The log scan reads sources.calls and the check's `paths`; with neither it says what to add.
    if (spec.kind == u"pii")
        return spec;
    if (item.id == u"infra.health") {
        spec.params.insert(u"url"_s, u"{url}/health"_s);
        return spec;
    }
    if (item.id == u"infra.hosting") {
        spec.params.insert(u"url"_s, u"{url}/"_s);
        return spec;
    }
    if (item.id == u"mon.uptime") {
        // Reads the samples of the app's UptimeMonitor, which polls the health endpoint.
        spec.params.insert(u"url"_s, u"{url}/health"_s);
        return spec;
    }
    if (item.id == u"mon.error-alerting" || item.id == u"cost.budget-alerts")
        return spec; // every channel under `notify` (the budget's own for budget alerts)
    if (item.id == u"rb.one-command" || item.id == u"rb.feature-flags")
        return spec; // rollback / flags: everything comes from liftoff.yaml's `rollback` and `flags`
    if (isRepositoryKind(spec.kind))
        return spec; // the repository and liftoff.yaml say everything these kinds need
    if (spec.kind == u"eval" && project.evals)
        return spec; // `evals:` says the dataset, the target and the tolerance
    if (item.id == u"infra.https") {
        spec.params.insert(u"url"_s, u"{url}"_s);
        return spec;
    }
    return std::nullopt;
}
} // namespace

ProbeContext ProbePlanner::contextFor(const ProjectConfig &project, const QString &environment, const QString &version)
{
    ProbeContext context;
    const EnvironmentConfig *env = project.environment(environment);
    if (!env)
        env = project.defaultEnvironment();
    if (env) {
        context.environment = env->name;
        context.baseUrl = env->url;
        context.headers = env->headers;
    }
    context.version = version;
    context.projectDir = project.configDir;
    context.repoPath = project.repoPath;
    context.project = std::make_shared<const ProjectConfig>(project);
    return context;
}

std::optional<ProbeRequest> ProbePlanner::requestFor(const ProjectConfig &project, const ChecklistItem &item,
                                                     QString *reason)
{
    const auto check = project.checks.constFind(item.id);
    ProbeRequest request;
    request.itemId = item.id;
    if (check != project.checks.constEnd()) {
        if (check->notApplicable) {
            *reason = u"marked n/a in liftoff.yaml"_s;
            return std::nullopt;
        }
        request.conditions = check->conditions;
        if (check->probe)
            request.spec = *check->probe;
    }
    if (request.spec.kind.isEmpty()) {
        const std::optional<ProbeSpec> spec = defaultSpec(project, item);
        if (!spec) {
            if (item.binding.kind != BindingKind::Probe) {
                *reason = u"manual item"_s;
                return std::nullopt;
            }
            *reason = u"no `%1` check configured for %2 in liftoff.yaml"_s.arg(item.binding.probeKind, item.id);
            request.spec.kind = item.binding.probeKind;
            return std::nullopt;
        }
        request.spec = *spec;
    }
    const qint64 timeout = request.spec.params.value(u"timeout"_s, 0).toLongLong();
    request.deadlineMs = timeout > 0 ? timeout + DEADLINE_MARGIN_MS : DEFAULT_DEADLINE_MS;
    if (request.spec.kind == u"burst") {
        // The whole window, plus the last request's own timeout.
        const qint64 within = request.spec.params.value(u"within"_s, 10000).toLongLong();
        request.deadlineMs = within + (timeout > 0 ? timeout : BURST_REQUEST_TIMEOUT_MS) + DEADLINE_MARGIN_MS;
    } else if (request.spec.kind == u"rollback" && project.rollback) {
        request.deadlineMs = project.rollback->timeoutMs + DEADLINE_MARGIN_MS;
    } else if (request.spec.kind == u"redteam") {
        request.deadlineMs = RedteamProbe::deadlineFor(project, request.spec.params);
    } else if (request.spec.kind == u"command" && timeout <= 0) {
        request.deadlineMs = COMMAND_TIMEOUT_MS + DEADLINE_MARGIN_MS;
    }
    if (isRepositoryKind(request.spec.kind) && timeout <= 0)
        request.deadlineMs = REPOSITORY_DEADLINE_MS;
    // Streaming a month of call log with content is disk-bound like a repository scan.
    if (request.spec.kind == u"pii" && timeout <= 0)
        request.deadlineMs = REPOSITORY_DEADLINE_MS;
    if (request.spec.kind == u"eval" && timeout <= 0)
        request.deadlineMs = EVAL_DEADLINE_MS;
    request.retries = request.spec.params.value(u"retries"_s, 0).toInt();
    return request;
}

ProbePlanner::Plan ProbePlanner::plan(const ProjectConfig &project, const ChecklistTemplate &checklist,
                                      const QStringList &ids, const QSet<QString> &runnableKinds)
{
    Plan plan;
    for (const ChecklistItem &item : checklist.items()) {
        if (!ids.isEmpty() && !ids.contains(item.id))
            continue;
        QString reason;
        const std::optional<ProbeRequest> request = requestFor(project, item, &reason);
        const auto check = project.checks.constFind(item.id);
        const QString kind = check != project.checks.constEnd() && check->probe ? check->probe->kind
                                                                                : item.binding.probeKind;
        if (!request && item.binding.kind == BindingKind::Probe && !kind.isEmpty() && !runnableKinds.contains(kind)
            && reason != u"marked n/a in liftoff.yaml") {
            // Say what matters first: even a configured check could not run in this build.
            plan.skipped.append({item.id, u"no runner for probe kind %1 in this build"_s.arg(kind)});
            continue;
        }
        if (!request) {
            if (reason != u"manual item" && reason != u"marked n/a in liftoff.yaml")
                plan.skipped.append({item.id, reason});
            continue;
        }
        if (!runnableKinds.contains(request->spec.kind)) {
            plan.skipped.append({item.id, u"no runner for probe kind %1 in this build"_s.arg(request->spec.kind)});
            continue;
        }
        plan.requests.append(*request);
    }
    return plan;
}
