// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** What `git describe` says about a working tree, read with libgit2 (no git binary needed). */
struct GitDescription
{
    bool ok = false;
    QString describe;   ///< e.g. v1.4.0-3-g9fceb02, or the short commit id when there is no tag
    QString commit;     ///< full commit id of HEAD
    QString error;      ///< why it failed, naming the folder

    /** Describes the repository that contains path (tags, then the short commit as fallback). */
    static GitDescription of(const QString &path);
};
