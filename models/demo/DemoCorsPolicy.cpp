// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoCorsPolicy.h"

#include <QUrl>

using namespace Qt::StringLiterals;

DemoCorsPolicy::DemoCorsPolicy(QString allowedOrigin)
    : m_allowedOrigin(std::move(allowedOrigin))
    , m_allowedHost(QUrl(m_allowedOrigin).host())
{
}

bool DemoCorsPolicy::allows(const QString &origin) const
{
    if (origin.isEmpty() || origin == u"null"_s)
        return false;
    if (origin == m_allowedOrigin)
        return true;
    // The deliberate defect: a suffix test instead of an exact comparison (see the class comment).
    return !m_allowedHost.isEmpty() && origin.endsWith(m_allowedHost, Qt::CaseInsensitive);
}

QList<QPair<QByteArray, QByteArray>> DemoCorsPolicy::headersFor(const QByteArray &origin, bool preflight) const
{
    QList<QPair<QByteArray, QByteArray>> headers {{"Vary", "Origin"}};
    if (!allows(QString::fromUtf8(origin)))
        return headers;
    headers.append(qMakePair(QByteArray("Access-Control-Allow-Origin"), origin));
    if (preflight) {
        headers.append(qMakePair(QByteArray("Access-Control-Allow-Methods"), QByteArray("POST, OPTIONS")));
        headers.append(qMakePair(QByteArray("Access-Control-Allow-Headers"), QByteArray("Content-Type, Authorization")));
        headers.append(qMakePair(QByteArray("Access-Control-Max-Age"), QByteArray("600")));
    }
    return headers;
}
