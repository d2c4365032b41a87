// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/HttpProbe.h"

#include "config/SecretRef.h"
#include "config/SecretResolver.h"
#include "probes/HttpEvaluation.h"
#include "report/ChecklistReport.h"
#include "sources/BoundedReply.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
/** A header value from the config: text, or a secret reference resolved now. */
std::optional<QString> headerValue(const QVariant &value, QString *error, QStringList *secrets)
{
    if (value.metaType() == QMetaType::fromType<SecretRef>()) {
        const auto resolved = SecretResolver::resolve(value.value<SecretRef>(), error);
        if (resolved)
            secrets->append(*resolved);
        return resolved;
    }
    return value.toString();
}

QByteArray bodyBytes(const QVariant &body, const ProbeContext &context, QByteArray *contentType)
{
    if (!body.isValid())
        return {};
    if (body.metaType() == QMetaType::fromType<QString>()) {
        *contentType = "text/plain; charset=utf-8";
        return context.expand(body.toString()).toUtf8();
    }
    *contentType = "application/json";
    QByteArray json = QJsonDocument::fromVariant(body).toJson(QJsonDocument::Compact);
    if (json.isEmpty())
        json = QJsonDocument(QJsonObject::fromVariantMap(body.toMap())).toJson(QJsonDocument::Compact);
    return context.expand(QString::fromUtf8(json)).toUtf8();
}

QString maskedUrl(const QUrl &url)
{
    return ChecklistReport::redactEvidence({{u"url"_s, url.toString()}}).value(u"url"_s).toString();
}
} // namespace

HttpProbe::HttpProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
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
    m_url = QUrl(m_context.expand(m_request.spec.params.value(u"url"_s).toString()));
    m_maxBody = m_request.spec.params.value(u"max_body"_s, DEFAULT_MAX_BODY_BYTES).toLongLong();
}

HttpProbe::~HttpProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QString HttpProbe::host() const
{
    return m_url.host();
}

void HttpProbe::start()
{
    if (m_reply || m_finished)
        return;
    m_startedAt = QDateTime::currentDateTimeUtc();
    if (!m_url.isValid() || (m_url.scheme() != u"http" && m_url.scheme() != u"https")) {
        finishWithError(u"the url '%1' is not an http(s) URL; fix it in liftoff.yaml"_s.arg(maskedUrl(m_url)));
        return;
    }
    QNetworkRequest request(m_url);
    const bool follow = m_request.spec.params.value(u"follow_redirects"_s, true).toBool();
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         follow ? QNetworkRequest::NoLessSafeRedirectPolicy : QNetworkRequest::ManualRedirectPolicy);
    request.setMaximumRedirectsAllowed(10);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Liftoff/%1 (release checklist probe)"_s.arg(QStringLiteral(LIFTOFF_VERSION)));
    // Environment headers first, then the check's own (which win).
    QMap<QString, QString> headers;
    for (auto it = m_context.headers.begin(); it != m_context.headers.end(); ++it) {
        QString error;
        const std::optional<QString> value = it.value().resolve(&error);
        if (!value) {
            finishWithError(u"header %1 of environment %2: %3"_s.arg(it.key(), m_context.environment, error));
            return;
        }
        if (it.value().isSecret())
            m_secrets.append(*value);
        headers.insert(it.key(), *value);
    }
    const QVariantMap checkHeaders = m_request.spec.params.value(u"headers"_s).toMap();
    for (auto it = checkHeaders.begin(); it != checkHeaders.end(); ++it) {
        QString error;
        const std::optional<QString> value = headerValue(it.value(), &error, &m_secrets);
        if (!value) {
            finishWithError(u"header %1: %2"_s.arg(it.key(), error));
            return;
        }
        headers.insert(it.key(), *value);
    }
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request.setRawHeader(it.key().toUtf8(), m_context.expand(it.value()).toUtf8());
    QByteArray contentType;
    const QByteArray body = bodyBytes(m_request.spec.params.value(u"body"_s), m_context, &contentType);
    if (!contentType.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    const QString method = m_request.spec.params.value(u"method"_s, u"GET"_s).toString().toUpper();
    m_elapsed.start();
    m_reply = m_nam->sendCustomRequest(request, method.toLatin1(), body);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpProbe::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpProbe::handleFinished);
    const qint64 timeout = m_request.spec.params.value(u"timeout"_s, DEFAULT_TIMEOUT_MS).toLongLong();
    m_timeout.start(static_cast<int>(qBound(qint64(1), timeout, qint64(3600) * 1000)));
}

void HttpProbe::handleReadyRead()
{
    if (!m_reply)
        return;
    if (!BoundedReply::readInto(m_reply, m_body, m_maxBody)) {
        m_truncated = true;
        m_reply->abort();
    }
}

void HttpProbe::cancel()
{
    m_cancelled = true;
    if (m_reply)
        m_reply->abort();
}

void HttpProbe::handleFinished()
{
    if (m_finished || !m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout.stop();
    if (!m_truncated)
        handleReadyRead();

    const bool follow = m_request.spec.params.value(u"follow_redirects"_s, true).toBool();
    HttpEvaluation::Observation o;
    o.method = m_request.spec.params.value(u"method"_s, u"GET"_s).toString().toUpper();
    o.displayUrl = maskedUrl(m_url);
    o.bodyTruncated = m_truncated;
    auto &r = o.response;
    r.now = QDateTime::currentDateTimeUtc();
    r.statusCode = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.responseTimeMs = m_elapsed.elapsed();
    r.body = m_body;
    r.headers = reply->rawHeaderPairs();
    r.connected = r.statusCode > 0;
    const QSslConfiguration ssl = reply->sslConfiguration();
    if (!ssl.peerCertificate().isNull())
        r.certificateExpiry = ssl.peerCertificate().expiryDate();
    const QNetworkReply::NetworkError error = reply->error();
    if (m_timedOut) {
        o.networkError = u"no complete answer within %1 ms"_s.arg(
            m_request.spec.params.value(u"timeout"_s, DEFAULT_TIMEOUT_MS).toLongLong());
        r.statusCode = m_body.isEmpty() ? 0 : r.statusCode;
    } else if (error == QNetworkReply::TooManyRedirectsError) {
        o.networkError = u"too many redirects (a redirect loop?)"_s;
    } else if (r.statusCode >= 300 && r.statusCode < 400 && follow) {
        o.networkError = u"the redirect to %1 was not followed (a redirect loop, or to a less safe scheme)"_s.arg(
            QString::fromUtf8(reply->rawHeader("Location").left(200)));
    } else if (error != QNetworkReply::NoError && !(m_truncated && error == QNetworkReply::OperationCanceledError)
               && r.statusCode == 0) {
        o.networkError = reply->errorString();
        for (const QString &secret : std::as_const(m_secrets))
            o.networkError.replace(secret, u"••••"_s);
    }
    if (m_cancelled) {
        ProbeResult result = ProbeResult::error(m_request.itemId, u"cancelled"_s);
        m_finished = true;
        emit finished(result);
        return;
    }
    ProbeResult result = HttpEvaluation::evaluate(o, m_request.conditions);
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_elapsed.elapsed();
    result.redact(m_secrets);
    m_finished = true;
    emit finished(result);
}

void HttpProbe::finishWithError(const QString &message)
{
    m_finished = true;
    ProbeResult result = ProbeResult::error(m_request.itemId, message);
    result.startedAt = m_startedAt;
    // Let the caller connect before the result arrives.
    QMetaObject::invokeMethod(this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
}
