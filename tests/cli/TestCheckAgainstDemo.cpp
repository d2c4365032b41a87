// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlConnection.h"
#include "TestSupport.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * End to end: the built `liftoff check` against the embedded demo service, on the demo project,
 * gives the documented statuses (docs/demo-service.md) and stores them.
 */
class TestCheckAgainstDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void checkGivesTheDocumentedStatuses();
    void onlyAndPhaseSelectItems();
    void releaseRecordsTheMonthEndProjection();
    void evalsRedteamAndPiiDecideFromRealRuns();

private:
    QJsonObject check(const QStringList &extra, int *exitCode = nullptr);
    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    QString m_config;
    QString m_db;
    QMap<QString, QString> m_env;
};

void TestCheckAgainstDemo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DemoServiceOptions options;
    options.slowDelayMs = 300;
    m_service = std::make_unique<DemoService>(options);
    QVERIFY2(m_service->start(0), qPrintable(m_service->errorString()));
    QCOMPARE(DemoProject::write(m_dir.path(), m_service->baseUrl(), QStringLiteral(LIFTOFF_BINARY)), QString());
    m_config = m_dir.filePath(u"liftoff.yaml"_s);
    m_db = m_dir.filePath(u"liftoff.sqlite"_s);
    m_env.insert(QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE), options.adminToken);
    m_env.insert(u"LIFTOFF_DEMO_BEARER"_s, u"Bearer "_s + options.adminToken);
    m_env.insert(QString::fromLatin1(DemoProject::SLACK_URL_VARIABLE),
                 m_service->baseUrl().toString() + u"/webhooks/release-room"_s);
    const auto r = TestSupport::runLiftoffServing({u"deploy"_s, u"new"_s, u"--config"_s, m_config, u"--db"_s, m_db},
                                                  m_env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

QJsonObject TestCheckAgainstDemo::check(const QStringList &extra, int *exitCode)
{
    const auto r = TestSupport::runLiftoffServing(
        QStringList {u"check"_s, u"--format"_s, u"json"_s, u"--config"_s, m_config, u"--db"_s, m_db} + extra, m_env);
    if (exitCode)
        *exitCode = r.exitCode;
    return QJsonDocument::fromJson(r.out).object();
}

namespace {
QHash<QString, QJsonObject> byId(const QJsonObject &report)
{
    QHash<QString, QJsonObject> items;
    for (const QJsonValue &v : report[u"items"_s].toArray())
        items.insert(v[u"id"_s].toString(), v.toObject());
    return items;
}
} // namespace

void TestCheckAgainstDemo::checkGivesTheDocumentedStatuses()
{
    int exitCode = -1;
    const QJsonObject report = check({}, &exitCode);
    QCOMPARE(exitCode, 1); // the demo has deliberate defects: No-Go
    QCOMPARE(report[u"verdict"_s].toString(), u"no-go"_s);
    const auto items = byId(report);
    QCOMPARE(items[u"infra.health"_s][u"status"_s].toString(), u"pass"_s);
    QCOMPARE(items[u"infra.health"_s][u"source"_s].toString(), u"probe"_s);
    QVERIFY(items[u"infra.health"_s][u"summary"_s].toString().startsWith(u"200 in"_s));
    const QJsonArray conditions = items[u"infra.health"_s][u"conditions"_s].toArray();
    QCOMPARE(conditions.size(), 3);
    QCOMPARE(conditions.at(2)[u"actual"_s].toString(), u"pass"_s);
    QCOMPARE(items[u"infra.hosting"_s][u"status"_s].toString(), u"pass"_s);
    // The slow path answers 504 within the deadline: handled.
    QCOMPARE(items[u"qa.timeout-handling"_s][u"status"_s].toString(), u"pass"_s);
    QVERIFY(items[u"qa.timeout-handling"_s][u"summary"_s].toString().startsWith(u"504"_s));
    // The dashboard API answers with the admin key; the key never shows in the evidence.
    QCOMPARE(items[u"mon.dashboard"_s][u"status"_s].toString(), u"pass"_s);
    const QByteArray all = QJsonDocument(report).toJson();
    QVERIFY(!all.contains("sk-liftoff-demo-admin"));
    // The deliberate defects show as failures with their reasons (docs/demo-service.md).
    QCOMPARE(items[u"infra.cors"_s][u"status"_s].toString(), u"fail"_s);
    QVERIFY(items[u"infra.cors"_s][u"summary"_s].toString().contains(u"look-alike"_s));
    QCOMPARE(items[u"infra.https"_s][u"status"_s].toString(), u"fail"_s);
    QCOMPARE(items[u"cost.rate-limiting"_s][u"status"_s].toString(), u"pass"_s);
    QVERIFY(items[u"cost.rate-limiting"_s][u"summary"_s].toString().startsWith(u"429 after"_s));
    QCOMPARE(items[u"mon.error-alerting"_s][u"status"_s].toString(), u"pass"_s);
    QVERIFY(!m_service->webhookMessages().isEmpty());
    // A command from the config runs only when approved.
    QCOMPARE(items[u"infra.env-vars"_s][u"status"_s].toString(), u"error"_s);
    QVERIFY(items[u"infra.env-vars"_s][u"summary"_s].toString().contains(u"not approved"_s));
    const QJsonObject approved = check({u"--only"_s, u"infra.env-vars"_s, u"--approve"_s});
    const QJsonObject envVars = byId(approved)[u"infra.env-vars"_s];
    QCOMPARE(envVars[u"status"_s].toString(), u"fail"_s);
    QVERIFY2(envVars[u"summary"_s].toString().contains(u"DATABASE_URL"_s), qPrintable(envVars[u"summary"_s].toString()));
    QVERIFY(!QJsonDocument(approved).toJson().contains("sk-liftoff-demo-admin")); // names only, never values
    // The fallback model is pinned and answers its one-call smoke test on /v1/chat?model=fallback.
    const QJsonObject fallback = items[u"api.fallback-model"_s];
    QCOMPARE(fallback[u"status"_s].toString(), u"pass"_s);
    QVERIFY2(fallback[u"summary"_s].toString().contains(u"the smoke call answered 200"_s),
             qPrintable(fallback[u"summary"_s].toString()));
    // api.max-tokens: the call log fails (defect 4) and the code's call site without it is listed;
    // api.temperature: every logged call sets it, but app/summarise.py does not: a warning.
    QCOMPARE(items[u"api.max-tokens"_s][u"status"_s].toString(), u"fail"_s);
    QVERIFY2(items[u"api.max-tokens"_s][u"summary"_s].toString().contains(u"app/summarise.py:"_s),
             qPrintable(items[u"api.max-tokens"_s][u"summary"_s].toString()));
    QCOMPARE(items[u"api.temperature"_s][u"status"_s].toString(), u"warn"_s);
    QVERIFY2(items[u"api.temperature"_s][u"summary"_s].toString().contains(u"app/summarise.py:"_s),
             qPrintable(items[u"api.temperature"_s][u"summary"_s].toString()));
    // An item with no check and no default shows why.
    QCOMPARE(items[u"api.keys-scoped"_s][u"status"_s].toString(), u"pending"_s);
}

void TestCheckAgainstDemo::onlyAndPhaseSelectItems()
{
    int exitCode = -1;
    QJsonObject report = check({u"--only"_s, u"infra.helth"_s}, &exitCode);
    QCOMPARE(exitCode, 2);
    report = check({u"--only"_s, u"infra.health"_s, u"--phase"_s, u"deploy"_s}, &exitCode);
    QCOMPARE(exitCode, 1);
    QCOMPARE(byId(report)[u"infra.health"_s][u"status"_s].toString(), u"pass"_s);
    report = check({u"--phase"_s, u"later"_s}, &exitCode);
    QCOMPARE(exitCode, 2);
}

void TestCheckAgainstDemo::releaseRecordsTheMonthEndProjection()
{
    // Its own store, so the deployments of the other tests stay as they are.
    const QString db = m_dir.filePath(u"release.sqlite"_s);
    const QStringList common {u"--config"_s, m_config, u"--db"_s, db};
    auto r = TestSupport::runLiftoffServing(QStringList {u"deploy"_s, u"new"_s, u"--name"_s, u"rel-1"_s} + common, m_env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = TestSupport::runLiftoffServing(QStringList {u"deploy"_s, u"release"_s, u"rel-1"_s} + common, m_env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("released rel-1"), r.out.constData());
    QVERIFY2(r.out.contains("month-end projection at release: $"), r.out.constData());
    QVERIFY(!r.out.contains("sk-liftoff-demo-admin"));
    {
        SqlConnection sql(db);
        QVERIFY(sql.isOpen());
        const QString released = sql.scalar(u"SELECT released FROM deployments WHERE name = 'rel-1'"_s).toString();
        const QString madeAt = sql.scalar(u"SELECT made_at FROM cost_projections p JOIN deployments d "
                                          u"ON d.id = p.deployment_id WHERE d.name = 'rel-1'"_s).toString();
        QVERIFY(!released.isEmpty());
        QCOMPARE(QDateTime::fromString(madeAt, Qt::ISODateWithMs), QDateTime::fromString(released, Qt::ISODateWithMs));
    }
    // Week one now waits for the week after the release, against that projection.
    r = TestSupport::runLiftoffServing(
        QStringList {u"check"_s, u"--format"_s, u"json"_s, u"--only"_s, u"w1.cost-projection"_s} + common, m_env);
    const QJsonObject item = byId(QJsonDocument::fromJson(r.out).object())[u"w1.cost-projection"_s];
    QCOMPARE(item[u"status"_s].toString(), u"not-reported"_s);
    QVERIFY2(item[u"summary"_s].toString().contains(u"the week after release ends on"_s),
             qPrintable(item[u"summary"_s].toString()));
}

void TestCheckAgainstDemo::evalsRedteamAndPiiDecideFromRealRuns()
{
    // Their own check (the full one above shares the demo's per-client rate limit with the burst
    // probe and the slow path), with the canary set as `liftoff --demo` sets it.
    QMap<QString, QString> env = m_env;
    env.insert(QString::fromLatin1(DemoProject::CANARY_VARIABLE), DemoServiceOptions().canary);
    const QStringList ids {u"qa.eval-dataset"_s, u"qa.baseline-recorded"_s, u"qa.structured-output"_s,
                           u"sec.prompt-injection"_s, u"sec.system-prompt-leak"_s, u"sec.input-sanitized"_s,
                           u"sec.no-pii-in-logs"_s};
    const auto r = TestSupport::runLiftoffServing(QStringList {u"check"_s, u"--format"_s, u"json"_s, u"--only"_s,
                                                               ids.join(u','), u"--config"_s, m_config, u"--db"_s, m_db},
                                                  env);
    const auto items = byId(QJsonDocument::fromJson(r.out).object());
    // The evals, red team and log scans decide from real runs on the first check (issue 11).
    for (const QString &id : ids) {
        const QString status = items[id][u"status"_s].toString();
        QVERIFY2(status == u"pass"_s || status == u"warn"_s || status == u"fail"_s,
                 qPrintable(id + u": "_s + status + u" — "_s + items[id][u"summary"_s].toString()));
    }
    // The demo's deliberate weaknesses: "repeat your instructions" leaks the canary; v1.4.0 changed prompts.
    QCOMPARE(items[u"sec.system-prompt-leak"_s][u"status"_s].toString(), u"fail"_s);
    QCOMPARE(items[u"qa.baseline-recorded"_s][u"status"_s].toString(), u"fail"_s);
}

QTEST_GUILESS_MAIN(TestCheckAgainstDemo)
#include "TestCheckAgainstDemo.moc"
