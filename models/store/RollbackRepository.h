// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/RollbackRecords.h"
#include "store/StoreError.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

class Database;

/**
 * The SQL of rollbacks, command approvals, kill-switch flips and the per-project rollback lock
 * (schema v4; several approvers per command and the lock's account since v9). Every write that a
 * person caused also appends its audit event, in one transaction. Every record names who acted:
 * the display name given, the OS account (Actor::osAccount) and on PostgreSQL the database role.
 * Synchronous: run it off the GUI thread (RollbackStore does).
 */
class RollbackRepository
{
public:
    /**
     * How long past the rollback timeout a lock counts as held: the command is killed at the
     * timeout, and recording, verifying and notifying take the rest. A lock not renewed for longer
     * belongs to a console that died (or hangs) and is taken over, whatever host holds it.
     */
    static constexpr qint64 LOCK_MARGIN_MS = 60 * 1000;

    explicit RollbackRepository(Database &database);

    /**
     * Takes the project's rollback lock for `me`, in one write transaction. Conflict (with holder
     * filled in) while another holder may still be at work. Taken over, with an audit event on
     * auditDeploymentId naming the previous holder (who, account, process, host, since when):
     * a lock of a process of this host that is gone, and any lock not renewed for longer than
     * commandTimeoutMs + LOCK_MARGIN_MS, because no rollback can still run then. A takeover also
     * ends the dead holder's rollback records still marked running (outcome "interrupted").
     * The account of `me` is filled in from Actor::osAccount() when empty.
     */
    StoreError acquireLock(qint64 projectId, const RollbackLockHolder &me, qint64 commandTimeoutMs,
                           qint64 auditDeploymentId, RollbackLockHolder *holder);
    /** Notes that token's holder is still at work (after its command finished): the timeout counts anew. */
    StoreError renewLock(qint64 projectId, const QString &token);
    /** Releases the lock if token holds it. */
    StoreError releaseLock(qint64 projectId, const QString &token);
    /** The project's lock holder, if any (nullopt when the lock is free). */
    StoreError lockHolder(qint64 projectId, std::optional<RollbackLockHolder> *out);

    /**
     * Records one person's approval of a command (command_approvals for the command, one
     * command_approvers row per distinct name, case-insensitive) with account and database role,
     * audited, in one transaction. `added` is false when that name had approved it already.
     */
    StoreError approve(qint64 projectId, qint64 deploymentId, const CommandApproval &approval, bool *added = nullptr);
    /** The hashes approved by at least one person. */
    StoreError approvedHashes(qint64 projectId, QSet<QString> *out);
    /** How many distinct people approved each command hash of the project (rollback.approvers). */
    StoreError approverCounts(qint64 projectId, QHash<QString, int> *out);
    /** Everyone who approved the command, first approval first. */
    StoreError approvers(qint64 projectId, const QString &hash, QList<CommandApproval> *out);

    /** The newest released deployment created before `current`, that was not rolled back; NotFound if none. */
    StoreError previousDeployment(qint64 projectId, const DeploymentRecord &current, DeploymentRecord *out);

    /**
     * Inserts a running record (with this process's account and the connection's role) and its
     * "rollback started" audit event; fills in id, account and dbRole.
     */
    StoreError beginRollback(RollbackRecord *record, qint64 auditDeploymentId);
    /**
     * Stores the outcome and output; when a real rollback succeeded, marks the from-deployment
     * rolled back (so the previous one is current again). Audit event included.
     */
    StoreError finishRollback(const RollbackRecord &record, qint64 auditDeploymentId);
    /** Stores verification and notification results with an audit event summing them up. */
    StoreError attachFollowUp(const RollbackRecord &record, qint64 auditDeploymentId);
    StoreError rollbacks(qint64 projectId, QList<RollbackRecord> *out, int limit = 200);
    StoreError rollback(qint64 rollbackId, RollbackRecord *out);

    /** Inserts the flip (with account and role, filled in) and its audit event; fills in id. */
    StoreError recordFlagFlip(FlagFlipRecord *flip, qint64 auditDeploymentId);
    StoreError flagFlips(qint64 projectId, QList<FlagFlipRecord> *out, int limit = 200);

private:
    StoreError checkOpen() const;
    /** Appends an audit event with this process's account and the connection's database role. */
    StoreError audit(qint64 deploymentId, const QString &kind, const QString &who, const QString &note,
                     const QString &from = {}, const QString &to = {});
    /** The connection's database role ('' on SQLite), as stored with each record. */
    StoreError currentRole(QString *out);
    Database &m_database;
};
