// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/CallStatsReport.h"
#include "probes/ProbeResult.h"
#include "sources/CallSourceInput.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

class PriceTable;

/**
 * The calls probe's two pure halves: observe() reads the fetched call sources into statistics
 * (CPU work, run on a worker thread), evaluate() decides an item from them with the configured
 * conditions or the item's default ones (checklist.md "passes when"). Tested without a network.
 */
namespace CallsEvaluation {

constexpr qint64 DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
constexpr double DEFAULT_MAX_ERROR_RATE = 0.01;
constexpr double DEFAULT_MIN_COVERAGE = 0.99;
constexpr int MAX_MALFORMED_LINES = 5;

/** What reading one source gave. */
struct SourceSummary
{
    QString label;
    QString format;
    qint64 records = 0;
    qint64 calls = 0;
    qint64 malformed = 0;
    QList<qint64> malformedLines; ///< the first MAX_MALFORMED_LINES
    QString error;                ///< the source could not be read
};

/** Everything the sources said about one window. */
struct Observation
{
    CallStatsReport report;
    QList<SourceSummary> sources;
    std::optional<qint64> newestCallMs; ///< newest call start over the whole log, also outside the window
    qint64 windowMs = DEFAULT_WINDOW_MS;
    qint64 fromMs = 0;
    qint64 toMs = 0;

    /** The first source that could not be read, or nullptr. */
    const SourceSummary *failedSource() const;
};

/** Reads every input, counting calls that start in [toMs - windowMs, toMs). */
Observation observe(const QList<CallSourceInput> &inputs, qint64 windowMs, qint64 toMs, const PriceTable *prices);
/** The placeholder values ([CALLS], [P95_MS], [FIELD_COVERAGE].cost, ...) of an observation. */
QVariantMap placeholders(const CallStatsReport &report);
/**
 * The default conditions of an item (empty with @p reason when the item cannot be decided without
 * more configuration, e.g. cost.token-budget without token_budget).
 */
QStringList defaultConditions(const QString &itemId, const QVariantMap &params, QString *reason);
/** The item's result: not-reported without calls or readable sources, else pass or fail by the conditions. */
ProbeResult evaluate(const QString &itemId, const Observation &observation, const QStringList &conditions,
                     const QVariantMap &params);
/** "24 h", "7 d", "90 min". */
QString windowText(qint64 windowMs);

} // namespace CallsEvaluation
