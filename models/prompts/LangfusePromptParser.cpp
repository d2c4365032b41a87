// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/LangfusePromptParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

std::optional<QList<int>> LangfusePromptParser::parseVersionList(const QByteArray &json, const QString &name,
                                                                 QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject() || !doc.object().value(u"data"_s).isArray()) {
        *error = parseError.error != QJsonParseError::NoError
                     ? u"the prompt list is not JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset)
                     : u"the prompt list has no `data` array"_s;
        return std::nullopt;
    }
    QList<int> versions;
    for (const QJsonValue &entry : doc.object().value(u"data"_s).toArray()) {
        const QJsonObject meta = entry.toObject();
        if (meta.value(u"name"_s).toString() != name)
            continue; // the filter is by name, but never trust a server to have applied it
        for (const QJsonValue &v : meta.value(u"versions"_s).toArray()) {
            if (v.isDouble() && v.toDouble() >= 1 && v.toDouble() == double(v.toInt()))
                versions.append(v.toInt());
        }
    }
    std::sort(versions.begin(), versions.end(), std::greater<int>());
    versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
    return versions;
}

QByteArray LangfusePromptParser::render(const QJsonValue &prompt, const QJsonValue &config)
{
    QString out;
    if (prompt.isString()) {
        out = prompt.toString();
        if (!out.endsWith(u'\n'))
            out.append(u'\n');
    } else if (prompt.isArray()) {
        for (const QJsonValue &m : prompt.toArray()) {
            const QJsonObject message = m.toObject();
            if (message.value(u"type"_s).toString() == u"placeholder") {
                out += u"### placeholder: %1\n\n"_s.arg(message.value(u"name"_s).toString());
                continue;
            }
            QString content = message.value(u"content"_s).toString();
            if (!content.endsWith(u'\n'))
                content.append(u'\n');
            out += u"### %1\n%2\n"_s.arg(message.value(u"role"_s).toString(), content);
        }
    }
    if (config.isObject() && !config.toObject().isEmpty()) {
        out += u"\n### config\n"_s;
        out += QString::fromUtf8(QJsonDocument(config.toObject()).toJson(QJsonDocument::Indented));
    }
    return out.toUtf8();
}

std::optional<PromptVersion> LangfusePromptParser::parseVersion(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = u"the prompt is not a JSON object (%1)"_s.arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    const QJsonValue versionValue = o.value(u"version"_s);
    const QJsonValue prompt = o.value(u"prompt"_s);
    if (!versionValue.isDouble() || !(prompt.isString() || prompt.isArray())) {
        *error = u"the prompt lacks `version` or `prompt`"_s;
        return std::nullopt;
    }
    PromptVersion version;
    version.id = QString::number(versionValue.toInt());
    version.shortId = u"v"_s + version.id;
    version.date = QDateTime::fromString(o.value(u"createdAt"_s).toString(), Qt::ISODateWithMs);
    version.author = o.value(u"createdBy"_s).toString();
    version.message = o.value(u"commitMessage"_s).toString();
    for (const QJsonValue &label : o.value(u"labels"_s).toArray())
        version.labels.append(label.toString());
    version.content = render(prompt, o.value(u"config"_s));
    return version;
}
