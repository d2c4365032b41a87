// SPDX-License-Identifier: GPL-3.0-or-later
#include "LocalHttpsServer.h"

#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

LocalHttpsServer::LocalHttpsServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, &LocalHttpsServer::handlePending);
}

bool LocalHttpsServer::setIdentity(const QList<QSslCertificate> &chain, const QSslKey &key)
{
    if (chain.isEmpty() || chain.first().isNull() || key.isNull())
        return false;
    m_chain = chain;
    m_key = key;
    return true;
}

bool LocalHttpsServer::start()
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(m_chain);
    config.setPrivateKey(m_key);
    config.setProtocol(m_protocol);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server.setSslConfiguration(config);
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl LocalHttpsServer::url() const
{
    return QUrl(u"https://127.0.0.1:%1/"_s.arg(port()));
}

void LocalHttpsServer::handlePending()
{
    while (m_server.hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection());
        if (!socket)
            continue;
        ++m_handshakes;
        connect(socket, &QSslSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
        connect(socket, &QSslSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            handleReadyRead(socket);
    }
}

void LocalHttpsServer::handleReadyRead(QSslSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    if (!buffer.contains("\r\n\r\n"))
        return;
    QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n";
    if (!m_hsts.isEmpty())
        answer += "Strict-Transport-Security: " + m_hsts + "\r\n";
    answer += "\r\nok";
    socket->write(answer);
    socket->disconnectFromHost();
}
