// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "evals/EvalRunRepository.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"
#include "store/StoreLocation.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * Eval runs, cases and blessings in a real SQLite file, read back after the file is reopened; with
 * LIFTOFF_TEST_STORE_BACKEND=postgresql (TestEvalRunRepository_postgresql) in a fresh database on a
 * throwaway PostgreSQL.
 */
class TestEvalRunRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void runsSurviveARestart();
    void blessingIsAuditedAndAppendOnly();
    void onlyCompleteRunsCanBeBlessed();
    void promptKeyIgnoresOrder();

private:
    EvalRunRecord storeRun(const QString &state, int cases, int passing);
    QString path() const { return m_dir->filePath(u"liftoff.sqlite"_s); }
    std::unique_ptr<PostgresServer> m_postgres;
    StoreLocation m_location;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    qint64 m_projectId = 0;
    DeploymentRecord m_deployment;
};

void TestEvalRunRepository::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestEvalRunRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_location = StoreLocation::sqlite(path());
    if (m_postgres) {
        const QString url = m_postgres->createFreshDatabase();
        QVERIFY2(!url.isEmpty(), qPrintable(m_postgres->errorString()));
        QString error;
        const std::optional<StoreLocation> location = StoreLocation::parse(url, &error);
        QVERIFY2(location, qPrintable(error));
        m_location = *location;
    }
    m_database = std::make_unique<Database>();
    const StoreError opened = m_database->open(m_location);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    ChecklistRepository repo(*m_database);
    QVERIFY(!repo.ensureProject(u"shop-bot"_s, u"/shop/liftoff.yaml"_s, &m_projectId).isError());
    m_deployment = DeploymentRecord {0, m_projectId, u"prod-1"_s, u"production"_s, u"v1"_s, u"c0ffee"_s,
                                     QDateTime::currentDateTimeUtc(), {}};
    QVERIFY(!repo.createDeployment(&m_deployment, u"ci"_s).isError());
    PromptVersionRepository prompts(*m_database);
    QVERIFY(!prompts.record({m_deployment.id, u"prompts/answer.md"_s, u"git"_s, u"aaaa"_s, {}, {}}).isError());
    QVERIFY(!prompts.record({m_deployment.id, u"prompts/rules.md"_s, u"git"_s, u"bbbb"_s, {}, {}}).isError());
}

void TestEvalRunRepository::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

EvalRunRecord TestEvalRunRepository::storeRun(const QString &state, int cases, int passing)
{
    EvalRunRepository runs(*m_database);
    EvalRunRecord run;
    run.deploymentId = m_deployment.id;
    run.environment = u"production"_s;
    run.dataset = u"evals/cases.yaml"_s;
    run.target = u"https://api.example.test/v1/chat"_s;
    run.who = u"ana"_s;
    run.casesTotal = cases;
    PromptVersionRepository(*m_database).versions(m_deployment.id, &run.prompts);
    if (runs.beginRun(&run).isError())
        return {};
    for (int i = 0; i < (state == u"complete" ? cases : cases - 1); ++i) {
        EvalCaseResult r;
        r.caseId = u"case-%1"_s.arg(i);
        r.position = i;
        r.passed = i < passing;
        r.httpStatus = 200;
        r.latencyMs = 100 + i;
        r.output = u"answer %1"_s.arg(i);
        r.tokens = 12;
        r.assertions = {{u"contains"_s, u"answer"_s, true, {}}, {u"json_schema"_s, u"{}"_s, r.passed, r.passed ? QString() : u"(root): expected object, got string"_s}};
        if (runs.recordCase(run.id, r).isError())
            return {};
        ++run.casesRun;
        run.casesPassed += r.passed ? 1 : 0;
    }
    run.state = state;
    run.stopMessage = state == u"complete" ? QString() : u"cancelled after 2 of 3 cases"_s;
    if (runs.finishRun(run).isError())
        return {};
    return run;
}

void TestEvalRunRepository::runsSurviveARestart()
{
    const EvalRunRecord stored = storeRun(u"complete"_s, 3, 2);
    QVERIFY(stored.id > 0);
    m_database.reset();
    Database reopened;
    QVERIFY(!reopened.open(m_location).isError());
    EvalRunRepository runs(reopened);
    EvalRunRecord run;
    bool found = false;
    QVERIFY(!runs.run(stored.id, &run, &found).isError());
    QVERIFY(found);
    QCOMPARE(run.state, u"complete"_s);
    QCOMPARE(run.casesTotal, 3);
    QCOMPARE(run.casesRun, 3);
    QCOMPARE(run.casesPassed, 2);
    QVERIFY(run.isComplete());
    QCOMPARE(run.prompts.size(), 2);
    QCOMPARE(run.promptKey, u"prompts/answer.md=aaaa\nprompts/rules.md=bbbb"_s);
    QVERIFY(run.finishedAt.isValid());
    QList<EvalCaseResult> cases;
    QVERIFY(!runs.caseResults(stored.id, &cases).isError());
    QCOMPARE(cases.size(), 3);
    QCOMPARE(cases[2].caseId, u"case-2"_s);
    QVERIFY(!cases[2].passed);
    QCOMPARE(cases[2].latencyMs, qint64(102));
    QCOMPARE(cases[2].tokens, std::optional<qint64>(12));
    QVERIFY(!cases[2].costUsd);
    QCOMPARE(cases[2].assertions.size(), 2);
    QCOMPARE(cases[2].assertions[1].detail, u"(root): expected object, got string"_s);
    QVERIFY(cases[2].hasSchema());
    QList<EvalRunRecord> list;
    QVERIFY(!runs.runs(m_deployment.id, &list).isError());
    QCOMPARE(list.size(), 1);
}

void TestEvalRunRepository::blessingIsAuditedAndAppendOnly()
{
    const EvalRunRecord run = storeRun(u"complete"_s, 3, 3);
    EvalRunRepository runs(*m_database);
    EvalBlessing blessing;
    QVERIFY(!runs.bless(run.id, m_projectId, u"ana"_s, u"new refund prompt reviewed"_s, &blessing).isError());
    QCOMPARE(blessing.deploymentId, m_deployment.id);
    EvalBlessing found;
    bool any = false;
    QVERIFY(!runs.blessingFor(m_projectId, run.promptKey, &found, &any).isError());
    QVERIFY(any);
    QCOMPARE(found.runId, run.id);
    QCOMPARE(found.who, u"ana"_s);
    QCOMPARE(found.note, u"new refund prompt reviewed"_s);
    QVERIFY(!runs.blessingFor(m_projectId, u"prompts/answer.md=other"_s, &found, &any).isError());
    QVERIFY(!any);
    QList<AuditEvent> audit;
    QVERIFY(!ChecklistRepository(*m_database).audit(m_deployment.id, u"qa.baseline-recorded"_s, &audit).isError());
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit[0].kind, u"bless"_s);
    QCOMPARE(audit[0].who, u"ana"_s);
    QVERIFY2(audit[0].note.contains(u"eval run %1 (3 of 3 cases pass)"_s.arg(run.id)), qPrintable(audit[0].note));
    QSqlQuery q(m_database->connection());
    QVERIFY(!q.exec(u"UPDATE eval_blessings SET who = 'mallory'"_s));
    QVERIFY(!q.exec(u"DELETE FROM eval_blessings"_s));
    // A blessing of another project's run is refused.
    QVERIFY(runs.bless(run.id, m_projectId + 1, u"ana"_s, u"x"_s, &blessing).kind == StoreError::Kind::NotFound);
}

void TestEvalRunRepository::onlyCompleteRunsCanBeBlessed()
{
    const EvalRunRecord run = storeRun(u"cancelled"_s, 3, 2);
    EvalRunRepository runs(*m_database);
    EvalBlessing blessing;
    const StoreError e = runs.bless(run.id, m_projectId, u"ana"_s, u"why not"_s, &blessing);
    QCOMPARE(e.kind, StoreError::Kind::Conflict);
    QVERIFY2(e.message.contains(u"only a complete run can be the baseline"_s), qPrintable(e.message));
    bool any = true;
    QVERIFY(!runs.latestBlessing(m_projectId, &blessing, &any).isError());
    QVERIFY(!any);
    QVERIFY(runs.bless(9999, m_projectId, u"ana"_s, u"x"_s, &blessing).kind == StoreError::Kind::NotFound);
}

void TestEvalRunRepository::promptKeyIgnoresOrder()
{
    const DeploymentPromptRecord a {1, u"b.md"_s, u"git"_s, u"2"_s, {}, {}};
    const DeploymentPromptRecord b {1, u"a.md"_s, u"git"_s, u"1"_s, {}, {}};
    QCOMPARE(EvalRunRepository::promptKey({a, b}, 1), EvalRunRepository::promptKey({b, a}, 1));
    QCOMPARE(EvalRunRepository::promptKey({}, 7), u"deployment:7"_s);
}

QTEST_GUILESS_MAIN(TestEvalRunRepository)
#include "TestEvalRunRepository.moc"
