// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoRateLimiter.h"

#include <algorithm>

namespace {
// Bound on remembered clients: a flood of distinct peers can't grow the table without limit.
constexpr int MAX_CLIENTS = 4096;
}

DemoRateLimiter::DemoRateLimiter(int capacity, qint64 refillPeriodMs)
    : m_capacity(capacity)
    , m_refillPeriodMs(refillPeriodMs)
{
}

DemoRateLimiter::Decision DemoRateLimiter::check(const QString &client, qint64 nowMs)
{
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= MAX_CLIENTS)
            forgetFullBuckets(nowMs);
        if (m_buckets.size() >= MAX_CLIENTS)
            return {false, int(std::max<qint64>(1, m_refillPeriodMs / 1000))};
        it = m_buckets.insert(client, TokenBucket(m_capacity, m_refillPeriodMs, nowMs));
    }
    if (it->tryTake(nowMs))
        return {};
    const qint64 waitMs = it->msUntilNextToken(nowMs);
    return {false, int(std::max<qint64>(1, (waitMs + 999) / 1000))};
}

void DemoRateLimiter::forgetFullBuckets(qint64 nowMs)
{
    m_buckets.removeIf([nowMs](const auto &entry) { return entry.value().isFull(nowMs); });
}
