// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;

/**
 * The http probe (infra.health, infra.hosting, mon.dashboard, qa.timeout-handling): one request
 * with any method, headers whose secret references are resolved at run time, an optional body and
 * redirect policy; the body read is bounded. Conditions are evaluated against the answer; without
 * conditions the default is status 200 and, for a health body, a passing status.
 */
class HttpProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpProbe)

public:
    static constexpr qint64 DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 10000;

    HttpProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~HttpProbe() override;

    void start() override;
    void cancel() override;
    QString host() const override;

private:
    void handleReadyRead();
    void handleFinished();
    void finishWithError(const QString &message);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    QDateTime m_startedAt;
    QByteArray m_body;
    qint64 m_maxBody = DEFAULT_MAX_BODY_BYTES;
    bool m_truncated = false;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_finished = false;
    QStringList m_secrets;
    QUrl m_url;
};
