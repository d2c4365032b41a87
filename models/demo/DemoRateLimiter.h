// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/TokenBucket.h"

#include <QHash>
#include <QString>

/**
 * Per-client rate limiting for the demo chat endpoint: one TokenBucket per client key (the peer
 * address), with a bounded number of remembered clients.
 */
class DemoRateLimiter
{
public:
    struct Decision
    {
        bool allowed = true;
        int retryAfterSeconds = 0; ///< set when not allowed; at least 1
    };

    DemoRateLimiter(int capacity, qint64 refillPeriodMs);

    /** Counts one request of `client` at `nowMs` (any monotonic millisecond clock). */
    Decision check(const QString &client, qint64 nowMs);
    int trackedClients() const { return int(m_buckets.size()); }

private:
    void forgetFullBuckets(qint64 nowMs);

    int m_capacity;
    qint64 m_refillPeriodMs;
    QHash<QString, TokenBucket> m_buckets;
};
