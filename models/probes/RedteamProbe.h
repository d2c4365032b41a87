// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/HttpRequestBuilder.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "probes/RedteamEvaluation.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
struct ProjectConfig;

/**
 * The redteam probe kind (sec.prompt-injection, sec.system-prompt-leak, sec.input-sanitized): sends
 * the item's attack set (RedteamAttackSet; by item, or the check's `attacks`) to `redteam.target`,
 * one attack at a time, `{input}` replaced by the attack, and lets RedteamEvaluation judge each
 * answer. A fresh rogue string is made for every run and kept in the evidence.
 *
 * Bounded on every side: `max_requests` (default 40, retries included), `max_cost_usd` (default 1,
 * estimated before each attack from characters / 4 tokens at the price of `models.primary`, or at
 * $10 / $30 per million input / output tokens when it has none), `within` (the run's time budget,
 * default 10 min), `timeout` per request (default redteam.target's, else 30 s), bodies read up to
 * MAX_BODY_BYTES. A 429 is retried at most MAX_RETRIES times after its Retry-After (at most
 * MAX_BACKOFF_MS; 1, 2, 4 … s without one; plus a little jitter); 429 answers cost no tokens and do
 * not count against max_requests, but an attack limited on every attempt stops the run.
 * MAX_UNANSWERED_IN_A_ROW attacks without any HTTP answer stop the run. What was not sent is listed as not-sent; a run that stopped early is never a pass.
 */
class RedteamProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedteamProbe)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 30000;
    static constexpr qint64 DEFAULT_WITHIN_MS = 10 * 60 * 1000;
    static constexpr int DEFAULT_MAX_REQUESTS = 40;
    static constexpr double DEFAULT_MAX_COST_USD = 1.0;
    static constexpr qint64 MAX_BODY_BYTES = 256 * 1024;
    static constexpr qint64 MAX_SYSTEM_PROMPT_BYTES = 256 * 1024;
    static constexpr qint64 MAX_BACKOFF_MS = 30000;
    static constexpr int MAX_RETRIES = 8;
    /** Up to this much is added at random to each wait after a 429, so that runs sharing a limiter drift apart. */
    static constexpr int MAX_JITTER_MS = 500;
    static constexpr int MAX_UNANSWERED_IN_A_ROW = 3;
    /** Output tokens assumed for an attack before its answer is known, for the cost check. */
    static constexpr qint64 ASSUMED_OUTPUT_TOKENS = 500;

    RedteamProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~RedteamProbe() override;

    /** The engine's deadline for a run with these params: the time budget plus one request. */
    static qint64 deadlineFor(const ProjectConfig &project, const QVariantMap &params);

    void start() override;
    void cancel() override;
    QString host() const override;

private:
    void sendCurrent();
    void handleReadyRead();
    void handleFinished();
    void completeCurrent(RedteamEvaluation::Answer answer);
    void stopWith(RedteamEvaluation::Stop stop);
    void finish();
    void finishWithError(const QString &message);
    qint64 estimateNanoUsd(qint64 inputChars, qint64 outputTokens) const;

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    RedteamEvaluation::Run m_run;
    QVariantMap m_targetParams; ///< url, method, headers of redteam.target
    QVariant m_body;            ///< redteam.target's body tree, {input} not yet replaced
    QString m_model;            ///< models.primary, for the cost estimate
    qsizetype m_systemPromptChars = 0;
    qsizetype m_index = 0;      ///< the attack being sent
    int m_attempt = 0;
    int m_unansweredInARow = 0;
    qint64 m_spentNanoUsd = 0;
    qint64 m_maxCostNanoUsd = 0;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    std::optional<HttpRequestBuilder::Built> m_built;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_replyBody;
    bool m_truncated = false;
    bool m_timedOut = false;
    QTimer m_timeout;
    QTimer m_backoff;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_requestElapsed;
    QDateTime m_startedAt;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};
