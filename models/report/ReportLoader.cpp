// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportLoader.h"

#include "config/ProjectConfig.h"
#include "report/ReportDocument.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ReportLoader {

namespace {
constexpr int MAX_LATENCY_RUNS = 200;
}

StoreError load(Database &database, const ProjectConfig &project, const DeploymentRecord &deployment,
                const QList<EvaluatedItem> &items, ReportData *out)
{
    ChecklistRepository repository(database);
    out->projectName = project.name;
    out->deployment = deployment;
    out->items = items;
    out->generatedAt = QDateTime::currentDateTimeUtc();
    if (StoreError e = repository.audit(deployment.id, QString(), &out->audit, int(ReportDocument::MAX_AUDIT_EVENTS) + 1);
        e.isError())
        return e;
    QList<ProbeRunRecord> runs;
    if (StoreError e = repository.probeRuns(deployment.id, u"h24.latency"_s, MAX_LATENCY_RUNS, &runs); e.isError())
        return e;
    std::sort(runs.begin(), runs.end(),
              [](const ProbeRunRecord &a, const ProbeRunRecord &b) { return a.startedAt < b.startedAt; });
    out->latencyRuns = runs;
    // The newest cost reading of any cost item carries the month's daily spend.
    QDateTime newest;
    for (const EvaluatedItem &e : items) {
        if (!e.state.evidence.contains(u"daily"_s) || !e.state.evidence.contains(u"monthToDateUsd"_s))
            continue;
        if (!newest.isValid() || e.state.checkedAt > newest) {
            newest = e.state.checkedAt;
            out->costEvidence = e.state.evidence;
        }
    }
    if (project.budget) {
        out->monthlyBudgetUsd = project.budget->monthlyUsd;
        out->alertThresholds = project.budget->alertPercents;
    }
    return {};
}

} // namespace ReportLoader
