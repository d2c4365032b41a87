// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

/**
 * A scripted HTTP/1.1 server on 127.0.0.1 for the cost adapter tests: each path has a handler that
 * answers from the query (recorded payloads, pages, errors, 429 with Retry-After, broken JSON).
 * Every request is recorded. Unknown paths answer 404.
 */
class CostFixtureServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers; ///< lower-case names
        QByteArray body;
    };
    struct Reply
    {
        int status = 200;
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    using Handler = std::function<Reply(const Request &)>;

    explicit CostFixtureServer(QObject *parent = nullptr);
    bool start();
    QUrl url() const;
    void route(const QString &path, Handler handler);
    void clear();
    const QList<Request> &requests() const { return m_requests; }

    static Reply json(const QByteArray &body, int status = 200) { return Reply {status, body, {}}; }

private:
    void handleConnection();
    void handleReadyRead(QTcpSocket *socket);

    QHash<QString, Handler> m_routes;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
};
