// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/HttpTargetConfig.h"
#include "evals/EvalCase.h"
#include "evals/EvalCaseResult.h"
#include "probes/ProbeContext.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

/**
 * Replays eval cases against `evals.target`: each case's input replaces `{input}` in the body (and,
 * percent-encoded, in the URL), the answer text is read at `output`, and the case's assertions
 * judge it. At most `concurrency` requests are in flight; each has a deadline and a bounded body;
 * a 429 is retried after its Retry-After (bounded); a request budget and a cost budget stop the
 * run before it overspends. cancel() starts nothing new and drops what is in flight: every
 * caseFinished() that was emitted stands. Asynchronous on the owning thread's event loop.
 */
class EvalRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalRunner)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 30000;
    static constexpr qint64 MAX_BODY_BYTES = 256 * 1024;
    static constexpr qsizetype MAX_STORED_OUTPUT_CHARS = 4000;

    struct Options
    {
        int concurrency = 4;
        qint64 timeoutMs = DEFAULT_TIMEOUT_MS; ///< per request, the whole answer included
        qint64 maxBodyBytes = MAX_BODY_BYTES;
        int maxRequests = 0;     ///< requests sent, 429 answers not counted; 0: three per case
        double maxCostUsd = 0;   ///< 0: no cost budget
        int maxRetries = 8;      ///< 429 retries per case (a shared app limiter may refuse several in a row)
        qint64 maxRetryAfterMs = 30000; ///< a longer Retry-After fails the case instead of waiting
    };

    enum class Stop { Running, Completed, Cancelled, RequestBudget, CostBudget, NotStarted };

    EvalRunner(QNetworkAccessManager *nam, ProbeContext context, HttpTargetConfig target, QList<EvalCase> cases,
               Options options, QObject *parent = nullptr);
    ~EvalRunner() override;

    void start();
    void cancel();

    Stop stop() const { return m_stop; }
    /** Why the run stopped early or did not start; empty when it completed. */
    QString stopMessage() const { return m_stopMessage; }
    static QString stopText(Stop stop);
    int requestsSent() const { return m_requests; }
    double costUsd() const { return m_costUsd; }
    int total() const { return int(m_cases.size()); }
    const QList<EvalCaseResult> &results() const { return m_results; }
    /** The target URL with secrets masked. */
    QString displayUrl() const { return m_displayUrl; }

signals:
    void caseFinished(const EvalCaseResult &result);
    void progressChanged(int done, int total);
    void finished();

private:
    struct Slot;
    void fill();
    void send(int caseIndex, int attempt);
    void handleReadyRead(QNetworkReply *reply);
    void handleFinished(QNetworkReply *reply);
    void complete(Slot &slot, EvalCaseResult result);
    void stopWith(Stop stop, const QString &message);
    void finishIfIdle();

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    HttpTargetConfig m_target;
    QList<EvalCase> m_cases;
    Options m_options;
    QList<EvalCaseResult> m_results;
    QHash<QNetworkReply *, std::shared_ptr<Slot>> m_inFlight;
    int m_waiting = 0;  ///< retries waiting for their Retry-After
    int m_next = 0;
    int m_requests = 0;
    int m_rateLimited = 0; ///< 429 answers that were retried: refused by the app, so no spend
    double m_costUsd = 0;
    Stop m_stop = Stop::Running;
    QString m_stopMessage;
    QString m_displayUrl;
    QStringList m_secrets;        ///< resolved header values and m_projectSecrets: redacted from all kept text
    QStringList m_projectSecrets; ///< the redteam canary
    bool m_started = false;
    bool m_finished = false;
};
