// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/BudgetConfig.h"
#include "probes/ProbeResult.h"
#include "sources/CostSnapshot.h"

#include <QStringList>
#include <QVariantMap>

#include <optional>

/**
 * Decides the cost items from a CostSnapshot (spec/checklist.md): cost.spend-limit,
 * h24.cost-in-range and w1.cost-projection. Pure: tested without a network or a store.
 *
 * Placeholders (USD as numbers): [SPEND_MTD_USD], [BUDGET_USED_PCT] (needs budget.monthly_usd),
 * [PROJECTED_MONTH_USD], [SPEND_WINDOW_USD] (needs per-day history), [HARD_LIMIT_USD] (when the
 * provider reports one), and for w1.cost-projection [WEEK_ACTUAL_USD], [WEEK_EXPECTED_USD] and
 * [WEEK_DEVIATION] (|actual - expected| / expected).
 *
 * Default conditions: spend-limit `[HARD_LIMIT_USD] > 0`; cost-in-range the window's spend within
 * budget.expected_daily_usd × the window's days and `[PROJECTED_MONTH_USD] <= monthly_usd`;
 * cost-projection `[WEEK_DEVIATION] <= tolerance` (default 0.2).
 */
namespace CostEvaluation {

constexpr double DEFAULT_TOLERANCE = 0.2;
constexpr int WEEK_DAYS = 7;

struct Input
{
    QString itemId;
    CostSnapshot snapshot;
    QDateTime now;
    std::optional<BudgetConfig> budget;
    qint64 windowMs = 24LL * 60 * 60 * 1000;
    double tolerance = DEFAULT_TOLERANCE;
    /** The projection recorded at release time (w1.cost-projection). */
    std::optional<QDateTime> releaseProjectionAt;
    std::optional<qint64> releaseProjectionNanoUsd;
    /** Notes from the store and the alert ladder, shown as evidence. */
    QStringList notes;
};

/** The week after a projection made at `madeAt`: its 7 full UTC days. */
std::pair<QDate, QDate> weekAfter(const QDateTime &madeAt);
/** The month-end projection of the input (CostProjection::projectMonth over its snapshot). */
qint64 projectedNanoUsd(const Input &input);
/** The placeholder values of a run. */
QVariantMap placeholders(const Input &input);
/** The default conditions of an item for this input (empty when the item needs none). */
QStringList defaultConditions(const Input &input);
/** Status, summary, condition outcomes and evidence. */
ProbeResult evaluate(const Input &input, const QStringList &conditions);

} // namespace CostEvaluation
