// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeResult.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>

#include <optional>
#include <utility>

/**
 * Decides a tls probe's result (infra.https) from what it observed: the handshake, the peer's
 * certificate chain and the TLS stack's errors, the HSTS header of an HTTPS answer and what
 * plain http:// answered. Pure: tested without a network.
 *
 * Placeholders: [CONNECTED], [TLS_VERSION] (1.2, 1.3), [CHAIN_VALID], [HOSTNAME_VALID],
 * [MIN_CHAIN_DAYS] (whole days left of the earliest-expiring certificate), [CERTIFICATE_EXPIRATION]
 * (a duration: the leaf's time left), [HSTS] (Strict-Transport-Security with max-age > 0),
 * [HTTP_REDIRECTS_TO_HTTPS] (301/302/307/308 to https:// on the same host).
 */
namespace TlsEvaluation {

constexpr int DEFAULT_MIN_DAYS = 14;
constexpr qint64 ONE_YEAR_SECONDS = 31536000;
constexpr qint64 MS_PER_DAY = 86400000;

/** One certificate of the presented chain, leaf first. */
struct Certificate
{
    QString subject; ///< common name (or the whole subject when it has none)
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
};

/** One error the TLS stack reported, by its QSslError name ("HostNameMismatch"). */
struct SslProblem
{
    QString name;
    QString description;
    QString certificate; ///< subject of the certificate it concerns, if any
};

/** The status line and headers of an HTTP answer. */
struct ResponseHead
{
    int status = 0; ///< 0 when the text is no HTTP answer
    QList<std::pair<QByteArray, QByteArray>> headers;

    /** The first header of that name (case-insensitive). */
    std::optional<QByteArray> header(const QByteArray &name) const;
};

struct Observation
{
    QString displayUrl; ///< with secrets masked
    QString host;
    int port = 443;
    int minDays = DEFAULT_MIN_DAYS;
    QDateTime now;

    bool connected = false; ///< the TLS handshake completed
    QString connectError;   ///< why it did not
    double tlsVersion = 0;  ///< 1.0 .. 1.3; 0 when unknown
    QList<Certificate> chain;
    QList<SslProblem> sslErrors;

    int httpsStatus = 0;               ///< status of the HTTPS GET; 0 without answer
    QString httpsError;
    std::optional<QByteArray> hsts;    ///< the Strict-Transport-Security value, when sent

    QString httpUrl;                   ///< the plain http:// URL tried (masked)
    int httpStatus = 0;                ///< 0 without answer
    QString httpLocation;              ///< the Location of that answer
    QString httpError;
};

/** The default conditions: the "passes when" column of infra.https. */
QStringList defaultConditions(int minDays);
/** Every placeholder value; a value that was not measured is an invalid QVariant. */
QVariantMap placeholders(const Observation &observation);
/** Status, summary, conditions and evidence. */
ProbeResult evaluate(const Observation &observation, const QStringList &conditions);

/** The max-age of a Strict-Transport-Security value (RFC 6797 6.1), or -1 when it is invalid. */
qint64 hstsMaxAge(const QByteArray &value);
bool hstsIncludesSubDomains(const QByteArray &value);
/** True for a 301/302/307/308 whose Location (resolved against `from`) is https:// on from's host. */
bool redirectsToHttps(int status, const QString &location, const QUrl &from);
/** Whole days from now to notAfter, rounded down (negative once expired). */
qint64 daysLeft(const QDateTime &notAfter, const QDateTime &now);
/** Parses the head of an HTTP/1.x answer (up to the blank line). */
ResponseHead parseResponseHead(const QByteArray &head);
/** True when a QSslError name concerns the host name rather than the chain. */
bool isHostnameError(const QString &name);

} // namespace TlsEvaluation
