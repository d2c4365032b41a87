// SPDX-License-Identifier: GPL-3.0-or-later
#include "CostFixtureServer.h"
#include "config/ProjectConfig.h"
#include "demo/DemoService.h"
#include "actions/ReleaseCostProjection.h"
#include "probes/CostProbe.h"
#include "probes/ProbeEngine.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"
#include "sources/UsdAmount.h"
#include "store/ChecklistRepository.h"
#include "store/CostRepository.h"
#include "store/Database.h"
#include "PostgresServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const char *const ADMIN_VARIABLE = "LIFTOFF_TEST_DEMO_ADMIN";
const char *const HOOK_VARIABLE = "LIFTOFF_TEST_COST_HOOK";
} // namespace

/**
 * The cost probe through the engine and the standard factory against the demo service (LiteLLM
 * /spend/logs and /key/info with a month of history): spend limit, cost in range, the release-time
 * projection kept in a real store file, and the budget alert ladder running after each reading.
 */
class TestCostProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void spendLimitPassesWithLiteLlmMaxBudget();
    void costInRangeUsesYesterdaysSpend();
    void costInRangeFailsOutsideTheExpectedRange();
    void beforeReleaseNoProjectionIsRecorded();
    void releaseRecordsTheProjectionAtTheReleaseTime();
    void releasedWithoutProjectionTheFirstCheckRecordsIt();
    void releaseWithUnreachableSourceSaysWhatHappensNext();
    void openRouterReadingsOnConsecutiveDaysMakeYesterdayKnown();
    void weekOneComparesTheWeekAfterReleaseWithTheProjection();
    void everyRunDrivesTheBudgetAlertLadderOnce();
    void wrongAdminKeyIsAnErrorWithoutTheKey();
    void withoutCostSourceTheItemIsNotReported();

private:
    ProjectConfig project(double monthly, double low, double high) const;
    ProbeResult run(const ProjectConfig &project, const QString &itemId, qint64 deploymentId = 0);
    qint64 newDeployment(const QString &name);
    QDateTime release(qint64 deploymentId);
    std::optional<CostRepository::Projection> storedProjection(qint64 deploymentId);
    ReleaseCostProjection::Outcome projectAtRelease(const ProjectConfig &project, qint64 deploymentId,
                                                    const QDateTime &releasedAt);
    qint64 yesterdayNanoUsd() const;

    QTemporaryDir m_dir;
    std::unique_ptr<PostgresServer> m_postgres;
    QString m_storePath;
    std::unique_ptr<DemoService> m_demo;
    CostFixtureServer m_hooks;
    QNetworkAccessManager m_nam;
};

void TestCostProbe::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_demo = std::make_unique<DemoService>(DemoServiceOptions());
    QVERIFY2(m_demo->start(0), qPrintable(m_demo->errorString()));
    qputenv(ADMIN_VARIABLE, m_demo->options().adminToken.toUtf8());
    QVERIFY(m_hooks.start());
    m_hooks.route(u"/hook"_s, [](const CostFixtureServer::Request &) { return CostFixtureServer::json("ok"); });
    qputenv(HOOK_VARIABLE, (m_hooks.url().toString() + u"/hook"_s).toUtf8());
    m_storePath = m_dir.filePath(u"liftoff.sqlite"_s);
    // The same probes, projections and alert ladder on a team's PostgreSQL store (issue 13).
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
        m_storePath = m_postgres->createFreshDatabase();
        QVERIFY2(!m_storePath.isEmpty(), qPrintable(m_postgres->errorString()));
    }
}

ProjectConfig TestCostProbe::project(double monthly, double low, double high) const
{
    ProjectConfig p;
    p.name = u"demo-costs"_s;
    CostSourceConfig cost;
    cost.kind = CostSourceConfig::Kind::LiteLLM;
    cost.baseUrl = m_demo->baseUrl().toString();
    cost.key = SecretRef {SecretRef::Store::Env, QString::fromLatin1(ADMIN_VARIABLE)};
    p.sources.cost = cost;
    BudgetConfig budget;
    budget.monthlyUsd = monthly;
    budget.expectedDailyLowUsd = low;
    budget.expectedDailyHighUsd = high;
    budget.notify = {u"release-room"_s};
    p.budget = budget;
    NotifyChannelConfig channel;
    channel.name = u"release-room"_s;
    channel.kind = NotifyChannelConfig::Kind::Webhook;
    channel.url = SecretRef {SecretRef::Store::Env, QString::fromLatin1(HOOK_VARIABLE)};
    p.notifyChannels = {channel};
    return p;
}

qint64 TestCostProbe::newDeployment(const QString &name)
{
    Database database;
    if (database.open(m_storePath).isError())
        return 0;
    ChecklistRepository repository(database);
    qint64 projectId = 0;
    if (repository.ensureProject(u"demo-costs"_s, u"liftoff.yaml"_s, &projectId).isError())
        return 0;
    DeploymentRecord deployment;
    deployment.projectId = projectId;
    deployment.name = name;
    deployment.environment = u"demo"_s;
    deployment.version = name;
    deployment.created = QDateTime::currentDateTimeUtc();
    if (repository.createDeployment(&deployment, u"test"_s).isError())
        return 0;
    return deployment.id;
}

ProbeResult TestCostProbe::run(const ProjectConfig &project, const QString &itemId, qint64 deploymentId)
{
    ProbeContext context = ProbePlanner::contextFor(project, {}, u"v1"_s);
    if (deploymentId > 0) {
        context.storePath = m_storePath;
        context.deploymentId = deploymentId;
    }
    StandardProbeFactory factory(&m_nam, context);
    if (!factory.runnableKinds().contains(u"cost"_s))
        return ProbeResult::error(itemId, u"test: the cost kind is not registered"_s);
    std::optional<ProbeRequest> request;
    for (const ChecklistItem &item : project.effectiveTemplate().items()) {
        QString reason;
        if (item.id == itemId)
            request = ProbePlanner::requestFor(project, item, &reason);
    }
    if (!request || request->spec.kind != u"cost")
        return ProbeResult::error(itemId, u"test: no cost request planned"_s);
    ProbeEngine engine(&factory);
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({*request});
    if (spy.isEmpty() && !spy.wait(20000))
        return ProbeResult::error(itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

qint64 TestCostProbe::yesterdayNanoUsd() const
{
    // The same sum, in the same order, as the demo's /spend/logs summary of that day.
    const QDate yesterday = QDateTime::currentDateTimeUtc().date().addDays(-1);
    double spend = 0;
    for (const DemoCallRecord &r : m_demo->history().records()) {
        if (r.start.date() == yesterday)
            spend += r.spendUsd();
    }
    return UsdAmount::fromDouble(spend).value_or(-1);
}

void TestCostProbe::spendLimitPassesWithLiteLlmMaxBudget()
{
    const ProbeResult r = run(project(400, 3, 25), u"cost.spend-limit"_s);
    QCOMPARE(r.status, Status::Pass);
    QVERIFY2(r.summary.contains(u"hard limit $400.00 (LiteLLM key max_budget"_s), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"hardLimitUsd"_s).toString(), u"400"_s);
    QCOMPARE(r.evidence.value(u"source"_s).toString(), u"litellm"_s);
    QCOMPARE(r.conditions.first().toObject().value(u"expr"_s).toString(), u"[HARD_LIMIT_USD] > 0"_s);
}

void TestCostProbe::costInRangeUsesYesterdaysSpend()
{
    const ProbeResult r = run(project(1e9, 0, 1e6), u"h24.cost-in-range"_s);
    QCOMPARE(r.status, Status::Pass);
    const QJsonObject window = r.evidence.value(u"window"_s).toObject();
    const QString yesterday = QDateTime::currentDateTimeUtc().date().addDays(-1).toString(Qt::ISODate);
    QCOMPARE(window.value(u"from"_s).toString(), yesterday);
    QCOMPARE(window.value(u"to"_s).toString(), yesterday);
    QVERIFY(yesterdayNanoUsd() > 0);
    QCOMPARE(window.value(u"usd"_s).toString(), UsdAmount::toString(yesterdayNanoUsd()));
    QCOMPARE(r.conditions.size(), 3);
    QVERIFY2(r.summary.contains(u"spent this month (litellm), projected"_s), qPrintable(r.summary));
}

void TestCostProbe::costInRangeFailsOutsideTheExpectedRange()
{
    const ProbeResult r = run(project(0.01, 0, 0.001), u"h24.cost-in-range"_s);
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"[SPEND_WINDOW_USD] <= 0.001"_s), qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"[PROJECTED_MONTH_USD] <= 0.01"_s), qPrintable(r.summary));
}

QDateTime TestCostProbe::release(qint64 deploymentId)
{
    Database database;
    if (database.open(m_storePath).isError())
        return {};
    ChecklistRepository repository(database);
    const QDateTime at = QDateTime::currentDateTimeUtc();
    if (repository.releaseDeployment(deploymentId, at, u"test"_s).isError())
        return {};
    return at;
}

std::optional<CostRepository::Projection> TestCostProbe::storedProjection(qint64 deploymentId)
{
    Database database;
    std::optional<CostRepository::Projection> stored;
    if (database.open(m_storePath).isError())
        return stored;
    CostRepository repository(database);
    if (repository.projection(deploymentId, &stored).isError())
        stored.reset();
    return stored;
}

ReleaseCostProjection::Outcome TestCostProbe::projectAtRelease(const ProjectConfig &project, qint64 deploymentId,
                                                               const QDateTime &releasedAt)
{
    ReleaseCostProjection projection(&m_nam);
    QSignalSpy spy(&projection, &ReleaseCostProjection::finished);
    projection.run(project, m_storePath, deploymentId, releasedAt);
    if (spy.isEmpty() && !spy.wait(20000))
        return {false, false, u"test: no outcome"_s};
    return spy.first().first().value<ReleaseCostProjection::Outcome>();
}

void TestCostProbe::beforeReleaseNoProjectionIsRecorded()
{
    const qint64 deployment = newDeployment(u"not-released"_s);
    QVERIFY(deployment > 0);
    ProbeResult r = run(project(1e9, 0, 1e6), u"h24.cost-in-range"_s, deployment);
    QCOMPARE(r.status, Status::Pass);
    QVERIFY(!storedProjection(deployment));
    r = run(project(1e9, 0, 1e6), u"w1.cost-projection"_s, deployment);
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"no projection was recorded at release time"_s), qPrintable(r.summary));
}

void TestCostProbe::releaseRecordsTheProjectionAtTheReleaseTime()
{
    const qint64 deployment = newDeployment(u"released-now"_s);
    QVERIFY(deployment > 0);
    const QDateTime releasedAt = release(deployment);
    QVERIFY(releasedAt.isValid());
    const ReleaseCostProjection::Outcome outcome = projectAtRelease(project(1e9, 0, 1e6), deployment, releasedAt);
    QVERIFY2(outcome.recorded, qPrintable(outcome.message));
    QVERIFY2(outcome.message.startsWith(u"month-end projection at release: $"_s), qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"(litellm, $"_s), qPrintable(outcome.message));
    const std::optional<CostRepository::Projection> stored = storedProjection(deployment);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->madeAt, releasedAt);
    QVERIFY(stored->projectedNanoUsd > 0);
    QCOMPARE(stored->source, u"litellm"_s);

    // A later check keeps it, and week one waits for the week after the release.
    ProbeResult r = run(project(1e9, 0, 1e6), u"h24.cost-in-range"_s, deployment);
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(storedProjection(deployment)->madeAt, releasedAt);
    r = run(project(1e9, 0, 1e6), u"w1.cost-projection"_s, deployment);
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"the week after release ends on"_s), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"week"_s).toObject().value(u"projectedAt"_s).toString(),
             releasedAt.toString(Qt::ISODate));

    // Releasing again (another window) keeps the first projection.
    const ReleaseCostProjection::Outcome again = projectAtRelease(project(1e9, 0, 1e6), deployment,
                                                                  releasedAt.addSecs(60));
    QVERIFY(again.recorded);
    QVERIFY2(again.message.startsWith(u"kept the month-end projection made on"_s), qPrintable(again.message));
}

void TestCostProbe::releasedWithoutProjectionTheFirstCheckRecordsIt()
{
    const qint64 deployment = newDeployment(u"released-offline"_s);
    QVERIFY(deployment > 0);
    QVERIFY(release(deployment).isValid());
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const ProbeResult r = run(project(1e9, 0, 1e6), u"cost.spend-limit"_s, deployment);
    QCOMPARE(r.status, Status::Pass);
    const std::optional<CostRepository::Projection> stored = storedProjection(deployment);
    QVERIFY(stored.has_value());
    QVERIFY(stored->madeAt >= before);
    QCOMPARE(UsdAmount::toString(stored->projectedNanoUsd), r.evidence.value(u"projectedMonthUsd"_s).toString());
    const QString notes = r.evidence.value(u"notes"_s).toArray().first().toString();
    QVERIFY2(notes.contains(u"was not made at release"_s) && notes.contains(u"first cost check after release"_s),
             qPrintable(notes));
}

void TestCostProbe::releaseWithUnreachableSourceSaysWhatHappensNext()
{
    const qint64 deployment = newDeployment(u"released-unreachable"_s);
    QVERIFY(deployment > 0);
    const QDateTime releasedAt = release(deployment);
    ProjectConfig p = project(1e9, 0, 1e6);
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    p.sources.cost->baseUrl = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
    closed.close();
    const ReleaseCostProjection::Outcome outcome = projectAtRelease(p, deployment, releasedAt);
    QVERIFY(!outcome.recorded);
    QVERIFY2(outcome.message.contains(u"LiteLLM"_s), qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"the first cost check after release records it instead"_s),
             qPrintable(outcome.message));
    QVERIFY(!storedProjection(deployment));
    // Without a cost source there is nothing to do, and it says so.
    p.sources.cost.reset();
    const ReleaseCostProjection::Outcome skipped = projectAtRelease(p, deployment, releasedAt);
    QVERIFY(skipped.skipped);
    QVERIFY2(skipped.message.contains(u"sources.cost"_s), qPrintable(skipped.message));
}

void TestCostProbe::openRouterReadingsOnConsecutiveDaysMakeYesterdayKnown()
{
    // The key's counter: $100 at the start of Monday the 16th, $118 at the start of Wednesday the
    // 18th and $130 at the start of Thursday the 19th; $20 before November.
    CostFixtureServer server;
    QVERIFY(server.start());
    double usage = 0;
    double daily = 0;
    server.route(u"/api/v1/key"_s, [&](const CostFixtureServer::Request &) {
        const QByteArray body = QStringLiteral(R"({"data": {"label": "sk-or-v1-abc...123", "usage": %1,
            "usage_daily": %2, "usage_weekly": %3, "usage_monthly": %4, "limit": 500, "limit_remaining": 300,
            "limit_reset": "monthly"}})").arg(usage).arg(daily).arg(usage - 100).arg(usage - 20).toUtf8();
        return CostFixtureServer::json(body);
    });
    qputenv("LIFTOFF_TEST_OPENROUTER_KEY", "sk-or-v1-test-key-never-shown-9876");
    ProjectConfig p = project(10000, 3, 25);
    p.sources.cost->kind = CostSourceConfig::Kind::OpenRouter;
    p.sources.cost->baseUrl = server.url().toString();
    p.sources.cost->key = SecretRef {SecretRef::Store::Env, u"LIFTOFF_TEST_OPENROUTER_KEY"_s};
    const qint64 deployment = newDeployment(u"openrouter"_s);
    QVERIFY(deployment > 0);
    const auto readAt = [&](const QString &when, double counter, double today) {
        usage = counter;
        daily = today;
        ProbeContext context = ProbePlanner::contextFor(p, {}, u"v1"_s);
        context.storePath = m_storePath;
        context.deploymentId = deployment;
        ProbeRequest request;
        request.itemId = u"h24.cost-in-range"_s;
        request.spec.kind = u"cost"_s;
        CostProbe probe(&m_nam, context, request);
        probe.setNow(QDateTime::fromString(when, Qt::ISODate));
        QSignalSpy spy(&probe, &Probe::finished);
        probe.start();
        if (!spy.wait(20000))
            return ProbeResult::error(request.itemId, u"test: no result"_s);
        return spy.first().first().value<ProbeResult>();
    };
    // Thursday alone: the 16th to the 18th are known only as a whole.
    ProbeResult r = readAt(u"2026-11-19T09:00:00Z"_s, 132, 2);
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"the spend of 2026-11-18 to 2026-11-18 is known once"_s), qPrintable(r.summary));
    // A reading made on Wednesday marks the start of the 18th ...
    r = readAt(u"2026-11-18T09:00:00Z"_s, 121, 3);
    QCOMPARE(r.status, Status::NotReported);
    // ... so on Thursday the 18th is exactly $12.
    r = readAt(u"2026-11-19T09:00:00Z"_s, 132, 2);
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(r.evidence.value(u"window"_s).toObject().value(u"usd"_s).toString(), u"12"_s);
    QVERIFY(!QJsonDocument(r.evidence).toJson().contains("9876"));
}

void TestCostProbe::weekOneComparesTheWeekAfterReleaseWithTheProjection()
{
    const qint64 deployment = newDeployment(u"ten-days-ago"_s);
    QVERIFY(deployment > 0);
    const QDateTime madeAt = QDateTime::currentDateTimeUtc().addDays(-10);
    // The projection a release ten days ago would have made if spend kept its average since then.
    double week = 0;
    for (const DemoCallRecord &r : m_demo->history().records()) {
        if (r.start.date() > madeAt.date() && r.start.date() <= madeAt.date().addDays(7))
            week += r.spendUsd();
    }
    const qint64 projected = UsdAmount::fromDouble(week / 7 * madeAt.date().daysInMonth()).value_or(0);
    {
        Database database;
        QVERIFY(!database.open(m_storePath).isError());
        CostRepository repository(database);
        CostRepository::Projection stored;
        QVERIFY(!repository.recordProjectionOnce({deployment, madeAt, projected, 0, u"litellm"_s}, &stored).isError());
    }
    const ProbeResult r = run(project(1e9, 0, 1e6), u"w1.cost-projection"_s, deployment);
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(r.conditions.first().toObject().value(u"expr"_s).toString(), u"[WEEK_DEVIATION] <= 0.2"_s);
    const QJsonObject weekEvidence = r.evidence.value(u"week"_s).toObject();
    QCOMPARE(weekEvidence.value(u"from"_s).toString(), madeAt.date().addDays(1).toString(Qt::ISODate));
    QCOMPARE(weekEvidence.value(u"to"_s).toString(), madeAt.date().addDays(7).toString(Qt::ISODate));
    QVERIFY2(r.summary.contains(u"the week after release cost"_s), qPrintable(r.summary));
}

void TestCostProbe::everyRunDrivesTheBudgetAlertLadderOnce()
{
    const qint64 deployment = newDeployment(u"alerts"_s);
    QVERIFY(deployment > 0);
    const qsizetype before = m_hooks.requests().size();
    // A budget of one cent: the month's spend is past every threshold.
    ProbeResult r = run(project(0.01, 0, 1e6), u"cost.spend-limit"_s, deployment);
    QCOMPARE(r.status, Status::Pass);
    const QString notes = r.evidence.value(u"notes"_s).toArray().last().toString();
    QVERIFY2(notes.contains(u"fired 50 %, 75 %, 90 %"_s), qPrintable(notes));
    QVERIFY2(notes.contains(u"release-room: delivered (HTTP 200)"_s), qPrintable(notes));
    QCOMPARE(m_hooks.requests().size(), before + 1);
    const QString message = QString::fromUtf8(m_hooks.requests().last().body);
    QVERIFY2(message.contains(u"90 %"_s) && message.contains(u"$0.01"_s), qPrintable(message));

    r = run(project(0.01, 0, 1e6), u"h24.cost-in-range"_s, deployment);
    const QString again = r.evidence.value(u"notes"_s).toArray().last().toString();
    QVERIFY2(again.contains(u"none due; already fired this month: 50 %, 75 %, 90 %"_s), qPrintable(again));
    QCOMPARE(m_hooks.requests().size(), before + 1);
}

void TestCostProbe::wrongAdminKeyIsAnErrorWithoutTheKey()
{
    const QByteArray wrong = "sk-wrong-key-that-must-not-leak-77";
    qputenv("LIFTOFF_TEST_WRONG_ADMIN", wrong);
    ProjectConfig p = project(400, 3, 25);
    p.sources.cost->key.name = u"LIFTOFF_TEST_WRONG_ADMIN"_s;
    const ProbeResult r = run(p, u"cost.spend-limit"_s);
    QCOMPARE(r.status, Status::Error);
    QVERIFY2(r.summary.contains(u"LiteLLM: HTTP 401 from /spend/logs"_s), qPrintable(r.summary));
    QVERIFY(!r.summary.contains(QString::fromLatin1(wrong)));
}

void TestCostProbe::withoutCostSourceTheItemIsNotReported()
{
    ProjectConfig p = project(400, 3, 25);
    p.sources.cost.reset();
    // The planner says which check is missing ...
    for (const ChecklistItem &item : p.effectiveTemplate().items()) {
        if (item.id != u"h24.cost-in-range")
            continue;
        QString reason;
        QVERIFY(!ProbePlanner::requestFor(p, item, &reason));
        QVERIFY2(reason.contains(u"`cost`"_s), qPrintable(reason));
    }
    // ... and a cost probe made anyway says what to add.
    ProbeRequest request;
    request.itemId = u"h24.cost-in-range"_s;
    request.spec.kind = u"cost"_s;
    CostProbe probe(&m_nam, ProbePlanner::contextFor(p, {}, u"v1"_s), request);
    QSignalSpy spy(&probe, &Probe::finished);
    probe.start();
    QVERIFY(spy.wait(5000));
    const ProbeResult r = spy.first().first().value<ProbeResult>();
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"sources.cost"_s), qPrintable(r.summary));
}

QTEST_GUILESS_MAIN(TestCostProbe)
#include "TestCostProbe.moc"
