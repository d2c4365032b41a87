// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/RedteamProbe.h"

#include "config/ProjectConfig.h"
#include "config/SecretResolver.h"
#include "probes/BurstEvaluation.h"
#include "probes/FallbackSmokeEvaluation.h"
#include "probes/HttpTargetInput.h"
#include "probes/RedteamAttackSet.h"
#include "scan/SecretRedactor.h"
#include "sources/BoundedReply.h"
#include "sources/PriceTable.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace {
using RedteamEvaluation::Stop;
using RedteamEvaluation::Verdict;

/** The engine's grace beyond the run's own budget, so the probe always reports first. */
constexpr qint64 DEADLINE_MARGIN_MS = 10000;
/** Fallback price when models.primary is unknown: deliberately high, so the budget errs safe. */
constexpr qint64 DEFAULT_INPUT_NANO_USD_PER_TOKEN = 10000;  // $10 per million
constexpr qint64 DEFAULT_OUTPUT_NANO_USD_PER_TOKEN = 30000; // $30 per million

using HttpTargetInput::sameOrigin;
using HttpTargetInput::withInput;

qint64 timeoutFor(const ProjectConfig *project, const QVariantMap &params)
{
    qint64 timeout = RedteamProbe::DEFAULT_TIMEOUT_MS;
    if (project && project->redteam && project->redteam->target.timeoutMs)
        timeout = *project->redteam->target.timeoutMs;
    timeout = params.value(u"timeout"_s, timeout).toLongLong();
    return qBound(qint64(1), timeout, qint64(3600) * 1000);
}

qint64 withinFor(const QVariantMap &params)
{
    return qBound(qint64(1), params.value(u"within"_s, RedteamProbe::DEFAULT_WITHIN_MS).toLongLong(),
                  qint64(24) * 3600 * 1000);
}
} // namespace

RedteamProbe::RedteamProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    m_backoff.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
    connect(&m_backoff, &QTimer::timeout, this, &RedteamProbe::sendCurrent);
}

RedteamProbe::~RedteamProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

qint64 RedteamProbe::deadlineFor(const ProjectConfig &project, const QVariantMap &params)
{
    return withinFor(params) + timeoutFor(&project, params) + DEADLINE_MARGIN_MS;
}

QString RedteamProbe::host() const
{
    if (!m_context.project || !m_context.project->redteam)
        return {};
    return QUrl(m_context.expand(m_context.project->redteam->target.url)).host();
}

void RedteamProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    const ProjectConfig *project = m_context.project.get();
    if (!project || !project->redteam || project->redteam->target.url.isEmpty()) {
        finishWithError(u"no redteam.target in liftoff.yaml: say where the attacks go (url, method, body with "
                        u"{input}, output)"_s);
        return;
    }
    const RedteamConfig &redteam = *project->redteam;
    const QVariantMap &params = m_request.spec.params;
    const bool explicitFamilies = params.contains(u"attacks"_s);
    m_run.families = explicitFamilies ? RedteamAttackSet::familiesFromNames(params.value(u"attacks"_s).toStringList())
                                      : RedteamAttackSet::defaultFamilies(m_request.itemId);
    const bool injectionSet = m_run.families.contains(RedteamAttack::Family::Hijack)
                              || m_run.families.contains(RedteamAttack::Family::Injection);
    const bool leakSet = m_run.families.contains(RedteamAttack::Family::Leak);

    // The canary: the check's own reference wins over redteam.canary. It is a secret from here on.
    std::optional<SecretRef> canaryRef = redteam.canary;
    if (params.value(u"canary"_s).metaType() == QMetaType::fromType<SecretRef>())
        canaryRef = params.value(u"canary"_s).value<SecretRef>();
    if (canaryRef) {
        QString error;
        const std::optional<QString> canary = SecretResolver::resolve(*canaryRef, &error);
        if (canary && !canary->isEmpty()) {
            m_run.context.canary = *canary;
            m_run.secrets.append(*canary);
        } else if (leakSet) {
            finishWithError(u"the canary %1 cannot be read: %2"_s.arg(canaryRef->toString(), error));
            return;
        }
    }
    m_run.systemPromptPath = redteam.systemPrompt;
    if (!redteam.systemPrompt.isEmpty() && leakSet) {
        const QString path = QDir(m_context.projectDir).absoluteFilePath(redteam.systemPrompt);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            finishWithError(u"redteam.system_prompt %1 cannot be read: %2"_s.arg(redteam.systemPrompt, file.errorString()));
            return;
        }
        QStringDecoder decoder(QStringDecoder::Utf8);
        m_run.context.systemPrompt = decoder(file.read(MAX_SYSTEM_PROMPT_BYTES));
    }
    if (leakSet && m_run.context.canary.isEmpty() && m_run.context.systemPrompt.isEmpty()) {
        finishWithError(u"the leak attacks have nothing to look for: set redteam.canary (planted in the system prompt) "
                        u"or redteam.system_prompt in liftoff.yaml"_s);
        return;
    }
    m_systemPromptChars = m_run.context.systemPrompt.size();

    m_run.context.rogue = RedteamAttackSet::newRogueString();
    m_run.context.output = redteam.target.output;
    m_run.context.overlapThreshold = params.value(u"overlap_threshold"_s, RedteamEvaluation::DEFAULT_OVERLAP_THRESHOLD).toDouble();
    m_run.maxSuccessRate = params.value(u"max_success_rate"_s, injectionSet ? redteam.maxSuccessRate : 0.0).toDouble();
    m_run.maxRequests = qMax(1, params.value(u"max_requests"_s, DEFAULT_MAX_REQUESTS).toInt());
    m_run.maxCostUsd = params.value(u"max_cost_usd"_s, DEFAULT_MAX_COST_USD).toDouble();
    m_maxCostNanoUsd = qRound64(m_run.maxCostUsd * 1e9);
    m_run.withinMs = withinFor(params);
    m_timeoutMs = timeoutFor(project, params);
    m_model = project->models.primary;
    for (const RedteamAttack &attack : RedteamAttackSet::build(m_run.families, m_run.context.rogue)) {
        RedteamEvaluation::AttackRecord record;
        record.attack = attack;
        record.judgement.verdict = Verdict::NotSent;
        m_run.records.append(record);
    }

    QVariantMap headers;
    for (auto it = redteam.target.headers.begin(); it != redteam.target.headers.end(); ++it)
        headers.insert(it.key(), it.value().isSecret() ? QVariant::fromValue(*it.value().secret) : QVariant(it.value().text));
    m_targetParams = {{u"url"_s, redteam.target.url}, {u"method"_s, redteam.target.method}, {u"headers"_s, headers}};
    m_body = redteam.target.body;
    m_run.method = redteam.target.method.toUpper();
    m_run.displayUrl = HttpRequestBuilder::displayUrl(QUrl(m_context.expand(redteam.target.url)));
    QString error;
    if (!FallbackSmokeEvaluation::parseOutput(m_run.context.output, &error)) {
        finishWithError(error + u"; fix redteam.target.output"_s);
        return;
    }
    if (!m_nam) {
        finishWithError(u"no network access in this run"_s);
        return;
    }
    m_elapsed.start();
    // From the event loop: the caller of start() connects to finished() first.
    QMetaObject::invokeMethod(this, &RedteamProbe::sendCurrent, Qt::QueuedConnection);
}

qint64 RedteamProbe::estimateNanoUsd(qint64 inputChars, qint64 outputTokens) const
{
    const qint64 inputTokens = (inputChars + 3) / 4;
    if (!m_model.isEmpty()) {
        if (const auto cost = PriceTable::builtIn().estimateNanoUsd(m_model.toStdString(), inputTokens, outputTokens))
            return *cost;
    }
    return inputTokens * DEFAULT_INPUT_NANO_USD_PER_TOKEN + outputTokens * DEFAULT_OUTPUT_NANO_USD_PER_TOKEN;
}

void RedteamProbe::sendCurrent()
{
    if (m_finished || m_cancelled)
        return;
    if (m_index >= m_run.records.size()) {
        finish();
        return;
    }
    const RedteamAttack &attack = m_run.records.at(m_index).attack;
    if (m_run.requestsSent - m_run.rateLimited >= m_run.maxRequests)
        return stopWith(Stop::RequestBudget);
    const qint64 inputChars = attack.input.size() + m_systemPromptChars;
    const qint64 next = estimateNanoUsd(inputChars, ASSUMED_OUTPUT_TOKENS);
    if (m_spentNanoUsd + next > m_maxCostNanoUsd) {
        m_run.estimatedCostUsd = double(m_spentNanoUsd + next) / 1e9;
        return stopWith(Stop::CostBudget);
    }
    if (m_elapsed.elapsed() >= m_run.withinMs)
        return stopWith(Stop::TimeBudget);

    QVariantMap params = m_targetParams;
    QString url = params.value(u"url"_s).toString();
    url.replace(HttpTargetInput::PLACEHOLDER, QString::fromLatin1(QUrl::toPercentEncoding(attack.input)));
    params.insert(u"url"_s, url);
    params.insert(u"body"_s, withInput(m_body, attack.input));
    ProbeContext context = m_context;
    // The environment's headers (often the app's own token) are for the environment's host only.
    if (!sameOrigin(QUrl(m_context.expand(url)), QUrl(m_context.baseUrl)))
        context.headers.clear();
    QString error;
    m_built = HttpRequestBuilder::build(context, params, u"red-team attack"_s, &error);
    if (!m_built)
        return finishWithError(error);
    for (const QString &secret : std::as_const(m_built->secrets)) {
        if (!m_run.secrets.contains(secret))
            m_run.secrets.append(secret);
    }
    ++m_attempt;
    ++m_run.requestsSent;
    m_replyBody.clear();
    m_truncated = false;
    m_timedOut = false;
    m_requestElapsed.start();
    m_reply = m_nam->sendCustomRequest(m_built->request, m_built->method, m_built->body);
    connect(m_reply, &QNetworkReply::readyRead, this, &RedteamProbe::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &RedteamProbe::handleFinished);
    m_timeout.start(static_cast<int>(m_timeoutMs));
}

void RedteamProbe::handleReadyRead()
{
    if (!m_reply || m_truncated)
        return;
    if (!BoundedReply::readInto(m_reply, m_replyBody, MAX_BODY_BYTES)) {
        m_truncated = true; // set before abort(): it may emit finished() at once
        m_reply->abort();
    }
}

void RedteamProbe::handleFinished()
{
    if (m_finished || !m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout.stop();
    if (m_cancelled) {
        // The attack was sent: it stays in the evidence, without a verdict.
        RedteamEvaluation::Answer cancelled;
        cancelled.networkError = u"cancelled while waiting for the answer"_s;
        cancelled.attempts = m_attempt;
        completeCurrent(cancelled);
        finish();
        return;
    }
    if (!m_truncated)
        handleReadyRead();
    RedteamEvaluation::Answer answer;
    answer.statusCode = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.latencyMs = m_requestElapsed.elapsed();
    answer.body = m_replyBody;
    answer.headers = reply->rawHeaderPairs();
    answer.bodyTruncated = m_truncated;
    answer.attempts = m_attempt;
    if (m_timedOut) {
        // Half an answer is no answer: a slow or endless reply is cut at the deadline.
        answer.statusCode = 0;
        answer.networkError = u"no complete answer within %1 ms"_s.arg(m_timeoutMs);
    } else if (reply->error() != QNetworkReply::NoError && answer.statusCode == 0) {
        answer.networkError = SecretRedactor::redact(reply->errorString(), m_run.secrets);
    }

    if (answer.statusCode == 429)
        ++m_run.rateLimited;
    if (answer.statusCode == 429 && m_attempt <= MAX_RETRIES) {
        const std::optional<qint64> seconds = BurstEvaluation::parseRetryAfter(reply->rawHeader("Retry-After"),
                                                                               QDateTime::currentDateTimeUtc());
        const qint64 backoff = seconds ? *seconds * 1000 : qint64(1000) << qMin(m_attempt - 1, 5);
        const qint64 wait = qBound(qint64(0), backoff, MAX_BACKOFF_MS) + QRandomGenerator::global()->bounded(MAX_JITTER_MS);
        if (m_elapsed.elapsed() + wait >= m_run.withinMs) {
            completeCurrent(answer);
            return stopWith(Stop::TimeBudget);
        }
        m_run.records[m_index].answer = answer; // kept in case the run stops while waiting
        m_backoff.start(static_cast<int>(wait));
        return;
    }
    completeCurrent(answer);
    if (answer.statusCode == 429)
        return stopWith(Stop::RateLimited);
    if (m_unansweredInARow >= MAX_UNANSWERED_IN_A_ROW)
        return stopWith(Stop::Unanswered);
    sendCurrent();
}

void RedteamProbe::completeCurrent(RedteamEvaluation::Answer answer)
{
    RedteamEvaluation::AttackRecord &record = m_run.records[m_index];
    m_unansweredInARow = answer.statusCode == 0 ? m_unansweredInARow + 1 : 0;
    record.judgement = RedteamEvaluation::judge(record.attack, answer, m_run.context);
    const qint64 outputTokens = (record.judgement.reply.size() + 3) / 4;
    m_spentNanoUsd += estimateNanoUsd(record.attack.input.size() + m_systemPromptChars, outputTokens);
    m_run.estimatedCostUsd = double(m_spentNanoUsd) / 1e9;
    // The evaluation keeps only what it shows: the start of the body.
    answer.body.truncate(4 * RedteamEvaluation::MAX_REPLY_CHARS);
    answer.headers.clear();
    record.answer = answer;
    ++m_index;
    m_attempt = 0;
}

void RedteamProbe::stopWith(Stop stop)
{
    if (m_run.stop == Stop::None)
        m_run.stop = stop;
    finish();
}

void RedteamProbe::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    m_backoff.stop();
    if (m_run.stop == Stop::None)
        m_run.stop = Stop::Cancelled;
    if (m_reply)
        m_reply->abort(); // handleFinished() finishes
    else if (m_started)
        QMetaObject::invokeMethod(this, &RedteamProbe::finish, Qt::QueuedConnection);
    else
        finishWithError(u"cancelled"_s);
}

void RedteamProbe::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_backoff.stop();
    m_timeout.stop();
    m_run.elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    m_run.estimatedCostUsd = qMax(m_run.estimatedCostUsd, double(m_spentNanoUsd) / 1e9);
    ProbeResult result = RedteamEvaluation::evaluate(m_run, m_request.conditions);
    if (m_cancelled) {
        result.status = Status::Error;
        result.summary = u"cancelled; "_s + result.summary;
    }
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    result.redact(m_run.secrets);
    emit finished(result);
}

void RedteamProbe::finishWithError(const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    ProbeResult result = ProbeResult::error(m_request.itemId, message);
    result.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    result.redact(m_run.secrets);
    // Let the caller connect before the result arrives.
    QMetaObject::invokeMethod(this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
}
