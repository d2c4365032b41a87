// SPDX-License-Identifier: GPL-3.0-or-later
#include "PlainRedirectServer.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

PlainRedirectServer::PlainRedirectServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::pendingConnectionAvailable, this, &PlainRedirectServer::handleConnection);
}

void PlainRedirectServer::setAnswer(int status, const QByteArray &location)
{
    m_status = status;
    m_location = location;
}

bool PlainRedirectServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl PlainRedirectServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1/"_s.arg(serverPort()));
}

void PlainRedirectServer::handleConnection()
{
    while (hasPendingConnections()) {
        QTcpSocket *socket = nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void PlainRedirectServer::handleReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    if (!buffer.contains("\r\n\r\n"))
        return;
    const QByteArray body = m_status == 200 ? QByteArray("plain http page") : QByteArray();
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(m_status) + " Status\r\nContent-Type: text/plain\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n";
    if (!m_location.isEmpty())
        answer += "Location: " + m_location + "\r\n";
    answer += "\r\n" + body;
    socket->write(answer);
    socket->disconnectFromHost();
}
