// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "SqlConnection.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/StoreLocation.h"

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
 * without touching them (garbage, foreign, newer schema, locked, read-only). With
 * LIFTOFF_TEST_STORE_BACKEND=postgresql (CTest's TestDatabase_postgresql) the backend-neutral tests
 * and the PostgreSQL ones run against a throwaway server, a fresh database per test; the tests of
 * SQLite files skip there, and the PostgreSQL ones skip in the SQLite run.
 */
class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
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
    void pathOpenRefusesUrlsWithoutCreatingFiles_data();
    void pathOpenRefusesUrlsWithoutCreatingFiles();
    void auditRefusesUpdateDeleteAndReplace();
    void foreignKeysAreEnforced();
    void classifiesDriverErrors_data();
    void classifiesDriverErrors();
    void repositoryOnClosedDatabaseSaysSo();

    void version8StoreKeepsItsApprovalsAndStatesAcrossVersion9();

    void postgresCreatesSchemaWithWideTypes();
    void postgresMigratesOneVersionForward();
    void postgresFailedMigrationLeavesVersionAndData();
    void postgresRefusesForeignDatabaseUntouched();
    void postgresRefusesNewerSchemaUntouched();
    void postgresWriteWaitsForTheWriteLockThenFails();
    void postgresUnreachableServerSaysSo();
    void postgresMissingPasswordReferenceSaysSo();

private:
    QString dbPath() const { return m_dir->filePath(u"liftoff.sqlite"_s); }
    /** The store under test: the SQLite file, or this test's PostgreSQL database. */
    StoreLocation location() const;
    StoreError openStore(Database &db, int busyTimeoutMs = 3000) const { return db.open(location(), busyTimeoutMs); }
    qint64 auditRows() const;
    std::unique_ptr<PostgresServer> m_postgres;
    QString m_url;
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

int schemaVersion(const Database &db)
{
    QSqlQuery q(db.connection());
    const QString sql = db.dialect().isPostgres() ? u"SELECT version FROM liftoff_schema"_s : u"PRAGMA user_version"_s;
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

StoreLocation parsed(const QString &value)
{
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(value, &error);
    if (!location)
        qFatal("bad test location %s: %s", qPrintable(value), qPrintable(error));
    return *location;
}
} // namespace

// Tests of SQLite files skip in the PostgreSQL run, and the other way round.
#define SQLITE_ONLY()                                                                                                  \
    do {                                                                                                               \
        if (m_postgres)                                                                                                \
            QSKIP("a SQLite file test; TestDatabase (without _postgresql) runs it");                                   \
    } while (false)
#define POSTGRES_ONLY()                                                                                                \
    do {                                                                                                               \
        if (!m_postgres)                                                                                               \
            QSKIP("a PostgreSQL test; TestDatabase_postgresql runs it (LIFTOFF_TEST_STORE_BACKEND=postgresql)");       \
    } while (false)

void TestDatabase::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    if (m_postgres) {
        m_url = m_postgres->createFreshDatabase();
        QVERIFY2(!m_url.isEmpty(), qPrintable(m_postgres->errorString()));
    }
}

StoreLocation TestDatabase::location() const
{
    return m_postgres ? parsed(m_url) : StoreLocation::sqlite(dbPath());
}

qint64 TestDatabase::auditRows() const
{
    SqlConnection raw(location());
    return raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong();
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

void TestDatabase::version8StoreKeepsItsApprovalsAndStatesAcrossVersion9()
{
    // A store as version 8 left it (on either backend): one approval per command, no row versions,
    // no accounts. Version 9 must carry the approval over as its approver and start the revisions at 0.
    qint64 deploymentId = 0;
    {
        Database db;
        QVERIFY(!openStore(db).isError());
        deploymentId = seed(db);
        QVERIFY(deploymentId > 0);
    }
    {
        SqlConnection raw(location());
        QVERIFY2(raw.exec(u"DROP TABLE command_approvers"_s), qPrintable(raw.lastError()));
        for (const QString &column :
             {u"item_states DROP COLUMN revision"_s, u"audit DROP COLUMN account"_s, u"audit DROP COLUMN db_role"_s,
              u"rollbacks DROP COLUMN account"_s, u"rollbacks DROP COLUMN db_role"_s,
              u"command_approvals DROP COLUMN account"_s, u"command_approvals DROP COLUMN db_role"_s,
              u"rollback_lock DROP COLUMN account"_s, u"rollback_lock DROP COLUMN renewed_at"_s,
              u"flag_flips DROP COLUMN account"_s, u"flag_flips DROP COLUMN db_role"_s})
            QVERIFY2(raw.exec(u"ALTER TABLE "_s + column), qPrintable(raw.lastError()));
        QVERIFY2(raw.exec(u"INSERT INTO command_approvals(project_id, hash, purpose, command, approved_by, approved_at) "
                          u"SELECT id, 'abc123', 'rollback', './deploy rollback', 'alice', '2026-11-30T09:00:00Z' "
                          u"FROM projects"_s),
                 qPrintable(raw.lastError()));
        QVERIFY(raw.exec(m_postgres ? u"UPDATE liftoff_schema SET version = 8"_s : u"PRAGMA user_version = 8"_s));
    }
    Database db;
    const StoreError error = openStore(db);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(schemaVersion(db), Database::SCHEMA_VERSION);
    SqlConnection raw(location());
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM command_approvers WHERE hash = 'abc123' AND approved_by = 'alice' "
                        u"AND approved_at = '2026-11-30T09:00:00Z'"_s)
                 .toInt(),
             1);
    QCOMPARE(raw.scalar(u"SELECT revision FROM item_states WHERE item_id = 'infra.health'"_s).toInt(), 0);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit WHERE account = ''"_s).toInt(), 2); // kept, not invented
    // The first write after the migration moves the item to revision 1.
    ChecklistRepository repo(db);
    ItemState stored;
    QVERIFY(!repo.applyChange(tick(deploymentId, u"infra.health"_s, Status::Fail, u"503"_s), nullptr, &stored).isError());
    QCOMPARE(stored.revision, 1);
}

void TestDatabase::createsSchemaWithWalAndForeignKeys()
{
    SQLITE_ONLY();
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
        QVERIFY(!openStore(db).isError());
        deploymentId = seed(db);
        QVERIFY(deploymentId > 0);
    }
    Database db;
    const StoreError error = openStore(db);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(schemaVersion(db), Database::SCHEMA_VERSION);
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
    SQLITE_ONLY();
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
    SQLITE_ONLY();
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
        // ... and without the columns version 9 added (row versions, accounts and roles).
        for (const QString &column : {u"item_states DROP COLUMN revision"_s, u"audit DROP COLUMN account"_s,
                                      u"audit DROP COLUMN db_role"_s})
            QVERIFY2(raw.exec(u"ALTER TABLE "_s + column), qPrintable(raw.lastError()));
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
    SQLITE_ONLY();
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
    SQLITE_ONLY();
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
    SQLITE_ONLY();
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
    SQLITE_ONLY();
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
    SQLITE_ONLY();
    constexpr int busyTimeoutMs = 300;
    Database db;
    QVERIFY(!db.open(dbPath(), busyTimeoutMs).isError());
    const qint64 deploymentId = seed(db);
    QVERIFY(deploymentId > 0);
    const qint64 rowsBefore = auditRows();

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
    QCOMPARE(auditRows(), rowsBefore);
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
    SQLITE_ONLY();
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
    SQLITE_ONLY();
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

void TestDatabase::pathOpenRefusesUrlsWithoutCreatingFiles_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("shown");
    // Port 1 on the loopback refuses at once: the URL is tried as PostgreSQL, never as a file.
    QTest::newRow("postgresql, no server") << u"postgresql://rm@127.0.0.1:1/liftoff"_s
                                           << u"postgresql://rm@127.0.0.1:1/liftoff: cannot connect"_s;
    QTest::newRow("with a password") << u"postgres://rm:hunter2hunter2@db/liftoff"_s
                                     << u"postgres://rm@db/liftoff: the URL holds a password"_s;
    QTest::newRow("other scheme") << u"mysql://rm@db/liftoff"_s << u"unsupported store 'mysql://'"_s;
}

void TestDatabase::pathOpenRefusesUrlsWithoutCreatingFiles()
{
    // open(path) takes every store location string (--db, LIFTOFF_DB, the `store` setting): a URL is
    // never turned into a folder "postgresql:" with a file in it, whether it connects or is refused.
    QFETCH(QString, value);
    QFETCH(QString, shown);
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir->path()));
    Database db;
    const StoreError error = db.open(value);
    QVERIFY(QDir::setCurrent(before));
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.startsWith(shown), qPrintable(error.message));
    QVERIFY2(!error.message.contains(u"hunter2"_s), qPrintable(error.message));
    QVERIFY(!db.isOpen());
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestDatabase::auditRefusesUpdateDeleteAndReplace()
{
    Database db;
    QVERIFY(!openStore(db).isError());
    QVERIFY(seed(db) > 0);
    QSqlQuery q(db.connection());
    QVERIFY(!q.exec(u"UPDATE audit SET note = 'rewritten'"_s));
    QVERIFY2(q.lastError().text().contains(u"append-only"_s), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(u"DELETE FROM audit"_s));
    QVERIFY(q.lastError().text().contains(u"append-only"_s));
    // Each backend's way of replacing a row by its key.
    const QString replace = m_postgres
                                ? u"INSERT INTO audit(id, deployment_id, at, who, kind, note) SELECT id, deployment_id, "
                                  u"at, who, kind, 'rewritten' FROM audit WHERE item_id = 'infra.health' "
                                  u"ON CONFLICT(id) DO UPDATE SET note = EXCLUDED.note"_s
                                : u"INSERT OR REPLACE INTO audit(id, deployment_id, at, who, kind, note) SELECT id, "
                                  u"deployment_id, at, who, kind, 'rewritten' FROM audit WHERE item_id = 'infra.health'"_s;
    QVERIFY(!q.exec(replace));
    QVERIFY2(q.lastError().text().contains(u"append-only"_s), qPrintable(q.lastError().text()));
    if (m_postgres) {
        QVERIFY(!q.exec(u"TRUNCATE audit"_s));
        QVERIFY2(q.lastError().text().contains(u"append-only"_s), qPrintable(q.lastError().text()));
        // A refused change surfaces as an integrity error, never as a lock or a lost connection.
        QCOMPARE(Database::classify(q.lastError(), db.path(), u"edit"_s).kind, StoreError::Kind::Io);
    }
    QVERIFY(q.exec(u"SELECT count(*), sum(CASE WHEN note = 'rewritten' THEN 1 ELSE 0 END) FROM audit"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    QCOMPARE(q.value(1).toInt(), 0);
}

void TestDatabase::foreignKeysAreEnforced()
{
    Database db;
    QVERIFY(!openStore(db).isError());
    QSqlQuery q(db.connection());
    QVERIFY(!q.exec(u"INSERT INTO item_states(deployment_id, item_id, status, base_status) VALUES(42, 'x', 'pass', 'pass')"_s));
    QVERIFY2(q.lastError().text().contains(u"FOREIGN KEY"_s, Qt::CaseInsensitive), qPrintable(q.lastError().text()));
    ChecklistRepository repo(db);
    QCOMPARE(repo.applyChange(tick(42, u"infra.health"_s, Status::Pass, u"x"_s), nullptr).kind, StoreError::Kind::NotFound);
    QCOMPARE(auditRows(), 0);
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
    // PostgreSQL SQLSTATEs (QPSQL puts them in nativeErrorCode).
    QTest::newRow("pg lock_timeout") << u"55P03"_s << u"canceling statement due to lock timeout"_s
                                     << StoreError::Kind::Locked;
    QTest::newRow("pg deadlock") << u"40P01"_s << u"deadlock detected"_s << StoreError::Kind::Locked;
    QTest::newRow("pg serialization") << u"40001"_s << QString() << StoreError::Kind::Locked;
    QTest::newRow("pg read-only transaction") << u"25006"_s << u"cannot execute INSERT in a read-only transaction"_s
                                              << StoreError::Kind::ReadOnly;
    QTest::newRow("pg no privilege") << u"42501"_s << u"permission denied for table audit"_s
                                     << StoreError::Kind::ReadOnly;
    QTest::newRow("pg data corrupted") << u"XX001"_s << u"invalid page in block 1"_s << StoreError::Kind::Corrupt;
    QTest::newRow("pg connection lost") << u"08006"_s << u"server closed the connection"_s << StoreError::Kind::Io;
    QTest::newRow("pg unique violation") << u"23505"_s << u"duplicate key value"_s << StoreError::Kind::Io;
    QTest::newRow("pg append-only refusal") << u"23001"_s << u"audit trail is append-only"_s << StoreError::Kind::Io;
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

void TestDatabase::postgresCreatesSchemaWithWideTypes()
{
    POSTGRES_ONLY();
    Database db;
    const StoreError error = openStore(db);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(db.dialect().isPostgres());
    QCOMPARE(schemaVersion(db), Database::SCHEMA_VERSION);
    SqlConnection raw(location());
    QVERIFY2(raw.isOpen(), qPrintable(raw.lastError()));
    for (const QString &table : {u"audit"_s, u"deployments"_s, u"item_states"_s, u"probe_runs"_s, u"projects"_s,
                                 u"cost_marks"_s, u"eval_blessings"_s, u"review_calls"_s, u"rollback_lock"_s}) {
        QVERIFY2(raw.scalar(u"SELECT to_regclass('%1') IS NOT NULL"_s.arg(table)).toBool(), qPrintable(table));
    }
    const auto columnType = [&raw](const QString &table, const QString &column) {
        return raw.scalar(u"SELECT data_type FROM information_schema.columns WHERE table_name = '%1' AND column_name = '%2'"_s
                              .arg(table, column))
            .toString();
    };
    // Ids and money are 64-bit, floats double: PostgreSQL's INTEGER and REAL are 32-bit.
    QCOMPARE(columnType(u"audit"_s, u"id"_s), u"bigint"_s);
    QCOMPARE(raw.scalar(u"SELECT is_identity FROM information_schema.columns WHERE table_name = 'audit' AND column_name = 'id'"_s)
                 .toString(),
             u"YES"_s);
    QCOMPARE(columnType(u"cost_marks"_s, u"counter_nano_usd"_s), u"bigint"_s);
    QCOMPARE(columnType(u"budget_alerts"_s, u"threshold"_s), u"double precision"_s);
    QCOMPARE(columnType(u"audit"_s, u"at"_s), u"text"_s);
    // Both append-only tables are guarded; the SQLite-only replace guard is not there.
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'audit'::regclass"_s).toInt(), 2);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'eval_blessings'::regclass"_s)
                 .toInt(),
             2);
    // Blessings refuse edits like the audit does (TRUNCATE: a row trigger would need a row).
    QVERIFY(!raw.exec(u"TRUNCATE eval_blessings"_s));
    QVERIFY2(raw.lastError().contains(u"blessings are append-only"_s), qPrintable(raw.lastError()));
}

void TestDatabase::postgresMigratesOneVersionForward()
{
    POSTGRES_ONLY();
    qint64 deploymentId = 0;
    {
        Database db;
        QVERIFY(!openStore(db).isError());
        deploymentId = seed(db);
        QVERIFY(deploymentId > 0);
    }
    {
        // Back to version 7: without what versions 8 and 9 added.
        SqlConnection raw(location());
        QVERIFY2(raw.exec(u"DROP TABLE review_calls, review_samples"_s), qPrintable(raw.lastError()));
        for (const QString &table : {u"item_states DROP COLUMN revision"_s, u"audit DROP COLUMN account"_s,
                                     u"audit DROP COLUMN db_role"_s, u"rollbacks DROP COLUMN account"_s,
                                     u"rollbacks DROP COLUMN db_role"_s, u"command_approvals DROP COLUMN account"_s,
                                     u"command_approvals DROP COLUMN db_role"_s, u"rollback_lock DROP COLUMN account"_s,
                                     u"rollback_lock DROP COLUMN renewed_at"_s, u"flag_flips DROP COLUMN account"_s,
                                     u"flag_flips DROP COLUMN db_role"_s})
            QVERIFY2(raw.exec(u"ALTER TABLE "_s + table), qPrintable(raw.lastError()));
        QVERIFY(raw.exec(u"UPDATE liftoff_schema SET version = 7"_s));
    }
    Database db;
    const StoreError error = openStore(db);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(schemaVersion(db), Database::SCHEMA_VERSION);
    SqlConnection raw(location());
    QVERIFY(raw.scalar(u"SELECT to_regclass('review_calls') IS NOT NULL"_s).toBool());
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM liftoff_schema"_s).toInt(), 1);
    ChecklistRepository repo(db);
    QList<AuditEvent> events;
    QVERIFY(!repo.audit(deploymentId, u"infra.health"_s, &events).isError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().note, u"looked at it"_s);
}

void TestDatabase::postgresFailedMigrationLeavesVersionAndData()
{
    POSTGRES_ONLY();
    {
        Database db;
        QVERIFY(!openStore(db).isError());
        QVERIFY(seed(db) > 0);
    }
    {
        // Version 7, with a stand-in review_samples that version 8's index cannot be built on.
        SqlConnection raw(location());
        QVERIFY(raw.exec(u"DROP TABLE review_calls, review_samples"_s));
        QVERIFY(raw.exec(u"CREATE TABLE review_samples (x TEXT)"_s));
        QVERIFY(raw.exec(u"UPDATE liftoff_schema SET version = 7"_s));
    }
    Database db;
    const StoreError error = openStore(db);
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.contains(u"version 8"_s), qPrintable(error.message));
    QVERIFY(!db.isOpen());
    // DDL is transactional: nothing of version 8 is left, the stand-in and the data stay.
    SqlConnection raw(location());
    QCOMPARE(raw.scalar(u"SELECT version FROM liftoff_schema"_s).toInt(), 7);
    QVERIFY(!raw.scalar(u"SELECT to_regclass('review_calls') IS NOT NULL"_s).toBool());
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM information_schema.columns WHERE table_name = 'review_samples'"_s).toInt(), 1);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toInt(), 2);
}

void TestDatabase::postgresRefusesForeignDatabaseUntouched()
{
    POSTGRES_ONLY();
    {
        SqlConnection raw(location());
        QVERIFY(raw.exec(u"CREATE TABLE bookmarks (url TEXT)"_s));
    }
    Database db;
    const StoreError error = openStore(db);
    QCOMPARE(error.kind, StoreError::Kind::Corrupt);
    QVERIFY2(error.message.contains(u"not a Liftoff database"_s), qPrintable(error.message));
    QVERIFY2(error.message.startsWith(m_url), qPrintable(error.message));
    QVERIFY(!db.isOpen());
    SqlConnection raw(location());
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"_s).toInt(), 1);
}

void TestDatabase::postgresRefusesNewerSchemaUntouched()
{
    POSTGRES_ONLY();
    {
        Database db;
        QVERIFY(!openStore(db).isError());
        QVERIFY(seed(db) > 0);
    }
    {
        SqlConnection raw(location());
        QVERIFY(raw.exec(u"UPDATE liftoff_schema SET version = 999"_s));
        QVERIFY(raw.exec(u"CREATE TABLE future (x TEXT)"_s));
    }
    Database db;
    const StoreError error = openStore(db);
    QCOMPARE(error.kind, StoreError::Kind::NewerSchema); // the CLI's exit 3, as for a SQLite file
    QVERIFY2(error.message.contains(u"999"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"update Liftoff"_s), qPrintable(error.message));
    QVERIFY(!db.isOpen());
    SqlConnection raw(location());
    QCOMPARE(raw.scalar(u"SELECT version FROM liftoff_schema"_s).toInt(), 999);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toInt(), 2);
}

void TestDatabase::postgresWriteWaitsForTheWriteLockThenFails()
{
    POSTGRES_ONLY();
    constexpr int busyTimeoutMs = 300;
    Database db;
    QVERIFY(!openStore(db, busyTimeoutMs).isError());
    const qint64 deploymentId = seed(db);
    QVERIFY(deploymentId > 0);
    const qint64 rowsBefore = auditRows();

    // Another console in the middle of a write transaction holds the store's write lock.
    SqlConnection holder(location());
    QVERIFY(holder.exec(u"BEGIN"_s));
    QVERIFY2(holder.exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(SqlDialect::WRITE_LOCK_KEY)), qPrintable(holder.lastError()));

    ChecklistRepository repo(db);
    QElapsedTimer timer;
    timer.start();
    StoreError error = repo.applyChange(tick(deploymentId, u"infra.tls"_s, Status::Pass, u"held"_s), nullptr);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(error.kind, StoreError::Kind::Locked);
    QVERIFY2(elapsed >= busyTimeoutMs / 2, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < busyTimeoutMs + 5000, qPrintable(QString::number(elapsed)));
    DeploymentRecord other;
    other.projectId = 1;
    other.name = u"prod-2"_s;
    QCOMPARE(repo.createDeployment(&other, u"alice"_s).kind, StoreError::Kind::Locked);

    QVERIFY(holder.exec(u"ROLLBACK"_s));
    QCOMPARE(auditRows(), rowsBefore);
    // The failed transaction was rolled back, so the connection works on.
    error = repo.applyChange(tick(deploymentId, u"infra.tls"_s, Status::Pass, u"free"_s), nullptr);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(auditRows(), rowsBefore + 1);
}

void TestDatabase::postgresUnreachableServerSaysSo()
{
    POSTGRES_ONLY();
    // A port where nothing listens: the test server's, once it is stopped, is not safe to reuse
    // while it runs, so use a fresh server's port after stopping that one.
    PostgresServer gone;
    QVERIFY2(gone.start(), qPrintable(gone.errorString()));
    const QString url = gone.url() + u"?connect_timeout=5"_s;
    gone.stop();
    Database db;
    const StoreError error = db.open(parsed(url));
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.startsWith(url), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"cannot connect"_s), qPrintable(error.message));
    QVERIFY(!db.isOpen());
}

void TestDatabase::postgresMissingPasswordReferenceSaysSo()
{
    POSTGRES_ONLY();
    qunsetenv("LIFTOFF_TEST_NO_SUCH_PASSWORD");
    Database db;
    const StoreError error = db.open(parsed(m_url + u"?password=env:LIFTOFF_TEST_NO_SUCH_PASSWORD"_s));
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.contains(u"LIFTOFF_TEST_NO_SUCH_PASSWORD"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"password"_s), qPrintable(error.message));
    QVERIFY(!db.isOpen());
    // With the variable set, the reference is resolved (the test server trusts 127.0.0.1, so any value opens).
    qputenv("LIFTOFF_TEST_NO_SUCH_PASSWORD", "not-checked-by-trust");
    const StoreError opened = db.open(parsed(m_url + u"?password=env:LIFTOFF_TEST_NO_SUCH_PASSWORD"_s));
    qunsetenv("LIFTOFF_TEST_NO_SUCH_PASSWORD");
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
