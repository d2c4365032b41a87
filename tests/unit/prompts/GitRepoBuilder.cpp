// SPDX-License-Identifier: GPL-3.0-or-later
#include "GitRepoBuilder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <git2.h>

using namespace Qt::StringLiterals;

GitRepoBuilder::GitRepoBuilder(const QString &path) : m_path(path)
{
    git_libgit2_init();
    QDir().mkpath(path);
    if (git_repository_init(&m_repo, path.toUtf8().constData(), 0) != 0)
        m_repo = nullptr;
}

GitRepoBuilder::~GitRepoBuilder()
{
    git_repository_free(m_repo);
    git_libgit2_shutdown();
}

void GitRepoBuilder::write(const QString &relativePath, const QByteArray &content) const
{
    const QString full = m_path + u'/' + relativePath;
    QDir().mkpath(QFileInfo(full).absolutePath());
    QFile file(full);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
}

void GitRepoBuilder::remove(const QString &relativePath) const
{
    QFile::remove(m_path + u'/' + relativePath);
}

QString GitRepoBuilder::commit(const QString &message, qint64 whenSecs, const QString &author)
{
    git_index *index = nullptr;
    if (git_repository_index(&index, m_repo) != 0)
        return {};
    char *paths[] = {const_cast<char *>("*")};
    git_strarray spec {paths, 1};
    git_oid treeId;
    git_oid commitId;
    QString result;
    if (git_index_add_all(index, &spec, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr) == 0
        && git_index_update_all(index, &spec, nullptr, nullptr) == 0 && git_index_write(index) == 0
        && git_index_write_tree(&treeId, index) == 0) {
        git_tree *tree = nullptr;
        git_signature *sig = nullptr;
        git_commit *parent = nullptr;
        git_oid parentId;
        const QByteArray name = author.toUtf8();
        if (git_tree_lookup(&tree, m_repo, &treeId) == 0
            && git_signature_new(&sig, name.constData(), "tester@example.test", whenSecs, 0) == 0) {
            const bool hasParent = git_reference_name_to_id(&parentId, m_repo, "HEAD") == 0
                                   && git_commit_lookup(&parent, m_repo, &parentId) == 0;
            const git_commit *parents[] = {parent};
            if (git_commit_create(&commitId, m_repo, "HEAD", sig, sig, nullptr, message.toUtf8().constData(), tree,
                                  hasParent ? 1 : 0, hasParent ? parents : nullptr)
                == 0) {
                char hex[GIT_OID_HEXSZ + 1] = {};
                git_oid_tostr(hex, sizeof hex, &commitId);
                result = QString::fromLatin1(hex);
            }
        }
        git_commit_free(parent);
        git_signature_free(sig);
        git_tree_free(tree);
    }
    git_index_free(index);
    return result;
}

bool GitRepoBuilder::tag(const QString &name, const QString &commitId, bool annotated)
{
    git_oid id;
    if (git_oid_fromstr(&id, commitId.toLatin1().constData()) != 0)
        return false;
    git_object *target = nullptr;
    if (git_object_lookup(&target, m_repo, &id, GIT_OBJECT_COMMIT) != 0)
        return false;
    git_oid tagId;
    int rc = 0;
    if (annotated) {
        git_signature *sig = nullptr;
        git_signature_new(&sig, "Ada Tester", "tester@example.test", 1790000000, 0);
        rc = git_tag_create(&tagId, m_repo, name.toUtf8().constData(), target, sig, "release", 0);
        git_signature_free(sig);
    } else {
        rc = git_tag_create_lightweight(&tagId, m_repo, name.toUtf8().constData(), target, 0);
    }
    git_object_free(target);
    return rc == 0;
}
