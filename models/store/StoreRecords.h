// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ItemState.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

/** One recorded deployment of a project. */
struct DeploymentRecord
{
    qint64 id = 0;
    qint64 projectId = 0;
    QString name;
    QString environment;
    QString version;
    QString commit;
    QDateTime created;
    QDateTime released; ///< invalid until marked released
    QDateTime rolledBack {}; ///< invalid unless a rollback took this deployment back to an earlier one
    bool isReleased() const { return released.isValid(); }
    bool isRolledBack() const { return rolledBack.isValid(); }
    bool operator==(const DeploymentRecord &other) const = default;
};

/** One entry of the append-only audit trail. */
struct AuditEvent
{
    qint64 id = 0;
    qint64 deploymentId = 0;
    QString itemId;   ///< empty for deployment-level events (created, released)
    QDateTime at;
    QString who;      ///< the display name (Actor::displayName)
    QString kind;     ///< tick, waive, na, note, reset, undo, probe, deployment, release
    QString fromStatus;
    QString toStatus;
    QString note;
    QString account;  ///< the OS user@host of the process that wrote it (schema v9; empty before)
    QString dbRole;   ///< PostgreSQL: the database role that wrote it; empty on SQLite
};

/** A change of one item's state, written with its audit event in one transaction. */
struct ItemChange
{
    qint64 deploymentId = 0;
    ItemState state;
    QString kind;
    QString who;
    QString note;
    QDateTime at;
    /**
     * The revision of the item the writer saw (ItemState::revision); when the stored row has another
     * one, the change is refused with Conflict ("changed by X at T since you looked"). -1 writes over
     * whatever is stored (`liftoff mark`, which shows nothing before it writes).
     */
    qint64 expectedRevision = -1;
};

/** One stored probe run: the history behind an item's current state. */
struct ProbeRunRecord
{
    qint64 id = 0;
    qint64 deploymentId = 0;
    QString itemId;
    QDateTime startedAt;
    qint64 durationMs = 0;
    Status status = Status::Error;
    QString summary;
    QJsonArray conditions;
    QJsonObject evidence;
};

Q_DECLARE_METATYPE(ProbeRunRecord)
Q_DECLARE_METATYPE(DeploymentRecord)
Q_DECLARE_METATYPE(AuditEvent)
Q_DECLARE_METATYPE(ItemChange)
