// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileHttpServer.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

HostileHttpServer::HostileHttpServer(QObject *parent) : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &HostileHttpServer::handleConnection);
}

bool HostileHttpServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl HostileHttpServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(serverPort()).arg(path));
}

void HostileHttpServer::handleConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void HostileHttpServer::handleReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    Request request;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    request.path = first.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length").toLongLong();
    if (buffer.size() < end + 4 + length)
        return;
    request.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    m_requests.append(request);
    respond(socket, request);
}

void HostileHttpServer::send(QTcpSocket *socket, int status, const QByteArray &body, const QByteArray &contentType,
                             const QByteArray &extraHeaders)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType
                          + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n"
                          + body;
    socket->write(response);
}

void HostileHttpServer::respond(QTcpSocket *socket, const Request &request)
{
    const QByteArray path = request.path.split('?').value(0);
    if (path == "/ok") {
        send(socket, 200, R"({"status":"pass","version":"1.0.0"})", "application/health+json");
    } else if (path == "/health-fail") {
        send(socket, 200, R"({"status":"fail"})", "application/health+json");
    } else if (path == "/health-warn") {
        send(socket, 200, R"({"status":"warn"})", "application/health+json");
    } else if (path == "/actuator-up") {
        send(socket, 200, R"({"status":"UP","components":{"db":{"status":"UP"}}})");
    } else if (path == "/actuator-down") {
        send(socket, 503, R"({"status":"DOWN"})");
    } else if (path.startsWith("/status/")) {
        send(socket, path.mid(8).toInt(), R"({"error":"as asked"})");
    } else if (path == "/silent") {
        // Hold the connection and say nothing.
    } else if (path == "/trickle") {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n");
        auto *timer = new QTimer(socket);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->write("x"); });
        timer->start(20);
    } else if (path == "/endless") {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
        const QByteArray chunk(64 * 1024, 'y');
        socket->write(chunk);
        connect(socket, &QTcpSocket::bytesWritten, socket, [socket, chunk] {
            if (socket->bytesToWrite() < 256 * 1024)
                socket->write(chunk);
        });
    } else if (path == "/reset") {
        socket->abort();
    } else if (path == "/loop") {
        send(socket, 302, {}, "text/plain", "Location: /loop\r\n");
    } else if (path == "/redirect-to-ok") {
        send(socket, 302, {}, "text/plain", "Location: /ok\r\n");
    } else if (path == "/bad-utf8") {
        send(socket, 200, QByteArray("status: \xff\xfe\xfd ok \xc3\x28", 18), "text/plain");
    } else if (path == "/bad-json") {
        send(socket, 200, R"({"status": "pass", oops)", "application/json");
    } else if (path == "/echo-headers") {
        QByteArray body;
        for (auto it = request.headers.begin(); it != request.headers.end(); ++it)
            body += it.key() + ": " + it.value() + "\n";
        send(socket, 200, body, "text/plain");
    } else if (path.startsWith("/delay/")) {
        const int ms = path.mid(7).toInt();
        QTimer::singleShot(ms, socket, [socket] { send(socket, 200, R"({"status":"pass"})"); });
    } else {
        send(socket, 404, R"({"error":"not found"})");
    }
}
