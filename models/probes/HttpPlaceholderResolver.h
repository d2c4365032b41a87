// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/PlaceholderResolver.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QList>

#include <optional>
#include <utility>

/**
 * Resolves the placeholders of http and health checks from one HTTP answer: [STATUS],
 * [RESPONSE_TIME] (ms), [BODY], [BODY].json.path[0], [HEADER].Name (case-insensitive),
 * [CONNECTED] and [CERTIFICATE_EXPIRATION] (a duration). The body is parsed as JSON at most
 * once, on the first path into it. Not thread-safe: use one instance per evaluation.
 */
class HttpPlaceholderResolver final : public PlaceholderResolver
{
public:
    /** What the probe observed. Pure data, filled from a QNetworkReply or by a test. */
    struct Response
    {
        bool connected = false;       ///< a connection (and TLS handshake, if any) was made
        int statusCode = 0;           ///< 0 when no HTTP answer came: [STATUS] is then missing
        qint64 responseTimeMs = -1;   ///< negative when not measured: [RESPONSE_TIME] is then missing
        QByteArray body;              ///< as received (the probe bounds its size)
        QList<std::pair<QByteArray, QByteArray>> headers; ///< as QNetworkReply::rawHeaderPairs()
        /** Time left until the leaf certificate expires; wins over certificateExpiry when set. */
        std::optional<qint64> certificateMsLeft;
        QDateTime certificateExpiry; ///< with `now`, another way to give the time left
        QDateTime now;               ///< the probe's clock when the answer came
    };

    static const QString STATUS;
    static const QString RESPONSE_TIME;
    static const QString BODY;
    static const QString HEADER;
    static const QString CONNECTED;
    static const QString CERTIFICATE_EXPIRATION;

    explicit HttpPlaceholderResolver(Response response);

    std::optional<ConditionValue> resolve(const QString &name, const QStringList &path) const override;
    QStringList placeholderNames() const override;

private:
    std::optional<ConditionValue> resolveBody(const QStringList &path) const;
    std::optional<ConditionValue> resolveHeader(const QStringList &path) const;
    std::optional<qint64> certificateMsLeft() const;

    Response m_response;
    mutable bool m_jsonParsed = false;
    mutable std::optional<QJsonValue> m_json;
};
