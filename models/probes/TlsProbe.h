// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "probes/TlsEvaluation.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QSslSocket>
#include <QTimer>

class QNetworkAccessManager;

/**
 * The tls probe (infra.https): a TLS handshake with the URL's host and port (443 by default)
 * through QSslSocket, recording the negotiated protocol, the whole peer chain and every error the
 * TLS stack reports (by name, each recorded before the handshake is let through so the chain can
 * be inspected); an HTTPS GET on that connection for Strict-Transport-Security; then a plain
 * http:// GET (port 80, or the `http_url` param) that must redirect to https://. An optional
 * `ca_file` (PEM, relative to the config's folder) adds private CAs. Each step is bounded by
 * `timeout` (default 10 s). TlsEvaluation decides the result.
 */
class TlsProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsProbe)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 10000;
    static constexpr qsizetype MAX_HEAD_BYTES = 32 * 1024;
    static constexpr qint64 MAX_CA_FILE_BYTES = 1024 * 1024;
    static constexpr qint64 MAX_DISCARDED_BYTES = 64 * 1024;

    TlsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~TlsProbe() override;

    void start() override;
    void cancel() override;
    QString host() const override;

private:
    enum class Step { Idle, Tls, Http, Done };

    void startTls();
    void handleSslErrors(const QList<QSslError> &errors);
    void handleEncrypted();
    void handleTlsReadyRead();
    void handleTlsError();
    void finishTls(const QString &error);
    void startHttp();
    void handleHttpMetaData();
    void handleHttpReadyRead();
    void handleHttpFinished();
    void handleTimeout();
    void complete();
    void finishLater(const ProbeResult &result);
    void dropSocket();
    void dropReply();

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    QUrl m_url;
    QUrl m_httpUrl;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    QList<QSslCertificate> m_extraCas;
    QSslSocket *m_socket = nullptr;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    QDateTime m_startedAt;
    QByteArray m_head;
    TlsEvaluation::Observation m_observation;
    Step m_step = Step::Idle;
    bool m_httpHeadSeen = false;
    qint64 m_httpDiscarded = 0;
};
