// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/PromptVersionCapture.h"

#include "git/GitDescription.h"
#include "prompts/GitPromptSource.h"
#include "prompts/LangfusePromptSource.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace {
/** The worker's part: the commit the deployment names and, for a git folder, its prompt versions there. */
ShippedPrompts readRepository(const std::optional<PromptSourceConfig> &prompts, const QString &repoPath,
                              const QString &revision)
{
    QString commit;
    QString commitError;
    if (revision.isEmpty()) {
        const GitDescription git = GitDescription::of(repoPath);
        commit = git.commit;
        commitError = git.error;
    } else {
        commit = GitPromptSource::resolveCommit(repoPath, revision, &commitError);
    }
    const bool git = prompts && prompts->kind == PromptSourceConfig::Kind::Git;
    if (!git) {
        ShippedPrompts out;
        out.configured = prompts.has_value();
        out.commit = commit;
        return out;
    }
    if (commit.isEmpty()) {
        ShippedPrompts out;
        out.configured = true;
        out.error = u"cannot read the prompts folder %1: %2; make `repo:` in liftoff.yaml point at the app's git "
                    u"repository and commit the prompts"_s.arg(prompts->gitFolder, commitError);
        return out;
    }
    const PromptCatalog catalog = GitPromptSource::read(repoPath, prompts->gitFolder, nullptr, commit);
    return ShippedPrompts::fromGit(catalog, prompts->gitFolder, commit);
}
} // namespace

PromptVersionCapture::PromptVersionCapture(QNetworkAccessManager *nam, std::optional<PromptSourceConfig> prompts,
                                           QString repoPath, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_prompts(std::move(prompts))
    , m_repoPath(std::move(repoPath))
{
    qRegisterMetaType<ShippedPrompts>();
}

PromptVersionCapture::~PromptVersionCapture() = default;

void PromptVersionCapture::start(const QString &revision)
{
    if (m_running)
        return;
    m_running = true;
    auto *watcher = new QFutureWatcher<ShippedPrompts>(this);
    connect(watcher, &QFutureWatcher<ShippedPrompts>::finished, this, [this, watcher] {
        watcher->deleteLater();
        handleRepositoryRead(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&readRepository, m_prompts, m_repoPath, revision));
}

void PromptVersionCapture::handleRepositoryRead(ShippedPrompts prompts)
{
    if (!m_prompts || m_prompts->kind != PromptSourceConfig::Kind::Langfuse) {
        finish(prompts);
        return;
    }
    m_langfuse = new LangfusePromptSource(m_nam, m_prompts->langfuse, this);
    connect(m_langfuse, &LangfusePromptSource::finished, this,
            [this, commit = prompts.commit, source = m_langfuse](const PromptCatalog &catalog) {
                source->deleteLater();
                ShippedPrompts read = ShippedPrompts::fromLangfuse(catalog);
                read.commit = commit;
                if (!read.ok && !catalog.ok && !read.error.contains(u"check "_s))
                    read.error += u"; check prompts.langfuse in liftoff.yaml (base_url, keys, names) and that "
                                  u"Langfuse answers"_s;
                finish(read);
            });
    m_langfuse->start();
}

void PromptVersionCapture::finish(const ShippedPrompts &prompts)
{
    m_running = false;
    emit finished(prompts);
}
