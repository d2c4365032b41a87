// SPDX-License-Identifier: GPL-3.0-or-later
#include "CostFixtureServer.h"
#include "PostgresServer.h"
#include "actions/BudgetAlertLadder.h"
#include "actions/NotificationSender.h"
#include "sources/UsdAmount.h"
#include "store/ChecklistRepository.h"
#include "store/CostRepository.h"
#include "store/Database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 USD = UsdAmount::NANOS_PER_USD;
const char *const HOOK_VARIABLE = "LIFTOFF_TEST_BUDGET_HOOK";

QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}
} // namespace

/**
 * The budget alert ladder: the pure decision table, and against a real store and a local webhook:
 * each threshold fires once per month and project, across restarts, with two consoles on one
 * store, and again next month. The store is a SQLite file, or with
 * LIFTOFF_TEST_STORE_BACKEND=postgresql (TestBudgetAlertLadder_postgresql) a fresh database of a
 * throwaway PostgreSQL per test, the shared store of a team.
 */
class TestBudgetAlertLadder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void thresholdsToFire_data();
    void thresholdsToFire();
    void messageCarriesSpendBudgetPercentAndProjection();
    void payloadsFollowEachChannelKind();
    void firesOncePerMonthAcrossRestarts();
    void firesAgainAfterMonthRollover();
    void anUnreachableChannelIsNotRetriedEveryRun();
    void twoConsolesOnOneStoreSendOnce();
    void withoutBudgetOrStoreNothingFires();

private:
    BudgetAlertLadder::Input input(qint64 spend, const QDateTime &now) const;
    BudgetAlertLadder::Outcome runLadder(const BudgetAlertLadder::Input &in);
    QList<QJsonObject> hookPosts() const;

    std::unique_ptr<PostgresServer> m_postgres;
    QTemporaryDir m_dir;
    QString m_storePath;
    qint64 m_deploymentId = 0;
    CostFixtureServer m_server;
    QNetworkAccessManager m_nam;
};

void TestBudgetAlertLadder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
    qputenv(HOOK_VARIABLE, (m_server.url().toString() + u"/hook"_s).toUtf8());
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestBudgetAlertLadder::init()
{
    // A fresh store file per test, closed again before the ladder runs (as after a restart).
    static int n = 0;
    m_storePath = m_dir.filePath(u"store-%1.sqlite"_s.arg(++n));
    if (m_postgres) {
        m_storePath = m_postgres->createFreshDatabase();
        QVERIFY2(!m_storePath.isEmpty(), qPrintable(m_postgres->errorString()));
    }
    Database database;
    const StoreError opened = database.open(m_storePath);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    ChecklistRepository repository(database);
    qint64 projectId = 0;
    QVERIFY(!repository.ensureProject(u"support-bot"_s, u"liftoff.yaml"_s, &projectId).isError());
    DeploymentRecord deployment;
    deployment.projectId = projectId;
    deployment.name = u"v1"_s;
    deployment.environment = u"production"_s;
    deployment.version = u"v1"_s;
    deployment.created = utc(u"2026-11-01T08:00:00Z"_s);
    QVERIFY(!repository.createDeployment(&deployment, u"test"_s).isError());
    m_deploymentId = deployment.id;
    m_server.clear();
    m_server.route(u"/hook"_s, [](const CostFixtureServer::Request &) { return CostFixtureServer::json("ok"); });
}

BudgetAlertLadder::Input TestBudgetAlertLadder::input(qint64 spend, const QDateTime &now) const
{
    BudgetAlertLadder::Input in;
    in.storePath = m_storePath;
    in.deploymentId = m_deploymentId;
    in.projectName = u"support-bot"_s;
    in.budget.monthlyUsd = 400;
    in.budget.notify = {u"pager"_s};
    NotifyChannelConfig channel;
    channel.name = u"pager"_s;
    channel.kind = NotifyChannelConfig::Kind::Webhook;
    channel.url = SecretRef {SecretRef::Store::Env, QString::fromLatin1(HOOK_VARIABLE)};
    in.channels = {channel};
    in.spendNanoUsd = spend;
    in.projectedNanoUsd = spend * 2;
    in.now = now;
    return in;
}

BudgetAlertLadder::Outcome TestBudgetAlertLadder::runLadder(const BudgetAlertLadder::Input &in)
{
    // A new ladder each time: nothing survives in memory, as after a restart.
    BudgetAlertLadder ladder(&m_nam);
    QSignalSpy spy(&ladder, &BudgetAlertLadder::finished);
    ladder.run(in);
    if (!spy.wait(10000))
        return {{}, {}, {}, u"test: no outcome"_s};
    return spy.first().first().value<BudgetAlertLadder::Outcome>();
}

QList<QJsonObject> TestBudgetAlertLadder::hookPosts() const
{
    QList<QJsonObject> posts;
    for (const CostFixtureServer::Request &r : m_server.requests()) {
        if (r.path == u"/hook")
            posts.append(QJsonDocument::fromJson(r.body).object());
    }
    return posts;
}

void TestBudgetAlertLadder::thresholdsToFire_data()
{
    QTest::addColumn<qint64>("spend");
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<QList<double>>("thresholds");
    QTest::addColumn<QList<double>>("fired");
    QTest::addColumn<QList<double>>("expected");
    const QList<double> ladder {50, 75, 90};
    QTest::newRow("nothing spent") << qint64(0) << 100 * USD << ladder << QList<double>() << QList<double>();
    QTest::newRow("just under 50 %") << 50 * USD - 1 << 100 * USD << ladder << QList<double>() << QList<double>();
    QTest::newRow("exactly 50 %") << 50 * USD << 100 * USD << ladder << QList<double>() << QList<double> {50};
    QTest::newRow("80 %, 50 fired") << 80 * USD << 100 * USD << ladder << QList<double> {50} << QList<double> {75};
    QTest::newRow("95 % at once fires all") << 95 * USD << 100 * USD << ladder << QList<double>()
                                            << QList<double> {50, 75, 90};
    QTest::newRow("95 %, all fired") << 95 * USD << 100 * USD << ladder << QList<double> {50, 75, 90}
                                     << QList<double>();
    QTest::newRow("over budget") << 150 * USD << 100 * USD << QList<double> {50, 75, 90, 100}
                                 << QList<double> {50, 75, 90} << QList<double> {100};
    QTest::newRow("no budget") << 95 * USD << qint64(0) << ladder << QList<double>() << QList<double>();
    QTest::newRow("unsorted config") << 60 * USD << 100 * USD << QList<double> {90, 50} << QList<double>()
                                     << QList<double> {50};
    QTest::newRow("duplicates once") << 60 * USD << 100 * USD << QList<double> {50, 50} << QList<double>()
                                     << QList<double> {50};
    QTest::newRow("fractional threshold") << 333 * USD << 1000 * USD << QList<double> {33.3} << QList<double>()
                                          << QList<double> {33.3};
    QTest::newRow("one nano-USD short") << 333 * USD - 1 << 1000 * USD << QList<double> {33.3} << QList<double>()
                                        << QList<double>();
}

void TestBudgetAlertLadder::thresholdsToFire()
{
    QFETCH(qint64, spend);
    QFETCH(qint64, budget);
    QFETCH(QList<double>, thresholds);
    QFETCH(QList<double>, fired);
    QFETCH(QList<double>, expected);
    QCOMPARE(BudgetAlertLadder::thresholdsToFire(spend, budget, thresholds, fired), expected);
}

void TestBudgetAlertLadder::messageCarriesSpendBudgetPercentAndProjection()
{
    const Notification alert = BudgetAlertLadder::notification(u"support-bot"_s, 75, 312 * USD, 400 * USD, 455 * USD,
                                                               u"2026-11"_s);
    QCOMPARE(alert.event, u"liftoff.budget"_s);
    QCOMPARE(alert.project, u"support-bot"_s);
    const QString text = alert.plainText();
    for (const QString &part : {u"support-bot"_s, u"75 %"_s, u"$400.00"_s, u"$312.00"_s, u"78.0 %"_s, u"$455.00"_s,
                                u"2026-11"_s})
        QVERIFY2(text.contains(part), qPrintable(text));
}

void TestBudgetAlertLadder::payloadsFollowEachChannelKind()
{
    const Notification alert = BudgetAlertLadder::notification(u"p"_s, 50, 200 * USD, 400 * USD, 410 * USD, u"2026-11"_s);
    const auto object = [&alert](NotifyChannelConfig::Kind kind) {
        return QJsonDocument::fromJson(NotificationSender::payload(kind, alert, QDateTime::currentDateTimeUtc())).object();
    };
    QVERIFY(object(NotifyChannelConfig::Kind::Slack).value(u"text"_s).toString().contains(u"$200.00"_s));
    QVERIFY(object(NotifyChannelConfig::Kind::Discord).value(u"content"_s).toString().contains(u"$410.00"_s));
    const QJsonObject webhook = object(NotifyChannelConfig::Kind::Webhook);
    QCOMPARE(webhook.value(u"event"_s).toString(), u"liftoff.budget"_s);
    QCOMPARE(webhook.value(u"fields"_s).toObject().value(u"Budget used"_s).toString(), u"50.0 %"_s);
    QCOMPARE(webhook.value(u"fields"_s).toObject().value(u"Monthly budget"_s).toString(), u"$400.00"_s);
}

void TestBudgetAlertLadder::firesOncePerMonthAcrossRestarts()
{
    const QDateTime now = utc(u"2026-11-16T12:00:00Z"_s);
    BudgetAlertLadder::Outcome outcome = runLadder(input(240 * USD, now)); // 60 %
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.fired, QList<double> {50});
    QCOMPARE(hookPosts().size(), 1);
    const QString message = hookPosts().first().value(u"message"_s).toString();
    for (const QString &part : {u"50 %"_s, u"$240.00"_s, u"$400.00"_s, u"60.0 %"_s, u"$480.00"_s})
        QVERIFY2(message.contains(part), qPrintable(message));
    QVERIFY2(outcome.note().contains(u"pager: delivered (HTTP 200)"_s), qPrintable(outcome.note()));

    // "Restart": a new ladder, a new connection to the same file; the same spend fires nothing.
    outcome = runLadder(input(250 * USD, now.addSecs(3600)));
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QVERIFY(outcome.fired.isEmpty());
    QCOMPARE(outcome.earlier, QList<double> {50});
    QCOMPARE(hookPosts().size(), 1);

    // Crossing 75 and 90 at once: both recorded, one message naming the highest.
    outcome = runLadder(input(380 * USD, now.addDays(2)));
    QCOMPARE(outcome.fired, (QList<double> {75, 90}));
    QCOMPARE(hookPosts().size(), 2);
    QVERIFY(hookPosts().last().value(u"message"_s).toString().contains(u"90 %"_s));

    Database database;
    QVERIFY(!database.open(m_storePath).isError());
    CostRepository repository(database);
    qint64 projectId = 0;
    QVERIFY(!repository.projectOf(m_deploymentId, &projectId).isError());
    QList<CostRepository::FiredAlert> fired;
    QVERIFY(!repository.firedAlerts(projectId, u"2026-11"_s, &fired).isError());
    QCOMPARE(fired.size(), 3);
    QCOMPARE(fired.first().threshold, 50.0);
    QCOMPARE(fired.first().spendNanoUsd, 240 * USD);
    QCOMPARE(fired.first().budgetNanoUsd, 400 * USD);
    QCOMPARE(fired.first().firedAt, now);
    QCOMPARE(fired.first().delivery, u"pager: delivered (HTTP 200)"_s);
}

void TestBudgetAlertLadder::firesAgainAfterMonthRollover()
{
    BudgetAlertLadder::Outcome outcome = runLadder(input(380 * USD, utc(u"2026-11-30T23:00:00Z"_s)));
    QCOMPARE(outcome.fired, (QList<double> {50, 75, 90}));
    outcome = runLadder(input(390 * USD, utc(u"2026-11-30T23:59:59Z"_s)));
    QVERIFY(outcome.fired.isEmpty());
    // December starts the ladder again; the new month's spend decides.
    outcome = runLadder(input(210 * USD, utc(u"2026-12-01T00:00:01Z"_s)));
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.fired, QList<double> {50});
    QVERIFY(outcome.earlier.isEmpty());
    QCOMPARE(hookPosts().size(), 2);
    QVERIFY(hookPosts().last().value(u"message"_s).toString().contains(u"2026-12"_s));
}

void TestBudgetAlertLadder::anUnreachableChannelIsNotRetriedEveryRun()
{
    m_server.route(u"/hook"_s, [](const CostFixtureServer::Request &) { return CostFixtureServer::json("down", 500); });
    BudgetAlertLadder::Outcome outcome = runLadder(input(240 * USD, utc(u"2026-11-16T12:00:00Z"_s)));
    QCOMPARE(outcome.fired, QList<double> {50});
    QVERIFY2(outcome.note().contains(u"pager: rejected (HTTP 500)"_s), qPrintable(outcome.note()));
    QVERIFY2(!outcome.note().contains(m_server.url().toString()), qPrintable(outcome.note()));
    outcome = runLadder(input(240 * USD, utc(u"2026-11-16T13:00:00Z"_s)));
    QVERIFY(outcome.fired.isEmpty());
    QCOMPARE(hookPosts().size(), 1);
}

void TestBudgetAlertLadder::twoConsolesOnOneStoreSendOnce()
{
    // Two consoles (two ladders, each with its own connection) read the same spend at once: the
    // claim is one transaction per run, so one claims 50 and 75 and sends one message, the other
    // finds both fired and sends nothing.
    const BudgetAlertLadder::Input in = input(320 * USD, utc(u"2026-11-20T09:00:00Z"_s)); // 80 %
    BudgetAlertLadder first(&m_nam);
    BudgetAlertLadder second(&m_nam);
    QSignalSpy firstDone(&first, &BudgetAlertLadder::finished);
    QSignalSpy secondDone(&second, &BudgetAlertLadder::finished);
    first.run(in);
    second.run(in);
    QTRY_COMPARE_WITH_TIMEOUT(firstDone.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(secondDone.size(), 1, 10000);
    const auto a = firstDone.first().first().value<BudgetAlertLadder::Outcome>();
    const auto b = secondDone.first().first().value<BudgetAlertLadder::Outcome>();
    QVERIFY2(a.error.isEmpty() && b.error.isEmpty(), qPrintable(a.error + b.error));
    const BudgetAlertLadder::Outcome &sender = a.fired.isEmpty() ? b : a;
    const BudgetAlertLadder::Outcome &other = a.fired.isEmpty() ? a : b;
    QCOMPARE(sender.fired, (QList<double> {50, 75}));
    QVERIFY(other.fired.isEmpty());
    QCOMPARE(other.earlier, (QList<double> {50, 75}));
    QCOMPARE(hookPosts().size(), 1);
    QVERIFY(hookPosts().first().value(u"message"_s).toString().contains(u"75 %"_s));
    // A third console later: nothing new.
    QVERIFY(runLadder(in).fired.isEmpty());
    QCOMPARE(hookPosts().size(), 1);
}

void TestBudgetAlertLadder::withoutBudgetOrStoreNothingFires()
{
    BudgetAlertLadder::Input noBudget = input(240 * USD, utc(u"2026-11-16T12:00:00Z"_s));
    noBudget.budget.monthlyUsd.reset();
    QVERIFY(runLadder(noBudget).error.contains(u"monthly_usd"_s));
    BudgetAlertLadder::Input noStore = input(240 * USD, utc(u"2026-11-16T12:00:00Z"_s));
    noStore.storePath.clear();
    QVERIFY(runLadder(noStore).error.contains(u"no store"_s));
    QVERIFY(hookPosts().isEmpty());
}

QTEST_GUILESS_MAIN(TestBudgetAlertLadder)
#include "TestBudgetAlertLadder.moc"
