// SPDX-License-Identifier: GPL-3.0-or-later
#include "LangfusePromptServer.h"

#include "TestSupport.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
QHttpServerResponse json(const QByteArray &body, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"), body, status);
}
} // namespace

LangfusePromptServer::LangfusePromptServer()
    : m_template(TestSupport::readFile(TestSupport::dataPath(u"langfuse/langfuse_prompt.json"_s)))
{
    using Method = QHttpServerRequest::Method;
    using Status = QHttpServerResponse::StatusCode;
    m_server.route(u"/api/public/v2/prompts"_s, Method::Get, [this](const QHttpServerRequest &request) {
        m_requests.append(request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
        if (!authorized(request.value("Authorization")))
            return json(R"({"message":"Invalid credentials"})", Status::Unauthorized);
        QJsonArray data;
        for (auto it = m_prompts.cbegin(); it != m_prompts.cend(); ++it) {
            QJsonArray versions;
            for (int v = 1; v <= it->versions; ++v)
                versions.append(v);
            data.append(QJsonObject {{u"name"_s, it.key()}, {u"type"_s, u"chat"_s}, {u"versions"_s, versions},
                                     {u"labels"_s, QJsonArray {u"production"_s, u"latest"_s}},
                                     {u"tags"_s, QJsonArray {}}});
        }
        const QJsonObject meta {{u"page"_s, 1}, {u"limit"_s, 50}, {u"totalItems"_s, data.size()}, {u"totalPages"_s, 1}};
        return json(QJsonDocument(QJsonObject {{u"data"_s, data}, {u"meta"_s, meta}}).toJson(QJsonDocument::Compact),
                    Status::Ok);
    });
    m_server.route(u"/api/public/v2/prompts/<arg>"_s, Method::Get,
                   [this](const QString &name, const QHttpServerRequest &request) {
                       m_requests.append(request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
                       if (!authorized(request.value("Authorization")))
                           return json(R"({"message":"Invalid credentials"})", Status::Unauthorized);
                       const auto prompt = m_prompts.constFind(name);
                       const int version = QUrlQuery(request.url()).queryItemValue(u"version"_s).toInt();
                       if (prompt == m_prompts.constEnd() || version < 1 || version > prompt->versions)
                           return json(R"({"message":"Prompt not found"})", Status::NotFound);
                       return json(versionBody(name, *prompt, version), Status::Ok);
                   });
}

bool LangfusePromptServer::listen()
{
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    return m_port != 0;
}

QString LangfusePromptServer::url() const
{
    return u"http://127.0.0.1:%1"_s.arg(m_port);
}

void LangfusePromptServer::setPrompt(const QString &name, int versions, int productionVersion)
{
    m_prompts.insert(name, {versions, productionVersion});
}

bool LangfusePromptServer::authorized(const QByteArray &header) const
{
    const QByteArray credentials = QByteArray(PUBLIC_KEY) + ':' + SECRET_KEY;
    const QByteArray expected = "Basic " + credentials.toBase64();
    return header == expected;
}

QByteArray LangfusePromptServer::versionBody(const QString &name, const Prompt &prompt, int version) const
{
    // The documented chat prompt, renamed and renumbered; its system message says which version it is.
    QJsonObject o = QJsonDocument::fromJson(m_template).object();
    o.insert(u"name"_s, name);
    o.insert(u"version"_s, version);
    QJsonArray labels;
    if (version == prompt.production)
        labels.append(u"production"_s);
    if (version == prompt.versions)
        labels.append(u"latest"_s);
    o.insert(u"labels"_s, labels);
    o.insert(u"commitMessage"_s, u"version %1"_s.arg(version));
    QJsonArray messages = o.value(u"prompt"_s).toArray();
    QJsonObject system = messages.at(0).toObject();
    system.insert(u"content"_s, QString(system.value(u"content"_s).toString() + u" (take %1)"_s.arg(version)));
    messages.replace(0, system);
    o.insert(u"prompt"_s, messages);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
