// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

/**
 * The files of a working tree that a scanner should read: in a git repository the tracked files
 * plus the untracked ones that .gitignore does not exclude (read with libgit2); in a plain folder
 * every regular file. `.git` and submodules are never listed, symbolic links are not followed.
 */
struct WorkingTreeFiles
{
    bool ok = false;
    bool isGitRepository = false;
    QString root;          ///< absolute folder the paths are relative to
    QStringList files;     ///< relative paths with forward slashes, sorted
    QString error;         ///< why listing failed, naming the folder
    /** Raw 20-byte blob ids of tracked files whose working copy equals the index (git status: unmodified). */
    QHash<QString, QByteArray> unmodifiedBlobIds;

    static WorkingTreeFiles list(const QString &folder);
};
