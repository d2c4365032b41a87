// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/WorkingTreeFiles.h"

#include "scan/GitSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace {
void listPlainFolder(WorkingTreeFiles &result)
{
    const QDir root(result.root);
    QDirIterator it(result.root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = root.relativeFilePath(it.next());
        if (relative.startsWith(u".git/"_s) || relative.contains(u"/.git/"_s))
            continue;
        result.files.append(relative);
    }
}
} // namespace

WorkingTreeFiles WorkingTreeFiles::list(const QString &folder)
{
    WorkingTreeFiles result;
    const QFileInfo info(folder);
    if (!info.isDir()) {
        result.error = u"%1 is not a folder"_s.arg(folder);
        return result;
    }
    result.root = info.absoluteFilePath();
    GitSupport::ensureInitialised();
    GitSupport::Repository repo;
    if (!repo.open(result.root)) {
        listPlainFolder(result);
        result.files.sort();
        result.ok = true;
        return result;
    }
    result.isGitRepository = true;

    QSet<QString> seen;
    QHash<QString, QByteArray> indexIds;
    git_index *index = nullptr;
    if (git_repository_index(&index, repo.get()) != 0) {
        result.error = u"cannot read the git index of %1: %2"_s.arg(result.root, GitSupport::lastError());
        return result;
    }
    const size_t count = git_index_entrycount(index);
    for (size_t i = 0; i < count; ++i) {
        const git_index_entry *entry = git_index_get_byindex(index, i);
        const unsigned mode = entry->mode;
        if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
            continue; // submodules and symbolic links
        const QString path = QString::fromUtf8(entry->path);
        if (!seen.contains(path)) { // deleted files are found missing when read
            seen.insert(path);
            result.files.append(path);
            indexIds.insert(path, QByteArray(reinterpret_cast<const char *>(entry->id.id), GIT_OID_RAWSZ));
        }
    }
    git_index_free(index);

    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS
        | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *statusList = nullptr;
    if (git_status_list_new(&statusList, repo.get(), &options) != 0) {
        result.error = u"cannot read the git status of %1: %2"_s.arg(result.root, GitSupport::lastError());
        return result;
    }
    const size_t statusCount = git_status_list_entrycount(statusList);
    for (size_t i = 0; i < statusCount; ++i) {
        const git_status_entry *entry = git_status_byindex(statusList, i);
        if (!entry->index_to_workdir)
            continue;
        if (!(entry->status & GIT_STATUS_WT_NEW)) {
            indexIds.remove(QString::fromUtf8(entry->index_to_workdir->old_file.path)); // modified or deleted
            continue;
        }
        const QString path = QString::fromUtf8(entry->index_to_workdir->new_file.path);
        const QFileInfo file(result.root + u'/' + path);
        if (file.isFile() && !file.isSymLink() && !seen.contains(path)) {
            seen.insert(path);
            result.files.append(path);
        }
    }
    git_status_list_free(statusList);
    result.unmodifiedBlobIds = indexIds;
    result.files.sort();
    result.ok = true;
    return result;
}
