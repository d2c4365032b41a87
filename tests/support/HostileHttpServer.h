// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 for probe tests, including the hostile answers a real
 * deployment can give. Paths:
 *   /ok, /health-fail, /health-warn, /actuator-up, /actuator-down  health documents
 *   /status/NNN          that status with a small body
 *   /silent              reads the request and never answers
 *   /trickle             promises 200 bytes and sends one byte every 20 ms
 *   /endless             a body that never ends (close-delimited)
 *   /reset               resets the connection
 *   /loop                redirects to itself
 *   /redirect-to-ok      302 to /ok
 *   /bad-utf8, /bad-json invalid bytes with a 200
 *   /echo-headers        the request headers as the body (to check redaction)
 *   /delay/N             answers 200 after N ms
 * Every request is recorded (method, path, headers) for assertions.
 */
class HostileHttpServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; ///< lower-case names
        QByteArray body;
    };

    explicit HostileHttpServer(QObject *parent = nullptr);
    bool start();
    QUrl url(const QString &path = {}) const;
    const QList<Request> &requests() const { return m_requests; }

private:
    void handleConnection();
    void handleReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Request &request);
    static void send(QTcpSocket *socket, int status, const QByteArray &body,
                     const QByteArray &contentType = "application/json", const QByteArray &extraHeaders = {});

    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
};
