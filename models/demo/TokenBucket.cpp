// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/TokenBucket.h"

#include <algorithm>
#include <cmath>

TokenBucket::TokenBucket(int capacity, qint64 refillPeriodMs, qint64 nowMs)
    : m_capacity(std::max(1, capacity))
    , m_refillPeriodMs(std::max<qint64>(1, refillPeriodMs))
    , m_tokens(m_capacity)
    , m_lastMs(nowMs)
{
}

double TokenBucket::tokensAt(qint64 nowMs) const
{
    const qint64 elapsed = std::max<qint64>(0, nowMs - m_lastMs);
    const double refilled = double(elapsed) * m_capacity / double(m_refillPeriodMs);
    return std::min<double>(m_capacity, m_tokens + refilled);
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    m_tokens = tokensAt(nowMs);
    m_lastMs = std::max(m_lastMs, nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

qint64 TokenBucket::msUntilNextToken(qint64 nowMs) const
{
    const double missing = 1.0 - tokensAt(nowMs);
    if (missing <= 0.0)
        return 0;
    return qint64(std::ceil(missing * double(m_refillPeriodMs) / m_capacity));
}

bool TokenBucket::isFull(qint64 nowMs) const
{
    return tokensAt(nowMs) >= m_capacity;
}
