// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHttpServer>
#include <QList>
#include <QString>

/**
 * Langfuse prompt management on 127.0.0.1 (QtHttpServer) for tests: GET /api/public/v2/prompts and
 * /api/public/v2/prompts/{name}?version=N answer with the documented payloads (tests/data/langfuse),
 * behind basic auth with publicKey:secretKey. Which version carries `production` can be moved, as a
 * person does in Langfuse. Prompt names must not contain '/' (one path segment).
 */
class LangfusePromptServer
{
public:
    static constexpr const char *PUBLIC_KEY = "pk-lf-test";
    static constexpr const char *SECRET_KEY = "sk-lf-test";

    LangfusePromptServer();
    /** Listens on a free port; false when it cannot. */
    bool listen();
    QString url() const;
    /** A prompt with versions 1..versions; production on productionVersion (0: no version carries it). */
    void setPrompt(const QString &name, int versions, int productionVersion);
    /** The request targets seen so far (path and query). */
    QList<QByteArray> requests() const { return m_requests; }

private:
    struct Prompt
    {
        int versions = 0;
        int production = 0;
    };
    QByteArray versionBody(const QString &name, const Prompt &prompt, int version) const;
    bool authorized(const QByteArray &header) const;

    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, Prompt> m_prompts;
    QList<QByteArray> m_requests;
    QByteArray m_template;
};
