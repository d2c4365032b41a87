// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/MigrationReport.h"

#include <QByteArray>

#include <functional>
#include <optional>

/**
 * Finds the migrations added since a base commit (libgit2 diff base..HEAD, plus staged and
 * untracked files) and checks that each has a working down step: Alembic downgrade(), Django
 * RunPython/RunSQL reverses, Rails reversible change/down, Knex/TypeORM down(), *.up.sql with a
 * non-empty *.down.sql, Prisma only with a waiver or a configured down command. A migration of
 * unknown layout makes the result NotReported, never a pass.
 */
class MigrationChecker
{
public:
    /** Reads another file of the same tree (for *.down.sql siblings); nullopt when it does not exist. */
    using SiblingReader = std::function<std::optional<QByteArray>(const QString &relativePath)>;

    /** baseRevision: a commit id, tag or anything git rev-parse accepts. */
    static MigrationReport check(const QString &repositoryPath, const QString &baseRevision,
                                 const MigrationOptions &options = {});

    /** nullopt when path is not a migration at all (e.g. __init__.py, a .down.sql, an unrelated file). */
    static std::optional<MigrationFinding> checkFile(const QString &path, const QByteArray &content,
                                                     const SiblingReader &readSibling,
                                                     const MigrationOptions &options = {});
};
