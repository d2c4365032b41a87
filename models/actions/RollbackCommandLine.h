// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/CommandRunner.h"
#include "config/SecretRef.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

struct ProjectConfig;

/**
 * The rollback command (or its dry run) of a project, as a person approves it and as it runs:
 * the argv as written in liftoff.yaml, the absolute working folder and the names of the extra
 * environment. Its hash (CommandHash over exactly those) keys the approval; the values of the
 * environment are resolved only when it runs and never shown.
 */
class RollbackCommandLine
{
public:
    /** Nullopt when the project has no rollback, or no dry_run when dryRun is asked. */
    static std::optional<RollbackCommandLine> of(const ProjectConfig &project, bool dryRun);

    const QStringList &argv() const { return m_argv; }
    const QString &workingDirectory() const { return m_workingDirectory; }
    QStringList environmentNames() const { return m_environment.keys(); }
    qint64 timeoutMs() const { return m_timeoutMs; }
    bool isDryRun() const { return m_dryRun; }
    /** The approval key. */
    QString hash() const;
    /** One line a person can check: the argv quoted where needed, the folder and the env names (keys redacted). */
    QString displayText() const;
    /** The argv with {url} and {version} expanded, quoted for display (keys redacted). */
    QString expandedText(const QString &baseUrl, const QString &version) const;

    /**
     * What CommandRunner runs: placeholders expanded, environment secrets resolved. secrets gets
     * every resolved value (for redaction). Nullopt with error naming the reference when one is missing.
     */
    std::optional<CommandSpec> resolve(const QString &baseUrl, const QString &version, QStringList *secrets,
                                       QString *error) const;

    /** Quotes one argument for display when it holds spaces or quotes (never run through a shell). */
    static QString quoted(const QString &argument);

private:
    QStringList m_argv;
    QString m_workingDirectory;
    QMap<QString, SecretRef> m_environment;
    qint64 m_timeoutMs = 0;
    bool m_dryRun = false;
};
