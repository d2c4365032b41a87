// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/RollbackRecords.h"
#include "store/StoreError.h"
#include "store/StoreRecords.h"

#include <QList>
#include <QSet>
#include <QString>

class Database;

/**
 * The SQL of rollbacks, command approvals, kill-switch flips and the per-project rollback lock
 * (schema v4). Every write that a person caused also appends its audit event, in one transaction.
 * Synchronous: run it off the GUI thread (RollbackStore does).
 */
class RollbackRepository
{
public:
    explicit RollbackRepository(Database &database);

    /**
     * Takes the project's rollback lock for token. Conflict (with holder filled in) while another
     * live holder has it; a lock left by a process of this host that is gone is taken over.
     */
    StoreError acquireLock(qint64 projectId, const RollbackLockHolder &me, RollbackLockHolder *holder);
    /** Releases the lock if token holds it. */
    StoreError releaseLock(qint64 projectId, const QString &token);

    StoreError approve(qint64 projectId, qint64 deploymentId, const CommandApproval &approval);
    StoreError approvedHashes(qint64 projectId, QSet<QString> *out);

    /** The newest released deployment created before `current`, that was not rolled back; NotFound if none. */
    StoreError previousDeployment(qint64 projectId, const DeploymentRecord &current, DeploymentRecord *out);

    /** Inserts a running record and its "rollback started" audit event; fills in id. */
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

    StoreError recordFlagFlip(FlagFlipRecord *flip, qint64 auditDeploymentId);
    StoreError flagFlips(qint64 projectId, QList<FlagFlipRecord> *out, int limit = 200);

private:
    StoreError checkOpen() const;
    StoreError audit(qint64 deploymentId, const QString &kind, const QString &who, const QString &note,
                     const QString &from = {}, const QString &to = {});
    Database &m_database;
};
