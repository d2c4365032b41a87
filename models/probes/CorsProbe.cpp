// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CorsProbe.h"

#include "report/ChecklistReport.h"
#include "sources/BoundedReply.h"

#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_HEADER_BYTES = 1024;

QString maskedUrl(const QUrl &url)
{
    return ChecklistReport::redactEvidence({{u"url"_s, url.toString()}}).value(u"url"_s).toString();
}
} // namespace

CorsProbe::CorsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &CorsProbe::handleTimeout);
    const QVariantMap &params = m_request.spec.params;
    m_url = QUrl(m_context.expand(params.value(u"url"_s).toString()));
    m_timeoutMs = qBound(qint64(1), params.value(u"timeout"_s, DEFAULT_TIMEOUT_MS).toLongLong(), qint64(3600) * 1000);
    const QString method = params.value(u"method"_s).toString().toUpper();
    m_preflightMethod = method.isEmpty() ? QByteArray("POST") : method.toLatin1();
    // Only GET, HEAD and POST can be simple (CORS-safelisted) requests; anything else is preflighted only.
    m_simpleMethod = (method == u"HEAD" || method == u"POST") ? method.toLatin1() : QByteArray("GET");
}

CorsProbe::~CorsProbe()
{
    dropReply();
}

QString CorsProbe::host() const
{
    return m_url.host();
}

void CorsProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    m_observation.displayUrl = maskedUrl(m_url);
    m_observation.credentials = m_request.spec.params.value(u"credentials"_s, false).toBool();
    const QStringList allowed = m_request.spec.params.value(u"allowed"_s).toStringList();
    QString problem;
    if (!m_url.isValid() || m_url.host().isEmpty() || (m_url.scheme() != u"http" && m_url.scheme() != u"https"))
        problem = u"the url '%1' is not an http(s) URL; fix it in liftoff.yaml"_s.arg(m_observation.displayUrl);
    else if (allowed.isEmpty())
        problem = u"no allowed origins are configured (cors: allowed: [https://app.example.com])"_s;
    if (!problem.isEmpty()) {
        m_finished = true;
        ProbeResult result = ProbeResult::error(m_request.itemId, problem);
        result.startedAt = m_startedAt;
        // Let the caller connect before the result arrives.
        QMetaObject::invokeMethod(this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
        return;
    }
    for (const CorsEvaluation::Origin &origin : CorsEvaluation::originsToTry(allowed)) {
        m_plan.append({origin, true});
        m_plan.append({origin, false});
    }
    m_observation.planned = int(m_plan.size());
    m_timeout.start(static_cast<int>(m_timeoutMs));
    sendNext();
}

void CorsProbe::sendNext()
{
    if (m_finished)
        return;
    if (m_next >= m_plan.size()) {
        complete();
        return;
    }
    const Planned &planned = m_plan.at(m_next++);
    QNetworkRequest request(m_url);
    // The answer to this very request is what counts, not where it leads.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Liftoff/%1 (release checklist probe)"_s.arg(QStringLiteral(LIFTOFF_VERSION)));
    request.setRawHeader("Origin", planned.origin.origin.toUtf8());
    QByteArray method = m_simpleMethod;
    QByteArray body;
    if (planned.preflight) {
        method = "OPTIONS";
        request.setRawHeader("Access-Control-Request-Method", m_preflightMethod);
        request.setRawHeader("Access-Control-Request-Headers", "content-type");
    } else if (method == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
        body = "{}";
    }
    m_recorded = false;
    m_reply = m_nam->sendCustomRequest(request, method, body);
    m_discarded = 0;
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &CorsProbe::handleMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &CorsProbe::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &CorsProbe::handleFinished);
}

void CorsProbe::handleMetaData()
{
    if (!m_reply || m_recorded || m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() <= 0)
        return;
    record(m_reply);
}

void CorsProbe::handleReadyRead()
{
    if (!m_reply)
        return;
    // Only the headers matter. The body (a chat answer, an error page) is read and dropped so that
    // the reply ends normally; an endless one is cut.
    if (!BoundedReply::discard(m_reply, m_discarded, MAX_DISCARDED_BYTES))
        m_reply->abort();
}

void CorsProbe::handleFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    if (!m_recorded)
        record(reply);
    // Next request from the event loop, not from inside this reply's signal.
    QMetaObject::invokeMethod(this, &CorsProbe::sendNext, Qt::QueuedConnection);
}

void CorsProbe::record(QNetworkReply *reply)
{
    m_recorded = true;
    const Planned &planned = m_plan.at(m_next - 1);
    CorsEvaluation::Exchange e;
    e.origin = planned.origin.origin;
    e.kind = planned.origin.kind;
    e.preflight = planned.preflight;
    e.method = planned.preflight ? u"OPTIONS"_s : QString::fromLatin1(m_simpleMethod);
    e.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (e.status <= 0) {
        e.status = 0;
        e.error = reply->errorString();
    }
    e.allowOrigin = reply->rawHeader("Access-Control-Allow-Origin").trimmed().left(MAX_HEADER_BYTES);
    e.allowCredentials = reply->rawHeader("Access-Control-Allow-Credentials").trimmed().left(MAX_HEADER_BYTES);
    e.vary = reply->rawHeader("Vary").trimmed().left(MAX_HEADER_BYTES);
    m_observation.exchanges.append(e);
}

void CorsProbe::handleTimeout()
{
    if (m_finished)
        return;
    m_observation.incomplete = u"no complete answers within %1 ms"_s.arg(m_timeoutMs);
    dropReply();
    complete();
}

void CorsProbe::complete()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    ProbeResult result = CorsEvaluation::evaluate(m_observation, m_request.conditions);
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_elapsed.elapsed();
    emit finished(result);
}

void CorsProbe::cancel()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    dropReply();
    ProbeResult result = ProbeResult::error(m_request.itemId, u"cancelled"_s);
    result.startedAt = m_startedAt;
    emit finished(result);
}

void CorsProbe::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}
