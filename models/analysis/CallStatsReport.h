// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * The aggregate statistics of a set of LLM calls, as `liftoff calls stats` prints them and
 * the calls probe reads its placeholders ([CALLS], [ERROR_RATE], [P95_MS], [COST_USD],
 * [MAX_USER_TOKENS], [FIELD_COVERAGE].x) from. A plain value built by CallStatsAccumulator.
 */
struct CallStatsReport
{
    struct ModelRow
    {
        QString model;
        qint64 calls = 0;
        qint64 costNanoUsd = 0;
        std::optional<qint64> p95Ms;
    };
    /** A requested model ID that was answered by another ID (or by several). */
    struct DriftRow
    {
        QString requested;
        QStringList answered;
    };
    /** A model whose calls carry tokens but no cost, and which no price table knows. */
    struct UncostedModel
    {
        QString model; ///< "(no model)" for calls that name none
        qint64 calls = 0;
    };
    struct UserTokens
    {
        QString user;
        qint64 tokens = 0;
    };
    /** Share of calls (0..1) that carry each field. Estimated costs do not count as present. */
    struct Coverage
    {
        double model = 0;
        double inputTokens = 0;
        double outputTokens = 0;
        double latency = 0;
        double cost = 0;
        double maxTokens = 0;
        double temperature = 0;
    };

    qint64 calls = 0;
    qint64 errors = 0;
    qint64 costNanoUsd = 0;         ///< logged plus estimated cost, 1e-9 USD
    qint64 estimatedCostCalls = 0;  ///< calls whose cost came from the price table
    QString priceTableDate;         ///< date of that table, when estimatedCostCalls > 0
    qint64 uncostedCalls = 0;       ///< calls with tokens but no cost and no price: missing from costNanoUsd
    QList<UncostedModel> uncostedModels; ///< their models, most calls first
    std::optional<qint64> p50Ms;
    std::optional<qint64> p95Ms;
    std::optional<qint64> p99Ms;
    qint64 malformedLines = 0;
    QStringList malformedSamples;   ///< "FILE: line N: reason" for the first few
    qint64 outsideWindow = 0;       ///< calls skipped by the time window
    std::optional<qint64> fromMs;   ///< earliest call start
    std::optional<qint64> toMs;     ///< latest call end (start + latency)
    Coverage coverage;
    QList<ModelRow> byModel;        ///< by calls, most first
    QList<DriftRow> drift;          ///< by requested ID
    QList<UserTokens> topUsers;     ///< input + output tokens per user, most first (at most 10)

    double errorRate() const { return calls > 0 ? double(errors) / double(calls) : 0.0; }
    /** Total cost in USD, rounded to whole micro-dollars. */
    double costUsd() const;
    /** The largest per-user token total ([MAX_USER_TOKENS]); 0 without users. */
    qint64 maxUserTokens() const { return topUsers.isEmpty() ? 0 : topUsers.first().tokens; }

    /**
     * The JSON object of spec/cli.md "calls stats --format json", keys in that order, one line,
     * then `uncostedCalls` and `uncostedModels` ([{model, calls}]).
     */
    QByteArray toJson() const;
    /** "warning: N calls of models X, Y have no price; …"; empty when every call with tokens has a cost. */
    QString uncostedWarning() const;
    /** A short report for a terminal, with a warning line when calls could not be priced. */
    QString toText() const;
};
