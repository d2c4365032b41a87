// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

/**
 * A token bucket: holds up to `capacity` tokens and refills them evenly, `capacity` tokens per
 * `refillPeriodMs`. Time is passed in (milliseconds on any monotonic clock), so it is a pure value.
 */
class TokenBucket
{
public:
    TokenBucket(int capacity, qint64 refillPeriodMs, qint64 nowMs);

    /** Takes one token if there is one; false when the bucket is empty. */
    bool tryTake(qint64 nowMs);
    /** Milliseconds until one whole token is available (0 when one is available now). */
    qint64 msUntilNextToken(qint64 nowMs) const;
    /** True when the bucket has refilled completely (nothing to remember about this client). */
    bool isFull(qint64 nowMs) const;

private:
    double tokensAt(qint64 nowMs) const;

    int m_capacity;
    qint64 m_refillPeriodMs;
    double m_tokens;
    qint64 m_lastMs;
};
