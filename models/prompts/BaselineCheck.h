// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/BaselineComparison.h"
#include "store/StoreError.h"

#include <QSet>

class Database;
struct ProjectConfig;

/**
 * Runs BaselineComparison against the store: reads the deployment, its baseline item's state, its
 * recorded prompt versions and every blessed deployment of the project with theirs, and (for the CLI)
 * stores the result as a probe run of qa.baseline-recorded. Blocking SQL: the CLI's connection, or a
 * worker's own connection (never the GUI thread).
 */
class BaselineCheck
{
public:
    /**
     * Whether the stand-in speaks for qa.baseline-recorded: the project has `prompts:`, the item is
     * not n/a in liftoff.yaml, and this build has no eval runner (which would bless eval runs instead).
     */
    static bool applies(const ProjectConfig &project, const QSet<QString> &runnableKinds);

    static StoreError gather(Database &database, qint64 deploymentId, BaselineComparison::Input *input);
    /** Opens its own connection to the file at databasePath, on the calling thread. */
    static StoreError gather(const QString &databasePath, qint64 deploymentId, BaselineComparison::Input *input);

    /**
     * The version numbers of a git prompts folder at HEAD, so summaries say "v3 abc1234"; empty for
     * Langfuse (its versions are numbers) or when the folder cannot be read. Blocking (libgit2).
     */
    static BaselineComparison::VersionNumbers numbersFor(const ProjectConfig &project);

    /** Gathers, compares and stores the probe run (unless a person's tick on the deployment stands). */
    static StoreError run(Database &database, qint64 deploymentId, const BaselineComparison::VersionNumbers &numbers,
                          BaselineComparison::Outcome *outcome, const QString &promptsProblem = {});
};
