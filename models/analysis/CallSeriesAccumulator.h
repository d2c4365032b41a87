// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/StringIndex.h"
#include "sources/CallSink.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

#include <map>
#include <optional>
#include <utility>
#include <vector>

/**
 * Aggregates LLM calls into hourly buckets (UTC) for charts: calls, errors, cost, tokens and the
 * latencies of each hour, plus tokens and cost per model and hour. Wider buckets (a day) and
 * their exact nearest-rank percentiles are computed from the hours on demand. Memory is O(hours
 * × models) plus 4 bytes per call for the latencies (a month of a busy app stays in megabytes).
 */
class CallSeriesAccumulator final : public CallSink
{
public:
    /** One time bucket of the series. */
    struct Bucket
    {
        qint64 startMs = 0;
        qint64 calls = 0;
        qint64 errors = 0;
        qint64 costNanoUsd = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        std::optional<qint64> p50Ms;
        std::optional<qint64> p95Ms;
        std::optional<qint64> p99Ms;

        double errorRate() const { return calls > 0 ? double(errors) / double(calls) : 0.0; }
    };
    /** Tokens and cost of one model over a range. */
    struct ModelUsage
    {
        QString model;
        qint64 calls = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        qint64 costNanoUsd = 0;
    };

    static constexpr qint64 HOUR_MS = 60 * 60 * 1000;

    /** Keeps only calls starting in [fromMs, toMs); calls without a time are skipped. */
    void setWindow(qint64 fromMs, qint64 toMs);
    void addCall(const LlmCall &call) override;

    qint64 calls() const { return m_calls; }
    /**
     * Buckets of @p bucketMs (a whole number of hours) covering [fromMs, toMs), every bucket
     * present (empty ones with zero calls and no percentiles), starting at fromMs rounded down to
     * the hour.
     */
    QList<Bucket> buckets(qint64 fromMs, qint64 toMs, qint64 bucketMs) const;
    /** Usage per model over [fromMs, toMs), most expensive first. */
    QList<ModelUsage> byModel(qint64 fromMs, qint64 toMs) const;
    /** Cost per UTC day, nano-dollars. */
    QMap<QDate, qint64> dailyCostNanoUsd() const;

private:
    struct Hour
    {
        qint64 calls = 0;
        qint64 errors = 0;
        qint64 costNanoUsd = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        std::vector<qint32> latencies;
    };
    struct ModelHour
    {
        qint64 calls = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        qint64 costNanoUsd = 0;
    };

    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    bool m_windowed = false;
    qint64 m_calls = 0;
    std::map<qint64, Hour> m_hours;                        ///< by hour index since the epoch
    std::map<std::pair<qint64, int>, ModelHour> m_models;  ///< by (hour index, model id)
    StringIndex m_modelNames;
};
