// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

/** One rollback (or dry run) as stored: who, why, from, to, the command's output and what followed. */
struct RollbackRecord
{
    qint64 id = 0;
    qint64 projectId = 0;
    qint64 fromDeploymentId = 0; ///< the deployment being rolled back (0: none known)
    qint64 toDeploymentId = 0;   ///< the previous released deployment (0: none known)
    QString fromVersion;
    QString toVersion;
    bool dryRun = false;
    QString who;                 ///< the display name (Actor::displayName)
    QString account;             ///< the OS user@host that started it (schema v9; empty before)
    QString dbRole;              ///< PostgreSQL: the database role that recorded it; empty on SQLite
    QString reason;
    QString command;             ///< argv joined for display; never holds secret values
    QString commandHash;
    QDateTime startedAt;
    QDateTime finishedAt;        ///< invalid while running
    QString outcome = QStringLiteral("running"); ///< running, succeeded, failed, timed-out, cancelled, not-started
    int exitCode = -1;
    QStringList output;          ///< redacted lines
    QString error;
    QJsonArray verification;     ///< [{item, status, summary}]
    QJsonArray notifications;    ///< [{channel, delivered, error}]

    bool succeeded() const { return outcome == u"succeeded"; }
};

/** One flip (or attempted flip) of the AI kill switch. */
struct FlagFlipRecord
{
    qint64 id = 0;
    qint64 projectId = 0;
    QString flag;
    QString source;    ///< ofrep, flagd_file, unleash
    QString fromValue; ///< "true", "false" or "" when it could not be read
    QString toValue;
    QString who;       ///< the display name
    QString account;   ///< the OS user@host that flipped it (schema v9)
    QString dbRole;    ///< PostgreSQL: the database role; empty on SQLite
    QString reason;
    QDateTime at;
    QString outcome;   ///< flipped, failed
    QString error;
};

/** Who holds a project's rollback lock. */
struct RollbackLockHolder
{
    QString token;
    qint64 pid = 0;
    QString host;
    QString who;
    QDateTime acquiredAt;
    QString account;     ///< user@host (schema v9; empty for a lock written before)
    QDateTime renewedAt; ///< the last renewal (RollbackRepository::renewLock); invalid when never renewed

    /** When the holder was last known to be at work: the renewal, else the acquisition. */
    QDateTime lastSeen() const { return renewedAt.isValid() ? renewedAt : acquiredAt; }
};

/** One person's approval of a config command. */
struct CommandApproval
{
    QString hash;
    QString purpose; ///< rollback, rollback-dry-run, command:ITEM
    QString command; ///< argv, cwd and env names as shown to the person who approved
    QString approvedBy; ///< the display name; distinct names count as distinct approvers
    QDateTime approvedAt;
    QString account; ///< the OS user@host that approved (filled in by the store)
    QString dbRole;  ///< PostgreSQL: the database role (filled in by the store)
};

Q_DECLARE_METATYPE(RollbackRecord)
Q_DECLARE_METATYPE(FlagFlipRecord)
