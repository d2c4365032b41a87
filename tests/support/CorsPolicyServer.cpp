// SPDX-License-Identifier: GPL-3.0-or-later
#include "CorsPolicyServer.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

CorsPolicyServer::CorsPolicyServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::pendingConnectionAvailable, this, &CorsPolicyServer::handleConnection);
}

void CorsPolicyServer::setPolicy(Policy policy, const QByteArray &allowedOrigin)
{
    m_policy = policy;
    m_allowedOrigin = allowedOrigin;
    m_allowedHost = QUrl(QString::fromLatin1(allowedOrigin)).host().toLatin1();
    m_requests.clear();
    m_maxOpen = 0;
}

bool CorsPolicyServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl CorsPolicyServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(serverPort()).arg(path));
}

void CorsPolicyServer::handleConnection()
{
    while (hasPendingConnections()) {
        QTcpSocket *socket = nextPendingConnection();
        m_maxOpen = qMax(m_maxOpen, ++m_open);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            --m_open;
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

QList<std::pair<QByteArray, QByteArray>> CorsPolicyServer::corsHeaders(const QByteArray &origin, bool preflight) const
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool echo = false;
    bool vary = true;
    switch (m_policy) {
    case Policy::Correct:
        echo = origin == m_allowedOrigin;
        break;
    case Policy::WildcardWithCredentials:
        return {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}};
    case Policy::ReflectAny:
        echo = !origin.isEmpty();
        headers.append(std::pair<QByteArray, QByteArray>("Access-Control-Allow-Credentials", "true"));
        break;
    case Policy::NullAllowed:
        echo = origin == m_allowedOrigin || origin == "null";
        break;
    case Policy::SuffixLookAlike:
        echo = !m_allowedHost.isEmpty() && origin.endsWith(m_allowedHost);
        break;
    case Policy::MissingVary:
        echo = origin == m_allowedOrigin;
        vary = false;
        break;
    case Policy::NoCors:
        return {};
    }
    if (vary)
        headers.append(std::pair<QByteArray, QByteArray>("Vary", "Origin"));
    if (echo) {
        headers.append(std::pair<QByteArray, QByteArray>("Access-Control-Allow-Origin", origin));
        if (preflight) {
            headers.append(std::pair<QByteArray, QByteArray>("Access-Control-Allow-Methods", "GET, POST, OPTIONS"));
            headers.append(std::pair<QByteArray, QByteArray>("Access-Control-Allow-Headers", "Content-Type"));
        }
    }
    return headers;
}

void CorsPolicyServer::handleReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    Request request;
    request.method = lines.first().split(' ').first();
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "origin")
            request.origin = value;
        else if (name == "content-length")
            contentLength = value.toLongLong();
    }
    if (buffer.size() < end + 4 + contentLength)
        return;
    m_requests.append(request);
    const bool preflight = request.method == "OPTIONS";
    const QByteArray body = preflight ? QByteArray() : QByteArray("{\"reply\":\"hi\"}");
    QByteArray answer = preflight ? "HTTP/1.1 204 No Content\r\n" : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    answer += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n";
    for (const auto &[name, value] : corsHeaders(request.origin, preflight))
        answer += name + ": " + value + "\r\n";
    answer += "\r\n" + body;
    socket->write(answer);
    socket->disconnectFromHost();
    buffer.clear();
}
