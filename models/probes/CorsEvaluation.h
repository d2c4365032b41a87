// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeResult.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

/**
 * Decides a cors probe's result (infra.cors) from the answers to preflight and simple requests
 * sent with chosen Origin headers (spec/detectors.md, CORS). Pure: tested without a network.
 *
 * Placeholders: [ALLOWED_OK] (every allowed origin got an exact echo with Vary: Origin),
 * [REJECTED_OK] (no foreign, null or look-alike origin was allowed), [WILDCARD] (an answer sent
 * `Access-Control-Allow-Origin: *` together with `Access-Control-Allow-Credentials: true`),
 * [REFLECTS_ANY] (the foreign origin was echoed), [NULL_ALLOWED], [LOOKALIKES_ACCEPTED] (how many
 * look-alike origins were echoed) and [VARY_ORIGIN] (every echo carried Vary: Origin).
 */
namespace CorsEvaluation {

/** An origin no deployment allows on purpose. */
inline const QString FOREIGN_ORIGIN = QStringLiteral("https://liftoff-probe.invalid");
inline const QString NULL_ORIGIN = QStringLiteral("null");

enum class OriginKind { Allowed, Foreign, Null, LookAlike };

/** One Origin to send and why. */
struct Origin
{
    QString origin;
    OriginKind kind = OriginKind::Foreign;
};

/** What one answer decided for its origin. */
enum class Verdict {
    Ok,                      ///< allowed origin echoed correctly, or another origin refused
    NotEchoed,               ///< allowed origin: no exact echo
    Wildcard,                ///< allowed origin: `*` instead of an exact echo
    MissingVary,             ///< echoed without Vary: Origin
    CredentialsMissing,      ///< allowed origin echoed, but credentials are expected and not allowed
    PreflightRejected,       ///< allowed origin: the preflight did not answer 200 or 204
    Accepted,                ///< foreign, null or look-alike origin echoed
    WildcardWithCredentials, ///< `*` together with credentials allowed
    NotApplicable,           ///< simple request answered 401/403/404/405/501 without CORS headers
    NoAnswer,                ///< transport error
};

/** One request and its answer. */
struct Exchange
{
    QString origin;
    OriginKind kind = OriginKind::Foreign;
    bool preflight = false;
    QString method;            ///< OPTIONS for a preflight, else the simple request's method
    int status = 0;            ///< 0 without answer
    QString error;             ///< transport error
    QByteArray allowOrigin;    ///< Access-Control-Allow-Origin, trimmed; empty when absent
    QByteArray allowCredentials;
    QByteArray vary;
};

struct Observation
{
    QString displayUrl;
    bool credentials = false;  ///< the app sends credentials cross-origin (the `credentials` param)
    QList<Exchange> exchanges;
    int planned = 0;           ///< requests planned; more than exchanges.size() when cut short
    QString incomplete;        ///< why not every request was sent (the total timeout)
};

/** Look-alikes of one allowed origin: its host as suffix or prefix of another domain, http for https. */
QStringList lookAlikesOf(const QString &allowedOrigin);
/** Every origin to try, allowed ones first, then the foreign one, null and the look-alikes (no duplicates). */
QList<Origin> originsToTry(const QStringList &allowed);
/** True when Vary lists Origin (or is *). */
bool varyHasOrigin(const QByteArray &vary);
Verdict judge(const Exchange &exchange, bool credentials);
QString verdictText(Verdict verdict);
QString kindText(OriginKind kind);

QStringList defaultConditions();
QVariantMap placeholders(const Observation &observation);
/** The evidence table, conditions, status and a summary naming the first (worst) problem. */
ProbeResult evaluate(const Observation &observation, const QStringList &conditions);

} // namespace CorsEvaluation
