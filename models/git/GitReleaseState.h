// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/** What the repository says about two deployments' commits: their tags and the working tree. */
struct GitReleaseState
{
    bool ok = false;
    QString error;              ///< why the repository could not be read, naming it
    QString previousRevision;   ///< as asked (a commit id or a version name); empty: no previous deployment
    QString previousCommit;     ///< resolved full id; empty when it could not be resolved
    QString previousError;      ///< why previousRevision did not resolve
    QStringList previousTags;
    QString currentRevision;
    QString currentCommit;
    QString currentError;
    QStringList currentTags;
    QString headCommit;
    QStringList dirtyFiles;     ///< modified, staged, deleted or untracked (ignored files excluded), at most 50
    int dirtyCount = 0;
};
