// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "SqlConnection.h"
#include "evals/EvalRunRepository.h"
#include "review/ReviewRepository.h"
#include "store/ChecklistRepository.h"
#include "store/CostRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"
#include "store/RollbackRepository.h"
#include "store/StoreCopier.h"
#include "store/StoreLocation.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * StoreCopier on real stores: a SQLite file filled through the repositories is copied to a
 * throwaway PostgreSQL and back to a new file, every table compared row by row and value by value
 * each time, and PostgreSQL's id sequences are checked to continue after the copied ids. The
 * refusals (a target with rows, a missing or newer source, a value that does not fit, counts that
 * differ) leave the target without a row and the source untouched. The PostgreSQL tests skip
 * when its binaries are absent, unless CI is set.
 */
class TestStoreCopier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void tableNamesAreEveryTableOfTheSchema();
    void copiesSqliteToPostgresAndBack();
    void copiesSqliteToSqlite();
    void refusesTargetWithRows_data();
    void refusesTargetWithRows();
    void refusesMissingSourceWithoutCreatingIt();
    void refusesNewerSchemaSourceUntouched();
    void refusesTheSameStoreTwice();
    void refusesTextInIntegerColumn();
    void rollsBackWhenCountsDiffer();
    void copiesALargeStore();

private:
    QString file(const QString &name) const { return m_dir->filePath(name); }
    /** A fresh PostgreSQL database's URL; empty (test skipped or failed) without a server. */
    QString freshPostgres();
    std::unique_ptr<PostgresServer> m_postgres;
    QString m_postgresMissing;
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
StoreLocation parsed(const QString &value)
{
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(value, &error);
    if (!location)
        qFatal("bad test location %s: %s", qPrintable(value), qPrintable(error));
    return *location;
}

QDateTime at(int minutes)
{
    return QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC).addSecs(minutes * 60);
}

ItemChange tick(qint64 deploymentId, const QString &itemId, Status status, const QString &note)
{
    ItemChange change;
    change.deploymentId = deploymentId;
    change.state.itemId = itemId;
    change.state.status = status;
    change.state.source = StatusSource::Manual;
    change.state.by = u"ana"_s;
    change.state.note = note;
    change.kind = u"tick"_s;
    change.who = u"ana"_s;
    change.note = note;
    return change;
}

/** What the seed wrote that the checks need. */
struct Seeded
{
    qint64 projectId = 0;
    qint64 deploymentId = 0;
    qint64 secondDeploymentId = 0;
};

#define SEED_OK(call)                                                                                                  \
    do {                                                                                                               \
        const StoreError seedError = (call);                                                                           \
        if (seedError.isError())                                                                                       \
            qFatal("seeding failed: %s", qPrintable(seedError.message));                                               \
    } while (false)

/**
 * A store with something in every table a team's console fills: a project, two deployments,
 * ticks and a probe run with their audit events, cost projection, alert and counter marks, a
 * rollback, an approval and a flag flip, prompt versions, an eval run with cases and its blessing,
 * and a review sample with a mark. Values that a sloppy copy would change: a 64-bit integer
 * above 2^53, a double that is not a short decimal, NULLs, quotes, backslashes, newlines, non-ASCII.
 */
Seeded seed(Database &db)
{
    Seeded s;
    ChecklistRepository checklist(db);
    SEED_OK(checklist.ensureProject(u"support-bot"_s, u"/srv/support-bot/liftoff.yaml"_s, &s.projectId));
    DeploymentRecord first {0, s.projectId, u"prod-2026-11-26"_s, u"production"_s, u"v1.4.0"_s, u"9fceb02"_s, at(0), {}};
    SEED_OK(checklist.createDeployment(&first, u"ana"_s));
    SEED_OK(checklist.releaseDeployment(first.id, at(30), u"ana"_s));
    DeploymentRecord second {0, s.projectId, u"prod-2026-11-27"_s, u"production"_s, u"v1.5.0"_s, u"c0ffee1"_s, at(60), {}};
    SEED_OK(checklist.createDeployment(&second, u"bo"_s));
    s.deploymentId = first.id;
    s.secondDeploymentId = second.id;
    AuditEvent event;
    SEED_OK(checklist.applyChange(tick(first.id, u"infra.tls"_s, Status::Pass, u"certificate valid ✓ until 2027"_s), &event));
    SEED_OK(checklist.applyChange(
        tick(first.id, u"sec.no-secrets"_s, Status::Fail, u"it's \"quoted\", a back\\slash,\nand a second line"_s),
        &event));
    SEED_OK(checklist.applyChange(tick(second.id, u"infra.tls"_s, Status::Na, u"internal only — n/a"_s), &event));
    ProbeRunRecord run;
    run.deploymentId = second.id;
    run.itemId = u"infra.health"_s;
    run.startedAt = at(61);
    run.durationMs = 41;
    run.status = Status::Pass;
    run.summary = u"200 in 41 ms"_s;
    run.conditions = QJsonArray {QJsonObject {{u"expr"_s, u"[STATUS] == 200"_s}, {u"ok"_s, true}}};
    run.evidence = QJsonObject {{u"url"_s, u"https://api.example.com/health"_s}, {u"status"_s, 200}};
    ItemState state;
    AuditEvent changed;
    SEED_OK(checklist.recordProbeRun(run, &state, &changed));

    CostRepository costs(db);
    CostRepository::Projection projection {first.id, at(31), 9007199254740993LL, 123456789, u"openai"_s};
    CostRepository::Projection stored;
    SEED_OK(costs.recordProjectionOnce(projection, &stored));
    bool claimed = false;
    SEED_OK(costs.claimAlert({s.projectId, u"2026-11"_s, 0.8, at(40), 5000000001LL, 6000000000LL, {}}, &claimed));
    SEED_OK(costs.setAlertDelivery(s.projectId, u"2026-11"_s, 0.8, u"delivered to #release-room"_s));
    SEED_OK(costs.recordCounterMarks(u"openrouter:team"_s, {{QDate(2026, 11, 25), 1234567890123LL}, {QDate(2026, 11, 26), -1}},
                                     at(5)));

    RollbackRepository rollbacks(db);
    CommandApproval approval;
    approval.hash = u"5e3c9a"_s;
    approval.purpose = u"rollback"_s;
    approval.command = u"kubectl rollout undo deploy/bot"_s;
    approval.approvedBy = u"ana"_s;
    approval.approvedAt = at(62);
    SEED_OK(rollbacks.approve(s.projectId, second.id, approval));
    RollbackRecord rollback;
    rollback.projectId = s.projectId;
    rollback.fromDeploymentId = second.id;
    rollback.toDeploymentId = first.id;
    rollback.fromVersion = u"v1.5.0"_s;
    rollback.toVersion = u"v1.4.0"_s;
    rollback.who = u"bo"_s;
    rollback.reason = u"p95 doubled"_s;
    rollback.command = u"kubectl rollout undo deploy/bot"_s;
    rollback.commandHash = u"5e3c9a"_s;
    rollback.startedAt = at(63);
    SEED_OK(rollbacks.beginRollback(&rollback, second.id));
    rollback.outcome = u"succeeded"_s;
    rollback.exitCode = 0;
    rollback.finishedAt = at(64);
    rollback.output = QStringList {u"deployment.apps/bot rolled back"_s};
    SEED_OK(rollbacks.finishRollback(rollback, second.id));
    FlagFlipRecord flip;
    flip.projectId = s.projectId;
    flip.flag = u"ai-enabled"_s;
    flip.source = u"ofrep"_s;
    flip.fromValue = u"true"_s;
    flip.toValue = u"false"_s;
    flip.who = u"bo"_s;
    flip.reason = u"kill switch drill"_s;
    flip.at = at(65);
    flip.outcome = u"flipped"_s;
    SEED_OK(rollbacks.recordFlagFlip(&flip, second.id));

    PromptVersionRepository prompts(db);
    SEED_OK(prompts.record({first.id, u"prompts/answer.md"_s, u"git"_s, u"aaaa111"_s, {}, at(1)}));
    SEED_OK(prompts.record({first.id, u"support-system"_s, u"langfuse"_s, u"7"_s, u"production"_s, at(1)}));

    EvalRunRepository evals(db);
    EvalRunRecord evalRun;
    evalRun.deploymentId = first.id;
    evalRun.environment = u"production"_s;
    evalRun.target = u"https://api.example.com/v1/chat"_s;
    evalRun.dataset = u"evals/cases.yaml"_s;
    evalRun.who = u"ana"_s;
    evalRun.casesTotal = 2;
    SEED_OK(prompts.versions(first.id, &evalRun.prompts));
    SEED_OK(evals.beginRun(&evalRun));
    for (int i = 0; i < 2; ++i) {
        EvalCaseResult result;
        result.caseId = u"refund-%1"_s.arg(i);
        result.position = i;
        result.passed = i == 0;
        result.httpStatus = 200;
        result.latencyMs = 1545 + i;
        result.output = u"Refunds take 5–7 days."_s;
        if (i == 0) {
            result.tokens = 4096;
            result.costUsd = 0.1 + 0.2; // 0.30000000000000004: every bit must survive
        }
        result.assertions = {{u"contains"_s, u"days"_s, result.passed, {}}};
        SEED_OK(evals.recordCase(evalRun.id, result));
        ++evalRun.casesRun;
        evalRun.casesPassed += result.passed ? 1 : 0;
    }
    evalRun.state = u"complete"_s;
    evalRun.finishedAt = at(20);
    SEED_OK(evals.finishRun(evalRun));
    EvalBlessing blessing;
    SEED_OK(evals.bless(evalRun.id, s.projectId, u"ana"_s, u"baseline for v1.4"_s, &blessing));

    ReviewRepository reviews(db);
    ReviewSample sample;
    sample.deploymentId = first.id;
    sample.seed = 18446744073709551557ULL; // above qint64: stored as text
    sample.requested = 2;
    sample.population = 1200;
    sample.windowFrom = at(30);
    sample.windowTo = at(30 + 24 * 60);
    sample.created = at(30 + 24 * 60 + 5);
    sample.createdBy = u"ana"_s;
    ReviewCall call;
    call.position = 1;
    call.ref = u"calls.jsonl:17"_s;
    call.timeMs = 1764151200123LL;
    call.model = u"gpt-4o-2024-08-06"_s;
    call.prompt = u"Where is my order [EMAIL]?"_s;
    call.response = u"It ships today."_s;
    sample.calls.append(call);
    call.position = 2;
    call.ref = u"calls.jsonl:905"_s;
    call.timeMs.reset();
    sample.calls.append(call);
    SEED_OK(reviews.create(&sample));
    SEED_OK(reviews.mark(sample.id, 1, ReviewVerdict::Good, u"polite and right"_s, u"ana"_s, at(24 * 60 + 40)));
    return s;
}

/** A value with its kind, so that 1 and 1.0 and '1' differ: "i:1", "d:1", "t:1", "NULL". */
QString cell(const QSqlQuery &q, int field)
{
    if (q.isNull(field))
        return u"NULL"_s;
    const QVariant v = q.value(field);
    switch (v.metaType().id()) {
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Int:
    case QMetaType::UInt:
        return u"i:"_s + QString::number(v.toLongLong());
    case QMetaType::Double:
        return u"d:"_s + QString::number(v.toDouble(), 'g', 17);
    case QMetaType::QString:
        return u"t:"_s + v.toString();
    default:
        return u"?%1:"_s.arg(QString::fromLatin1(v.metaType().name())) + v.toString();
    }
}

/**
 * Every row of every table of the store, by the driver's own view of the columns (not the
 * copier's): the column names sorted, then each row's values in that order. Table -> rows.
 */
QMap<QString, QStringList> dump(const StoreLocation &location)
{
    SqlConnection raw(location);
    QMap<QString, QStringList> tables;
    if (!raw.isOpen())
        qFatal("cannot open %s to compare", qPrintable(location.display()));
    QSqlDatabase db = raw.database();
    for (const QString &table : Database::tableNames()) {
        const QSqlRecord record = db.record(table);
        QStringList columns;
        for (int i = 0; i < record.count(); ++i)
            columns.append(record.fieldName(i));
        columns.sort();
        if (columns.isEmpty())
            qFatal("%s has no columns in %s", qPrintable(table), qPrintable(location.display()));
        QSqlQuery q(db);
        if (!q.exec(u"SELECT %1 FROM %2"_s.arg(columns.join(u", "_s), table)))
            qFatal("%s: %s", qPrintable(table), qPrintable(q.lastError().text()));
        QStringList rows;
        while (q.next()) {
            QStringList values;
            for (int i = 0; i < columns.size(); ++i)
                values.append(cell(q, i));
            rows.append(values.join(u'|'));
        }
        // Sorted as text: PostgreSQL orders text keys by its collation, SQLite by bytes.
        rows.sort();
        tables.insert(table, QStringList {columns.join(u'|')} + rows);
    }
    return tables;
}

/** Rows per table, header excluded. */
qint64 rowCount(const QMap<QString, QStringList> &tables)
{
    qint64 rows = 0;
    for (const QStringList &t : tables)
        rows += t.size() - 1;
    return rows;
}

void compareStores(const QMap<QString, QStringList> &actual, const QMap<QString, QStringList> &expected)
{
    QCOMPARE(actual.keys(), expected.keys());
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        // Table by table, so a failure names the table and the first differing row.
        const QStringList &got = actual.value(it.key());
        for (qsizetype i = 0; i < qMax(got.size(), it->size()); ++i)
            QCOMPARE(it.key() + u": "_s + got.value(i), it.key() + u": "_s + it->value(i));
    }
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}
} // namespace

// PostgreSQL tests skip without its binaries, but fail under CI (LIFTOFF_REQUIRE_POSTGRES's rule).
#define REQUIRE_POSTGRES()                                                                                             \
    do {                                                                                                               \
        if (!m_postgres) {                                                                                             \
            if (qEnvironmentVariableIsSet("CI"))                                                                       \
                QFAIL(qPrintable(m_postgresMissing + u"; CI is set, so this is a failure, not a skip"_s));            \
            QSKIP(qPrintable(m_postgresMissing + u"; skipping the PostgreSQL part"_s));                                \
        }                                                                                                              \
    } while (false)

void TestStoreCopier::initTestCase()
{
    m_postgresMissing = PostgresServer::unavailableReason();
    if (!m_postgresMissing.isEmpty())
        return;
    m_postgres = std::make_unique<PostgresServer>();
    QVERIFY2(m_postgres->start(), qPrintable(m_postgres->errorString() + u'\n' + m_postgres->log()));
}

void TestStoreCopier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStoreCopier::cleanup()
{
    m_dir.reset();
}

QString TestStoreCopier::freshPostgres()
{
    if (!m_postgres)
        return {};
    const QString url = m_postgres->createFreshDatabase();
    if (url.isEmpty())
        qWarning("%s", qPrintable(m_postgres->errorString()));
    return url;
}

void TestStoreCopier::tableNamesAreEveryTableOfTheSchema()
{
    Database db;
    QVERIFY(!db.open(file(u"fresh.sqlite"_s)).isError());
    QStringList tables = db.connection().tables();
    tables.removeAll(u"sqlite_sequence"_s);
    QStringList names = Database::tableNames();
    QCOMPARE(names.size(), tables.size());
    names.sort();
    tables.sort();
    QCOMPARE(names, tables);
    QCOMPARE(Database::tableNames().constFirst(), u"projects"_s);
    QVERIFY(!Database::tableNames().contains(u"liftoff_schema"_s));
}

void TestStoreCopier::copiesSqliteToPostgresAndBack()
{
    REQUIRE_POSTGRES();
    const QString sqlitePath = file(u"team.sqlite"_s);
    Seeded seeded;
    {
        Database db;
        QVERIFY(!db.open(sqlitePath).isError());
        seeded = seed(db);
    }
    const QMap<QString, QStringList> original = dump(StoreLocation::sqlite(sqlitePath));
    // Every table a console fills (rollback_lock is empty again once a rollback ends).
    for (const QString &table : {u"projects"_s, u"deployments"_s, u"item_states"_s, u"probe_runs"_s, u"audit"_s,
                                 u"cost_projections"_s, u"budget_alerts"_s, u"command_approvals"_s, u"rollbacks"_s,
                                 u"flag_flips"_s, u"deployment_prompts"_s, u"cost_marks"_s, u"eval_runs"_s,
                                 u"eval_case_results"_s, u"eval_blessings"_s, u"review_samples"_s, u"review_calls"_s})
        QVERIFY2(original.value(table).size() > 1, qPrintable(table + u" is empty: the seed should fill it"_s));
    const QString url = freshPostgres();
    QVERIFY(!url.isEmpty());

    // To PostgreSQL in batches of 2 rows: full batches and the rest of every table.
    StoreCopier toPostgres(StoreLocation::sqlite(sqlitePath), parsed(url));
    toPostgres.setBatchRows(2);
    StoreCopier::Result result;
    const StoreError copied = toPostgres.copy(&result);
    QVERIFY2(!copied.isError(), qPrintable(copied.message));
    QCOMPARE(result.from, sqlitePath);
    QCOMPARE(result.to, url);
    QCOMPARE(result.tables.size(), Database::tableNames().size());
    QCOMPARE(result.totalRows(), rowCount(original));
    for (const StoreCopier::TableCount &t : std::as_const(result.tables))
        QCOMPARE(t.rows, qint64(original.value(t.table).size() - 1));
    compareStores(dump(parsed(url)), original);
    // The source is a source: still exactly what it was.
    compareStores(dump(StoreLocation::sqlite(sqlitePath)), original);

    // New rows on PostgreSQL continue after the copied ids instead of colliding with them.
    qint64 maxAudit = 0;
    qint64 maxDeployment = 0;
    {
        SqlConnection raw(parsed(url));
        maxAudit = raw.scalar(u"SELECT max(id) FROM audit"_s).toLongLong();
        maxDeployment = raw.scalar(u"SELECT max(id) FROM deployments"_s).toLongLong();
    }
    QVERIFY(maxAudit > 5);
    {
        Database db;
        QVERIFY(!db.open(parsed(url)).isError());
        ChecklistRepository checklist(db);
        AuditEvent event;
        const StoreError ticked = checklist.applyChange(
            tick(seeded.secondDeploymentId, u"infra.tls"_s, Status::Pass, u"ticked after the move"_s), &event);
        QVERIFY2(!ticked.isError(), qPrintable(ticked.message));
        QCOMPARE(event.id, maxAudit + 1);
        DeploymentRecord third {0, seeded.projectId, u"prod-2026-11-28"_s, u"production"_s, u"v1.6.0"_s, u"abc1234"_s,
                                at(120), {}};
        const StoreError created = checklist.createDeployment(&third, u"ana"_s);
        QVERIFY2(!created.isError(), qPrintable(created.message));
        QCOMPARE(third.id, maxDeployment + 1);
    }

    // And back to a new file, with the rows written on PostgreSQL.
    const QMap<QString, QStringList> onPostgres = dump(parsed(url));
    QCOMPARE(rowCount(onPostgres), rowCount(original) + 3); // the tick's audit event, the deployment and its event
    const QString backPath = file(u"back/team.sqlite"_s);
    StoreCopier toSqlite(parsed(url), StoreLocation::sqlite(backPath));
    const StoreError back = toSqlite.copy(&result);
    QVERIFY2(!back.isError(), qPrintable(back.message));
    QCOMPARE(result.totalRows(), rowCount(onPostgres));
    compareStores(dump(StoreLocation::sqlite(backPath)), onPostgres);
    Database reopened;
    QVERIFY(!reopened.open(backPath).isError());
    ChecklistRepository checklist(reopened);
    AuditEvent event;
    QVERIFY(!checklist.applyChange(tick(seeded.deploymentId, u"infra.tls"_s, Status::Fail, u"back home"_s), &event).isError());
    QCOMPARE(event.id, maxAudit + 3);
}

void TestStoreCopier::copiesSqliteToSqlite()
{
    const QString sourcePath = file(u"a.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(sourcePath).isError());
        seed(db);
    }
    const QMap<QString, QStringList> original = dump(StoreLocation::sqlite(sourcePath));
    StoreCopier copier(StoreLocation::sqlite(sourcePath), StoreLocation::sqlite(file(u"b.sqlite"_s)));
    copier.setBatchRows(1);
    StoreCopier::Result result;
    const StoreError copied = copier.copy(&result);
    QVERIFY2(!copied.isError(), qPrintable(copied.message));
    QCOMPARE(result.totalRows(), rowCount(original));
    compareStores(dump(StoreLocation::sqlite(file(u"b.sqlite"_s))), original);
}

void TestStoreCopier::refusesTargetWithRows_data()
{
    QTest::addColumn<bool>("postgresTarget");
    QTest::newRow("sqlite target") << false;
    QTest::newRow("postgresql target") << true;
}

void TestStoreCopier::refusesTargetWithRows()
{
    QFETCH(bool, postgresTarget);
    if (postgresTarget)
        REQUIRE_POSTGRES();
    const QString sourcePath = file(u"source.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(sourcePath).isError());
        seed(db);
    }
    const StoreLocation target = postgresTarget ? parsed(freshPostgres()) : StoreLocation::sqlite(file(u"t.sqlite"_s));
    {
        Database db;
        QVERIFY(!db.open(target).isError());
        ChecklistRepository checklist(db);
        qint64 projectId = 0;
        QVERIFY(!checklist.ensureProject(u"other-team"_s, u"/srv/other/liftoff.yaml"_s, &projectId).isError());
        DeploymentRecord d {0, projectId, u"staging-1"_s, u"staging"_s, u"v0.1"_s, {}, at(0), {}};
        QVERIFY(!checklist.createDeployment(&d, u"cy"_s).isError());
    }
    const QMap<QString, QStringList> before = dump(target);
    StoreCopier copier(StoreLocation::sqlite(sourcePath), target);
    const StoreError error = copier.copy(nullptr);
    QCOMPARE(error.kind, StoreError::Kind::Conflict);
    QVERIFY2(error.message.startsWith(target.display() + u" already holds 1 deployment ("_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"projects: 1"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"copy into an empty store"_s), qPrintable(error.message));
    compareStores(dump(target), before);
}

void TestStoreCopier::refusesMissingSourceWithoutCreatingIt()
{
    const QString missing = file(u"typo/liftof.sqlite"_s);
    StoreCopier copier(StoreLocation::sqlite(missing), StoreLocation::sqlite(file(u"target.sqlite"_s)));
    const StoreError error = copier.copy(nullptr);
    QCOMPARE(error.kind, StoreError::Kind::NotFound);
    QVERIFY2(error.message.contains(missing), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"no such store file"_s), qPrintable(error.message));
    QVERIFY(!QFileInfo::exists(missing));
    QVERIFY(!QFileInfo::exists(file(u"typo"_s)));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestStoreCopier::refusesNewerSchemaSourceUntouched()
{
    const QString sourcePath = file(u"future.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(sourcePath).isError());
        seed(db);
    }
    {
        SqlConnection raw(sourcePath);
        QVERIFY(raw.exec(u"PRAGMA user_version = 999"_s));
        QVERIFY(raw.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
    }
    const QByteArray before = fileHash(sourcePath);
    StoreCopier copier(StoreLocation::sqlite(sourcePath), StoreLocation::sqlite(file(u"target.sqlite"_s)));
    const StoreError error = copier.copy(nullptr);
    QCOMPARE(error.kind, StoreError::Kind::NewerSchema);
    QVERIFY2(error.message.contains(u"999"_s), qPrintable(error.message));
    QCOMPARE(fileHash(sourcePath), before);
    QVERIFY(!QFileInfo::exists(file(u"target.sqlite"_s))); // the source is checked before the target is made
}

void TestStoreCopier::refusesTheSameStoreTwice()
{
    const QString path = file(u"one.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(path).isError());
        seed(db);
    }
    QVERIFY(QFile::link(path, file(u"alias.sqlite"_s)));
    QVERIFY(StoreCopier::sameStore(StoreLocation::sqlite(path), StoreLocation::sqlite(file(u"alias.sqlite"_s))));
    QVERIFY(StoreCopier::sameStore(StoreLocation::sqlite(path), StoreLocation::sqlite(m_dir->path() + u"/./one.sqlite"_s)));
    QVERIFY(!StoreCopier::sameStore(StoreLocation::sqlite(path), StoreLocation::sqlite(file(u"two.sqlite"_s))));
    QVERIFY(StoreCopier::sameStore(parsed(u"postgresql://ana@db.example/liftoff"_s),
                                   parsed(u"postgresql://bo@DB.example:5432/liftoff?sslmode=require"_s)));
    QVERIFY(!StoreCopier::sameStore(parsed(u"postgresql://ana@db.example/liftoff"_s),
                                    parsed(u"postgresql://ana@db.example/liftoff_copy"_s)));
    const StoreError error = StoreCopier(StoreLocation::sqlite(path), StoreLocation::sqlite(file(u"alias.sqlite"_s))).copy(nullptr);
    QCOMPARE(error.kind, StoreError::Kind::Conflict);
    QVERIFY2(error.message.contains(u"both the source and the target"_s), qPrintable(error.message));
}

void TestStoreCopier::refusesTextInIntegerColumn()
{
    const QString sourcePath = file(u"odd.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(sourcePath).isError());
        seed(db);
    }
    {
        // SQLite keeps text it cannot read as a number in an INTEGER column; nothing guesses what '0x2A' meant.
        SqlConnection raw(sourcePath);
        QVERIFY2(raw.exec(u"INSERT INTO cost_marks(counter, day, counter_nano_usd, recorded) "
                          u"VALUES('openrouter:odd', '2026-11-27', '0x2A', '2026-11-27T00:00:00.000Z')"_s),
                 qPrintable(raw.lastError()));
        QCOMPARE(raw.scalar(u"SELECT typeof(counter_nano_usd) FROM cost_marks WHERE counter = 'openrouter:odd'"_s).toString(),
                 u"text"_s);
    }
    const QString targetPath = file(u"target.sqlite"_s);
    StoreCopier copier(StoreLocation::sqlite(sourcePath), StoreLocation::sqlite(targetPath));
    const StoreError error = copier.copy(nullptr);
    QCOMPARE(error.kind, StoreError::Kind::Corrupt);
    for (const QString &part : {u"cost_marks"_s, u"counter_nano_usd"_s, u"'0x2A'"_s, u"counter openrouter:odd, day 2026-11-27"_s,
                                u"an integer"_s, u"correct or delete that row"_s}) {
        QVERIFY2(error.message.contains(part), qPrintable(part + u" not in: "_s + error.message));
    }
    // The tables copied before cost_marks were rolled back with it.
    QCOMPARE(rowCount(dump(StoreLocation::sqlite(targetPath))), 0);
}

void TestStoreCopier::rollsBackWhenCountsDiffer()
{
    const QString sourcePath = file(u"source.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(sourcePath).isError());
        seed(db);
    }
    const QString targetPath = file(u"target.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(targetPath).isError());
        // A target that silently drops one audit event: the count check must catch it.
        SqlConnection raw(targetPath);
        QVERIFY2(raw.exec(u"CREATE TRIGGER drop_one BEFORE INSERT ON audit WHEN NEW.id = 2 "
                          u"BEGIN SELECT RAISE(IGNORE); END"_s),
                 qPrintable(raw.lastError()));
    }
    qint64 auditRows = 0;
    {
        SqlConnection raw(sourcePath);
        auditRows = raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong();
    }
    StoreCopier copier(StoreLocation::sqlite(sourcePath), StoreLocation::sqlite(targetPath));
    const StoreError error = copier.copy(nullptr);
    QVERIFY(error.isError());
    const QString expected = u"%1: table audit has %2 rows after the copy but %3 in %4 (highest id %3 in the source, %3 in the target)"_s
                                 .arg(targetPath)
                                 .arg(auditRows - 1)
                                 .arg(auditRows)
                                 .arg(sourcePath);
    QVERIFY2(error.message.startsWith(expected), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"rolled back"_s), qPrintable(error.message));
    QCOMPARE(rowCount(dump(StoreLocation::sqlite(targetPath))), 0);
}

void TestStoreCopier::copiesALargeStore()
{
    REQUIRE_POSTGRES();
    // A year of a busy team: 1,000 deployments x 45 items, 100,000 audit events, 50,000 probe runs.
    const QString sourcePath = file(u"big.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(sourcePath).isError());
        SqlConnection raw(sourcePath);
        QVERIFY(raw.exec(u"BEGIN"_s));
        QVERIFY(raw.exec(u"INSERT INTO projects(id, name, config_path, created) VALUES(1, 'big', '/srv/big.yaml', "
                         u"'2026-01-01T00:00:00.000Z')"_s));
        QVERIFY2(raw.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                          u"INSERT INTO deployments(id, project_id, name, environment, version, created) "
                          u"SELECT i, 1, 'prod-' || i, 'production', 'v' || i, '2026-01-01T00:00:00.000Z' FROM n"_s),
                 qPrintable(raw.lastError()));
        QVERIFY2(raw.exec(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 44999) "
                          u"INSERT INTO item_states(deployment_id, item_id, status, base_status, summary, checked_at) "
                          u"SELECT i / 45 + 1, 'item.' || (i % 45), 'pass', 'pass', '200 in ' || i || ' ms', "
                          u"'2026-01-01T00:00:00.000Z' FROM n"_s),
                 qPrintable(raw.lastError()));
        QVERIFY2(raw.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                          u"INSERT INTO audit(id, deployment_id, item_id, at, who, kind, from_status, to_status, note) "
                          u"SELECT i, i % 1000 + 1, 'item.' || (i % 45), '2026-01-01T00:00:00.000Z', 'ana', 'tick', "
                          u"'pending', 'pass', 'a note of some forty characters, #' || i FROM n"_s),
                 qPrintable(raw.lastError()));
        QVERIFY2(raw.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
                          u"INSERT INTO probe_runs(id, deployment_id, item_id, started_at, duration_ms, status, summary, "
                          u"evidence) SELECT i, i % 1000 + 1, 'infra.health', '2026-01-01T00:00:00.000Z', i % 900, "
                          u"'pass', '200 in ' || (i % 900) || ' ms', '{\"url\":\"https://api.example.com/health\","
                          u"\"status\":200,\"latencyMs\":' || (i % 900) || '}' FROM n"_s),
                 qPrintable(raw.lastError()));
        QVERIFY(raw.exec(u"COMMIT"_s));
    }
    const QString url = freshPostgres();
    QVERIFY(!url.isEmpty());
    QElapsedTimer timer;
    timer.start();
    StoreCopier::Result result;
    const StoreError error = StoreCopier(StoreLocation::sqlite(sourcePath), parsed(url)).copy(&result);
    const qint64 toPostgresMs = timer.elapsed();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(result.totalRows(), qint64(1 + 1000 + 45000 + 100000 + 50000));
    timer.restart();
    const StoreError back = StoreCopier(parsed(url), StoreLocation::sqlite(file(u"big-back.sqlite"_s))).copy(&result);
    const qint64 toSqliteMs = timer.elapsed();
    QVERIFY2(!back.isError(), qPrintable(back.message));
    QCOMPARE(result.totalRows(), qint64(196001));
    qInfo("copied %lld rows: SQLite to PostgreSQL in %lld ms, back in %lld ms", result.totalRows(), toPostgresMs,
          toSqliteMs);
    SqlConnection raw(file(u"big-back.sqlite"_s));
    QCOMPARE(raw.scalar(u"SELECT note FROM audit WHERE id = 99999"_s).toString(), u"a note of some forty characters, #99999"_s);
}

QTEST_GUILESS_MAIN(TestStoreCopier)
#include "TestStoreCopier.moc"
