// SPDX-License-Identifier: GPL-3.0-or-later
#include "git/GitReleaseInspector.h"

#include <QHash>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace {
QString lastError()
{
    const git_error *e = git_error_last();
    return e && e->message ? QString::fromUtf8(e->message) : u"unknown libgit2 error"_s;
}

QString hex(const git_oid *oid)
{
    char buffer[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, oid);
    return QString::fromLatin1(buffer);
}

struct TagPayload
{
    git_repository *repo;
    QHash<QString, QStringList> tags; ///< commit id → tag names
};

int collectTag(const char *name, git_oid *oid, void *payload)
{
    auto *state = static_cast<TagPayload *>(payload);
    git_object *object = nullptr;
    if (git_object_lookup(&object, state->repo, oid, GIT_OBJECT_ANY) != 0)
        return 0;
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0) {
        QString tag = QString::fromUtf8(name);
        if (tag.startsWith(u"refs/tags/"_s))
            tag.remove(0, 10);
        state->tags[hex(git_object_id(peeled))].append(tag);
        git_object_free(peeled);
    }
    git_object_free(object);
    return 0;
}

QString resolve(git_repository *repo, const QString &revision, QString *error)
{
    git_object *object = nullptr;
    if (git_revparse_single(&object, repo, revision.toUtf8().constData()) != 0) {
        *error = u"no commit or tag named %1 in the repository"_s.arg(revision);
        return {};
    }
    git_object *peeled = nullptr;
    QString id;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0) {
        id = hex(git_object_id(peeled));
        git_object_free(peeled);
    } else {
        *error = u"%1 does not name a commit"_s.arg(revision);
    }
    git_object_free(object);
    return id;
}
} // namespace

GitReleaseState GitReleaseInspector::inspect(const QString &repositoryPath, const QString &previousRevision,
                                             const QString &currentRevision)
{
    static const int once = git_libgit2_init();
    Q_UNUSED(once);
    GitReleaseState state;
    state.previousRevision = previousRevision;
    state.currentRevision = currentRevision;
    git_repository *repo = nullptr;
    if (git_repository_open_ext(&repo, repositoryPath.toUtf8().constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr)
        != 0) {
        state.error = u"%1 is not a git repository (%2); set `repo:` in liftoff.yaml"_s.arg(repositoryPath, lastError());
        return state;
    }
    TagPayload tags {repo, {}};
    git_tag_foreach(repo, &collectTag, &tags);
    for (QStringList &list : tags.tags)
        list.sort();
    git_oid head;
    if (git_reference_name_to_id(&head, repo, "HEAD") == 0)
        state.headCommit = hex(&head);
    if (!previousRevision.isEmpty()) {
        state.previousCommit = resolve(repo, previousRevision, &state.previousError);
        state.previousTags = tags.tags.value(state.previousCommit);
    }
    if (!currentRevision.isEmpty()) {
        state.currentCommit = resolve(repo, currentRevision, &state.currentError);
        state.currentTags = tags.tags.value(state.currentCommit);
    }
    if (!git_repository_is_bare(repo)) {
        git_status_options options = GIT_STATUS_OPTIONS_INIT;
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS
                        | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
        git_status_list *list = nullptr;
        if (git_status_list_new(&list, repo, &options) == 0) {
            const size_t count = git_status_list_entrycount(list);
            state.dirtyCount = static_cast<int>(count);
            for (size_t i = 0; i < count && i < size_t(MAX_LISTED_DIRTY_FILES); ++i) {
                const git_status_entry *entry = git_status_byindex(list, i);
                const git_diff_delta *delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
                if (delta && delta->new_file.path)
                    state.dirtyFiles.append(QString::fromUtf8(delta->new_file.path));
            }
            git_status_list_free(list);
        } else {
            state.error = u"cannot read the working tree status of %1: %2"_s.arg(repositoryPath, lastError());
            git_repository_free(repo);
            return state;
        }
    }
    git_repository_free(repo);
    state.ok = true;
    return state;
}
