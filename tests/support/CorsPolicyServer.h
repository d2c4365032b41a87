// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/**
 * A plain-HTTP server on 127.0.0.1 for cors probe tests, answering every request (preflight 204,
 * anything else 200) with the CORS headers of a chosen policy, right or wrong, then closing.
 * Records each request's method and Origin.
 */
class CorsPolicyServer final : public QTcpServer
{
    Q_OBJECT

public:
    enum class Policy {
        Correct,                 ///< exact echo of the allowed origin, Vary: Origin
        WildcardWithCredentials, ///< `*` and Access-Control-Allow-Credentials: true for everyone
        ReflectAny,              ///< echoes any origin, with credentials
        NullAllowed,             ///< correct, but `null` is echoed too
        SuffixLookAlike,         ///< echoes any origin ending with the allowed host
        MissingVary,             ///< exact echo without Vary
        NoCors,                  ///< no CORS headers at all
    };

    struct Request
    {
        QByteArray method;
        QByteArray origin;
    };

    explicit CorsPolicyServer(QObject *parent = nullptr);

    void setPolicy(Policy policy, const QByteArray &allowedOrigin);
    bool start();
    QUrl url(const QString &path = {}) const;
    const QList<Request> &requests() const { return m_requests; }
    /** The most connections open at once so far. */
    int maxOpen() const { return m_maxOpen; }

private:
    void handleConnection();
    void handleReadyRead(QTcpSocket *socket);
    QList<std::pair<QByteArray, QByteArray>> corsHeaders(const QByteArray &origin, bool preflight) const;

    Policy m_policy = Policy::Correct;
    QByteArray m_allowedOrigin;
    QByteArray m_allowedHost;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
    int m_open = 0;
    int m_maxOpen = 0;
};
