// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/RollbackRepository.h"

#include "config/Duration.h"
#include "scan/SecretRedactor.h"
#include "store/Actor.h"
#include "store/AuditTrail.h"
#include "store/Database.h"
#include "store/WriteTransaction.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

using namespace Qt::StringLiterals;

namespace {
QString isoText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(u""_s);
}

QDateTime fromIso(const QVariant &value)
{
    if (value.isNull() || value.toString().isEmpty())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

/** NOT NULL text columns refuse a null QString (see ChecklistRepository). */
QString text(const QString &value)
{
    return value.isNull() ? QString(u""_s) : value;
}

QString jsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonArray jsonArray(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).array();
}

/** "5m" for a duration, rounded down to whole seconds. */
QString durationText(qint64 ms)
{
    return Duration {qMax<qint64>(0, ms) / 1000 * 1000}.toString();
}

/** "alice (alice@build-7, process 4242 on build-7, since 2026-…)": the holder as the audit names it. */
QString holderText(const RollbackLockHolder &h)
{
    QString text = h.who;
    QStringList parts;
    if (!h.account.isEmpty())
        parts.append(h.account);
    parts.append(u"process %1 on %2"_s.arg(h.pid).arg(h.host));
    parts.append(u"since %1"_s.arg(h.acquiredAt.isValid() ? isoText(h.acquiredAt) : u"an unknown time"_s));
    if (h.renewedAt.isValid())
        parts.append(u"last renewed %1"_s.arg(isoText(h.renewedAt)));
    return text + u" ("_s + parts.join(u", "_s) + u')';
}

/** True when a lock holder on this host is no longer running. */
bool holderIsGone(const RollbackLockHolder &holder)
{
    if (holder.host != QSysInfo::machineHostName() || holder.pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(holder.pid), 0) != 0 && errno == ESRCH;
}


const QString ROLLBACK_COLUMNS =
    u"id, project_id, from_deployment_id, to_deployment_id, from_version, to_version, dry_run, who, reason, command,"
    u" command_hash, started_at, finished_at, outcome, exit_code, output, error, verification, notifications,"
    u" account, db_role"_s;

RollbackRecord readRollback(const QSqlQuery &q)
{
    RollbackRecord r;
    r.id = q.value(0).toLongLong();
    r.projectId = q.value(1).toLongLong();
    r.fromDeploymentId = q.value(2).toLongLong();
    r.toDeploymentId = q.value(3).toLongLong();
    r.fromVersion = q.value(4).toString();
    r.toVersion = q.value(5).toString();
    r.dryRun = q.value(6).toBool();
    r.who = q.value(7).toString();
    r.reason = q.value(8).toString();
    r.command = q.value(9).toString();
    r.commandHash = q.value(10).toString();
    r.startedAt = fromIso(q.value(11));
    r.finishedAt = fromIso(q.value(12));
    r.outcome = q.value(13).toString();
    r.exitCode = q.value(14).isNull() ? -1 : q.value(14).toInt();
    const QString output = q.value(15).toString();
    r.output = output.isEmpty() ? QStringList() : output.split(u'\n');
    r.error = q.value(16).toString();
    r.verification = jsonArray(q.value(17));
    r.notifications = jsonArray(q.value(18));
    r.account = q.value(19).toString();
    r.dbRole = q.value(20).toString();
    return r;
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}
} // namespace

RollbackRepository::RollbackRepository(Database &database) : m_database(database) {}

StoreError RollbackRepository::checkOpen() const
{
    return m_database.ensureOpen();
}

StoreError RollbackRepository::audit(qint64 deploymentId, const QString &kind, const QString &who,
                                     const QString &note, const QString &from, const QString &to)
{
    if (deploymentId <= 0)
        return {}; // the audit trail hangs off deployments; a project without one has nothing to attach to
    AuditEvent event;
    event.deploymentId = deploymentId;
    event.who = who;
    event.kind = kind;
    event.fromStatus = from;
    event.toStatus = to;
    event.note = note;
    return AuditTrail::append(m_database, event);
}

StoreError RollbackRepository::currentRole(QString *out)
{
    QSqlQuery q(m_database.connection());
    if (!q.exec(u"SELECT %1"_s.arg(m_database.dialect().currentRole())) || !q.next())
        return Database::classify(q.lastError(), m_database.path(), u"read the database role"_s);
    *out = q.value(0).toString();
    return {};
}

StoreError RollbackRepository::acquireLock(qint64 projectId, const RollbackLockHolder &me, qint64 commandTimeoutMs,
                                           qint64 auditDeploymentId, RollbackLockHolder *holder)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    // One write transaction: the store-wide write lock (both backends) makes the read and the
    // replace below one step, so two consoles on two machines cannot both see the lock free.
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"take the rollback lock"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString myAccount = me.account.isEmpty() ? Actor::osAccount() : me.account;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT token, pid, host, who, acquired_at, account, renewed_at FROM rollback_lock WHERE project_id = ?"_s);
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the rollback lock"_s);
    QString takeover;
    std::optional<RollbackLockHolder> previous;
    if (q.next()) {
        RollbackLockHolder current;
        current.token = q.value(0).toString();
        current.pid = q.value(1).toLongLong();
        current.host = q.value(2).toString();
        current.who = q.value(3).toString();
        current.acquiredAt = fromIso(q.value(4));
        current.account = q.value(5).toString();
        current.renewedAt = fromIso(q.value(6));
        q.finish();
        const qint64 staleAfterMs = qMax<qint64>(0, commandTimeoutMs) + LOCK_MARGIN_MS;
        const QDateTime seen = current.lastSeen();
        if (holderIsGone(current)) {
            takeover = u"its process %1 on %2 is gone"_s.arg(current.pid).arg(current.host);
        } else if (!seen.isValid()) {
            takeover = u"it records no time, so it cannot be from a rollback that still runs"_s;
        } else if (seen.msecsTo(now) > staleAfterMs) {
            takeover = u"it was not renewed for %1, longer than the rollback timeout (%2) plus %3, so no rollback "
                       u"can still be running"_s.arg(durationText(seen.msecsTo(now)), durationText(commandTimeoutMs),
                                                     durationText(LOCK_MARGIN_MS));
        } else {
            if (holder)
                *holder = current;
            const QDateTime freeAt = seen.addMSecs(staleAfterMs);
            return StoreError::make(
                StoreError::Kind::Conflict,
                u"a rollback is already running (started by %1); wait for it to finish. If that console died, "
                u"its lock is taken over after %2 (the rollback timeout plus %3)"_s.arg(
                    holderText(current), isoText(freeAt), durationText(LOCK_MARGIN_MS)));
        }
        previous = current;
    }
    q.prepare(m_database.dialect().replaceInto(u"rollback_lock"_s,
                                               {u"project_id"_s, u"token"_s, u"pid"_s, u"host"_s, u"who"_s,
                                                u"acquired_at"_s, u"account"_s, u"renewed_at"_s},
                                               {u"project_id"_s}));
    q.addBindValue(projectId);
    q.addBindValue(text(me.token));
    q.addBindValue(me.pid);
    q.addBindValue(text(me.host));
    q.addBindValue(text(me.who));
    q.addBindValue(isoText(me.acquiredAt.isValid() ? me.acquiredAt : now));
    q.addBindValue(text(myAccount));
    q.addBindValue(QVariant(QMetaType::fromType<QString>()));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"take the rollback lock"_s);
    if (previous) {
        // The lock is exclusive, so a record still running is the dead holder's: it will never finish.
        const QString why = u"interrupted: the console running it stopped (its rollback lock was taken over by %1 "
                            u"at %2)"_s.arg(me.who, isoText(now));
        q.prepare(u"UPDATE rollbacks SET outcome = 'interrupted', finished_at = ?, error = ?"
                  u" WHERE project_id = ? AND outcome = 'running'"_s);
        q.addBindValue(isoText(now));
        q.addBindValue(why);
        q.addBindValue(projectId);
        if (!q.exec())
            return Database::classify(q.lastError(), m_database.path(), u"close the interrupted rollback"_s);
        const QString note = u"rollback lock of %1 taken over by %2 (%3, process %4 on %5): %6"_s.arg(
            holderText(*previous), me.who, myAccount, QString::number(me.pid), me.host, takeover);
        if (StoreError e = audit(auditDeploymentId, u"rollback"_s, me.who, note); e.isError())
            return e;
    }
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"take the rollback lock"_s);
    return {};
}

StoreError RollbackRepository::renewLock(qint64 projectId, const QString &token)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"UPDATE rollback_lock SET renewed_at = ? WHERE project_id = ? AND token = ?"_s);
    q.addBindValue(isoText(QDateTime::currentDateTimeUtc()));
    q.addBindValue(projectId);
    q.addBindValue(text(token));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"renew the rollback lock"_s);
    if (q.numRowsAffected() == 0)
        return StoreError::make(StoreError::Kind::Conflict,
                                u"the rollback lock was taken over by another console while this rollback ran"_s);
    return {};
}

StoreError RollbackRepository::releaseLock(qint64 projectId, const QString &token)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"DELETE FROM rollback_lock WHERE project_id = ? AND token = ?"_s);
    q.addBindValue(projectId);
    q.addBindValue(text(token));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"release the rollback lock"_s);
    return {};
}

StoreError RollbackRepository::lockHolder(qint64 projectId, std::optional<RollbackLockHolder> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT token, pid, host, who, acquired_at, account, renewed_at FROM rollback_lock WHERE project_id = ?"_s);
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the rollback lock"_s);
    out->reset();
    if (q.next()) {
        *out = RollbackLockHolder {q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                                   q.value(3).toString(),  fromIso(q.value(4)),    q.value(5).toString(),
                                   fromIso(q.value(6))};
    }
    return {};
}

StoreError RollbackRepository::approve(qint64 projectId, qint64 deploymentId, const CommandApproval &approval,
                                       bool *added)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    const QString name = approval.approvedBy.trimmed();
    if (name.isEmpty())
        return StoreError::make(StoreError::Kind::Io, u"an approval needs the name of who approves"_s);
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the approval"_s);
    const QString at = isoText(approval.approvedAt.isValid() ? approval.approvedAt : QDateTime::currentDateTimeUtc());
    const QString account = Actor::osAccount();
    // Distinct people are distinct names, whatever their case: "Alice" approving after "alice" adds nobody.
    QList<CommandApproval> before;
    if (StoreError e = approvers(projectId, approval.hash, &before); e.isError())
        return e;
    QStringList names;
    for (const CommandApproval &a : std::as_const(before))
        names.append(a.approvedBy);
    const bool isNew = !names.contains(name, Qt::CaseInsensitive);
    if (added)
        *added = isNew;
    if (!isNew)
        return {}; // nothing to write; the transaction rolls back empty
    QString role;
    if (StoreError e = currentRole(&role); e.isError())
        return e;
    // command_approvals keeps one row per command (what was approved, and the newest approval).
    QSqlQuery q(m_database.connection());
    q.prepare(m_database.dialect().replaceInto(u"command_approvals"_s,
                                               {u"project_id"_s, u"hash"_s, u"purpose"_s, u"command"_s,
                                                u"approved_by"_s, u"approved_at"_s, u"account"_s, u"db_role"_s},
                                               {u"project_id"_s, u"hash"_s}));
    q.addBindValue(projectId);
    q.addBindValue(text(approval.hash));
    q.addBindValue(text(approval.purpose));
    q.addBindValue(text(approval.command));
    q.addBindValue(name);
    q.addBindValue(at);
    q.addBindValue(account);
    q.addBindValue(role);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the approval"_s);
    q.prepare(u"INSERT INTO command_approvers(project_id, hash, approved_by, approved_at, account, db_role)"
              u" VALUES(?, ?, ?, ?, ?, %1)"_s.arg(m_database.dialect().currentRole()));
    q.addBindValue(projectId);
    q.addBindValue(text(approval.hash));
    q.addBindValue(name);
    q.addBindValue(at);
    q.addBindValue(account);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the approval"_s);
    names.append(name);
    QString note = u"approved %1 command %2 (sha256 %3)"_s.arg(approval.purpose, approval.command, approval.hash);
    if (names.size() > 1)
        note += u"; approved by %1 people now: %2"_s.arg(names.size()).arg(names.join(u", "_s));
    if (StoreError e = audit(deploymentId, u"approval"_s, name, note); e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the approval"_s);
    return {};
}

StoreError RollbackRepository::approvedHashes(qint64 projectId, QSet<QString> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT hash FROM command_approvals WHERE project_id = ?"_s);
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the approvals"_s);
    out->clear();
    while (q.next())
        out->insert(q.value(0).toString());
    return {};
}

StoreError RollbackRepository::approverCounts(qint64 projectId, QHash<QString, int> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT hash, count(*) FROM command_approvers WHERE project_id = ? GROUP BY hash"_s);
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the approvals"_s);
    out->clear();
    while (q.next())
        out->insert(q.value(0).toString(), q.value(1).toInt());
    return {};
}

StoreError RollbackRepository::approvers(qint64 projectId, const QString &hash, QList<CommandApproval> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT a.approved_by, a.approved_at, a.account, a.db_role, c.purpose, c.command"
              u" FROM command_approvers a LEFT JOIN command_approvals c ON c.project_id = a.project_id AND c.hash = a.hash"
              u" WHERE a.project_id = ? AND a.hash = ? ORDER BY a.approved_at, a.approved_by"_s);
    q.addBindValue(projectId);
    q.addBindValue(text(hash));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the approvers"_s);
    out->clear();
    while (q.next()) {
        CommandApproval a;
        a.hash = hash;
        a.approvedBy = q.value(0).toString();
        a.approvedAt = fromIso(q.value(1));
        a.account = q.value(2).toString();
        a.dbRole = q.value(3).toString();
        a.purpose = q.value(4).toString();
        a.command = q.value(5).toString();
        out->append(a);
    }
    return {};
}

StoreError RollbackRepository::previousDeployment(qint64 projectId, const DeploymentRecord &current,
                                                  DeploymentRecord *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT id, name, environment, version, commit_sha, created, released FROM deployments"
              u" WHERE project_id = ? AND id != ? AND released IS NOT NULL AND rolled_back IS NULL"
              u" AND (created < ? OR (created = ? AND id < ?)) ORDER BY created DESC, id DESC LIMIT 1"_s);
    q.addBindValue(projectId);
    q.addBindValue(current.id);
    q.addBindValue(isoText(current.created));
    q.addBindValue(isoText(current.created));
    q.addBindValue(current.id);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"find the previous deployment"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound,
                                u"no released deployment before %1 to go back to"_s.arg(current.name));
    out->id = q.value(0).toLongLong();
    out->projectId = projectId;
    out->name = q.value(1).toString();
    out->environment = q.value(2).toString();
    out->version = q.value(3).toString();
    out->commit = q.value(4).toString();
    out->created = fromIso(q.value(5));
    out->released = fromIso(q.value(6));
    return {};
}

StoreError RollbackRepository::beginRollback(RollbackRecord *record, qint64 auditDeploymentId)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the rollback"_s);
    if (!record->startedAt.isValid())
        record->startedAt = QDateTime::currentDateTimeUtc();
    record->account = Actor::osAccount();
    if (StoreError e = currentRole(&record->dbRole); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO rollbacks(project_id, from_deployment_id, to_deployment_id, from_version, to_version,"
              u" dry_run, who, reason, command, command_hash, started_at, outcome, account, db_role)"
              u" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)"_s);
    q.addBindValue(record->projectId);
    q.addBindValue(idOrNull(record->fromDeploymentId));
    q.addBindValue(idOrNull(record->toDeploymentId));
    q.addBindValue(text(record->fromVersion));
    q.addBindValue(text(record->toVersion));
    q.addBindValue(record->dryRun ? 1 : 0);
    q.addBindValue(text(record->who));
    q.addBindValue(text(record->reason));
    q.addBindValue(text(record->command));
    q.addBindValue(text(record->commandHash));
    q.addBindValue(isoText(record->startedAt));
    q.addBindValue(record->account);
    q.addBindValue(text(record->dbRole));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the rollback"_s);
    record->id = q.lastInsertId().toLongLong();
    const QString what = record->dryRun ? u"rollback dry run"_s : u"rollback"_s;
    if (StoreError e = audit(auditDeploymentId, u"rollback"_s, record->who,
                             u"%1 #%2 started: %3 → %4; reason: %5; command: %6"_s.arg(what).arg(record->id)
                                 .arg(record->fromVersion, record->toVersion, record->reason, record->command),
                             record->fromVersion, record->toVersion);
        e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the rollback record"_s);
    return {};
}

StoreError RollbackRepository::finishRollback(const RollbackRecord &given, qint64 auditDeploymentId)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    // The runner redacted the output already; this is the last fence before the database.
    RollbackRecord record = given;
    const SecretRedactor redactor;
    record.output = redactor.redactLines(record.output);
    record.error = redactor.redact(record.error);
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the rollback's outcome"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"UPDATE rollbacks SET finished_at = ?, outcome = ?, exit_code = ?, output = ?, error = ? WHERE id = ?"_s);
    q.addBindValue(isoText(record.finishedAt.isValid() ? record.finishedAt : QDateTime::currentDateTimeUtc()));
    q.addBindValue(text(record.outcome));
    q.addBindValue(record.exitCode >= 0 ? QVariant(record.exitCode) : QVariant(QMetaType::fromType<int>()));
    q.addBindValue(record.output.join(u'\n'));
    q.addBindValue(text(record.error));
    q.addBindValue(record.id);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the rollback's outcome"_s);
    if (q.numRowsAffected() == 0)
        return StoreError::make(StoreError::Kind::NotFound, u"no rollback with id %1"_s.arg(record.id));
    if (record.succeeded() && !record.dryRun && record.fromDeploymentId > 0) {
        q.prepare(u"UPDATE deployments SET rolled_back = ? WHERE id = ? AND rolled_back IS NULL"_s);
        q.addBindValue(isoText(QDateTime::currentDateTimeUtc()));
        q.addBindValue(record.fromDeploymentId);
        if (!q.exec())
            return Database::classify(q.lastError(), m_database.path(), u"mark the deployment rolled back"_s);
    }
    const QString what = record.dryRun ? u"rollback dry run"_s : u"rollback"_s;
    QString note = u"%1 #%2 %3 (exit %4)"_s.arg(what).arg(record.id).arg(record.outcome).arg(record.exitCode);
    if (!record.error.isEmpty())
        note += u": "_s + record.error;
    if (record.succeeded() && !record.dryRun)
        note += u"; %1 marked rolled back, %2 is current again"_s.arg(record.fromVersion, record.toVersion);
    if (StoreError e = audit(auditDeploymentId, u"rollback"_s, record.who, note, record.fromVersion, record.toVersion);
        e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the rollback's outcome"_s);
    return {};
}

StoreError RollbackRepository::attachFollowUp(const RollbackRecord &record, qint64 auditDeploymentId)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the verification"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"UPDATE rollbacks SET verification = ?, notifications = ? WHERE id = ?"_s);
    const SecretRedactor redactor;
    q.addBindValue(jsonText(redactor.redactJson(record.verification)));
    q.addBindValue(jsonText(redactor.redactJson(record.notifications)));
    q.addBindValue(record.id);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the verification"_s);
    QStringList parts;
    for (const QJsonValue &v : record.verification)
        parts.append(u"%1 %2"_s.arg(v[u"item"].toString(), v[u"status"].toString()));
    QStringList sent;
    for (const QJsonValue &v : record.notifications)
        sent.append(u"%1 %2"_s.arg(v[u"channel"].toString(),
                                   v[u"delivered"].toBool() ? u"delivered"_s : u"not delivered"_s));
    const QString note = u"rollback #%1 verified: %2; notified: %3"_s.arg(record.id)
                             .arg(parts.isEmpty() ? u"nothing to verify"_s : parts.join(u", "_s),
                                  sent.isEmpty() ? u"no channel"_s : sent.join(u", "_s));
    if (StoreError e = audit(auditDeploymentId, u"rollback"_s, record.who, note); e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the verification"_s);
    return {};
}

StoreError RollbackRepository::rollbacks(qint64 projectId, QList<RollbackRecord> *out, int limit)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM rollbacks WHERE project_id = ? ORDER BY id DESC LIMIT ?"_s.arg(ROLLBACK_COLUMNS));
    q.addBindValue(projectId);
    q.addBindValue(limit);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"list the rollbacks"_s);
    out->clear();
    while (q.next())
        out->append(readRollback(q));
    return {};
}

StoreError RollbackRepository::rollback(qint64 rollbackId, RollbackRecord *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT %1 FROM rollbacks WHERE id = ?"_s.arg(ROLLBACK_COLUMNS));
    q.addBindValue(rollbackId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the rollback"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound, u"no rollback with id %1"_s.arg(rollbackId));
    *out = readRollback(q);
    return {};
}

StoreError RollbackRepository::recordFlagFlip(FlagFlipRecord *flip, qint64 auditDeploymentId)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the flag flip"_s);
    if (!flip->at.isValid())
        flip->at = QDateTime::currentDateTimeUtc();
    flip->account = Actor::osAccount();
    if (StoreError e = currentRole(&flip->dbRole); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO flag_flips(project_id, flag, source, from_value, to_value, who, reason, at, outcome, error,"
              u" account, db_role) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(flip->projectId);
    q.addBindValue(text(flip->flag));
    q.addBindValue(text(flip->source));
    q.addBindValue(text(flip->fromValue));
    q.addBindValue(text(flip->toValue));
    q.addBindValue(text(flip->who));
    q.addBindValue(text(flip->reason));
    q.addBindValue(isoText(flip->at));
    q.addBindValue(text(flip->outcome));
    q.addBindValue(text(flip->error));
    q.addBindValue(flip->account);
    q.addBindValue(text(flip->dbRole));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the flag flip"_s);
    flip->id = q.lastInsertId().toLongLong();
    QString note = u"kill switch %1 (%2) %3 → %4 %5; reason: %6"_s.arg(flip->flag, flip->source, flip->fromValue,
                                                                       flip->toValue, flip->outcome, flip->reason);
    if (!flip->error.isEmpty())
        note += u"; "_s + flip->error;
    if (StoreError e = audit(auditDeploymentId, u"flag"_s, flip->who, note, flip->fromValue, flip->toValue);
        e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the flag flip"_s);
    return {};
}

StoreError RollbackRepository::flagFlips(qint64 projectId, QList<FlagFlipRecord> *out, int limit)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT id, flag, source, from_value, to_value, who, reason, at, outcome, error, account, db_role"
              u" FROM flag_flips WHERE project_id = ? ORDER BY id DESC LIMIT ?"_s);
    q.addBindValue(projectId);
    q.addBindValue(limit);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"list the flag flips"_s);
    out->clear();
    while (q.next()) {
        FlagFlipRecord f;
        f.id = q.value(0).toLongLong();
        f.projectId = projectId;
        f.flag = q.value(1).toString();
        f.source = q.value(2).toString();
        f.fromValue = q.value(3).toString();
        f.toValue = q.value(4).toString();
        f.who = q.value(5).toString();
        f.reason = q.value(6).toString();
        f.at = fromIso(q.value(7));
        f.outcome = q.value(8).toString();
        f.error = q.value(9).toString();
        f.account = q.value(10).toString();
        f.dbRole = q.value(11).toString();
        out->append(f);
    }
    return {};
}
