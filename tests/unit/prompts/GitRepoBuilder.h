// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

struct git_repository;

/** Builds a real git repository with libgit2 for tests: write files, commit everything, tag. */
class GitRepoBuilder
{
public:
    explicit GitRepoBuilder(const QString &path);
    ~GitRepoBuilder();
    GitRepoBuilder(const GitRepoBuilder &) = delete;
    GitRepoBuilder &operator=(const GitRepoBuilder &) = delete;

    bool isValid() const { return m_repo != nullptr; }
    QString path() const { return m_path; }
    void write(const QString &relativePath, const QByteArray &content) const;
    void remove(const QString &relativePath) const;
    /** Stages every change (additions, edits, deletions) and commits; returns the commit id or empty. */
    QString commit(const QString &message, qint64 whenSecs = 1790000000, const QString &author = QStringLiteral("Ada Tester"));
    bool tag(const QString &name, const QString &commitId, bool annotated = false);

private:
    QString m_path;
    git_repository *m_repo = nullptr;
};
