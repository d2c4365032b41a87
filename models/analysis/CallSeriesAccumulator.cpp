// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/CallSeriesAccumulator.h"

#include "analysis/LatencyHistogram.h"

#include <QDateTime>

#include <algorithm>
#include <limits>

namespace {
qint64 hourOf(qint64 ms)
{
    // Floor division: calls before 1970 are not expected, but must not land in the wrong hour.
    return ms >= 0 ? ms / CallSeriesAccumulator::HOUR_MS : -((-ms + CallSeriesAccumulator::HOUR_MS - 1) / CallSeriesAccumulator::HOUR_MS);
}

std::optional<qint64> nearestRank(std::vector<qint32> &values, int percent)
{
    if (values.empty())
        return std::nullopt;
    const quint64 rank = LatencyHistogram::nearestRank(values.size(), percent);
    const auto nth = values.begin() + std::ptrdiff_t(rank - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}
} // namespace

void CallSeriesAccumulator::setWindow(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_windowed = true;
}

void CallSeriesAccumulator::addCall(const LlmCall &call)
{
    if (!call.timeMs || (m_windowed && (*call.timeMs < m_fromMs || *call.timeMs >= m_toMs)))
        return;
    ++m_calls;
    const qint64 hour = hourOf(*call.timeMs);
    Hour &h = m_hours[hour];
    ++h.calls;
    h.errors += call.error ? 1 : 0;
    h.costNanoUsd += call.costNanoUsd.value_or(0);
    h.inputTokens += call.inputTokens.value_or(0);
    h.outputTokens += call.outputTokens.value_or(0);
    if (call.latencyMs)
        h.latencies.push_back(qint32(std::min<qint64>(*call.latencyMs, std::numeric_limits<qint32>::max())));
    const std::string_view model = call.model();
    const int id = m_modelNames.add(model.empty() ? std::string_view("(unknown)") : model);
    ModelHour &m = m_models[{hour, id}];
    ++m.calls;
    m.inputTokens += call.inputTokens.value_or(0);
    m.outputTokens += call.outputTokens.value_or(0);
    m.costNanoUsd += call.costNanoUsd.value_or(0);
}

QList<CallSeriesAccumulator::Bucket> CallSeriesAccumulator::buckets(qint64 fromMs, qint64 toMs, qint64 bucketMs) const
{
    QList<Bucket> out;
    const qint64 hoursPerBucket = std::max<qint64>(1, bucketMs / HOUR_MS);
    const qint64 firstHour = hourOf(fromMs);
    const qint64 endHour = hourOf(toMs - 1) + 1;
    for (qint64 start = firstHour; start < endHour; start += hoursPerBucket) {
        Bucket b;
        b.startMs = start * HOUR_MS;
        std::vector<qint32> latencies;
        for (auto it = m_hours.lower_bound(start); it != m_hours.end() && it->first < start + hoursPerBucket; ++it) {
            const Hour &h = it->second;
            b.calls += h.calls;
            b.errors += h.errors;
            b.costNanoUsd += h.costNanoUsd;
            b.inputTokens += h.inputTokens;
            b.outputTokens += h.outputTokens;
            latencies.insert(latencies.end(), h.latencies.begin(), h.latencies.end());
        }
        b.p50Ms = nearestRank(latencies, 50);
        b.p95Ms = nearestRank(latencies, 95);
        b.p99Ms = nearestRank(latencies, 99);
        out.append(b);
    }
    return out;
}

QList<CallSeriesAccumulator::ModelUsage> CallSeriesAccumulator::byModel(qint64 fromMs, qint64 toMs) const
{
    std::vector<ModelUsage> usage(std::size_t(m_modelNames.size()));
    const qint64 firstHour = hourOf(fromMs);
    const qint64 endHour = hourOf(toMs - 1) + 1;
    for (auto it = m_models.lower_bound({firstHour, 0}); it != m_models.end() && it->first.first < endHour; ++it) {
        ModelUsage &u = usage[std::size_t(it->first.second)];
        u.calls += it->second.calls;
        u.inputTokens += it->second.inputTokens;
        u.outputTokens += it->second.outputTokens;
        u.costNanoUsd += it->second.costNanoUsd;
    }
    QList<ModelUsage> out;
    for (int id = 0; id < m_modelNames.size(); ++id) {
        ModelUsage u = usage[std::size_t(id)];
        if (u.calls == 0)
            continue;
        u.model = QString::fromStdString(m_modelNames.text(id));
        out.append(u);
    }
    std::sort(out.begin(), out.end(), [](const ModelUsage &a, const ModelUsage &b) {
        return a.costNanoUsd != b.costNanoUsd ? a.costNanoUsd > b.costNanoUsd : a.model < b.model;
    });
    return out;
}

QMap<QDate, qint64> CallSeriesAccumulator::dailyCostNanoUsd() const
{
    QMap<QDate, qint64> days;
    for (const auto &[hour, h] : m_hours)
        days[QDateTime::fromMSecsSinceEpoch(hour * HOUR_MS, Qt::UTC).date()] += h.costNanoUsd;
    return days;
}
