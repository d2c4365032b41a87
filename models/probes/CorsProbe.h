// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/CorsEvaluation.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;

/**
 * The cors probe (infra.cors): for each configured allowed origin, a foreign origin, `null` and
 * look-alikes of the allowed origins, sends a preflight (OPTIONS with Access-Control-Request-Method
 * = `method`, default POST, and -Headers: content-type) and a simple request (GET, or `method`
 * when that is GET, HEAD or POST), one request at a time, all within `timeout` (default 10 s).
 * Only the answer's headers are used (bodies are read and dropped, at most 64 KiB); redirects are
 * not followed; no environment headers or credentials are sent. CorsEvaluation decides.
 */
class CorsProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CorsProbe)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 10000;
    static constexpr qint64 MAX_DISCARDED_BYTES = 64 * 1024;

    CorsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~CorsProbe() override;

    void start() override;
    void cancel() override;
    QString host() const override;

private:
    struct Planned
    {
        CorsEvaluation::Origin origin;
        bool preflight = false;
    };

    void sendNext();
    void handleMetaData();
    void handleReadyRead();
    void handleFinished();
    void handleTimeout();
    void record(QNetworkReply *reply);
    void complete();
    void dropReply();

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    QUrl m_url;
    QByteArray m_preflightMethod;
    QByteArray m_simpleMethod;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    QList<Planned> m_plan;
    qsizetype m_next = 0;
    QPointer<QNetworkReply> m_reply;
    bool m_recorded = false;
    qint64 m_discarded = 0;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    QDateTime m_startedAt;
    CorsEvaluation::Observation m_observation;
    bool m_started = false;
    bool m_finished = false;
};
