// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeContext.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>

#include <optional>

/**
 * Builds the request of an http-based probe from its params (url, method, headers, body) and the
 * environment's headers, resolving secret references at run time. The resolved secret values are
 * handed back so that the probe can redact them from everything it reports.
 */
class HttpRequestBuilder
{
public:
    struct Built
    {
        QNetworkRequest request;
        QUrl url;
        QByteArray method;
        QByteArray body;
        QStringList secrets; ///< resolved secret values: never shown, only redacted
        QString displayUrl;  ///< the URL with credentials and secret-looking query values masked
    };

    /** The request, or nullopt with errorMessage naming the header or reference that failed. */
    static std::optional<Built> build(const ProbeContext &context, const QVariantMap &params, const QString &purpose,
                                      QString *errorMessage);
    /** The URL with secrets masked, as evidence may show it. */
    static QString displayUrl(const QUrl &url);
};
