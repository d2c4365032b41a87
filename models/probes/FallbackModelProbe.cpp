// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/FallbackModelProbe.h"

#include "config/ProjectConfig.h"
#include "probes/HttpTargetInput.h"
#include "probes/ModelsCheck.h"
#include "scan/SecretRedactor.h"
#include "sources/BoundedReply.h"

#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace {

using HttpTargetInput::sameOrigin;
using HttpTargetInput::withInput;
} // namespace

FallbackModelProbe::FallbackModelProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request,
                                       QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
}

FallbackModelProbe::~FallbackModelProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

bool FallbackModelProbe::appliesTo(const ProbeContext &context, const ProbeRequest &request)
{
    return request.itemId == QLatin1StringView(ModelsCheck::FALLBACK_ITEM) && context.project
        && context.project->models.fallbackProbe && request.spec.params.value(u"smoke"_s, true).toBool();
}

QString FallbackModelProbe::host() const
{
    if (!m_context.project || !m_context.project->models.fallbackProbe)
        return {};
    return QUrl(m_context.expand(m_context.project->models.fallbackProbe->url)).host();
}

void FallbackModelProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    if (!m_context.project || !m_context.project->models.fallbackProbe) {
        finishLater(FallbackSmokeEvaluation::notSent({}, {}, u"no models.fallback_probe in liftoff.yaml"_s));
        return;
    }
    const HttpTargetConfig &target = *m_context.project->models.fallbackProbe;
    const QString input = QString::fromUtf8(SMOKE_INPUT);
    QString url = target.url;
    url.replace(HttpTargetInput::PLACEHOLDER, QString::fromLatin1(QUrl::toPercentEncoding(input)));
    const QString displayUrl = HttpRequestBuilder::displayUrl(QUrl(m_context.expand(url)));
    QString error;
    if (!FallbackSmokeEvaluation::parseOutput(target.output, &error)) {
        finishLater(FallbackSmokeEvaluation::notSent(target.method, displayUrl, error + u"; fix models.fallback_probe"_s));
        return;
    }
    QVariantMap headers;
    for (auto it = target.headers.begin(); it != target.headers.end(); ++it)
        headers.insert(it.key(), it.value().isSecret() ? QVariant::fromValue(*it.value().secret) : QVariant(it.value().text));
    const QVariantMap params {{u"url"_s, url},
                              {u"method"_s, target.method},
                              {u"headers"_s, headers},
                              {u"body"_s, withInput(target.body, input)}};
    ProbeContext context = m_context;
    // The environment's headers (often the app's own token) are for the environment's host only.
    if (!sameOrigin(QUrl(m_context.expand(url)), QUrl(m_context.baseUrl)))
        context.headers.clear();
    m_built = HttpRequestBuilder::build(context, params, u"fallback model smoke test"_s, &error);
    if (!m_built) {
        finishLater(FallbackSmokeEvaluation::notSent(target.method, displayUrl, error));
        return;
    }
    if (!m_nam) {
        finishLater(FallbackSmokeEvaluation::notSent(target.method, displayUrl, u"no network access in this run"_s));
        return;
    }
    m_timeoutMs = qBound(qint64(1), target.timeoutMs.value_or(DEFAULT_TIMEOUT_MS), qint64(3600) * 1000);
    m_elapsed.start();
    m_reply = m_nam->sendCustomRequest(m_built->request, m_built->method, m_built->body);
    connect(m_reply, &QNetworkReply::readyRead, this, &FallbackModelProbe::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &FallbackModelProbe::handleFinished);
    m_timeout.start(static_cast<int>(m_timeoutMs));
}

void FallbackModelProbe::handleReadyRead()
{
    if (!m_reply)
        return;
    if (!BoundedReply::readInto(m_reply, m_body, MAX_BODY_BYTES)) {
        m_truncated = true;
        m_reply->abort();
    }
}

void FallbackModelProbe::cancel()
{
    m_cancelled = true;
    if (m_reply)
        m_reply->abort();
}

void FallbackModelProbe::handleFinished()
{
    if (m_finished || !m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout.stop();
    if (m_cancelled) {
        m_finished = true;
        emit finished(ProbeResult::error(m_request.itemId, u"cancelled"_s));
        return;
    }
    if (!m_truncated)
        handleReadyRead();

    FallbackSmokeEvaluation::Observation o;
    o.method = QString::fromLatin1(m_built->method);
    o.displayUrl = m_built->displayUrl;
    o.output = m_context.project->models.fallbackProbe->output;
    o.statusCode = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    o.latencyMs = m_elapsed.elapsed();
    o.body = m_body;
    o.headers = reply->rawHeaderPairs();
    o.bodyTruncated = m_truncated;
    o.secrets = m_built->secrets;
    const QNetworkReply::NetworkError error = reply->error();
    if (m_timedOut) {
        // Half an answer is no answer: the fallback must answer within the deadline.
        o.statusCode = 0;
        o.networkError = u"no complete answer within %1 ms"_s.arg(m_timeoutMs);
    } else if (error != QNetworkReply::NoError && o.statusCode == 0) {
        o.networkError = SecretRedactor::redact(reply->errorString(), m_built->secrets);
    }
    finish(FallbackSmokeEvaluation::evaluate(o));
}

void FallbackModelProbe::finishLater(const FallbackSmokeEvaluation::Outcome &smoke)
{
    QMetaObject::invokeMethod(this, [this, smoke] { finish(smoke); }, Qt::QueuedConnection);
}

void FallbackModelProbe::finish(const FallbackSmokeEvaluation::Outcome &smoke)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_cancelled) {
        emit finished(ProbeResult::error(m_request.itemId, u"cancelled"_s));
        return;
    }
    const ModelsConfig models = m_context.project ? m_context.project->models : ModelsConfig {};
    ProbeResult result = ModelsCheck::evaluateFallback(models, &smoke);
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    if (m_built)
        result.redact(m_built->secrets);
    emit finished(result);
}
