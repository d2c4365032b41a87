// SPDX-License-Identifier: GPL-3.0-or-later
#include "GitTestRepo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <git2.h>

using namespace Qt::StringLiterals;

GitTestRepo::GitTestRepo(const QString &path)
    : m_path(path)
{
    git_libgit2_init();
    const QByteArray native = path.toUtf8();
    if (git_repository_init(&m_repo, native.constData(), 0) != 0)
        m_repo = nullptr;
}

GitTestRepo::~GitTestRepo()
{
    git_repository_free(m_repo);
    git_libgit2_shutdown();
}

void GitTestRepo::writeFile(const QString &relative, const QByteArray &content) const
{
    const QString full = m_path + u'/' + relative;
    QDir().mkpath(QFileInfo(full).absolutePath());
    QFile file(full);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
}

void GitTestRepo::removeFile(const QString &relative) const
{
    QFile::remove(m_path + u'/' + relative);
}

QString GitTestRepo::commitAll(const QString &message)
{
    git_index *index = nullptr;
    if (!m_repo || git_repository_index(&index, m_repo) != 0)
        return {};
    char star[] = "*";
    char *patterns[] = {star};
    const git_strarray pathspec {patterns, 1};
    git_index_add_all(index, &pathspec, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
    git_index_update_all(index, &pathspec, nullptr, nullptr);
    git_index_write(index);
    git_oid treeId;
    git_index_write_tree(&treeId, index);
    git_index_free(index);

    git_tree *tree = nullptr;
    git_tree_lookup(&tree, m_repo, &treeId);
    git_signature *signature = nullptr;
    // Fixed, increasing times keep commit ids reproducible.
    git_signature_new(&signature, "Liftoff Test", "test@example.invalid", 1700000000 + 60 * m_commitCount++, 0);
    git_commit *parent = nullptr;
    git_oid parentId;
    const bool hasParent = git_reference_name_to_id(&parentId, m_repo, "HEAD") == 0
        && git_commit_lookup(&parent, m_repo, &parentId) == 0;
    const git_commit *parents[] = {parent};
    git_oid commitId;
    const QByteArray text = message.toUtf8();
    const int rc = git_commit_create(&commitId, m_repo, "HEAD", signature, signature, nullptr, text.constData(), tree,
                                     hasParent ? 1 : 0, hasParent ? parents : nullptr);
    git_commit_free(parent);
    git_signature_free(signature);
    git_tree_free(tree);
    if (rc != 0)
        return {};
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &commitId);
    return QString::fromLatin1(hex);
}

bool GitTestRepo::tag(const QString &name)
{
    git_object *head = nullptr;
    if (git_revparse_single(&head, m_repo, "HEAD") != 0)
        return false;
    git_oid tagId;
    const QByteArray native = name.toUtf8();
    const int rc = git_tag_create_lightweight(&tagId, m_repo, native.constData(), head, 0);
    git_object_free(head);
    return rc == 0;
}

bool GitTestRepo::branch(const QString &name)
{
    git_object *head = nullptr;
    if (git_revparse_single(&head, m_repo, "HEAD") != 0)
        return false;
    git_reference *ref = nullptr;
    const QByteArray native = name.toUtf8();
    const int rc = git_branch_create(&ref, m_repo, native.constData(), reinterpret_cast<git_commit *>(head), 0);
    git_reference_free(ref);
    git_object_free(head);
    return rc == 0;
}

bool GitTestRepo::checkout(const QString &branchName)
{
    const QByteArray refName = (u"refs/heads/"_s + branchName).toUtf8();
    git_object *target = nullptr;
    if (git_revparse_single(&target, m_repo, refName.constData()) != 0)
        return false;
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
    int rc = git_checkout_tree(m_repo, target, &options);
    git_object_free(target);
    if (rc == 0)
        rc = git_repository_set_head(m_repo, refName.constData());
    return rc == 0;
}
