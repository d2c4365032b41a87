// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptVersion.h"
#include "store/DeploymentPromptRecord.h"

#include <QHash>

/**
 * Finds which version of each prompt a deployment shipped: the version recorded for it
 * (deployment_prompts), else, for a git folder, the file's content at the deployment's commit (or
 * version tag) matched to the version with that blob; for Langfuse, the version that carries the
 * `production` label. Blocking (libgit2, SQL on its own connection): run it on a worker.
 */
class ShippedPromptResolver
{
public:
    /** prompt name → index into its versions; prompts with no known version are absent. */
    static QHash<QString, int> resolve(const PromptCatalog &catalog, const QString &repositoryPath,
                                       const QString &gitFolder, const QString &revision,
                                       const QList<DeploymentPromptRecord> &recorded);
    /** The recorded versions of a deployment, read on a connection of the calling thread. */
    static QList<DeploymentPromptRecord> recorded(const QString &databasePath, qint64 deploymentId, QString *error);
};
