// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/**
 * A plain-HTTP server on 127.0.0.1 for tls probe tests: answers every request with a configured
 * status and Location (a redirect to https://, or 200 with a small body), then closes.
 */
class PlainRedirectServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit PlainRedirectServer(QObject *parent = nullptr);

    /** What every request gets: e.g. 301 and "https://127.0.0.1:8443/", or 200 and no location. */
    void setAnswer(int status, const QByteArray &location);
    bool start();
    QUrl url() const;

private:
    void handleConnection();
    void handleReadyRead(QTcpSocket *socket);

    int m_status = 200;
    QByteArray m_location;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};
