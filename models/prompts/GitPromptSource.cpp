// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/GitPromptSource.h"

#include <QMap>
#include <QSet>

#include <git2.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
template<typename T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using BlobPtr = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;
using ObjectPtr = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;

void ensureLibgit2()
{
    static const int once = git_libgit2_init();
    Q_UNUSED(once);
}

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

QString normalisedFolder(QString folder)
{
    folder.replace(u'\\', u'/');
    while (folder.startsWith(u"./"_s))
        folder.remove(0, 2);
    while (folder.endsWith(u'/'))
        folder.chop(1);
    return folder == u"." ? QString() : folder;
}

RepoPtr openRepository(const QString &path, QString *error)
{
    ensureLibgit2();
    git_repository *repo = nullptr;
    if (git_repository_open_ext(&repo, path.toUtf8().constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
        *error = u"%1 is not a git repository (%2)"_s.arg(path, lastError());
        return {};
    }
    return RepoPtr(repo);
}

/** The folder's tree id inside a commit's tree; null oid when the folder does not exist there. */
git_oid folderTreeId(git_commit *commit, const QString &folder)
{
    git_oid none;
    git_oid_fromstrn(&none, "0", 1);
    git_tree *root = nullptr;
    if (git_commit_tree(&root, commit) != 0)
        return none;
    TreePtr rootPtr(root);
    if (folder.isEmpty())
        return *git_tree_id(root);
    git_tree_entry *entry = nullptr;
    if (git_tree_entry_bypath(&entry, root, folder.toUtf8().constData()) != 0)
        return none;
    git_oid id = none;
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
        id = *git_tree_entry_id(entry);
    git_tree_entry_free(entry);
    return id;
}

struct WalkState
{
    QString prefix;
    QMap<QString, git_oid> *files;
};

int collectBlob(const char *root, const git_tree_entry *entry, void *payload)
{
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
        return 0;
    auto *state = static_cast<WalkState *>(payload);
    const QString path = state->prefix + QString::fromUtf8(root) + QString::fromUtf8(git_tree_entry_name(entry));
    state->files->insert(path, *git_tree_entry_id(entry));
    return 0;
}

/** Path → blob id of every file under folder in the tree with the given id. */
QMap<QString, git_oid> filesOfTree(git_repository *repo, const git_oid &treeId, const QString &folder)
{
    QMap<QString, git_oid> files;
    if (git_oid_is_zero(&treeId))
        return files;
    git_tree *tree = nullptr;
    if (git_tree_lookup(&tree, repo, &treeId) != 0)
        return files;
    TreePtr treePtr(tree);
    WalkState state {folder.isEmpty() ? QString() : folder + u'/', &files};
    git_tree_walk(tree, GIT_TREEWALK_PRE, &collectBlob, &state);
    return files;
}

QByteArray blobContent(git_repository *repo, const git_oid &id, bool *cut)
{
    git_blob *blob = nullptr;
    if (git_blob_lookup(&blob, repo, &id) != 0)
        return {};
    BlobPtr blobPtr(blob);
    const git_object_size_t size = git_blob_rawsize(blob);
    const qint64 kept = std::min<qint64>(static_cast<qint64>(size), GitPromptSource::MAX_BLOB_BYTES);
    *cut = *cut || static_cast<qint64>(size) > kept;
    return QByteArray(static_cast<const char *>(git_blob_rawcontent(blob)), static_cast<qsizetype>(kept));
}

int collectTag(const char *name, git_oid *oid, void *payload)
{
    auto *tags = static_cast<QPair<git_repository *, QHash<QString, QStringList> *> *>(payload);
    git_object *object = nullptr;
    if (git_object_lookup(&object, tags->first, oid, GIT_OBJECT_ANY) != 0)
        return 0;
    ObjectPtr objectPtr(object);
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0) {
        QString tag = QString::fromUtf8(name);
        tag.remove(0, int(qstrlen("refs/tags/")));
        (*tags->second)[hex(git_object_id(peeled))].append(tag);
        git_object_free(peeled);
    }
    return 0;
}
} // namespace

PromptCatalog GitPromptSource::read(const QString &repositoryPath, const QString &folderAsWritten,
                                    const std::atomic<bool> *cancel, const QString &revision)
{
    PromptCatalog catalog;
    catalog.source = PromptCatalog::Source::Git;
    const QString folder = normalisedFolder(folderAsWritten);
    RepoPtr repo = openRepository(repositoryPath, &catalog.error);
    if (!repo)
        return catalog;
    git_revwalk *walk = nullptr;
    if (git_revwalk_new(&walk, repo.get()) != 0) {
        catalog.error = lastError();
        return catalog;
    }
    WalkPtr walkPtr(walk);
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_simplify_first_parent(walk);
    if (revision.isEmpty()) {
        if (git_revwalk_push_head(walk) != 0) {
            catalog.error = u"%1 has no commit yet"_s.arg(repositoryPath);
            return catalog;
        }
    } else {
        const QString start = resolveCommit(repositoryPath, revision, &catalog.error);
        git_oid startId;
        if (start.isEmpty() || git_oid_fromstr(&startId, start.toLatin1().constData()) != 0
            || git_revwalk_push(walk, &startId) != 0) {
            if (catalog.error.isEmpty())
                catalog.error = lastError();
            return catalog;
        }
    }
    QHash<QString, QStringList> tags;
    QPair<git_repository *, QHash<QString, QStringList> *> tagPayload {repo.get(), &tags};
    git_tag_foreach(repo.get(), &collectTag, &tagPayload);

    QMap<QString, PromptHistory> histories;
    git_oid id;
    int walked = 0;
    while (git_revwalk_next(&id, walk) == 0) {
        if (cancel && cancel->load()) {
            catalog.error = u"cancelled"_s;
            return catalog;
        }
        if (++walked > MAX_COMMITS) {
            catalog.truncated = true;
            break;
        }
        git_commit *commit = nullptr;
        if (git_commit_lookup(&commit, repo.get(), &id) != 0)
            continue;
        CommitPtr commitPtr(commit);
        const git_oid treeId = folderTreeId(commit, folder);
        git_oid parentTreeId;
        git_oid_fromstrn(&parentTreeId, "0", 1);
        git_commit *parent = nullptr;
        if (git_commit_parentcount(commit) > 0 && git_commit_parent(&parent, commit, 0) == 0) {
            parentTreeId = folderTreeId(parent, folder);
            git_commit_free(parent);
        }
        if (git_oid_equal(&treeId, &parentTreeId))
            continue; // the path filter: nothing under the folder changed
        const QMap<QString, git_oid> now = filesOfTree(repo.get(), treeId, folder);
        const QMap<QString, git_oid> before = filesOfTree(repo.get(), parentTreeId, folder);
        QSet<QString> paths;
        for (auto it = now.begin(); it != now.end(); ++it)
            paths.insert(it.key());
        for (auto it = before.begin(); it != before.end(); ++it)
            paths.insert(it.key());
        const git_signature *author = git_commit_author(commit);
        const QString commitId = hex(&id);
        for (const QString &path : paths) {
            const auto n = now.constFind(path);
            const auto b = before.constFind(path);
            if (n != now.constEnd() && b != before.constEnd() && git_oid_equal(&*n, &*b))
                continue;
            PromptVersion version;
            version.id = commitId;
            version.shortId = commitId.left(7);
            version.date = QDateTime::fromSecsSinceEpoch(git_commit_time(commit), Qt::UTC);
            version.author = author && author->name ? QString::fromUtf8(author->name) : QString();
            version.message = QString::fromUtf8(git_commit_summary(commit));
            version.labels = tags.value(commitId);
            if (n == now.constEnd()) {
                version.removed = true;
            } else {
                version.blobId = hex(&*n);
                version.content = blobContent(repo.get(), *n, &catalog.truncated);
            }
            PromptHistory &history = histories[path];
            history.name = path;
            history.versions.append(version);
        }
    }
    for (auto it = histories.begin(); it != histories.end(); ++it)
        catalog.prompts.append(it.value());
    catalog.ok = true;
    return catalog;
}

QString GitPromptSource::resolveCommit(const QString &repositoryPath, const QString &revision, QString *error)
{
    RepoPtr repo = openRepository(repositoryPath, error);
    if (!repo)
        return {};
    git_object *object = nullptr;
    if (git_revparse_single(&object, repo.get(), revision.toUtf8().constData()) != 0) {
        *error = u"%1: no commit named %2 (%3)"_s.arg(repositoryPath, revision, lastError());
        return {};
    }
    ObjectPtr objectPtr(object);
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) != 0) {
        *error = u"%1: %2 does not name a commit"_s.arg(repositoryPath, revision);
        return {};
    }
    const QString result = hex(git_object_id(peeled));
    git_object_free(peeled);
    return result;
}

QHash<QString, QString> GitPromptSource::filesAt(const QString &repositoryPath, const QString &folderAsWritten,
                                                 const QString &revision, QString *error)
{
    QHash<QString, QString> out;
    const QString commitId = resolveCommit(repositoryPath, revision, error);
    if (commitId.isEmpty())
        return out;
    RepoPtr repo = openRepository(repositoryPath, error);
    if (!repo)
        return out;
    git_oid id;
    git_oid_fromstr(&id, commitId.toLatin1().constData());
    git_commit *commit = nullptr;
    if (git_commit_lookup(&commit, repo.get(), &id) != 0) {
        *error = lastError();
        return out;
    }
    CommitPtr commitPtr(commit);
    const QString folder = normalisedFolder(folderAsWritten);
    const QMap<QString, git_oid> files = filesOfTree(repo.get(), folderTreeId(commit, folder), folder);
    for (auto it = files.begin(); it != files.end(); ++it)
        out.insert(it.key(), hex(&it.value()));
    return out;
}
