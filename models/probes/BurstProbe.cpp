// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/BurstProbe.h"

#include "scan/SecretRedactor.h"

#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

BurstProbe::BurstProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    const QVariantMap &params = m_request.spec.params;
    m_observation.maxRequests = qMax(1, params.value(u"max_requests"_s, 1).toInt());
    m_observation.windowMs = qMax<qint64>(1, params.value(u"within"_s, 10000).toLongLong());
    m_observation.expectStatus = params.value(u"expect"_s, DEFAULT_EXPECT).toInt();
    m_observation.method = params.value(u"method"_s, u"GET"_s).toString().toUpper();
    m_timeoutMs = qBound(qint64(1), params.value(u"timeout"_s, DEFAULT_TIMEOUT_MS).toLongLong(), qint64(3600) * 1000);
    // Request i (from 0) goes out no earlier than i * interval: the last one well inside the window.
    m_intervalMs = m_observation.windowMs / m_observation.maxRequests;
    m_pacer.setSingleShot(true);
    // A coarse timer may fire 5 % early, which would squeeze the burst into less than its window.
    m_pacer.setTimerType(Qt::PreciseTimer);
    m_timeout.setSingleShot(true);
    connect(&m_pacer, &QTimer::timeout, this, &BurstProbe::sendNext);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
}

BurstProbe::~BurstProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QString BurstProbe::host() const
{
    return QUrl(m_context.expand(m_request.spec.params.value(u"url"_s).toString())).host();
}

void BurstProbe::start()
{
    if (m_reply || m_finished || m_elapsed.isValid())
        return;
    m_startedAt = QDateTime::currentDateTimeUtc();
    QString error;
    m_built = HttpRequestBuilder::build(m_context, m_request.spec.params, u"rate-limit burst probe"_s, &error);
    if (!m_built) {
        finishWithError(error);
        return;
    }
    m_built->request.setTransferTimeout(static_cast<int>(m_timeoutMs));
    m_observation.displayUrl = m_built->displayUrl;
    m_elapsed.start();
    sendNext();
}

void BurstProbe::sendNext()
{
    if (m_finished || m_cancelled)
        return;
    m_requestElapsed.start();
    m_timedOut = false;
    m_reply = m_nam->sendCustomRequest(m_built->request, m_built->method, m_built->body);
    // The body is not needed: drop it as it comes so that a large answer costs no memory.
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_reply)
            m_reply->skip(m_reply->bytesAvailable());
    });
    connect(m_reply, &QNetworkReply::finished, this, &BurstProbe::handleFinished);
    m_timeout.start(static_cast<int>(m_timeoutMs));
}

void BurstProbe::handleFinished()
{
    if (m_finished || !m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout.stop();
    if (m_cancelled) {
        finishWithError(u"cancelled"_s);
        return;
    }
    BurstEvaluation::Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.latencyMs = m_requestElapsed.elapsed();
    if (answer.status == 0) {
        answer.error = m_timedOut ? u"no answer within %1 ms"_s.arg(m_timeoutMs)
                                  : SecretRedactor::redact(reply->errorString(), m_built->secrets);
    }
    m_observation.answers.append(answer);
    const QJsonObject limits = BurstEvaluation::limitHeaders(reply->rawHeaderPairs());
    if (!limits.isEmpty())
        m_observation.limitHeaders = limits;
    const bool hasRetryAfter = reply->hasRawHeader("Retry-After");
    const BurstEvaluation::Stop stop = BurstEvaluation::stopAfter(answer, m_observation.expectStatus, hasRetryAfter);
    if (hasRetryAfter && stop != BurstEvaluation::Stop::None) {
        const QByteArray value = reply->rawHeader("Retry-After");
        m_observation.retryAfter = QString::fromLatin1(value.left(128));
        m_observation.retryAfterSeconds = BurstEvaluation::parseRetryAfter(value, QDateTime::currentDateTimeUtc());
    }
    if (stop != BurstEvaluation::Stop::None) {
        m_observation.stop = stop;
        finish();
        return;
    }
    const qint64 sent = m_observation.answers.size();
    if (sent >= m_observation.maxRequests) {
        finish();
        return;
    }
    const qint64 now = m_elapsed.elapsed();
    const qint64 dueAt = sent * m_intervalMs;
    if (qMax(now, dueAt) >= m_observation.windowMs) {
        m_observation.windowEnded = true;
        finish();
        return;
    }
    m_pacer.start(static_cast<int>(qMax<qint64>(0, dueAt - now)));
}

void BurstProbe::cancel()
{
    m_cancelled = true;
    m_pacer.stop();
    if (m_reply)
        m_reply->abort();
    else if (!m_finished)
        finishWithError(u"cancelled"_s);
}

void BurstProbe::finish()
{
    m_finished = true;
    m_pacer.stop();
    m_observation.elapsedMs = m_elapsed.elapsed();
    ProbeResult result = BurstEvaluation::evaluate(m_observation, m_request.conditions);
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_observation.elapsedMs;
    if (m_built)
        result.redact(m_built->secrets);
    emit finished(result);
}

void BurstProbe::finishWithError(const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_pacer.stop();
    ProbeResult result = ProbeResult::error(m_request.itemId, message);
    result.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    // Let the caller connect before the result arrives.
    QMetaObject::invokeMethod(this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
}
