// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/HttpRequestBuilder.h"

#include "config/SecretRef.h"
#include "config/SecretResolver.h"
#include "report/ChecklistReport.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
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
} // namespace

QString HttpRequestBuilder::displayUrl(const QUrl &url)
{
    return ChecklistReport::redactEvidence({{u"url"_s, url.toString()}}).value(u"url"_s).toString();
}

std::optional<HttpRequestBuilder::Built> HttpRequestBuilder::build(const ProbeContext &context,
                                                                   const QVariantMap &params, const QString &purpose,
                                                                   QString *errorMessage)
{
    Built built;
    built.url = QUrl(context.expand(params.value(u"url"_s).toString()));
    built.displayUrl = displayUrl(built.url);
    if (!built.url.isValid() || (built.url.scheme() != u"http" && built.url.scheme() != u"https")) {
        *errorMessage = u"the url '%1' is not an http(s) URL; fix it in liftoff.yaml"_s.arg(built.displayUrl);
        return std::nullopt;
    }
    QNetworkRequest &request = built.request;
    request.setUrl(built.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      u"Liftoff/%1 (%2)"_s.arg(QStringLiteral(LIFTOFF_VERSION), purpose));
    // Environment headers first, then the check's own (which win).
    QMap<QString, QString> headers;
    for (auto it = context.headers.begin(); it != context.headers.end(); ++it) {
        QString error;
        const std::optional<QString> value = it.value().resolve(&error);
        if (!value) {
            *errorMessage = u"header %1 of environment %2: %3"_s.arg(it.key(), context.environment, error);
            return std::nullopt;
        }
        if (it.value().isSecret())
            built.secrets.append(*value);
        headers.insert(it.key(), *value);
    }
    const QVariantMap checkHeaders = params.value(u"headers"_s).toMap();
    for (auto it = checkHeaders.begin(); it != checkHeaders.end(); ++it) {
        if (it.value().metaType() == QMetaType::fromType<SecretRef>()) {
            QString error;
            const std::optional<QString> value = SecretResolver::resolve(it.value().value<SecretRef>(), &error);
            if (!value) {
                *errorMessage = u"header %1: %2"_s.arg(it.key(), error);
                return std::nullopt;
            }
            built.secrets.append(*value);
            headers.insert(it.key(), *value);
        } else {
            headers.insert(it.key(), it.value().toString());
        }
    }
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request.setRawHeader(it.key().toUtf8(), context.expand(it.value()).toUtf8());
    QByteArray contentType;
    built.body = bodyBytes(params.value(u"body"_s), context, &contentType);
    if (!contentType.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    built.method = params.value(u"method"_s, u"GET"_s).toString().toUpper().toLatin1();
    return built;
}
