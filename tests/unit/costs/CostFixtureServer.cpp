// SPDX-License-Identifier: GPL-3.0-or-later
#include "CostFixtureServer.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {
QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    default: return "Status";
    }
}
} // namespace

CostFixtureServer::CostFixtureServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &CostFixtureServer::handleConnection);
}

bool CostFixtureServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl CostFixtureServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(serverPort()));
}

void CostFixtureServer::route(const QString &path, Handler handler)
{
    m_routes.insert(path, std::move(handler));
}

void CostFixtureServer::clear()
{
    m_routes.clear();
    m_requests.clear();
}

void CostFixtureServer::handleConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void CostFixtureServer::handleReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    Request request;
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    const QUrl target(QString::fromUtf8(first.value(1)));
    request.path = target.path();
    request.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < end + 4 + length)
        return; // the body is still coming
    request.body = buffer.mid(end + 4, length);
    buffer.clear();
    m_requests.append(request);
    const auto handler = m_routes.constFind(request.path);
    const Reply reply = handler != m_routes.constEnd() ? (*handler)(request)
                                                       : Reply {404, R"({"error":"not found"})", {}};
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
    head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(reply.body.size())
        + "\r\nConnection: close\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    socket->write(head + "\r\n" + reply.body);
    socket->disconnectFromHost();
}
