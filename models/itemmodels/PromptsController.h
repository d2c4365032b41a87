// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"
#include "prompts/PromptDiffResult.h"
#include "prompts/PromptVersion.h"
#include "store/StoreError.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class ChecklistDocument;
class LangfusePromptSource;
class PromptCatalogModel;
class QNetworkAccessManager;

/**
 * Feeds the Prompts tab: loads the project's prompt versions (git folder on a worker, or Langfuse
 * over the network), works out which version the current and the previous released deployment
 * shipped, and computes the diff of any two versions (PromptDiff). (qa.baseline-recorded is the eval
 * probe's: a blessed eval run for the deployment's recorded prompt versions.)
 */
class PromptsController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptsController)

public:
    PromptsController(ChecklistDocument *document, QNetworkAccessManager *nam, ProjectConfig project,
                      QString databasePath, QObject *parent = nullptr);
    ~PromptsController() override;

    PromptCatalogModel *model() const { return m_model; }
    bool isLoading() const { return m_loading; }
    /** What the tab shows above the lists: the source, or why nothing could be read. */
    QString statusText() const { return m_status; }
    QString currentDeploymentName() const { return m_currentName; }
    QString previousDeploymentName() const { return m_previousName; }

    /** Indices into the prompt's versions; -1 when unknown. */
    int currentVersionIndex(const QString &prompt) const { return m_shippedCurrent.value(prompt, -1); }
    int previousVersionIndex(const QString &prompt) const { return m_shippedPrevious.value(prompt, -1); }
    /** The default pair to compare: previous deployment's version (left) against current's (right). */
    std::pair<int, int> defaultPair(const QString &prompt) const;
    /** A one-line description of a version for pickers. */
    QString versionLabel(const QString &prompt, int index) const;
    /** "name @ id (deployments that shipped it)" for the diff's headings. */
    QString versionTitle(const QString &prompt, int index) const;
    /** The deployments (current, previous) that shipped that version, comma-separated. */
    QString shippedBy(const QString &prompt, int index) const;
    PromptDiffResult diff(const QString &prompt, int leftIndex, int rightIndex) const;
    /** Prompts whose shipped version differs between the previous and the current deployment. */
    QStringList changedSincePrevious() const;

    void reload();

signals:
    void loadingChanged(bool loading);
    void catalogChanged();

private:
    struct Loaded
    {
        PromptCatalog catalog;
        QHash<QString, int> current;
        QHash<QString, int> previous;
        qint64 deploymentId = 0;
    };
    void handleLoaded(const Loaded &loaded);
    const PromptVersion *version(const QString &prompt, int index) const;

    ChecklistDocument *m_document;
    QNetworkAccessManager *m_nam;
    ProjectConfig m_project;
    QString m_databasePath;
    PromptCatalogModel *m_model;
    QPointer<LangfusePromptSource> m_langfuse;
    QHash<QString, int> m_shippedCurrent;
    QHash<QString, int> m_shippedPrevious;
    QString m_currentName;
    QString m_previousName;
    QString m_status;
    bool m_loading = false;
    int m_generation = 0;
};
