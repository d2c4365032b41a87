// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QList>
#include <QString>

class Database;

/**
 * The SQL of projects, deployments, item states and the audit trail. Synchronous: the CLI uses
 * it directly, the GUI only through StoreWorker on the store thread.
 */
class ChecklistRepository
{
public:
    explicit ChecklistRepository(Database &database);

    /** The project's id, creating the row on first use. */
    StoreError ensureProject(const QString &name, const QString &configPath, qint64 *projectId);
    StoreError createDeployment(DeploymentRecord *deployment, const QString &who);
    StoreError deployments(qint64 projectId, QList<DeploymentRecord> *out);
    StoreError deployment(qint64 deploymentId, DeploymentRecord *out);
    StoreError findDeployment(qint64 projectId, const QString &name, DeploymentRecord *out);
    StoreError releaseDeployment(qint64 deploymentId, const QDateTime &at, const QString &who);

    StoreError itemStates(qint64 deploymentId, QHash<QString, ItemState> *out);
    /**
     * Writes the new state and its audit event in one durable transaction (synchronous=FULL); fills in
     * the event. NotFound for an unknown deployment; Locked when another writer holds the database
     * past the busy timeout (nothing written); Conflict when change.expectedRevision is set and the item
     * was written since (the message names who and when). *stored, when given, is the state as written,
     * with its new revision.
     */
    StoreError applyChange(const ItemChange &change, AuditEvent *event, ItemState *stored = nullptr);
    /**
     * The newest `limit` events of one item's audit trail, oldest first; with an empty itemId, of the
     * whole deployment (its created/released events and every item's).
     */
    StoreError audit(qint64 deploymentId, const QString &itemId, QList<AuditEvent> *out, int limit = 500);
    StoreError auditCount(qint64 *count);

    /**
     * Stores a probe run and updates the item's state in one transaction, with an audit event
     * when the status changes. A manual n/a stays; an active waiver stays while the probe fails; a
     * manual pass or fail stays under a result whose evidence says a tick answers it (MarkRules).
     * statusChanged (when given) is set to the audit event, or left with id 0 when nothing changed.
     */
    StoreError recordProbeRun(const ProbeRunRecord &run, ItemState *newState, AuditEvent *statusChanged);
    /** The newest runs of one item, newest first. */
    StoreError probeRuns(qint64 deploymentId, const QString &itemId, int limit, QList<ProbeRunRecord> *out);
    /** Appends one audit event inside the caller's open write transaction; sets its id. */
    StoreError appendAudit(const AuditEvent &event, qint64 *id);

private:
    /** Io with a clear message when the database is not open (instead of the driver's "not loaded"). */
    StoreError checkOpen() const;
    StoreError readState(qint64 deploymentId, const QString &itemId, ItemState *state, bool *found);
    /** The Conflict a change gets when the item moved past the revision its writer saw. */
    StoreError changedSinceSeen(const ItemChange &change, const ItemState &current);
    StoreError writeState(qint64 deploymentId, const ItemState &state);
    Database &m_database;
};
