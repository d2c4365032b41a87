// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlConnection.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

/**
 * Database: schema creation, pragmas, reopen, forward migrations, and the files it must refuse
 * without touching them (garbage, foreign, newer schema, locked, read-only).
 */
class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createsSchemaWithWalAndForeignKeys();
    void reopenKeepsData();
    void migratesEmptyFile_data();
    void migratesEmptyFile();
    void migratesVersion1Forward();
    void failedMigrationLeavesVersionAndData();
    void refusesGarbageUntouched_data();
    void refusesGarbageUntouched();
    void refusesForeignDatabaseUntouched();
    void refusesNewerSchemaUntouched();
    void writeToLockedDatabaseFailsWithinBusyTimeout();
    void openOfLockedDatabaseFails();
    void refusesReadOnlyFile();
    void auditRefusesUpdateDeleteAndReplace();
    void foreignKeysAreEnforced();
    void classifiesDriverErrors_data();
    void classifiesDriverErrors();
    void repositoryOnClosedDatabaseSaysSo();

private:
    QString dbPath() const { return m_dir->filePath(u"liftoff.sqlite"_s); }
    /** A deployment with one ticked item, through the repository; returns the deployment id. */
    qint64 seed(Database &db);
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QStringList folderEntries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QVariant pragma(const Database &db, const QString &name)
{
    QSqlQuery q(db.connection());
    if (!q.exec(u"PRAGMA "_s + name) || !q.next())
        return {};
    return q.value(0);
}

ItemChange tick(qint64 deploymentId, const QString &itemId, Status status, const QString &note)
{
    ItemChange change;
    change.deploymentId = deploymentId;
    change.state.itemId = itemId;
    change.state.status = status;
    change.state.source = StatusSource::Manual;
    change.state.by = u"alice"_s;
    change.state.note = note;
    change.kind = u"tick"_s;
    change.who = u"alice"_s;
    change.note = note;
    return change;
}

qint64 auditRows(const QString &path)
{
    SqlConnection raw(path);
    return raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong();
}
} // namespace

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDatabase::cleanup()
{
    if (m_dir)
        QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::WriteOwner);
    m_dir.reset();
}

qint64 TestDatabase::seed(Database &db)
{
    ChecklistRepository repo(db);
    qint64 projectId = 0;
    if (repo.ensureProject(u"support-bot"_s, u"/tmp/liftoff.yaml"_s, &projectId).isError())
        return 0;
    DeploymentRecord d;
    d.projectId = projectId;
    d.name = u"prod-1"_s;
    d.environment = u"production"_s;
    d.version = u"v1.0.0"_s;
    if (repo.createDeployment(&d, u"alice"_s).isError())
        return 0;
    if (repo.applyChange(tick(d.id, u"infra.health"_s, Status::Pass, u"looked at it"_s), nullptr).isError())
        return 0;
    return d.id;
}

void TestDatabase::createsSchemaWithWalAndForeignKeys()
{
    Database db;
    const StoreError error = db.open(dbPath());
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(db.isOpen());
    QCOMPARE(pragma(db, u"journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(pragma(db, u"foreign_keys"_s).toInt(), 1);
    QCOMPARE(pragma(db, u"synchronous"_s).toInt(), 2); // FULL
    QCOMPARE(pragma(db, u"user_version"_s).toInt(), Database::SCHEMA_VERSION);

    QSqlQuery q(db.connection());
    QVERIFY(q.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s));
    QStringList tables;
    while (q.next())
        tables << q.value(0).toString();
    for (const QString &table : {u"audit"_s, u"deployments"_s, u"item_states"_s, u"probe_runs"_s, u"projects"_s})
        QVERIFY2(tables.contains(table), qPrintable(table));
}

void TestDatabase::reopenKeepsData()
{
    qint64 deploymentId = 0;
    {
        Database db;
        QVERIFY(!db.open(dbPath()).isError());
        deploymentId = seed(db);
        QVERIFY(deploymentId > 0);
    }
    Database db;
    const StoreError error = db.open(dbPath());
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(pragma(db, u"user_version"_s).toInt(), Database::SCHEMA_VERSION);
    ChecklistRepository repo(db);
    QHash<QString, ItemState> states;
    QVERIFY(!repo.itemStates(deploymentId, &states).isError());
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.value(u"infra.health"_s).status, Status::Pass);
    QCOMPARE(states.value(u"infra.health"_s).note, u"looked at it"_s);
    qint64 count = 0;
    QVERIFY(!repo.auditCount(&count).isError());
    QCOMPARE(count, 2); // created + tick
}

void TestDatabase::migratesEmptyFile_data()
{
    QTest::addColumn<bool>("withHeader");
    QTest::newRow("zero bytes") << false;
    QTest::newRow("empty SQLite database, user_version 0") << true;
}

void TestDatabase::migratesEmptyFile()
{
    QFETCH(bool, withHeader);
    if (withHeader) {
        SqlConnection raw(dbPath());
        QVERIFY(raw.exec(u"CREATE TABLE scratch(x)"_s));
        QVERIFY(raw.exec(u"DROP TABLE scratch"_s));
        QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), 0);
    } else {
        QVERIFY(writeFile(dbPath(), {}));
    }
    Database db;
    const StoreError error = db.open(dbPath());
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(pragma(db, u"user_version"_s).toInt(), Database::SCHEMA_VERSION);
    QVERIFY(seed(db) > 0);
}

void TestDatabase::migratesVersion1Forward()
{
    // Build a version-1 file: today's schema without what version 2 added.
    qint64 deploymentId = 0;
    {
        Database db;
        QVERIFY(!db.open(dbPath()).isError());
        deploymentId = seed(db);
        QVERIFY(deploymentId > 0);
    }
    {
        SqlConnection raw(dbPath());
        QVERIFY2(raw.exec(u"DROP TRIGGER audit_no_replace"_s), qPrintable(raw.lastError()));
        // ... and without what version 3 added.
        QVERIFY(raw.exec(u"DROP TABLE cost_projections"_s));
        QVERIFY(raw.exec(u"DROP TABLE budget_alerts"_s));
        // ... and without what version 4 added (rollbacks, approvals, flag flips, the rollback lock).
        for (const QString &table : {u"rollbacks"_s, u"command_approvals"_s, u"flag_flips"_s, u"rollback_lock"_s})
            QVERIFY2(raw.exec(u"DROP TABLE "_s + table), qPrintable(raw.lastError()));
        QVERIFY2(raw.exec(u"ALTER TABLE deployments DROP COLUMN rolled_back"_s), qPrintable(raw.lastError()));
        QVERIFY(raw.exec(u"PRAGMA user_version = 1"_s));
    }
    Database db;
    const StoreError error = db.open(dbPath());
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(pragma(db, u"user_version"_s).toInt(), Database::SCHEMA_VERSION);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_replace'"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    q.finish();
    QVERIFY(q.exec(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                   u"('rollbacks', 'command_approvals', 'flag_flips', 'rollback_lock')"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 4);
    q.finish();
    ChecklistRepository repo(db);
    QList<AuditEvent> events;
    QVERIFY(!repo.audit(deploymentId, u"infra.health"_s, &events).isError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().note, u"looked at it"_s);
}

void TestDatabase::failedMigrationLeavesVersionAndData()
{
    // A version-1 file where version 2's trigger name is taken: the step fails, and the whole
    // migration rolls back (the version stays 1, the stand-in trigger and the data stay).
    {
        Database db;
        QVERIFY(!db.open(dbPath()).isError());
        QVERIFY(seed(db) > 0);
    }
    {
        SqlConnection raw(dbPath());
        QVERIFY(raw.exec(u"DROP TRIGGER audit_no_replace"_s));
        QVERIFY(raw.exec(u"CREATE TRIGGER audit_no_replace AFTER INSERT ON projects BEGIN SELECT 1; END"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = 1"_s));
    }
    Database db;
    const StoreError error = db.open(dbPath());
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.contains(u"version 2"_s), qPrintable(error.message));
    QVERIFY(!db.isOpen());
    SqlConnection raw(dbPath());
    QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), 1);
    QCOMPARE(raw.scalar(u"SELECT tbl_name FROM sqlite_master WHERE name = 'audit_no_replace'"_s).toString(),
             u"projects"_s);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toInt(), 2);
}

void TestDatabase::refusesGarbageUntouched_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QByteArray garbage;
    for (int i = 0; i < 8192; ++i)
        garbage.append(char((i * 131 + 7) % 251));
    QTest::newRow("garbage") << garbage;
    QTest::newRow("short text") << QByteArray("not a database\n");
    QTest::newRow("SQLite header, garbage after") << (QByteArray("SQLite format 3\0", 16) + garbage);
}

void TestDatabase::refusesGarbageUntouched()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(writeFile(dbPath(), bytes));
    const QByteArray before = fileHash(dbPath());
    const QStringList filesBefore = folderEntries(m_dir->path());
    {
        Database db;
        const StoreError error = db.open(dbPath());
        QCOMPARE(error.kind, StoreError::Kind::Corrupt);
        QVERIFY2(error.message.contains(dbPath()), qPrintable(error.message));
        QVERIFY(!db.isOpen());
    }
    QCOMPARE(fileHash(dbPath()), before);
    QCOMPARE(folderEntries(m_dir->path()), filesBefore);
}

void TestDatabase::refusesForeignDatabaseUntouched()
{
    {
        SqlConnection raw(dbPath());
        QVERIFY(raw.exec(u"CREATE TABLE bookmarks(url TEXT)"_s));
        QVERIFY(raw.exec(u"INSERT INTO bookmarks VALUES('https://example.test')"_s));
    }
    const QByteArray before = fileHash(dbPath());
    {
        Database db;
        const StoreError error = db.open(dbPath());
        QCOMPARE(error.kind, StoreError::Kind::Corrupt);
        QVERIFY2(error.message.contains(u"not a Liftoff database"_s), qPrintable(error.message));
    }
    QCOMPARE(fileHash(dbPath()), before);
    QCOMPARE(folderEntries(m_dir->path()), QStringList {u"liftoff.sqlite"_s});
}

void TestDatabase::refusesNewerSchemaUntouched()
{
    {
        SqlConnection raw(dbPath());
        QVERIFY(raw.exec(u"CREATE TABLE future(x)"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = 999"_s));
    }
    const QByteArray before = fileHash(dbPath());
    {
        Database db;
        const StoreError error = db.open(dbPath());
        QCOMPARE(error.kind, StoreError::Kind::NewerSchema);
        QVERIFY2(error.message.contains(u"999"_s), qPrintable(error.message));
        QVERIFY(!db.isOpen());
    }
    QCOMPARE(fileHash(dbPath()), before);
    QCOMPARE(folderEntries(m_dir->path()), QStringList {u"liftoff.sqlite"_s});
    SqlConnection raw(dbPath());
    QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"delete"_s);
}

void TestDatabase::writeToLockedDatabaseFailsWithinBusyTimeout()
{
    constexpr int busyTimeoutMs = 300;
    Database db;
    QVERIFY(!db.open(dbPath(), busyTimeoutMs).isError());
    const qint64 deploymentId = seed(db);
    QVERIFY(deploymentId > 0);
    const qint64 rowsBefore = auditRows(dbPath());

    SqlConnection holder(dbPath());
    QVERIFY2(holder.exec(u"BEGIN EXCLUSIVE"_s), qPrintable(holder.lastError()));

    ChecklistRepository repo(db);
    QElapsedTimer timer;
    timer.start();
    StoreError error = repo.applyChange(tick(deploymentId, u"infra.tls"_s, Status::Pass, u"held"_s), nullptr);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(error.kind, StoreError::Kind::Locked);
    QVERIFY2(error.message.contains(u"locked"_s), qPrintable(error.message));
    QVERIFY2(elapsed >= busyTimeoutMs / 2, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < busyTimeoutMs + 5000, qPrintable(QString::number(elapsed)));

    DeploymentRecord other;
    other.projectId = 1;
    other.name = u"prod-2"_s;
    QCOMPARE(repo.createDeployment(&other, u"alice"_s).kind, StoreError::Kind::Locked);
    QCOMPARE(repo.releaseDeployment(deploymentId, QDateTime::currentDateTimeUtc(), u"alice"_s).kind,
             StoreError::Kind::Locked);
    qint64 projectId = 0;
    QCOMPARE(repo.ensureProject(u"another"_s, {}, &projectId).kind, StoreError::Kind::Locked);

    QVERIFY(holder.exec(u"ROLLBACK"_s));
    QCOMPARE(auditRows(dbPath()), rowsBefore);
    QHash<QString, ItemState> states;
    QVERIFY(!repo.itemStates(deploymentId, &states).isError());
    QVERIFY(!states.contains(u"infra.tls"_s));
    DeploymentRecord d;
    QVERIFY(!repo.deployment(deploymentId, &d).isError());
    QVERIFY(!d.isReleased());
    QCOMPARE(repo.findDeployment(1, u"prod-2"_s, &d).kind, StoreError::Kind::NotFound);

    // Once the other writer is gone, the same write goes through.
    error = repo.applyChange(tick(deploymentId, u"infra.tls"_s, Status::Pass, u"free"_s), nullptr);
    QVERIFY2(!error.isError(), qPrintable(error.message));
}

void TestDatabase::openOfLockedDatabaseFails()
{
    // In rollback-journal mode an exclusive lock keeps readers out too, so even open() must wait
    // and then give up with Locked.
    SqlConnection holder(dbPath());
    QVERIFY(holder.exec(u"CREATE TABLE t(x)"_s));
    QVERIFY(holder.exec(u"BEGIN EXCLUSIVE"_s));
    QVERIFY(holder.exec(u"INSERT INTO t VALUES(1)"_s));
    Database db;
    const StoreError error = db.open(dbPath(), 200);
    QCOMPARE(error.kind, StoreError::Kind::Locked);
    QVERIFY(!db.isOpen());
    QVERIFY(holder.exec(u"ROLLBACK"_s));
}

void TestDatabase::refusesReadOnlyFile()
{
#ifdef Q_OS_UNIX
    if (::geteuid() == 0)
        QSKIP("running as root: file permissions do not stop root from writing, so a read-only file cannot be made");
#endif
    {
        Database db;
        QVERIFY(!db.open(dbPath()).isError());
        QVERIFY(seed(db) > 0);
    }
    QVERIFY(QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    const QByteArray before = fileHash(dbPath());
    {
        Database db;
        const StoreError error = db.open(dbPath());
        QCOMPARE(error.kind, StoreError::Kind::ReadOnly);
        QVERIFY2(error.message.contains(u"read-only"_s), qPrintable(error.message));
    }
    QCOMPARE(fileHash(dbPath()), before);
}

void TestDatabase::auditRefusesUpdateDeleteAndReplace()
{
    Database db;
    QVERIFY(!db.open(dbPath()).isError());
    QVERIFY(seed(db) > 0);
    QSqlQuery q(db.connection());
    QVERIFY(!q.exec(u"UPDATE audit SET note = 'rewritten'"_s));
    QVERIFY2(q.lastError().text().contains(u"append-only"_s), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(u"DELETE FROM audit"_s));
    QVERIFY(q.lastError().text().contains(u"append-only"_s));
    QVERIFY(!q.exec(u"INSERT OR REPLACE INTO audit(id, deployment_id, at, who, kind, note) "
                    u"SELECT id, deployment_id, at, who, kind, 'rewritten' FROM audit WHERE item_id = 'infra.health'"_s));
    QVERIFY(q.lastError().text().contains(u"append-only"_s));
    QVERIFY(q.exec(u"SELECT count(*), sum(note = 'rewritten') FROM audit"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    QCOMPARE(q.value(1).toInt(), 0);
}

void TestDatabase::foreignKeysAreEnforced()
{
    Database db;
    QVERIFY(!db.open(dbPath()).isError());
    QSqlQuery q(db.connection());
    QVERIFY(!q.exec(u"INSERT INTO item_states(deployment_id, item_id, status, base_status) VALUES(42, 'x', 'pass', 'pass')"_s));
    QVERIFY2(q.lastError().text().contains(u"FOREIGN KEY"_s), qPrintable(q.lastError().text()));
    ChecklistRepository repo(db);
    QCOMPARE(repo.applyChange(tick(42, u"infra.health"_s, Status::Pass, u"x"_s), nullptr).kind, StoreError::Kind::NotFound);
    QCOMPARE(auditRows(dbPath()), 0);
}

void TestDatabase::classifiesDriverErrors_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<StoreError::Kind>("kind");
    QTest::newRow("busy") << u"5"_s << u"database is locked"_s << StoreError::Kind::Locked;
    QTest::newRow("busy, extended (recovery)") << u"261"_s << QString() << StoreError::Kind::Locked;
    QTest::newRow("locked (shared cache)") << u"6"_s << QString() << StoreError::Kind::Locked;
    QTest::newRow("readonly") << u"8"_s << u"attempt to write a readonly database"_s << StoreError::Kind::ReadOnly;
    QTest::newRow("readonly, extended (moved)") << u"1032"_s << QString() << StoreError::Kind::ReadOnly;
    QTest::newRow("corrupt") << u"11"_s << u"database disk image is malformed"_s << StoreError::Kind::Corrupt;
    QTest::newRow("not a database") << u"26"_s << u"file is not a database"_s << StoreError::Kind::Corrupt;
    QTest::newRow("constraint") << u"19"_s << u"UNIQUE constraint failed: projects.name"_s << StoreError::Kind::Io;
    QTest::newRow("cannot open") << u"14"_s << u"unable to open database file"_s << StoreError::Kind::Io;
}

void TestDatabase::classifiesDriverErrors()
{
    QFETCH(QString, code);
    QFETCH(QString, text);
    QFETCH(StoreError::Kind, kind);
    const StoreError error =
        Database::classify(QSqlError(u"driver"_s, text, QSqlError::StatementError, code), u"/x/db.sqlite"_s, u"save"_s);
    QCOMPARE(error.kind, kind);
    QVERIFY2(error.message.startsWith(u"/x/db.sqlite: "_s), qPrintable(error.message));
}

void TestDatabase::repositoryOnClosedDatabaseSaysSo()
{
    Database db;
    ChecklistRepository repo(db);
    qint64 id = 0;
    const StoreError error = repo.ensureProject(u"p"_s, {}, &id);
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.contains(u"not open"_s), qPrintable(error.message));
    QList<AuditEvent> events;
    QCOMPARE(repo.audit(1, {}, &events).kind, StoreError::Kind::Io);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
