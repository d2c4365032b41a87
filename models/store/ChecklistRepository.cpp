// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/ChecklistRepository.h"

#include "checklist/MarkRules.h"
#include "store/Actor.h"
#include "store/AuditTrail.h"
#include "store/Database.h"
#include "store/WriteTransaction.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
QString isoText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIsoText(const QVariant &value)
{
    if (value.isNull())
        return {};
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(value.toString(), Qt::ISODate);
    return t.toUTC();
}

/**
 * QSQLITE binds a null QString as SQL NULL, and a plain INSERT into a NOT NULL column refuses it (a
 * DEFAULT applies only to an omitted column; only INSERT OR REPLACE falls back to it). Every text
 * bound to a NOT NULL column goes through here.
 */
QString text(const QString &value)
{
    return value.isNull() ? QString(u""_s) : value;
}

const QString STATE_COLUMNS = u"item_id, status, base_status, source, summary, note, by, checked_at, waiver_expires, "
                              u"evidence, conditions, revision"_s;

/** One item_states row selected with STATE_COLUMNS. */
ItemState stateFromRow(const QSqlQuery &q)
{
    ItemState s;
    s.itemId = q.value(0).toString();
    s.status = StatusText::fromString(q.value(1).toString()).value_or(Status::Pending);
    s.baseStatus = StatusText::fromString(q.value(2).toString()).value_or(Status::Pending);
    s.source = StatusSourceText::fromString(q.value(3).toString());
    s.summary = q.value(4).toString();
    s.note = q.value(5).toString();
    s.by = q.value(6).toString();
    s.checkedAt = fromIsoText(q.value(7));
    s.waiverExpires = fromIsoText(q.value(8));
    s.evidence = QJsonDocument::fromJson(q.value(9).toByteArray()).object();
    s.conditions = QJsonDocument::fromJson(q.value(10).toByteArray()).array();
    s.revision = q.value(11).toLongLong();
    return s;
}

QVariant nullableIso(const QDateTime &t)
{
    return t.isValid() ? QVariant(isoText(t)) : QVariant(QMetaType::fromType<QString>());
}

DeploymentRecord readDeployment(const QSqlQuery &q)
{
    DeploymentRecord d;
    d.id = q.value(0).toLongLong();
    d.projectId = q.value(1).toLongLong();
    d.name = q.value(2).toString();
    d.environment = q.value(3).toString();
    d.version = q.value(4).toString();
    d.commit = q.value(5).toString();
    d.created = fromIsoText(q.value(6));
    d.released = fromIsoText(q.value(7));
    d.rolledBack = fromIsoText(q.value(8));
    return d;
}

const QString DEPLOYMENT_COLUMNS = u"id, project_id, name, environment, version, commit_sha, created, released, rolled_back"_s;

} // namespace

ChecklistRepository::ChecklistRepository(Database &database) : m_database(database) {}

StoreError ChecklistRepository::checkOpen() const
{
    return m_database.ensureOpen();
}

StoreError ChecklistRepository::ensureProject(const QString &name, const QString &configPath, qint64 *projectId)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    // Insert-if-missing then read, so two processes ensuring the same project at once both succeed.
    q.prepare(u"INSERT INTO projects(name, config_path, created) VALUES(?, ?, ?) ON CONFLICT(name) DO NOTHING"_s);
    q.addBindValue(text(name));
    q.addBindValue(configPath);
    q.addBindValue(isoText(QDateTime::currentDateTimeUtc()));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the project"_s);
    q.prepare(u"SELECT id FROM projects WHERE name = ?"_s);
    q.addBindValue(text(name));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the project"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::Io, u"%1: the project '%2' vanished"_s.arg(m_database.path(), name));
    *projectId = q.value(0).toLongLong();
    return {};
}

StoreError ChecklistRepository::createDeployment(DeploymentRecord *deployment, const QString &who)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the deployment"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT 1 FROM deployments WHERE project_id = ? AND name = ?"_s);
    q.addBindValue(deployment->projectId);
    q.addBindValue(text(deployment->name));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the deployment"_s);
    if (q.next())
        return StoreError::make(StoreError::Kind::Conflict,
                                u"a deployment named '%1' exists already; choose another --name"_s.arg(deployment->name));
    if (!deployment->created.isValid())
        deployment->created = QDateTime::currentDateTimeUtc();
    q.prepare(u"INSERT INTO deployments(project_id, name, environment, version, commit_sha, created, released) "
              u"VALUES(?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(deployment->projectId);
    q.addBindValue(text(deployment->name));
    q.addBindValue(text(deployment->environment));
    q.addBindValue(text(deployment->version));
    q.addBindValue(text(deployment->commit));
    q.addBindValue(isoText(deployment->created));
    q.addBindValue(nullableIso(deployment->released));
    if (!q.exec()) {
        deployment->created = {};
        return Database::classify(q.lastError(), m_database.path(), u"record the deployment"_s);
    }
    deployment->id = q.lastInsertId().toLongLong();
    AuditEvent event {0, deployment->id, {}, deployment->created, who, u"deployment"_s, {}, {},
                      u"created %1 %2 for %3"_s.arg(deployment->name, deployment->version, deployment->environment),
                      Actor::osAccount(), {}};
    qint64 eventId = 0;
    if (StoreError e = appendAudit(event, &eventId); e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the deployment"_s);
    return {};
}

StoreError ChecklistRepository::deployments(qint64 projectId, QList<DeploymentRecord> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM deployments WHERE project_id = ? ORDER BY created DESC, id DESC"_s.arg(DEPLOYMENT_COLUMNS));
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"list deployments"_s);
    out->clear();
    while (q.next())
        out->append(readDeployment(q));
    return {};
}

StoreError ChecklistRepository::deployment(qint64 deploymentId, DeploymentRecord *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT %1 FROM deployments WHERE id = ?"_s.arg(DEPLOYMENT_COLUMNS));
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the deployment"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound, u"no deployment with id %1"_s.arg(deploymentId));
    *out = readDeployment(q);
    return {};
}

StoreError ChecklistRepository::findDeployment(qint64 projectId, const QString &name, DeploymentRecord *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT %1 FROM deployments WHERE project_id = ? AND name = ?"_s.arg(DEPLOYMENT_COLUMNS));
    q.addBindValue(projectId);
    q.addBindValue(text(name));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the deployment"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound,
                                u"no deployment named '%1'; `liftoff deploy list` shows them"_s.arg(name));
    *out = readDeployment(q);
    return {};
}

StoreError ChecklistRepository::releaseDeployment(qint64 deploymentId, const QDateTime &at, const QString &who)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"release the deployment"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"UPDATE deployments SET released = ? WHERE id = ? AND released IS NULL"_s);
    q.addBindValue(isoText(at));
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"release the deployment"_s);
    if (q.numRowsAffected() == 0) {
        q.prepare(u"SELECT 1 FROM deployments WHERE id = ?"_s);
        q.addBindValue(deploymentId);
        if (!q.exec())
            return Database::classify(q.lastError(), m_database.path(), u"release the deployment"_s);
        if (!q.next())
            return StoreError::make(StoreError::Kind::NotFound, u"no deployment with id %1"_s.arg(deploymentId));
        return StoreError::make(StoreError::Kind::Conflict, u"the deployment is released already"_s);
    }
    qint64 eventId = 0;
    if (StoreError e = appendAudit({0, deploymentId, {}, at, who, u"release"_s, {}, {}, u"marked released"_s, {}, {}}, &eventId);
        e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the release"_s);
    return {};
}

StoreError ChecklistRepository::itemStates(qint64 deploymentId, QHash<QString, ItemState> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM item_states WHERE deployment_id = ?"_s.arg(STATE_COLUMNS));
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read item states"_s);
    out->clear();
    while (q.next()) {
        const ItemState s = stateFromRow(q);
        out->insert(s.itemId, s);
    }
    return {};
}

StoreError ChecklistRepository::applyChange(const ItemChange &change, AuditEvent *event, ItemState *stored)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"save the change"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT 1 FROM deployments WHERE id = ?"_s);
    q.addBindValue(change.deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"save the change"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound,
                                u"no deployment with id %1; the change was not saved"_s.arg(change.deploymentId));
    q.finish();
    // Read inside the write transaction, which holds the store's write lock: no other console can
    // write the item between this check and the write below.
    ItemState current;
    bool found = false;
    if (StoreError e = readState(change.deploymentId, change.state.itemId, &current, &found); e.isError())
        return e;
    if (change.expectedRevision >= 0 && current.revision != change.expectedRevision)
        return changedSinceSeen(change, current);
    const QString from = StatusText::toString(found ? current.status : Status::Pending);

    ItemState s = change.state;
    s.revision = current.revision + 1;
    if (StoreError err = writeState(change.deploymentId, s); err.isError())
        return err;

    AuditEvent e {0, change.deploymentId, s.itemId, change.at.isValid() ? change.at : QDateTime::currentDateTimeUtc(),
                  change.who, change.kind, from, StatusText::toString(s.status), change.note, Actor::osAccount(), {}};
    if (StoreError err = appendAudit(e, &e.id); err.isError())
        return err;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the change"_s);
    if (event)
        *event = e;
    if (stored)
        *stored = s;
    return {};
}

StoreError ChecklistRepository::changedSinceSeen(const ItemChange &change, const ItemState &current)
{
    // Who wrote last: the newest audit event of the item names a person (or "liftoff" for a probe);
    // a probe run that kept the status writes no event, so the row's own by/checked_at answer then.
    QString who = current.by;
    QString account;
    QDateTime at = current.checkedAt;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT who, account, at FROM audit WHERE deployment_id = ? AND item_id = ? ORDER BY id DESC LIMIT 1"_s);
    q.addBindValue(change.deploymentId);
    q.addBindValue(change.state.itemId);
    if (q.exec() && q.next()) {
        const QDateTime eventAt = fromIsoText(q.value(2));
        if (!at.isValid() || (eventAt.isValid() && eventAt >= at)) {
            who = q.value(0).toString();
            account = q.value(1).toString();
            at = eventAt;
        }
    }
    if (who.isEmpty() || who == u"liftoff")
        who = u"a probe run"_s;
    else if (!account.isEmpty())
        who = u"%1 (%2)"_s.arg(who, account);
    const QString when = at.isValid() ? at.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) : u"an unknown time"_s;
    return StoreError::make(StoreError::Kind::Conflict,
                            u"%1 was changed by %2 at %3 since you looked (it is %4 now); your change was not "
                            u"saved. Look at the item again and repeat the change if it still applies."_s
                                .arg(change.state.itemId, who, when, StatusText::toString(current.status)));
}

StoreError ChecklistRepository::appendAudit(const AuditEvent &event, qint64 *id)
{
    return AuditTrail::append(m_database, event, id);
}

StoreError ChecklistRepository::audit(qint64 deploymentId, const QString &itemId, QList<AuditEvent> *out, int limit)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    // Newest `limit` events, returned oldest first.
    // An empty itemId means the whole deployment: its own events and every item's. Two statements,
    // so that each one uses the (deployment_id, item_id, id) index.
    const QString filter = itemId.isEmpty() ? u"deployment_id = ?"_s : u"deployment_id = ? AND item_id = ?"_s;
    q.prepare(u"SELECT id, deployment_id, item_id, at, who, kind, from_status, to_status, note, account, db_role FROM ("
              u"SELECT * FROM audit WHERE %1 ORDER BY id DESC LIMIT ?) AS newest ORDER BY id"_s.arg(filter));
    q.addBindValue(deploymentId);
    if (!itemId.isEmpty())
        q.addBindValue(itemId);
    q.addBindValue(limit);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the audit trail"_s);
    out->clear();
    while (q.next()) {
        out->append(AuditEvent {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                                fromIsoText(q.value(3)), q.value(4).toString(), q.value(5).toString(),
                                q.value(6).toString(), q.value(7).toString(), q.value(8).toString(),
                                q.value(9).toString(), q.value(10).toString()});
    }
    return {};
}

StoreError ChecklistRepository::auditCount(qint64 *count)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    if (!q.exec(u"SELECT count(*) FROM audit"_s) || !q.next())
        return Database::classify(q.lastError(), m_database.path(), u"count the audit trail"_s);
    *count = q.value(0).toLongLong();
    return {};
}

StoreError ChecklistRepository::readState(qint64 deploymentId, const QString &itemId, ItemState *state, bool *found)
{
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT %1 FROM item_states WHERE deployment_id = ? AND item_id = ?"_s.arg(STATE_COLUMNS));
    q.addBindValue(deploymentId);
    q.addBindValue(itemId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the item state"_s);
    *found = q.next();
    *state = ItemState {};
    state->itemId = itemId;
    if (*found)
        *state = stateFromRow(q);
    return {};
}

StoreError ChecklistRepository::writeState(qint64 deploymentId, const ItemState &s)
{
    QSqlQuery q(m_database.connection());
    static const QStringList columns = {u"deployment_id"_s, u"item_id"_s,        u"status"_s,   u"base_status"_s,
                                        u"source"_s,        u"summary"_s,        u"note"_s,     u"by"_s,
                                        u"checked_at"_s,    u"waiver_expires"_s, u"evidence"_s, u"conditions"_s,
                                        u"revision"_s};
    q.prepare(m_database.dialect().replaceInto(u"item_states"_s, columns, {u"deployment_id"_s, u"item_id"_s}));
    q.addBindValue(deploymentId);
    q.addBindValue(text(s.itemId));
    q.addBindValue(StatusText::toString(s.status));
    q.addBindValue(StatusText::toString(s.baseStatus));
    q.addBindValue(text(StatusSourceText::toString(s.source)));
    q.addBindValue(text(s.summary));
    q.addBindValue(text(s.note));
    q.addBindValue(text(s.by));
    q.addBindValue(nullableIso(s.checkedAt));
    q.addBindValue(nullableIso(s.waiverExpires));
    q.addBindValue(QString::fromUtf8(QJsonDocument(s.evidence).toJson(QJsonDocument::Compact)));
    q.addBindValue(QString::fromUtf8(QJsonDocument(s.conditions).toJson(QJsonDocument::Compact)));
    q.addBindValue(s.revision);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"save the item state"_s);
    return {};
}

StoreError ChecklistRepository::recordProbeRun(const ProbeRunRecord &run, ItemState *newState, AuditEvent *statusChanged)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"store the probe run"_s);
    const QString conditionsText = QString::fromUtf8(QJsonDocument(run.conditions).toJson(QJsonDocument::Compact));
    const QString evidenceText = QString::fromUtf8(QJsonDocument(run.evidence).toJson(QJsonDocument::Compact));
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT 1 FROM deployments WHERE id = ?"_s);
    q.addBindValue(run.deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"store the probe run"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound,
                                u"no deployment with id %1; the probe run was not stored"_s.arg(run.deploymentId));
    q.finish();
    q.prepare(u"INSERT INTO probe_runs(deployment_id, item_id, started_at, duration_ms, status, summary, conditions, "
              u"evidence) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(run.deploymentId);
    q.addBindValue(text(run.itemId));
    q.addBindValue(isoText(run.startedAt.isValid() ? run.startedAt : QDateTime::currentDateTimeUtc()));
    q.addBindValue(run.durationMs);
    q.addBindValue(StatusText::toString(run.status));
    q.addBindValue(text(run.summary));
    q.addBindValue(conditionsText);
    q.addBindValue(evidenceText);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"store the probe run"_s);

    ItemState current;
    bool found = false;
    if (StoreError e = readState(run.deploymentId, run.itemId, &current, &found); e.isError())
        return e;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool failing = run.status == Status::Fail || run.status == Status::Error;
    const bool waiverActive = current.status == Status::Waived
                              && (!current.waiverExpires.isValid() || current.waiverExpires > now);
    // A result that a person's tick answers (MarkRules::PASS_RESOLVES_KEY) never replaces that tick, even
    // when the tick reached the store between the result's reading and its writing.
    const bool tickStands = run.evidence.value(QLatin1StringView(MarkRules::PASS_RESOLVES_KEY)).toBool()
                            && current.source == StatusSource::Manual
                            && (current.status == Status::Pass || current.status == Status::Fail);
    ItemState next = current;
    next.revision = current.revision + 1;
    if (!tickStands) {
        next.evidence = run.evidence;
        next.conditions = run.conditions;
        next.checkedAt = run.startedAt.isValid() ? run.startedAt : now;
    }
    if (tickStands || (current.status == Status::Na && current.source == StatusSource::Manual)) {
        // A person said n/a, or ticked: the run is history, the status stays.
    } else if (waiverActive && failing) {
        next.baseStatus = run.status;
    } else {
        next.status = run.status;
        next.baseStatus = run.status;
        next.source = StatusSource::Probe;
        next.summary = run.summary;
        next.by = u"liftoff"_s;
        next.waiverExpires = {};
    }
    if (StoreError e = writeState(run.deploymentId, next); e.isError())
        return e;
    AuditEvent event;
    if (!found || current.status != next.status) {
        event = AuditEvent {0, run.deploymentId, run.itemId, now, u"liftoff"_s, u"probe"_s,
                            StatusText::toString(found ? current.status : Status::Pending),
                            StatusText::toString(next.status), run.summary, Actor::osAccount(), {}};
        if (StoreError e = appendAudit(event, &event.id); e.isError())
            return e;
    }
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the probe run"_s);
    if (newState)
        *newState = next;
    if (statusChanged)
        *statusChanged = event;
    return {};
}

StoreError ChecklistRepository::probeRuns(qint64 deploymentId, const QString &itemId, int limit,
                                          QList<ProbeRunRecord> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, started_at, duration_ms, status, summary, conditions, evidence FROM probe_runs "
              u"WHERE deployment_id = ? AND item_id = ? ORDER BY id DESC LIMIT ?"_s);
    q.addBindValue(deploymentId);
    q.addBindValue(itemId);
    q.addBindValue(limit);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read probe runs"_s);
    out->clear();
    while (q.next()) {
        ProbeRunRecord r;
        r.id = q.value(0).toLongLong();
        r.deploymentId = deploymentId;
        r.itemId = itemId;
        r.startedAt = fromIsoText(q.value(1));
        r.durationMs = q.value(2).toLongLong();
        r.status = StatusText::fromString(q.value(3).toString()).value_or(Status::Error);
        r.summary = q.value(4).toString();
        r.conditions = QJsonDocument::fromJson(q.value(5).toByteArray()).array();
        r.evidence = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
        out->append(r);
    }
    return {};
}
