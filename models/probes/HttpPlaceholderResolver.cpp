// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/HttpPlaceholderResolver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

const QString HttpPlaceholderResolver::STATUS = u"STATUS"_s;
const QString HttpPlaceholderResolver::RESPONSE_TIME = u"RESPONSE_TIME"_s;
const QString HttpPlaceholderResolver::BODY = u"BODY"_s;
const QString HttpPlaceholderResolver::HEADER = u"HEADER"_s;
const QString HttpPlaceholderResolver::CONNECTED = u"CONNECTED"_s;
const QString HttpPlaceholderResolver::CERTIFICATE_EXPIRATION = u"CERTIFICATE_EXPIRATION"_s;

HttpPlaceholderResolver::HttpPlaceholderResolver(Response response)
    : m_response(std::move(response))
{
}

std::optional<ConditionValue> HttpPlaceholderResolver::resolve(const QString &name, const QStringList &path) const
{
    if (name == BODY)
        return resolveBody(path);
    if (name == HEADER)
        return resolveHeader(path);
    if (!path.isEmpty())
        return std::nullopt; // the other placeholders are scalars
    if (name == STATUS) {
        if (m_response.statusCode <= 0)
            return std::nullopt;
        return ConditionValue::fromNumber(m_response.statusCode);
    }
    if (name == RESPONSE_TIME) {
        if (m_response.responseTimeMs < 0)
            return std::nullopt;
        return ConditionValue::fromNumber(static_cast<double>(m_response.responseTimeMs));
    }
    if (name == CONNECTED)
        return ConditionValue::fromBool(m_response.connected);
    if (name == CERTIFICATE_EXPIRATION) {
        if (const std::optional<qint64> left = certificateMsLeft())
            return ConditionValue::fromDurationMs(static_cast<double>(*left));
        return std::nullopt;
    }
    return std::nullopt;
}

QStringList HttpPlaceholderResolver::placeholderNames() const
{
    return {STATUS, RESPONSE_TIME, BODY, HEADER, CONNECTED, CERTIFICATE_EXPIRATION};
}

std::optional<ConditionValue> HttpPlaceholderResolver::resolveBody(const QStringList &path) const
{
    if (path.isEmpty())
        return ConditionValue::fromString(QString::fromUtf8(m_response.body));
    if (!m_jsonParsed) {
        m_jsonParsed = true;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(m_response.body, &error);
        if (error.error == QJsonParseError::NoError) {
            if (document.isArray())
                m_json = QJsonValue(document.array());
            else if (document.isObject())
                m_json = QJsonValue(document.object());
        }
    }
    if (!m_json)
        return std::nullopt;
    return ConditionValue::followJsonPath(*m_json, path);
}

std::optional<ConditionValue> HttpPlaceholderResolver::resolveHeader(const QStringList &path) const
{
    if (path.isEmpty()) {
        QStringList lines;
        for (const auto &[name, value] : m_response.headers)
            lines.append(QString::fromUtf8(name) + u": "_s + QString::fromUtf8(value));
        return ConditionValue::fromString(lines.join(u'\n'));
    }
    if (path.size() != 1)
        return std::nullopt;
    const QString &wanted = path.constFirst();
    QStringList values;
    for (const auto &[name, value] : m_response.headers) {
        if (QString::fromUtf8(name).compare(wanted, Qt::CaseInsensitive) == 0)
            values.append(QString::fromUtf8(value));
    }
    if (values.isEmpty())
        return std::nullopt;
    // Repeated headers read as one, the way RFC 9110 allows combining them.
    return ConditionValue::fromString(values.join(u", "_s));
}

std::optional<qint64> HttpPlaceholderResolver::certificateMsLeft() const
{
    if (m_response.certificateMsLeft)
        return m_response.certificateMsLeft;
    if (m_response.certificateExpiry.isValid() && m_response.now.isValid())
        return m_response.now.msecsTo(m_response.certificateExpiry);
    return std::nullopt;
}
