// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/RollbackRepository.h"

#include "scan/SecretRedactor.h"
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

/** True when a lock holder on this host is no longer running. */
bool holderIsGone(const RollbackLockHolder &holder)
{
    if (holder.host != QSysInfo::machineHostName() || holder.pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(holder.pid), 0) != 0 && errno == ESRCH;
}


const QString ROLLBACK_COLUMNS =
    u"id, project_id, from_deployment_id, to_deployment_id, from_version, to_version, dry_run, who, reason, command,"
    u" command_hash, started_at, finished_at, outcome, exit_code, output, error, verification, notifications"_s;

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
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO audit(deployment_id, item_id, at, who, kind, from_status, to_status, note) "
              u"VALUES(?, '', ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(deploymentId);
    q.addBindValue(isoText(QDateTime::currentDateTimeUtc()));
    q.addBindValue(text(who));
    q.addBindValue(text(kind));
    q.addBindValue(text(from));
    q.addBindValue(text(to));
    q.addBindValue(text(note));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"write the audit trail"_s);
    return {};
}

StoreError RollbackRepository::acquireLock(qint64 projectId, const RollbackLockHolder &me, RollbackLockHolder *holder)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"take the rollback lock"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT token, pid, host, who, acquired_at FROM rollback_lock WHERE project_id = ?"_s);
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the rollback lock"_s);
    if (q.next()) {
        const RollbackLockHolder current {q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                                          q.value(3).toString(), fromIso(q.value(4))};
        q.finish();
        if (!holderIsGone(current)) {
            if (holder)
                *holder = current;
            return StoreError::make(StoreError::Kind::Conflict,
                                    u"a rollback is already running (started by %1 at %2, process %3 on %4); wait "
                                    u"for it to finish"_s.arg(current.who, isoText(current.acquiredAt))
                                        .arg(current.pid).arg(current.host));
        }
    }
    q.prepare(m_database.dialect().replaceInto(
        u"rollback_lock"_s, {u"project_id"_s, u"token"_s, u"pid"_s, u"host"_s, u"who"_s, u"acquired_at"_s},
        {u"project_id"_s}));
    q.addBindValue(projectId);
    q.addBindValue(text(me.token));
    q.addBindValue(me.pid);
    q.addBindValue(text(me.host));
    q.addBindValue(text(me.who));
    q.addBindValue(isoText(me.acquiredAt.isValid() ? me.acquiredAt : QDateTime::currentDateTimeUtc()));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"take the rollback lock"_s);
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"take the rollback lock"_s);
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

StoreError RollbackRepository::approve(qint64 projectId, qint64 deploymentId, const CommandApproval &approval)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record the approval"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(m_database.dialect().replaceInto(
        u"command_approvals"_s,
        {u"project_id"_s, u"hash"_s, u"purpose"_s, u"command"_s, u"approved_by"_s, u"approved_at"_s},
        {u"project_id"_s, u"hash"_s}));
    q.addBindValue(projectId);
    q.addBindValue(text(approval.hash));
    q.addBindValue(text(approval.purpose));
    q.addBindValue(text(approval.command));
    q.addBindValue(text(approval.approvedBy));
    q.addBindValue(isoText(approval.approvedAt.isValid() ? approval.approvedAt : QDateTime::currentDateTimeUtc()));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the approval"_s);
    if (StoreError e = audit(deploymentId, u"approval"_s, approval.approvedBy,
                             u"approved %1 command %2 (sha256 %3)"_s.arg(approval.purpose, approval.command,
                                                                         approval.hash));
        e.isError())
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
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO rollbacks(project_id, from_deployment_id, to_deployment_id, from_version, to_version,"
              u" dry_run, who, reason, command, command_hash, started_at, outcome)"
              u" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')"_s);
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
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO flag_flips(project_id, flag, source, from_value, to_value, who, reason, at, outcome, error)"
              u" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
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
    q.prepare(u"SELECT id, flag, source, from_value, to_value, who, reason, at, outcome, error FROM flag_flips"
              u" WHERE project_id = ? ORDER BY id DESC LIMIT ?"_s);
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
        out->append(f);
    }
    return {};
}
