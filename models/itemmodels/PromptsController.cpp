// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/PromptsController.h"

#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/DeploymentListModel.h"
#include "itemmodels/PromptCatalogModel.h"
#include "probes/DeploymentHistory.h"
#include "prompts/GitPromptSource.h"
#include "prompts/LangfusePromptSource.h"
#include "prompts/PromptDiff.h"
#include "prompts/ShippedPromptResolver.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

PromptsController::PromptsController(ChecklistDocument *document, QNetworkAccessManager *nam, ProjectConfig project,
                                     QString databasePath, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_nam(nam)
    , m_project(std::move(project))
    , m_databasePath(std::move(databasePath))
    , m_model(new PromptCatalogModel(this))
{
    // Another deployment ships other versions: work them out again.
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &PromptsController::reload);
}

PromptsController::~PromptsController() = default;

void PromptsController::reload()
{
    const int generation = ++m_generation;
    if (m_langfuse)
        m_langfuse->deleteLater();
    if (!m_project.prompts) {
        m_status = tr("No `prompts:` in liftoff.yaml: add a git folder or a Langfuse project to compare prompt versions.");
        m_model->setCatalog({}, {}, {}, {}, {});
        emit catalogChanged();
        return;
    }
    const DeploymentHistory history = DeploymentHistory::from(m_document->deployments()->deployments(),
                                                              m_document->currentDeployment().id);
    m_currentName = history.current ? history.current->version : tr("current");
    m_previousName = history.previousReleased ? history.previousReleased->version : QString();
    m_loading = true;
    emit loadingChanged(true);
    const PromptSourceConfig source = *m_project.prompts;
    const QString repo = m_project.repoPath;
    const QString dbPath = m_databasePath;
    const auto resolveShipped = [repo, dbPath, source, history](Loaded loaded) {
        loaded.deploymentId = history.current ? history.current->id : 0;
        if (!loaded.catalog.ok)
            return loaded;
        QString error;
        const QList<DeploymentPromptRecord> currentRecords
            = ShippedPromptResolver::recorded(dbPath, history.current ? history.current->id : 0, &error);
        const QList<DeploymentPromptRecord> previousRecords
            = ShippedPromptResolver::recorded(dbPath, history.previousReleased ? history.previousReleased->id : 0, &error);
        loaded.current = ShippedPromptResolver::resolve(loaded.catalog, repo, source.gitFolder,
                                                        DeploymentHistory::revisionOf(history.current), currentRecords);
        if (history.previousReleased) {
            loaded.previous = ShippedPromptResolver::resolve(loaded.catalog, repo, source.gitFolder,
                                                             DeploymentHistory::revisionOf(history.previousReleased),
                                                             previousRecords);
        }
        return loaded;
    };
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            handleLoaded(watcher->result());
    });
    if (source.kind == PromptSourceConfig::Kind::Git) {
        watcher->setFuture(QtConcurrent::run([repo, source, resolveShipped] {
            Loaded loaded;
            loaded.catalog = GitPromptSource::read(repo, source.gitFolder);
            return resolveShipped(loaded);
        }));
        return;
    }
    m_langfuse = new LangfusePromptSource(m_nam, source.langfuse, this);
    connect(m_langfuse, &LangfusePromptSource::finished, this,
            [this, watcher, resolveShipped, source = m_langfuse](const PromptCatalog &catalog) {
                source->deleteLater();
                Loaded loaded;
                loaded.catalog = catalog;
                // Reading the recorded versions is SQL: off the GUI thread too.
                watcher->setFuture(QtConcurrent::run(resolveShipped, loaded));
            });
    m_langfuse->start();
}

void PromptsController::handleLoaded(const Loaded &loaded)
{
    m_loading = false;
    m_shippedCurrent = loaded.current;
    m_shippedPrevious = loaded.previous;
    const PromptCatalog &catalog = loaded.catalog;
    if (!catalog.ok) {
        m_status = tr("Cannot read prompt versions: %1").arg(catalog.error);
    } else {
        const QString from = catalog.source == PromptCatalog::Source::Git
                                 ? tr("the git folder %1").arg(m_project.prompts->gitFolder)
                                 : tr("Langfuse %1").arg(m_project.prompts->langfuse.baseUrl);
        m_status = tr("%n prompt(s) from %1", nullptr, static_cast<int>(catalog.prompts.size())).arg(from);
        if (catalog.truncated)
            m_status += tr(" (older versions left out: too many)");
    }
    m_model->setCatalog(catalog, m_shippedCurrent, m_shippedPrevious, m_currentName, m_previousName);
    emit loadingChanged(false);
    emit catalogChanged();
}

QStringList PromptsController::changedSincePrevious() const
{
    QStringList out;
    for (const PromptHistory &history : m_model->catalog().prompts) {
        const int current = currentVersionIndex(history.name);
        const int previous = previousVersionIndex(history.name);
        if (current >= 0 && current != previous && !m_previousName.isEmpty())
            out.append(history.name);
    }
    return out;
}

const PromptVersion *PromptsController::version(const QString &prompt, int index) const
{
    const PromptHistory *history = m_model->catalog().find(prompt);
    if (!history || index < 0 || index >= history->versions.size())
        return nullptr;
    return &history->versions.at(index);
}

std::pair<int, int> PromptsController::defaultPair(const QString &prompt) const
{
    const PromptHistory *history = m_model->catalog().find(prompt);
    if (!history || history->versions.isEmpty())
        return {-1, -1};
    int right = currentVersionIndex(prompt);
    if (right < 0)
        right = 0;
    int left = previousVersionIndex(prompt);
    if (left < 0 || left == right)
        left = std::min<int>(right + 1, static_cast<int>(history->versions.size()) - 1);
    return {left, right};
}

QString PromptsController::shippedBy(const QString &prompt, int index) const
{
    QStringList names;
    if (index >= 0 && currentVersionIndex(prompt) == index)
        names.append(m_currentName);
    if (index >= 0 && previousVersionIndex(prompt) == index)
        names.append(m_previousName);
    return names.join(u", "_s);
}

QString PromptsController::versionLabel(const QString &prompt, int index) const
{
    const PromptVersion *v = version(prompt, index);
    if (!v)
        return {};
    QStringList parts {v->shortId};
    if (!v->message.isEmpty())
        parts.append(v->message.left(60));
    if (const QString by = shippedBy(prompt, index); !by.isEmpty())
        parts.append(tr("shipped by %1").arg(by));
    return parts.join(u" · "_s);
}

QString PromptsController::versionTitle(const QString &prompt, int index) const
{
    const PromptVersion *v = version(prompt, index);
    if (!v)
        return {};
    QString title = u"%1 @ %2"_s.arg(prompt, v->shortId);
    if (const QString by = shippedBy(prompt, index); !by.isEmpty())
        title += u" ("_s + by + u')';
    if (v->removed)
        title += u" — "_s + tr("removed in this version");
    return title;
}

PromptDiffResult PromptsController::diff(const QString &prompt, int leftIndex, int rightIndex) const
{
    const PromptVersion *left = version(prompt, leftIndex);
    const PromptVersion *right = version(prompt, rightIndex);
    return PromptDiff::compare(left ? left->content : QByteArray(), right ? right->content : QByteArray());
}
