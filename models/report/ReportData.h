// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/Verdict.h"
#include "store/StoreRecords.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

/**
 * Everything `liftoff report` (and File ▸ Export Report…) puts in a report: the evaluated checklist
 * of one deployment, its audit trail, and what the charts are drawn from, all read from the store.
 */
struct ReportData
{
    QString projectName;
    DeploymentRecord deployment;
    QList<EvaluatedItem> items;
    QList<AuditEvent> audit;          ///< oldest first
    QList<ProbeRunRecord> latencyRuns; ///< h24.latency runs of the deployment, oldest first
    QJsonObject costEvidence;         ///< the newest cost item's evidence (daily spend, month to date)
    std::optional<double> monthlyBudgetUsd;
    QList<double> alertThresholds;    ///< percent of the budget
    QDateTime generatedAt;
};
