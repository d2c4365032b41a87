// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

enum class MigrationFramework { Alembic, Django, Rails, Knex, TypeOrm, SqlPair, Prisma, Unknown };
enum class Reversibility { Reversible, Irreversible, Unknown };

/** One migration added since the base commit and whether it can be undone. */
struct MigrationFinding
{
    QString file;                 ///< repository-relative path
    MigrationFramework framework = MigrationFramework::Unknown;
    Reversibility reversibility = Reversibility::Unknown;
    QString reason;               ///< why, e.g. "RunPython without reverse_code"
    int line = 0;                 ///< where the reason is, when it is one line

    static QString frameworkName(MigrationFramework framework);
};

/** Settings a project can give for frameworks without a down step. */
struct MigrationOptions
{
    bool prismaDownWaived = false;   ///< the team accepted forward-only Prisma migrations
    QString prismaDownCommand;       ///< a configured command that reverts Prisma migrations
};

/** The migrations added between the previous deployment's commit and now (rb.migrations-reversible). */
struct MigrationReport
{
    /** NotReported: some migration's layout is unknown, so no pass can be given. */
    enum class Outcome { NoMigrations, AllReversible, Irreversible, NotReported, Error };

    Outcome outcome = Outcome::Error;
    QString error;        ///< for Error: what failed, naming the repository or revision
    QString baseCommit;
    QString headCommit;
    QList<MigrationFinding> migrations;

    QString summary() const;
};
