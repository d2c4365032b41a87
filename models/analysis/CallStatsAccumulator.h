// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/CallStatsReport.h"
#include "analysis/LatencyHistogram.h"
#include "analysis/StringIndex.h"
#include "sources/CallSink.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/**
 * Aggregates LLM calls from any number of sources into exact statistics (CallStatsReport).
 *
 * Memory does not grow with the number of calls: counters, latency histograms (see
 * LatencyHistogram: O(distinct latency values)), one entry per distinct model ID, per
 * (requested, answered) pair and per user. Costs are summed as integer nano-dollars, so the
 * total is exact to 1e-9 USD per call whatever the order or the thread split (doubles would
 * drift after a million additions). Each reader thread fills its own accumulator; merge()
 * combines them exactly.
 */
class CallStatsAccumulator final : public CallSink
{
public:
    CallStatsAccumulator() = default;

    /** Counts only calls starting in [fromMs, toMs); calls without a time always count. */
    void setWindow(std::optional<qint64> fromMs, std::optional<qint64> toMs);
    void addCall(const LlmCall &call) override;
    void merge(const CallStatsAccumulator &other);
    /** Adds malformed lines seen by a reader, with a few "where: why" samples for the report. */
    void addMalformed(qint64 count, const QStringList &samples);
    /** The date shown next to estimated costs. */
    void setPriceTableDate(const QString &date) { m_priceTableDate = date; }

    qint64 calls() const { return m_calls; }
    CallStatsReport report() const;

private:
    struct ModelStats
    {
        qint64 calls = 0;
        qint64 costNanoUsd = 0;
        qint64 uncosted = 0; ///< calls with tokens but no cost and no price
        LatencyHistogram latency;
    };

    int modelId(std::string_view name);
    void addDriftPair(int requested, int answered);

    std::optional<qint64> m_windowFrom;
    std::optional<qint64> m_windowTo;
    qint64 m_calls = 0;
    qint64 m_errors = 0;
    qint64 m_costNanoUsd = 0;
    qint64 m_estimatedCostCalls = 0;
    qint64 m_uncostedCalls = 0;        ///< tokens but no cost, and no price to compute one
    qint64 m_uncostedWithoutModel = 0; ///< of those, calls that name no model
    qint64 m_outsideWindow = 0;
    qint64 m_malformed = 0;
    QStringList m_malformedSamples;
    QString m_priceTableDate;
    std::optional<qint64> m_fromMs;
    std::optional<qint64> m_toMs;
    qint64 m_withModel = 0, m_withInput = 0, m_withOutput = 0, m_withLatency = 0, m_withCost = 0,
           m_withMaxTokens = 0, m_withTemperature = 0;
    LatencyHistogram m_latency;
    StringIndex m_modelNames;
    std::vector<ModelStats> m_models;  ///< by id in m_modelNames
    std::vector<quint64> m_driftPairs; ///< (requested id << 32) | answered id, few in practice
    StringIndex m_users;
    std::vector<qint64> m_userTokens;  ///< by id in m_users
};
