// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/FallbackSmokeEvaluation.h"
#include "probes/HttpRequestBuilder.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <optional>

class QNetworkAccessManager;

/**
 * api.fallback-model with `models.fallback_probe`: the pinning verdict of ModelsCheck plus one
 * asynchronous call to the fallback endpoint (url, method, headers with secret references, body;
 * `{url}`, `{version}` and `{input}`, a fixed short smoke prompt, are replaced). The call has a
 * deadline (`timeout`, default 30 s), a bounded body and follows no redirect; FallbackSmokeEvaluation
 * decides it. The environment's headers go along only when the URL is on the environment's origin,
 * so an app token never reaches a provider's host.
 */
class FallbackModelProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FallbackModelProbe)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 30000;
    static constexpr qint64 MAX_BODY_BYTES = 256 * 1024;
    /** What `{input}` becomes: short, harmless, and answerable by any chat model. */
    static constexpr const char *SMOKE_INPUT = "Hello! This is a one-call smoke test from Liftoff. A short reply is enough.";

    FallbackModelProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~FallbackModelProbe() override;

    /** True when the request is api.fallback-model, a fallback_probe is configured and `smoke` is not false. */
    static bool appliesTo(const ProbeContext &context, const ProbeRequest &request);

    void start() override;
    void cancel() override;
    QString host() const override;

private:
    void handleReadyRead();
    void handleFinished();
    void finish(const FallbackSmokeEvaluation::Outcome &smoke);
    /** Finishes from the event loop, so that the caller of start() can connect first. */
    void finishLater(const FallbackSmokeEvaluation::Outcome &smoke);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    std::optional<HttpRequestBuilder::Built> m_built;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    QDateTime m_startedAt;
    QByteArray m_body;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    bool m_truncated = false;
    bool m_timedOut = false;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};
