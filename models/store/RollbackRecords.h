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
    QString who;
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
    QString who;
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
};

/** One approval of a config command on this machine. */
struct CommandApproval
{
    QString hash;
    QString purpose; ///< rollback, rollback-dry-run, command:ITEM
    QString command; ///< argv, cwd and env names as shown to the person who approved
    QString approvedBy;
    QDateTime approvedAt;
};

Q_DECLARE_METATYPE(RollbackRecord)
Q_DECLARE_METATYPE(FlagFlipRecord)
