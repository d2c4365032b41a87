// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

struct git_repository;

/** A real git repository built with libgit2 for tests: write files, commit everything, tag, branch. */
class GitTestRepo
{
public:
    /** Runs `git init` in path (which must exist). */
    explicit GitTestRepo(const QString &path);
    ~GitTestRepo();
    GitTestRepo(const GitTestRepo &) = delete;
    GitTestRepo &operator=(const GitTestRepo &) = delete;

    bool isValid() const { return m_repo != nullptr; }
    QString path() const { return m_path; }

    void writeFile(const QString &relative, const QByteArray &content) const;
    void removeFile(const QString &relative) const;
    /** Stages every change (additions, edits, removals; .gitignore respected) and commits; returns the commit id. */
    QString commitAll(const QString &message);
    /** Lightweight tag on HEAD. */
    bool tag(const QString &name);
    /** Creates a branch at HEAD. */
    bool branch(const QString &name);
    /** Points HEAD at the branch and checks it out (forced). */
    bool checkout(const QString &branchName);

private:
    QString m_path;
    git_repository *m_repo = nullptr;
    int m_commitCount = 0;
};
