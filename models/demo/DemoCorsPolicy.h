// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

/**
 * The demo chat endpoint's CORS decision: which Origin gets an Access-Control-Allow-Origin echo.
 *
 * DELIBERATE DEFECT (so that infra.cors fails for a visible reason): besides the exact allowed
 * origin, any origin whose text merely *ends with* the allowed host is echoed too, e.g.
 * `https://evil-app.demo.test` for the allowed `https://app.demo.test`. A foreign origin and the
 * `null` origin are refused correctly.
 */
class DemoCorsPolicy
{
public:
    explicit DemoCorsPolicy(QString allowedOrigin);

    /** True when `origin` is echoed (the exact allowed origin, or a look-alike: the defect). */
    bool allows(const QString &origin) const;
    /** Response headers for a request carrying `origin` (may be empty): always `Vary: Origin`;
     *  the echo when allowed; for a preflight also the allowed methods, headers and max age. */
    QList<QPair<QByteArray, QByteArray>> headersFor(const QByteArray &origin, bool preflight) const;
    QString allowedOrigin() const { return m_allowedOrigin; }

private:
    QString m_allowedOrigin;
    QString m_allowedHost;
};
