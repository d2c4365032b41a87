// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalRunner.h"

#include "config/ProjectConfig.h"
#include "config/SecretResolver.h"
#include "probes/FallbackSmokeEvaluation.h"
#include "probes/HttpPlaceholderResolver.h"
#include "probes/HttpRequestBuilder.h"
#include "probes/HttpTargetInput.h"
#include "scan/SecretRedactor.h"
#include "sources/BoundedReply.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStringDecoder>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
/** How long a 429 without Retry-After waits before the retry. */
constexpr qint64 DEFAULT_RETRY_MS = 1000;

using HttpTargetInput::sameOrigin;
using HttpTargetInput::withInput;

/** Retry-After in ms: delta seconds or an HTTP date; nullopt when absent or unreadable. */
std::optional<qint64> retryAfterMs(const QByteArray &header)
{
    if (header.trimmed().isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = header.trimmed().toLongLong(&ok);
    if (ok && seconds >= 0)
        return seconds * 1000;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(header.trimmed()), Qt::RFC2822Date);
    if (at.isValid())
        return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
    return std::nullopt;
}

/** Token and cost usage when the answer reports it (OpenAI, Anthropic and LiteLLM shapes). */
void readUsage(const QByteArray &body, EvalCaseResult &r)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QJsonObject usage = o.value(u"usage"_s).toObject();
    if (usage.contains(u"total_tokens"_s))
        r.tokens = usage.value(u"total_tokens"_s).toInteger();
    else if (usage.contains(u"input_tokens"_s) || usage.contains(u"output_tokens"_s))
        r.tokens = usage.value(u"input_tokens"_s).toInteger() + usage.value(u"output_tokens"_s).toInteger();
    else if (usage.contains(u"prompt_tokens"_s) || usage.contains(u"completion_tokens"_s))
        r.tokens = usage.value(u"prompt_tokens"_s).toInteger() + usage.value(u"completion_tokens"_s).toInteger();
    for (const QJsonValue &v : {usage.value(u"cost_usd"_s), usage.value(u"cost"_s), o.value(u"cost_usd"_s)}) {
        if (v.isDouble() && v.toDouble() >= 0) {
            r.costUsd = v.toDouble();
            break;
        }
    }
}
} // namespace

struct EvalRunner::Slot
{
    int caseIndex = 0;
    int attempt = 1;
    QByteArray body;
    QElapsedTimer elapsed;
    std::unique_ptr<QTimer> deadline;
    bool truncated = false;
    bool timedOut = false;
};

EvalRunner::EvalRunner(QNetworkAccessManager *nam, ProbeContext context, HttpTargetConfig target,
                       QList<EvalCase> cases, Options options, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_target(std::move(target))
    , m_cases(std::move(cases))
    , m_options(options)
{
    m_options.concurrency = qBound(1, m_options.concurrency, 64);
    if (m_options.maxRequests <= 0)
        m_options.maxRequests = std::max(1, int(m_cases.size()) * 3);
    m_options.timeoutMs = qBound(qint64(1), m_options.timeoutMs, qint64(3600) * 1000);
    m_displayUrl = HttpRequestBuilder::displayUrl(QUrl(m_context.expand(m_target.url)));
    // The red-team canary is a secret of the project: an answer that leaks it never keeps it.
    if (m_context.project && m_context.project->redteam && m_context.project->redteam->canary) {
        const std::optional<QString> canary = SecretResolver::resolve(*m_context.project->redteam->canary);
        if (canary && !canary->isEmpty())
            m_projectSecrets.append(*canary);
    }
    m_secrets = m_projectSecrets;
}

EvalRunner::~EvalRunner()
{
    const auto replies = m_inFlight.keys();
    m_inFlight.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QString EvalRunner::stopText(Stop stop)
{
    switch (stop) {
    case Stop::Running:
        return u"running"_s;
    case Stop::Completed:
        return u"complete"_s;
    case Stop::Cancelled:
        return u"cancelled"_s;
    case Stop::RequestBudget:
    case Stop::CostBudget:
        return u"budget"_s;
    case Stop::NotStarted:
        return u"error"_s;
    }
    return {};
}

void EvalRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    QString error;
    if (!FallbackSmokeEvaluation::parseOutput(m_target.output, &error))
        stopWith(Stop::NotStarted, error + u"; fix evals.target.output"_s);
    else if (!m_nam)
        stopWith(Stop::NotStarted, u"no network access in this run"_s);
    else if (m_cases.isEmpty())
        stopWith(Stop::NotStarted, u"the eval set holds no cases"_s);
    // From the event loop, so that the caller can connect first.
    QMetaObject::invokeMethod(this, [this] { fill(); }, Qt::QueuedConnection);
}

void EvalRunner::cancel()
{
    if (m_finished || (m_stop != Stop::Running && m_stop != Stop::RequestBudget && m_stop != Stop::CostBudget))
        return;
    if (m_stop == Stop::Running)
        stopWith(Stop::Cancelled, u"cancelled after %1 of %2 cases"_s.arg(m_results.size()).arg(m_cases.size()));
    // Waiting retries and answers still coming are dropped: those cases did not finish.
    for (QTimer *timer : findChildren<QTimer *>(u"evalRetry"_s, Qt::FindDirectChildrenOnly))
        delete timer;
    m_waiting = 0;
    const auto replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies)
        reply->abort();
    finishIfIdle();
}

void EvalRunner::stopWith(Stop stop, const QString &message)
{
    if (m_stop != Stop::Running)
        return;
    m_stop = stop;
    m_stopMessage = message;
}

void EvalRunner::fill()
{
    while (m_stop == Stop::Running && m_next < m_cases.size()
           && m_inFlight.size() + m_waiting < m_options.concurrency)
        send(m_next++, 1);
    finishIfIdle();
}

void EvalRunner::send(int caseIndex, int attempt)
{
    if (m_requests - m_rateLimited >= m_options.maxRequests) {
        stopWith(Stop::RequestBudget, u"the request budget of %1 was used up after %2 of %3 cases"_s
                                          .arg(m_options.maxRequests).arg(m_results.size()).arg(m_cases.size()));
        return;
    }
    const EvalCase &c = m_cases.at(caseIndex);
    QString url = m_target.url;
    url.replace(HttpTargetInput::PLACEHOLDER, QString::fromLatin1(QUrl::toPercentEncoding(c.input)));
    QVariantMap headers;
    for (auto it = m_target.headers.begin(); it != m_target.headers.end(); ++it)
        headers.insert(it.key(), it.value().isSecret() ? QVariant::fromValue(*it.value().secret) : QVariant(it.value().text));
    const QVariantMap params {{u"url"_s, url},
                              {u"method"_s, m_target.method},
                              {u"headers"_s, headers},
                              {u"body"_s, withInput(m_target.body, c.input)}};
    ProbeContext context = m_context;
    // The environment's headers (often the app's own token) are for the environment's host only.
    if (!sameOrigin(QUrl(m_context.expand(url)), QUrl(m_context.baseUrl)))
        context.headers.clear();
    QString error;
    const std::optional<HttpRequestBuilder::Built> built = HttpRequestBuilder::build(context, params, u"eval case"_s, &error);
    if (!built) {
        stopWith(Stop::NotStarted, error);
        return;
    }
    m_secrets = built->secrets + m_projectSecrets;
    ++m_requests;
    auto slot = std::make_shared<Slot>();
    slot->caseIndex = caseIndex;
    slot->attempt = attempt;
    slot->elapsed.start();
    QNetworkReply *reply = m_nam->sendCustomRequest(built->request, built->method, built->body);
    m_inFlight.insert(reply, slot);
    slot->deadline = std::make_unique<QTimer>();
    slot->deadline->setSingleShot(true);
    connect(slot->deadline.get(), &QTimer::timeout, this, [this, reply, s = slot.get()] {
        if (!m_inFlight.contains(reply))
            return;
        s->timedOut = true;
        reply->abort();
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { handleReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleFinished(reply); });
    slot->deadline->start(int(m_options.timeoutMs));
}

void EvalRunner::handleReadyRead(QNetworkReply *reply)
{
    const std::shared_ptr<Slot> slot = m_inFlight.value(reply);
    if (!slot || slot->truncated)
        return;
    if (!BoundedReply::readInto(reply, slot->body, m_options.maxBodyBytes)) {
        slot->truncated = true;
        reply->abort();
    }
}

void EvalRunner::handleFinished(QNetworkReply *reply)
{
    const std::shared_ptr<Slot> slot = m_inFlight.take(reply);
    reply->deleteLater();
    if (!slot)
        return;
    // Possibly inside the deadline's own timeout signal: never delete it here.
    slot->deadline->stop();
    slot->deadline.release()->deleteLater();
    if (m_stop == Stop::Cancelled) {
        finishIfIdle();
        return;
    }
    if (!slot->truncated && !slot->timedOut)
        handleReadyRead(reply);
    const EvalCase &c = m_cases.at(slot->caseIndex);
    EvalCaseResult r;
    r.caseId = c.id;
    r.position = slot->caseIndex;
    r.attempts = slot->attempt;
    r.latencyMs = slot->elapsed.elapsed();
    r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

    if (!slot->timedOut && !slot->truncated && r.httpStatus == 429) {
        const std::optional<qint64> wait = retryAfterMs(reply->rawHeader("Retry-After"));
        const qint64 delay = wait.value_or(DEFAULT_RETRY_MS);
        if (slot->attempt > m_options.maxRetries) {
            r.error = u"rate limited (429) on all %1 attempts"_s.arg(slot->attempt);
        } else if (delay > m_options.maxRetryAfterMs) {
            r.error = u"rate limited (429) with Retry-After %1 s, longer than the %2 s this run waits"_s
                          .arg(delay / 1000).arg(m_options.maxRetryAfterMs / 1000);
        } else {
            // The slot stays taken while it waits, so the concurrency bound holds.
            ++m_waiting;
            ++m_rateLimited;
            auto *timer = new QTimer(this);
            timer->setObjectName(u"evalRetry"_s);
            timer->setSingleShot(true);
            timer->setTimerType(Qt::PreciseTimer); // never earlier than the server asked
            const int index = slot->caseIndex;
            const int next = slot->attempt + 1;
            connect(timer, &QTimer::timeout, this, [this, timer, index, next] {
                timer->deleteLater();
                --m_waiting;
                if (m_stop == Stop::Running) {
                    send(index, next);
                    if (m_stop != Stop::Running)
                        finishIfIdle();
                } else {
                    finishIfIdle();
                }
            });
            timer->start(int(delay));
            return;
        }
    } else if (slot->timedOut) {
        r.error = u"no complete answer within %1 ms"_s.arg(m_options.timeoutMs);
    } else if (slot->truncated) {
        r.error = u"the answer is larger than %1 KiB; it was cut and not judged"_s.arg(m_options.maxBodyBytes / 1024);
    } else if (r.httpStatus == 0) {
        r.error = SecretRedactor::redact(reply->errorString(), m_secrets);
    } else if (r.httpStatus < 200 || r.httpStatus > 299) {
        r.error = u"answered %1"_s.arg(r.httpStatus);
        const QString body = FallbackSmokeEvaluation::excerpt(QString::fromUtf8(slot->body), m_secrets, 120);
        if (!body.isEmpty())
            r.error += u": "_s + body;
    }
    if (r.error.isEmpty()) {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder(slot->body);
        if (decoder.hasError()) {
            r.error = u"the answer is not valid UTF-8"_s;
            r.output = text; // with replacement characters, for the evidence
        }
    }
    if (r.error.isEmpty()) {
        QString parseError;
        const std::optional<FallbackSmokeEvaluation::OutputPath> path =
            FallbackSmokeEvaluation::parseOutput(m_target.output, &parseError);
        HttpPlaceholderResolver::Response response;
        response.connected = true;
        response.statusCode = r.httpStatus;
        response.responseTimeMs = r.latencyMs;
        response.body = slot->body;
        response.headers = reply->rawHeaderPairs();
        const HttpPlaceholderResolver resolver(response);
        const std::optional<ConditionValue> value = path ? resolver.resolve(path->name, path->path) : std::nullopt;
        if (!value) {
            r.error = u"the answer has nothing at %1"_s.arg(m_target.output.isEmpty() ? u"[BODY]"_s : m_target.output);
        } else {
            r.output = value->kind() == ConditionValue::Kind::Null ? QString() : value->toText();
            readUsage(slot->body, r);
        }
    }
    if (r.error.isEmpty()) {
        const EvalAnswer answer {r.output, r.latencyMs, r.tokens, r.costUsd};
        r.passed = true;
        for (const EvalAssertion &a : c.assertions) {
            const EvalAssertionOutcome o = a.evaluate(answer);
            r.passed = r.passed && o.ok;
            r.assertions.append(o);
        }
    } else {
        for (const EvalAssertion &a : c.assertions)
            r.assertions.append({EvalAssertion::kindName(a.kind), a.expectedText(), false, u"not judged: "_s + r.error});
    }
    complete(*slot, std::move(r));
}

void EvalRunner::complete(Slot &slot, EvalCaseResult result)
{
    Q_UNUSED(slot);
    // Outside text: redacted before anything keeps it, then bounded.
    result.output = SecretRedactor::redact(result.output, m_secrets);
    if (result.output.size() > MAX_STORED_OUTPUT_CHARS)
        result.output = result.output.left(MAX_STORED_OUTPUT_CHARS) + u"…"_s;
    result.error = SecretRedactor::redact(result.error, m_secrets);
    for (EvalAssertionOutcome &o : result.assertions)
        o.detail = SecretRedactor::redact(o.detail, m_secrets);
    if (result.costUsd)
        m_costUsd += *result.costUsd;
    m_results.append(result);
    emit caseFinished(m_results.last());
    emit progressChanged(int(m_results.size()), int(m_cases.size()));
    if (m_options.maxCostUsd > 0 && m_costUsd >= m_options.maxCostUsd)
        stopWith(Stop::CostBudget, u"the cost budget of $%1 was used up ($%2) after %3 of %4 cases"_s
                                       .arg(m_options.maxCostUsd).arg(m_costUsd).arg(m_results.size()).arg(m_cases.size()));
    fill();
}

void EvalRunner::finishIfIdle()
{
    if (m_finished || !m_inFlight.isEmpty() || m_waiting > 0)
        return;
    if (m_stop == Stop::Running && m_next < m_cases.size())
        return;
    if (!m_started)
        return;
    if (m_stop == Stop::Running)
        m_stop = Stop::Completed;
    m_finished = true;
    emit finished();
}
