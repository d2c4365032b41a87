// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QUrl>

class QSslSocket;

/**
 * An HTTPS server on 127.0.0.1 for tls probe tests (QSslServer): presents a configured
 * certificate chain and key, and answers every request 200 with an optional
 * Strict-Transport-Security header, then closes the connection.
 */
class LocalHttpsServer final : public QObject
{
    Q_OBJECT

public:
    explicit LocalHttpsServer(QObject *parent = nullptr);

    /** Certificate (leaf first, then any intermediates to send) and key; false when a file is unusable. */
    bool setIdentity(const QList<QSslCertificate> &chain, const QSslKey &key);
    /** Restricts the protocol versions the server speaks. */
    void setProtocol(QSsl::SslProtocol protocol) { m_protocol = protocol; }
    /** The Strict-Transport-Security value to send; empty sends none. */
    void setHsts(const QByteArray &value) { m_hsts = value; }
    bool start();
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;
    int handshakes() const { return m_handshakes; }

private:
    void handlePending();
    void handleReadyRead(QSslSocket *socket);

    QSslServer m_server;
    QList<QSslCertificate> m_chain;
    QSslKey m_key;
    QSsl::SslProtocol m_protocol = QSsl::SecureProtocols;
    QByteArray m_hsts;
    QHash<QSslSocket *, QByteArray> m_buffers;
    int m_handshakes = 0;
};
