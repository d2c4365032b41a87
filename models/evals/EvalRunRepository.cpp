// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalRunRepository.h"

#include "store/AuditTrail.h"
#include "store/Database.h"
#include "store/WriteTransaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
const QString BASELINE_ITEM = u"qa.baseline-recorded"_s;

QString text(const QString &s)
{
    return s.isNull() ? u""_s : s;
}

QString iso(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QString promptsJson(const QList<DeploymentPromptRecord> &prompts)
{
    QJsonArray array;
    for (const DeploymentPromptRecord &p : prompts)
        array.append(QJsonObject {{u"prompt"_s, p.prompt}, {u"source"_s, p.source}, {u"version"_s, p.version},
                                  {u"label"_s, p.label}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<DeploymentPromptRecord> promptsFrom(const QString &json, qint64 deploymentId)
{
    QList<DeploymentPromptRecord> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(json.toUtf8()).array()) {
        DeploymentPromptRecord p;
        p.deploymentId = deploymentId;
        p.prompt = v[u"prompt"_s].toString();
        p.source = v[u"source"_s].toString();
        p.version = v[u"version"_s].toString();
        p.label = v[u"label"_s].toString();
        out.append(p);
    }
    return out;
}

const QString RUN_COLUMNS = u"id, deployment_id, environment, target, dataset, who, started_at, finished_at, state,"
                            u" stop_message, cases_total, cases_run, cases_passed, prompts, prompt_key"_s;

EvalRunRecord runFrom(const QSqlQuery &q)
{
    EvalRunRecord r;
    r.id = q.value(0).toLongLong();
    r.deploymentId = q.value(1).toLongLong();
    r.environment = q.value(2).toString();
    r.target = q.value(3).toString();
    r.dataset = q.value(4).toString();
    r.who = q.value(5).toString();
    r.startedAt = fromIso(q.value(6));
    r.finishedAt = fromIso(q.value(7));
    r.state = q.value(8).toString();
    r.stopMessage = q.value(9).toString();
    r.casesTotal = q.value(10).toInt();
    r.casesRun = q.value(11).toInt();
    r.casesPassed = q.value(12).toInt();
    r.prompts = promptsFrom(q.value(13).toString(), r.deploymentId);
    r.promptKey = q.value(14).toString();
    return r;
}
} // namespace

EvalRunRepository::EvalRunRepository(Database &database) : m_database(database) {}

QString EvalRunRepository::promptKey(const QList<DeploymentPromptRecord> &prompts, qint64 deploymentId)
{
    if (prompts.isEmpty())
        return u"deployment:%1"_s.arg(deploymentId);
    QStringList lines;
    for (const DeploymentPromptRecord &p : prompts)
        lines.append(p.prompt + u'=' + p.version);
    std::sort(lines.begin(), lines.end());
    return lines.join(u'\n');
}

StoreError EvalRunRepository::beginRun(EvalRunRecord *run)
{
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    if (run->promptKey.isEmpty())
        run->promptKey = promptKey(run->prompts, run->deploymentId);
    if (!run->startedAt.isValid())
        run->startedAt = QDateTime::currentDateTimeUtc();
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"start the eval run"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO eval_runs(deployment_id, environment, target, dataset, who, started_at, state, stop_message,"
              u" cases_total, prompts, prompt_key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(run->deploymentId);
    q.addBindValue(text(run->environment));
    q.addBindValue(text(run->target));
    q.addBindValue(text(run->dataset));
    q.addBindValue(text(run->who));
    q.addBindValue(iso(run->startedAt));
    q.addBindValue(text(run->state));
    q.addBindValue(text(run->stopMessage));
    q.addBindValue(run->casesTotal);
    q.addBindValue(promptsJson(run->prompts));
    q.addBindValue(run->promptKey);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"store the eval run"_s);
    run->id = q.lastInsertId().toLongLong();
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the eval run"_s);
    return {};
}

StoreError EvalRunRepository::recordCase(qint64 runId, const EvalCaseResult &r)
{
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"store the eval case"_s);
    QSqlQuery q(m_database.connection());
    static const QStringList columns = {u"run_id"_s,   u"case_id"_s,  u"position"_s, u"passed"_s,
                                        u"http_status"_s, u"latency_ms"_s, u"attempts"_s, u"output"_s,
                                        u"error"_s,    u"tokens"_s,   u"cost_usd"_s, u"assertions"_s};
    q.prepare(m_database.dialect().replaceInto(u"eval_case_results"_s, columns, {u"run_id"_s, u"case_id"_s}));
    q.addBindValue(runId);
    q.addBindValue(text(r.caseId));
    q.addBindValue(r.position);
    q.addBindValue(r.passed ? 1 : 0);
    q.addBindValue(r.httpStatus);
    q.addBindValue(r.latencyMs);
    q.addBindValue(r.attempts);
    q.addBindValue(text(r.output));
    q.addBindValue(text(r.error));
    q.addBindValue(r.tokens ? QVariant(*r.tokens) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(r.costUsd ? QVariant(*r.costUsd) : QVariant(QMetaType(QMetaType::Double)));
    QJsonArray assertions;
    for (const EvalAssertionOutcome &a : r.assertions)
        assertions.append(a.toJson());
    q.addBindValue(QString::fromUtf8(QJsonDocument(assertions).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"store the eval case"_s);
    // The run's counts follow each case, so an interrupted run still says how far it got.
    QSqlQuery u(m_database.connection());
    u.prepare(u"UPDATE eval_runs SET cases_run = (SELECT count(*) FROM eval_case_results WHERE run_id = ?),"
              u" cases_passed = (SELECT count(*) FROM eval_case_results WHERE run_id = ? AND passed = 1) WHERE id = ?"_s);
    u.addBindValue(runId);
    u.addBindValue(runId);
    u.addBindValue(runId);
    if (!u.exec())
        return Database::classify(u.lastError(), m_database.path(), u"count the eval run"_s);
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the eval case"_s);
    return {};
}

StoreError EvalRunRepository::finishRun(const EvalRunRecord &run)
{
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"finish the eval run"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"UPDATE eval_runs SET state = ?, stop_message = ?, finished_at = ? WHERE id = ?"_s);
    q.addBindValue(text(run.state));
    q.addBindValue(text(run.stopMessage));
    q.addBindValue(iso(run.finishedAt.isValid() ? run.finishedAt : QDateTime::currentDateTimeUtc()));
    q.addBindValue(run.id);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"finish the eval run"_s);
    if (q.numRowsAffected() != 1)
        return StoreError::make(StoreError::Kind::NotFound, u"no eval run %1 in %2"_s.arg(run.id).arg(m_database.path()));
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the eval run"_s);
    return {};
}

StoreError EvalRunRepository::run(qint64 runId, EvalRunRecord *out, bool *found)
{
    *found = false;
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT %1 FROM eval_runs WHERE id = ?"_s.arg(RUN_COLUMNS));
    q.addBindValue(runId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the eval run"_s);
    if (q.next()) {
        *out = runFrom(q);
        *found = true;
    }
    return {};
}

StoreError EvalRunRepository::runs(qint64 deploymentId, QList<EvalRunRecord> *out, int limit)
{
    out->clear();
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT %1 FROM eval_runs WHERE deployment_id = ? ORDER BY id DESC LIMIT ?"_s.arg(RUN_COLUMNS));
    q.addBindValue(deploymentId);
    q.addBindValue(limit);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the eval runs"_s);
    while (q.next())
        out->append(runFrom(q));
    return {};
}

StoreError EvalRunRepository::caseResults(qint64 runId, QList<EvalCaseResult> *out)
{
    out->clear();
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT case_id, position, passed, http_status, latency_ms, attempts, output, error, tokens, cost_usd,"
              u" assertions FROM eval_case_results WHERE run_id = ? ORDER BY position"_s);
    q.addBindValue(runId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the eval cases"_s);
    while (q.next()) {
        EvalCaseResult r;
        r.caseId = q.value(0).toString();
        r.position = q.value(1).toInt();
        r.passed = q.value(2).toInt() != 0;
        r.httpStatus = q.value(3).toInt();
        r.latencyMs = q.value(4).toLongLong();
        r.attempts = q.value(5).toInt();
        r.output = q.value(6).toString();
        r.error = q.value(7).toString();
        if (!q.value(8).isNull())
            r.tokens = q.value(8).toLongLong();
        if (!q.value(9).isNull())
            r.costUsd = q.value(9).toDouble();
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(10).toString().toUtf8()).array())
            r.assertions.append(EvalAssertionOutcome::fromJson(v.toObject()));
        out->append(r);
    }
    return {};
}

StoreError EvalRunRepository::bless(qint64 runId, qint64 projectId, const QString &who, const QString &note,
                                    EvalBlessing *out)
{
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"bless the eval run"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT r.deployment_id, r.prompt_key, r.state, r.cases_run, r.cases_total, r.cases_passed"
              u" FROM eval_runs r JOIN deployments d ON d.id = r.deployment_id WHERE r.id = ? AND d.project_id = ?"_s);
    q.addBindValue(runId);
    q.addBindValue(projectId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the eval run"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound, u"no eval run %1 in this project"_s.arg(runId));
    EvalBlessing b;
    b.runId = runId;
    b.projectId = projectId;
    b.deploymentId = q.value(0).toLongLong();
    b.promptKey = q.value(1).toString();
    const QString state = q.value(2).toString();
    const int run = q.value(3).toInt();
    const int total = q.value(4).toInt();
    const int passed = q.value(5).toInt();
    q.finish();
    if (state != u"complete" || run != total)
        return StoreError::make(StoreError::Kind::Conflict,
                                u"eval run %1 is %2 (%3 of %4 cases): only a complete run can be the baseline; "
                                u"run `liftoff eval run` again"_s.arg(runId).arg(state).arg(run).arg(total));
    b.who = who;
    b.note = note;
    b.at = QDateTime::currentDateTimeUtc();
    QSqlQuery insert(m_database.connection());
    insert.prepare(u"INSERT INTO eval_blessings(run_id, project_id, prompt_key, who, at, note) VALUES(?, ?, ?, ?, ?, ?)"_s);
    insert.addBindValue(runId);
    insert.addBindValue(projectId);
    insert.addBindValue(b.promptKey);
    insert.addBindValue(text(who));
    insert.addBindValue(iso(b.at));
    insert.addBindValue(text(note));
    if (!insert.exec())
        return Database::classify(insert.lastError(), m_database.path(), u"store the blessing"_s);
    b.id = insert.lastInsertId().toLongLong();
    AuditEvent event;
    event.deploymentId = b.deploymentId;
    event.itemId = BASELINE_ITEM;
    event.at = b.at;
    event.who = who;
    event.kind = u"bless"_s;
    event.note = u"eval run %1 (%2 of %3 cases pass) blessed as the baseline: %4"_s.arg(runId).arg(passed).arg(run).arg(note);
    if (StoreError e = AuditTrail::append(m_database, event); e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"commit the blessing"_s);
    *out = b;
    return {};
}

StoreError EvalRunRepository::readBlessing(const QString &where, const QVariantList &values, EvalBlessing *out,
                                           bool *found)
{
    *found = false;
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT b.id, b.run_id, b.project_id, r.deployment_id, b.prompt_key, b.who, b.at, b.note"
              u" FROM eval_blessings b JOIN eval_runs r ON r.id = b.run_id WHERE %1 ORDER BY b.id DESC LIMIT 1"_s.arg(where));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the eval blessings"_s);
    if (q.next()) {
        out->id = q.value(0).toLongLong();
        out->runId = q.value(1).toLongLong();
        out->projectId = q.value(2).toLongLong();
        out->deploymentId = q.value(3).toLongLong();
        out->promptKey = q.value(4).toString();
        out->who = q.value(5).toString();
        out->at = fromIso(q.value(6));
        out->note = q.value(7).toString();
        *found = true;
    }
    return {};
}

StoreError EvalRunRepository::blessingFor(qint64 projectId, const QString &key, EvalBlessing *out, bool *found)
{
    return readBlessing(u"b.project_id = ? AND b.prompt_key = ?"_s, {projectId, key}, out, found);
}

StoreError EvalRunRepository::latestBlessing(qint64 projectId, EvalBlessing *out, bool *found)
{
    return readBlessing(u"b.project_id = ?"_s, {projectId}, out, found);
}
