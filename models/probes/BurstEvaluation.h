// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeResult.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QStringList>

#include <optional>

/**
 * Decides a burst probe's result (cost.rate-limiting) from the answers it collected, and the small
 * rules it needs while running: when to stop, how to read Retry-After (RFC 9110: seconds or an HTTP
 * date) and which rate-limit headers to keep (RateLimit-* of the IETF draft and X-RateLimit-*).
 * Pure: tested without a network.
 */
namespace BurstEvaluation {

/** Why a burst stops early. */
enum class Stop {
    None,         ///< keep going
    Expected,     ///< the expected status (default 429) came
    Overloaded,   ///< 503 while 503 was not expected: the service is failing, not limiting
    OtherLimit,   ///< 429 while another status was expected
    RetryAfter,   ///< another answer carried Retry-After: honour it by sending nothing more
    NetworkError, ///< no HTTP answer
};

struct Answer
{
    int status = 0; ///< 0 when no HTTP answer came
    qint64 latencyMs = 0;
    QString error;  ///< the network error when status is 0
};

struct Observation
{
    QString method;
    QString displayUrl;
    int maxRequests = 1;
    qint64 windowMs = 0;
    int expectStatus = 429;
    QList<Answer> answers; ///< in sending order
    Stop stop = Stop::None;
    qint64 elapsedMs = 0;
    bool windowEnded = false; ///< the window closed before maxRequests were sent
    QString retryAfter;       ///< verbatim, from the answer that stopped the burst
    std::optional<qint64> retryAfterSeconds;
    QJsonObject limitHeaders; ///< verbatim rate-limit headers (lower-case names)
};

/** Placeholders of the burst kind: [REQUESTS], [LIMITED_AT], [RETRY_AFTER]. */
QVariantMap placeholders(const Observation &observation);
/** Whether the burst stops after this answer. */
Stop stopAfter(const Answer &answer, int expectStatus, bool hasRetryAfter);
/** Retry-After in seconds (delay-seconds or an HTTP date relative to now); nullopt when malformed. */
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);
/** The rate-limit headers among headers, verbatim and bounded, keyed by lower-case name. */
QJsonObject limitHeaders(const QList<QNetworkReply::RawHeaderPair> &headers);
/** Status, summary, conditions and evidence. Without conditions the expected status must come. */
ProbeResult evaluate(const Observation &observation, const QStringList &conditions);

} // namespace BurstEvaluation
