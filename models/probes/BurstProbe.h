// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/BurstEvaluation.h"
#include "probes/HttpRequestBuilder.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;

/**
 * The burst probe (cost.rate-limiting): sends at most `max_requests` requests, one at a time and
 * paced evenly over the `within` window (back to back when answers are slower than the pace), and
 * never starts one after the window closed. It stops at the first expected status (default 429),
 * at a 503, at any answer carrying Retry-After (which it honours by sending nothing more) and at a
 * request without answer. The verdict is BurstEvaluation's.
 */
class BurstProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BurstProbe)

public:
    static constexpr int DEFAULT_EXPECT = 429;
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 10000;

    BurstProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~BurstProbe() override;

    void start() override;
    void cancel() override;
    QString host() const override;

private:
    void sendNext();
    void handleFinished();
    void finish();
    void finishWithError(const QString &message);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    std::optional<HttpRequestBuilder::Built> m_built;
    QPointer<QNetworkReply> m_reply;
    QTimer m_pacer;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_requestElapsed;
    QDateTime m_startedAt;
    BurstEvaluation::Observation m_observation;
    qint64 m_intervalMs = 0;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_finished = false;
};
