// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/GitReleaseState.h"

/**
 * Reads, with libgit2, the tags that point at the previous and the current deployment's commits
 * (lightweight and annotated tags, peeled) and whether the working tree is clean (rb.version-tagged).
 * A revision is a commit id or anything rev-parse accepts (a version like v1.4.0 resolves to its tag).
 * Blocking but quick: the git probe runs it on a worker.
 */
class GitReleaseInspector
{
public:
    static constexpr int MAX_LISTED_DIRTY_FILES = 50;

    static GitReleaseState inspect(const QString &repositoryPath, const QString &previousRevision,
                                   const QString &currentRevision);
};
