// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptVersion.h"
#include "store/DeploymentPromptRecord.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

/**
 * The prompt versions a new deployment ships, as read when it is recorded: for a git folder the
 * latest version (commit touching the file) of each file at the deployment's commit, for Langfuse
 * the version carrying the `production` label. Or, when they could not be read, why and what to do.
 */
struct ShippedPrompts
{
    /** One prompt's shipped version, with the number people read ("version 3"). */
    struct Entry
    {
        DeploymentPromptRecord record; ///< deploymentId 0 until the deployment exists
        int number = 0;                ///< 1 = the prompt's first version; 0 when unknown
        QString shortId;               ///< 7-character commit, or "v7" for Langfuse

        /** "prompt prompts/answer.md: version 3 (abc1234)". */
        QString line() const;
    };

    bool configured = false; ///< liftoff.yaml has `prompts:`; when false nothing is read and nothing is said
    bool ok = false;         ///< read; entries hold the shipped versions
    QString error;           ///< what went wrong and what to do (when configured and not ok)
    QStringList warnings;    ///< prompts that were left out, each with the reason
    QString commit;          ///< the full commit the repository was read at (git folder), else ""
    QList<Entry> entries;    ///< sorted by prompt name

    /** From a git catalog read up to the deployment's commit (GitPromptSource::read with a revision). */
    static ShippedPrompts fromGit(const PromptCatalog &catalog, const QString &folder, const QString &commit);
    /** From a Langfuse catalog: each prompt's version labelled `production`. */
    static ShippedPrompts fromLangfuse(const PromptCatalog &catalog);
    /** The rows for deployment_prompts. */
    QList<DeploymentPromptRecord> records(qint64 deploymentId) const;
};
Q_DECLARE_METATYPE(ShippedPrompts)
