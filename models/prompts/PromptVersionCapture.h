// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/PromptSourceConfig.h"
#include "prompts/ShippedPrompts.h"

#include <QObject>
#include <QPointer>

#include <optional>

class LangfusePromptSource;
class QNetworkAccessManager;

/**
 * Reads which prompt versions a deployment being recorded ships (ShippedPrompts), never blocking
 * the calling thread: the repository (HEAD or the given commit, and a git prompts folder) is read
 * on a QtConcurrent worker, Langfuse over the network on the calling thread's event loop. Used by
 * `liftoff deploy new` and the GUI's New deployment. Finishes exactly once per start().
 */
class PromptVersionCapture final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptVersionCapture)

public:
    PromptVersionCapture(QNetworkAccessManager *nam, std::optional<PromptSourceConfig> prompts, QString repoPath,
                         QObject *parent = nullptr);
    ~PromptVersionCapture() override;

    /** Starts reading at revision (a commit id; empty: the repository's HEAD). */
    void start(const QString &revision = {});
    bool isRunning() const { return m_running; }

signals:
    void finished(const ShippedPrompts &prompts);

private:
    void handleRepositoryRead(ShippedPrompts prompts);
    void finish(const ShippedPrompts &prompts);

    QNetworkAccessManager *m_nam;
    std::optional<PromptSourceConfig> m_prompts;
    QString m_repoPath;
    QPointer<LangfusePromptSource> m_langfuse;
    bool m_running = false;
};
