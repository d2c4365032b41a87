// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "SqlConnection.h"
#include "store/ChecklistRepository.h"
#include "store/CostRepository.h"
#include "store/Database.h"
#include "store/StoreLocation.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * Schema v3 (cost_projections, budget_alerts): the migration from v2 and the repository's rules.
 * With LIFTOFF_TEST_STORE_BACKEND=postgresql (TestCostRepository_postgresql) the repository's rules
 * run on a throwaway PostgreSQL, a fresh database per test; the SQLite file migrations skip there.
 */
class TestCostRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void migratesVersion2ForwardKeepingData();
    void failedVersion3StepLeavesVersion2();
    void keepsTheFirstProjectionOfADeployment();
    void claimsEachThresholdOncePerMonth();
    void unknownDeploymentIsNotFound();

private:
    qint64 seed(Database &db);
    QString path() const { return m_dir->filePath(u"liftoff.sqlite"_s); }
    std::unique_ptr<PostgresServer> m_postgres;
    StoreLocation m_location;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCostRepository::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestCostRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_location = StoreLocation::sqlite(path());
    if (m_postgres) {
        QString error;
        const std::optional<StoreLocation> location = StoreLocation::parse(m_postgres->createFreshDatabase(), &error);
        QVERIFY2(location, qPrintable(error + m_postgres->errorString()));
        m_location = *location;
    }
}

qint64 TestCostRepository::seed(Database &db)
{
    ChecklistRepository repository(db);
    qint64 projectId = 0;
    if (repository.ensureProject(u"p"_s, u"liftoff.yaml"_s, &projectId).isError())
        return 0;
    DeploymentRecord d;
    d.projectId = projectId;
    d.name = u"d1"_s;
    d.environment = u"production"_s;
    d.version = u"v1"_s;
    d.created = QDateTime::currentDateTimeUtc();
    if (repository.createDeployment(&d, u"test"_s).isError())
        return 0;
    return d.id;
}

void TestCostRepository::migratesVersion2ForwardKeepingData()
{
    if (m_postgres)
        QSKIP("a SQLite file migration; TestDatabase_postgresql covers PostgreSQL's migrations");
    qint64 deploymentId = 0;
    {
        Database db;
        QVERIFY(!db.open(path()).isError());
        deploymentId = seed(db);
        QVERIFY(deploymentId > 0);
    }
    {
        // A version-2 file: today's schema without the version 3 tables (nor what version 4 added).
        SqlConnection raw(path());
        QVERIFY(raw.exec(u"DROP TABLE cost_projections"_s));
        QVERIFY(raw.exec(u"DROP TABLE budget_alerts"_s));
        for (const QString &table : {u"rollbacks"_s, u"command_approvals"_s, u"flag_flips"_s, u"rollback_lock"_s})
            QVERIFY(raw.exec(u"DROP TABLE "_s + table));
        QVERIFY(raw.exec(u"ALTER TABLE deployments DROP COLUMN rolled_back"_s));
        // ... and without the columns version 9 added to the tables kept (row versions, accounts, roles).
        for (const QString &column : {u"item_states DROP COLUMN revision"_s, u"audit DROP COLUMN account"_s,
                                      u"audit DROP COLUMN db_role"_s})
            QVERIFY2(raw.exec(u"ALTER TABLE "_s + column), qPrintable(raw.lastError()));
        QVERIFY(raw.exec(u"PRAGMA user_version = 2"_s));
    }
    Database db;
    const StoreError error = db.open(path());
    QVERIFY2(!error.isError(), qPrintable(error.message));
    CostRepository repository(db);
    CostRepository::Projection stored;
    QVERIFY(!repository.recordProjectionOnce({deploymentId, QDateTime::currentDateTimeUtc(), 5, 1, u"openai"_s},
                                             &stored).isError());
    DeploymentRecord deployment;
    QVERIFY(!ChecklistRepository(db).deployment(deploymentId, &deployment).isError());
    QCOMPARE(deployment.name, u"d1"_s);
    db.close();
    SqlConnection raw(path());
    QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), Database::SCHEMA_VERSION);
}

void TestCostRepository::failedVersion3StepLeavesVersion2()
{
    if (m_postgres)
        QSKIP("a SQLite file migration; TestDatabase_postgresql covers PostgreSQL's migrations");
    {
        Database db;
        QVERIFY(!db.open(path()).isError());
        QVERIFY(seed(db) > 0);
    }
    {
        // The name of a v3 table is taken by something else: the step fails and rolls back whole.
        SqlConnection raw(path());
        QVERIFY(raw.exec(u"DROP TABLE cost_projections"_s));
        QVERIFY(raw.exec(u"DROP TABLE budget_alerts"_s));
        QVERIFY(raw.exec(u"CREATE TABLE budget_alerts (x)"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = 2"_s));
    }
    Database db;
    const StoreError error = db.open(path());
    QCOMPARE(error.kind, StoreError::Kind::Io);
    QVERIFY2(error.message.contains(u"version 3"_s), qPrintable(error.message));
    SqlConnection raw(path());
    QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), 2);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM sqlite_master WHERE name = 'cost_projections'"_s).toInt(), 0);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM deployments"_s).toInt(), 1);
}

void TestCostRepository::keepsTheFirstProjectionOfADeployment()
{
    Database db;
    QVERIFY(!db.open(m_location).isError());
    const qint64 deploymentId = seed(db);
    CostRepository repository(db);
    std::optional<CostRepository::Projection> none;
    QVERIFY(!repository.projection(deploymentId, &none).isError());
    QVERIFY(!none);
    const QDateTime release = QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
    CostRepository::Projection stored;
    QVERIFY(!repository.recordProjectionOnce({deploymentId, release, 300000000000, 20000000000, u"litellm"_s},
                                             &stored).isError());
    QCOMPARE(stored.madeAt, release);
    QVERIFY(!repository.recordProjectionOnce({deploymentId, release.addDays(3), 1, 1, u"litellm"_s}, &stored)
                 .isError());
    QCOMPARE(stored.madeAt, release);
    QCOMPARE(stored.projectedNanoUsd, 300000000000LL);
    QCOMPARE(stored.monthToDateNanoUsd, 20000000000LL);
}

void TestCostRepository::claimsEachThresholdOncePerMonth()
{
    Database db;
    QVERIFY(!db.open(m_location).isError());
    const qint64 deploymentId = seed(db);
    CostRepository repository(db);
    qint64 projectId = 0;
    QVERIFY(!repository.projectOf(deploymentId, &projectId).isError());
    CostRepository::FiredAlert alert {projectId, u"2026-11"_s, 50, QDateTime::currentDateTimeUtc(), 1, 2, {}};
    bool claimed = false;
    QVERIFY(!repository.claimAlert(alert, &claimed).isError());
    QVERIFY(claimed);
    QVERIFY(!repository.claimAlert(alert, &claimed).isError());
    QVERIFY(!claimed);
    alert.month = u"2026-12"_s;
    QVERIFY(!repository.claimAlert(alert, &claimed).isError());
    QVERIFY(claimed);
    QVERIFY(!repository.setAlertDelivery(projectId, u"2026-11"_s, 50, u"ops: delivered"_s).isError());
    QList<CostRepository::FiredAlert> fired;
    QVERIFY(!repository.firedAlerts(projectId, u"2026-11"_s, &fired).isError());
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.first().delivery, u"ops: delivered"_s);
}

void TestCostRepository::unknownDeploymentIsNotFound()
{
    Database db;
    QVERIFY(!db.open(m_location).isError());
    CostRepository repository(db);
    CostRepository::Projection stored;
    QCOMPARE(repository.recordProjectionOnce({4242, QDateTime::currentDateTimeUtc(), 1, 1, {}}, &stored).kind,
             StoreError::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestCostRepository)
#include "TestCostRepository.moc"
