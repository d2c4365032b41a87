// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"
#include "store/StoreLocation.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * Schema v5: the prompt version each deployment shipped. With LIFTOFF_TEST_STORE_BACKEND=postgresql
 * (TestPromptVersionRepository_postgresql) on a throwaway PostgreSQL, a fresh database per test.
 */
class TestPromptVersionRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void recordsAndReplacesPerPrompt();
    void unknownDeploymentIsRefused();

private:
    /** A SQLite file in dir, or a fresh PostgreSQL database. */
    StoreLocation freshStore(const QTemporaryDir &dir);
    std::unique_ptr<PostgresServer> m_postgres;
};

void TestPromptVersionRepository::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

StoreLocation TestPromptVersionRepository::freshStore(const QTemporaryDir &dir)
{
    if (!m_postgres)
        return StoreLocation::sqlite(dir.filePath(u"db.sqlite"_s));
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(m_postgres->createFreshDatabase(), &error);
    if (!location)
        qFatal("no fresh PostgreSQL database: %s %s", qPrintable(error), qPrintable(m_postgres->errorString()));
    return *location;
}

void TestPromptVersionRepository::recordsAndReplacesPerPrompt()
{
    QTemporaryDir dir;
    Database database;
    QVERIFY(!database.open(freshStore(dir)).isError());
    ChecklistRepository checklist(database);
    qint64 projectId = 0;
    QVERIFY(!checklist.ensureProject(u"p"_s, u"/p/liftoff.yaml"_s, &projectId).isError());
    DeploymentRecord deployment {0, projectId, u"d1"_s, u"prod"_s, u"v1"_s, u"abc"_s, QDateTime::currentDateTimeUtc(), {}};
    QVERIFY(!checklist.createDeployment(&deployment, u"me"_s).isError());

    PromptVersionRepository prompts(database);
    const QDateTime at = QDateTime::fromSecsSinceEpoch(1790000000, Qt::UTC);
    QVERIFY(!prompts.record({deployment.id, u"prompts/b.md"_s, u"git"_s, u"abc"_s, u"v1"_s, at}).isError());
    QVERIFY(!prompts.record({deployment.id, u"prompts/a.md"_s, u"git"_s, u"abc"_s, {}, at}).isError());
    QVERIFY(!prompts.record({deployment.id, u"prompts/b.md"_s, u"git"_s, u"def"_s, u"v1"_s, at}).isError());
    QList<DeploymentPromptRecord> out;
    QVERIFY(!prompts.versions(deployment.id, &out).isError());
    QCOMPARE(out.size(), 2);
    QCOMPARE(out[0].prompt, u"prompts/a.md"_s);
    QCOMPARE(out[1].version, u"def"_s);
    QCOMPARE(out[1].recorded, at);
    QVERIFY(!prompts.versions(deployment.id + 100, &out).isError());
    QVERIFY(out.isEmpty());
}

void TestPromptVersionRepository::unknownDeploymentIsRefused()
{
    QTemporaryDir dir;
    Database database;
    QVERIFY(!database.open(freshStore(dir)).isError());
    PromptVersionRepository prompts(database);
    // foreign keys are on (always on PostgreSQL): a version for a deployment that does not exist is not stored.
    QVERIFY(prompts.record({4242, u"p"_s, u"git"_s, u"abc"_s, {}, {}}).isError());
}

QTEST_GUILESS_MAIN(TestPromptVersionRepository)
#include "TestPromptVersionRepository.moc"
