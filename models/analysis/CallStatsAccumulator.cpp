// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/CallStatsAccumulator.h"

#include <algorithm>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace {
constexpr int LINEAR_MODEL_LOOKUP = 8; // a log rarely has more models; a scan beats hashing
constexpr qsizetype TOP_USERS = 10;
constexpr qsizetype MAX_MALFORMED_SAMPLES = 10;
} // namespace

void CallStatsAccumulator::setWindow(std::optional<qint64> fromMs, std::optional<qint64> toMs)
{
    m_windowFrom = fromMs;
    m_windowTo = toMs;
}

int CallStatsAccumulator::modelId(std::string_view name)
{
    const int linear = std::min<int>(LINEAR_MODEL_LOOKUP, m_modelNames.size());
    for (int i = 0; i < linear; ++i) {
        if (m_modelNames.text(i) == name)
            return i;
    }
    const int id = m_modelNames.add(name);
    if (std::size_t(id) >= m_models.size())
        m_models.resize(std::size_t(id) + 1);
    return id;
}

void CallStatsAccumulator::addDriftPair(int requested, int answered)
{
    const quint64 key = (quint64(quint32(requested)) << 32) | quint32(answered);
    if (std::find(m_driftPairs.begin(), m_driftPairs.end(), key) == m_driftPairs.end())
        m_driftPairs.push_back(key);
}

void CallStatsAccumulator::addCall(const LlmCall &call)
{
    if (call.timeMs && ((m_windowFrom && *call.timeMs < *m_windowFrom) || (m_windowTo && *call.timeMs >= *m_windowTo))) {
        ++m_outsideWindow;
        return;
    }
    ++m_calls;
    m_errors += call.error ? 1 : 0;
    // Tokens without a cost: the reader found no price for the model, so the total misses this call.
    const bool uncosted = !call.costNanoUsd && (call.inputTokens || call.outputTokens);
    if (call.costNanoUsd) {
        m_costNanoUsd += *call.costNanoUsd;
        if (call.costEstimated)
            ++m_estimatedCostCalls;
        else
            ++m_withCost;
    } else if (uncosted) {
        ++m_uncostedCalls;
    }
    m_withInput += call.inputTokens ? 1 : 0;
    m_withOutput += call.outputTokens ? 1 : 0;
    m_withMaxTokens += call.hasMaxTokens ? 1 : 0;
    m_withTemperature += call.hasTemperature ? 1 : 0;
    if (call.latencyMs) {
        ++m_withLatency;
        m_latency.add(*call.latencyMs);
    }
    if (call.timeMs) {
        const qint64 start = *call.timeMs;
        const qint64 end = start + call.latencyMs.value_or(0);
        if (!m_fromMs || start < *m_fromMs)
            m_fromMs = start;
        if (!m_toMs || end > *m_toMs)
            m_toMs = end;
    }
    const std::string_view model = call.model();
    if (!model.empty()) {
        ++m_withModel;
        const int id = modelId(model);
        ModelStats &stats = m_models[std::size_t(id)];
        ++stats.calls;
        stats.costNanoUsd += call.costNanoUsd.value_or(0);
        stats.uncosted += uncosted ? 1 : 0;
        if (call.latencyMs)
            stats.latency.add(*call.latencyMs);
        if (!call.requestedModel.empty() && !call.answeredModel.empty()) {
            const int requested = call.requestedModel == model ? id : modelId(call.requestedModel);
            addDriftPair(requested, id);
        }
    } else if (uncosted) {
        ++m_uncostedWithoutModel;
    }
    if (!call.user.empty() && (call.inputTokens || call.outputTokens)) {
        const qint64 tokens = call.inputTokens.value_or(0) + call.outputTokens.value_or(0);
        const int id = m_users.add(call.user);
        if (std::size_t(id) >= m_userTokens.size())
            m_userTokens.resize(std::size_t(id) + 1, 0);
        m_userTokens[std::size_t(id)] += tokens;
    }
}

void CallStatsAccumulator::merge(const CallStatsAccumulator &other)
{
    m_calls += other.m_calls;
    m_errors += other.m_errors;
    m_costNanoUsd += other.m_costNanoUsd;
    m_estimatedCostCalls += other.m_estimatedCostCalls;
    m_uncostedCalls += other.m_uncostedCalls;
    m_uncostedWithoutModel += other.m_uncostedWithoutModel;
    m_outsideWindow += other.m_outsideWindow;
    addMalformed(other.m_malformed, other.m_malformedSamples);
    if (m_priceTableDate.isEmpty())
        m_priceTableDate = other.m_priceTableDate;
    if (other.m_fromMs && (!m_fromMs || *other.m_fromMs < *m_fromMs))
        m_fromMs = other.m_fromMs;
    if (other.m_toMs && (!m_toMs || *other.m_toMs > *m_toMs))
        m_toMs = other.m_toMs;
    m_withModel += other.m_withModel;
    m_withInput += other.m_withInput;
    m_withOutput += other.m_withOutput;
    m_withLatency += other.m_withLatency;
    m_withCost += other.m_withCost;
    m_withMaxTokens += other.m_withMaxTokens;
    m_withTemperature += other.m_withTemperature;
    m_latency.merge(other.m_latency);
    for (int theirId = 0; theirId < other.m_modelNames.size(); ++theirId) {
        const ModelStats &theirs = other.m_models[std::size_t(theirId)];
        ModelStats &mine = m_models[std::size_t(modelId(other.m_modelNames.text(theirId)))];
        mine.calls += theirs.calls;
        mine.costNanoUsd += theirs.costNanoUsd;
        mine.uncosted += theirs.uncosted;
        mine.latency.merge(theirs.latency);
    }
    for (const quint64 pair : other.m_driftPairs) {
        const int requested = modelId(other.m_modelNames.text(int(pair >> 32)));
        const int answered = modelId(other.m_modelNames.text(int(pair & 0xffffffffu)));
        addDriftPair(requested, answered);
    }
    for (int theirId = 0; theirId < other.m_users.size(); ++theirId) {
        const int id = m_users.add(other.m_users.text(theirId));
        if (std::size_t(id) >= m_userTokens.size())
            m_userTokens.resize(std::size_t(id) + 1, 0);
        m_userTokens[std::size_t(id)] += other.m_userTokens[std::size_t(theirId)];
    }
}

void CallStatsAccumulator::addMalformed(qint64 count, const QStringList &samples)
{
    m_malformed += count;
    for (const QString &sample : samples) {
        if (m_malformedSamples.size() >= MAX_MALFORMED_SAMPLES)
            break;
        m_malformedSamples.append(sample);
    }
}

CallStatsReport CallStatsAccumulator::report() const
{
    CallStatsReport r;
    r.calls = m_calls;
    r.errors = m_errors;
    r.costNanoUsd = m_costNanoUsd;
    r.estimatedCostCalls = m_estimatedCostCalls;
    r.uncostedCalls = m_uncostedCalls;
    if (m_estimatedCostCalls > 0)
        r.priceTableDate = m_priceTableDate;
    r.p50Ms = m_latency.percentile(50);
    r.p95Ms = m_latency.percentile(95);
    r.p99Ms = m_latency.percentile(99);
    r.malformedLines = m_malformed;
    r.malformedSamples = m_malformedSamples;
    r.outsideWindow = m_outsideWindow;
    r.fromMs = m_fromMs;
    r.toMs = m_toMs;
    if (m_calls > 0) {
        const double n = double(m_calls);
        r.coverage = {double(m_withModel) / n,   double(m_withInput) / n,     double(m_withOutput) / n,
                      double(m_withLatency) / n, double(m_withCost) / n,      double(m_withMaxTokens) / n,
                      double(m_withTemperature) / n};
    }
    for (int id = 0; id < m_modelNames.size(); ++id) {
        const ModelStats &stats = m_models[std::size_t(id)];
        if (stats.calls > 0) {
            r.byModel.append({QString::fromStdString(m_modelNames.text(id)), stats.calls, stats.costNanoUsd,
                              stats.latency.percentile(95)});
        }
    }
    std::sort(r.byModel.begin(), r.byModel.end(), [](const auto &a, const auto &b) {
        return a.calls != b.calls ? a.calls > b.calls : a.model < b.model;
    });
    for (int id = 0; id < m_modelNames.size(); ++id) {
        if (const qint64 uncosted = m_models[std::size_t(id)].uncosted; uncosted > 0)
            r.uncostedModels.append({QString::fromStdString(m_modelNames.text(id)), uncosted});
    }
    if (m_uncostedWithoutModel > 0)
        r.uncostedModels.append({u"(no model)"_s, m_uncostedWithoutModel});
    std::sort(r.uncostedModels.begin(), r.uncostedModels.end(), [](const auto &a, const auto &b) {
        return a.calls != b.calls ? a.calls > b.calls : a.model < b.model;
    });
    std::map<std::string, std::set<std::string>> answeredBy;
    for (const quint64 pair : m_driftPairs)
        answeredBy[m_modelNames.text(int(pair >> 32))].insert(m_modelNames.text(int(pair & 0xffffffffu)));
    for (const auto &[requested, answered] : answeredBy) {
        // Drift: the answering model is not the one asked for, or it changed during the window.
        if (answered.size() > 1 || *answered.begin() != requested) {
            CallStatsReport::DriftRow row {QString::fromStdString(requested), {}};
            for (const std::string &name : answered)
                row.answered.append(QString::fromStdString(name));
            r.drift.append(row);
        }
    }
    std::vector<std::pair<qint64, std::string_view>> users;
    users.reserve(m_userTokens.size());
    for (int id = 0; id < m_users.size(); ++id)
        users.emplace_back(m_userTokens[std::size_t(id)], m_users.text(id));
    const std::size_t top = std::min<std::size_t>(users.size(), TOP_USERS);
    std::partial_sort(users.begin(), users.begin() + qsizetype(top), users.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t i = 0; i < top; ++i)
        r.topUsers.append({QString::fromUtf8(users[i].second.data(), qsizetype(users[i].second.size())), users[i].first});
    return r;
}
