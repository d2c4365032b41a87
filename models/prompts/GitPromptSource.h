// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptVersion.h"

#include <QHash>

#include <atomic>

/**
 * Reads prompt versions from a folder of a git repository with libgit2: a revision walk from HEAD
 * (first parents compared) where every commit that changes a file under the folder makes a version
 * of that file, with its commit, date, author, message and blob. Blocking: run it on a worker.
 */
class GitPromptSource
{
public:
    static constexpr int MAX_COMMITS = 5000;
    static constexpr qint64 MAX_BLOB_BYTES = 1024 * 1024; ///< larger prompt files are cut (flagged truncated)

    /**
     * The versions of every file under folder in the history of revision (a commit id, tag or
     * branch; empty: HEAD), so a deployment's catalog ends at the deployment's commit.
     */
    static PromptCatalog read(const QString &repositoryPath, const QString &folder,
                              const std::atomic<bool> *cancel = nullptr, const QString &revision = {});

    /**
     * The blob id of every file under folder at a revision (commit id, tag, branch), keyed by path;
     * empty with error set when the revision cannot be resolved.
     */
    static QHash<QString, QString> filesAt(const QString &repositoryPath, const QString &folder,
                                           const QString &revision, QString *error);

    /** The full commit id a revision names, or empty (with error). */
    static QString resolveCommit(const QString &repositoryPath, const QString &revision, QString *error);
};
