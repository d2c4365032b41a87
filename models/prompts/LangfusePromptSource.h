// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/LangfuseConfig.h"
#include "prompts/PromptVersion.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * Reads prompt versions from Langfuse prompt management: per configured name the version list, then
 * each version (newest MAX_VERSIONS), with HTTP basic auth from the public and secret key refs.
 * Asynchronous on the owning thread; at most MAX_IN_FLIGHT requests at once, every answer bounded
 * in size and time. Finishes exactly once with a catalog (ok false with the first error).
 */
class LangfusePromptSource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LangfusePromptSource)

public:
    static constexpr int MAX_VERSIONS = 20;
    static constexpr int MAX_IN_FLIGHT = 4;
    static constexpr qint64 MAX_BODY_BYTES = 2 * 1024 * 1024;
    static constexpr int TIMEOUT_MS = 15000;

    LangfusePromptSource(QNetworkAccessManager *nam, LangfuseConfig config, QObject *parent = nullptr);
    ~LangfusePromptSource() override;

    void start();
    void cancel();

signals:
    void finished(const PromptCatalog &catalog);

private:
    struct Job
    {
        QString name;
        int version = 0; ///< 0: the version list
    };

    void pump();
    void handleReply(QNetworkReply *reply, const Job &job);
    void fail(const QString &message);
    void complete();
    QUrl urlFor(const Job &job) const;

    QNetworkAccessManager *m_nam;
    LangfuseConfig m_config;
    QByteArray m_authorization;
    QList<Job> m_queue;
    QList<QPointer<QNetworkReply>> m_inFlight;
    QHash<QString, QList<PromptVersion>> m_versions;
    PromptCatalog m_catalog;
    bool m_done = false;
};
