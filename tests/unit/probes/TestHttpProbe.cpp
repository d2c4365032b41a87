// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileHttpServer.h"
#include "config/SecretRef.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/** The http probe and the engine against a real local server, hostile answers included. */
class TestHttpProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void outcomes_data();
    void outcomes();
    void secretHeadersAreSentButNeverStored();
    void unresolvableSecretIsAnError();
    void engineRespectsGlobalAndPerHostLimits();
    void engineDeadlineStopsARunThatNeverAnswers();
    void cancelAllFinishesEveryRun();
    void retriesOnlyErrors();

private:
    ProbeResult runOne(const ProbeRequest &request, int waitMs = 20000);
    ProbeRequest request(const QString &path, const QStringList &conditions = {}, const QVariantMap &extra = {});
    HostileHttpServer m_server;
    QNetworkAccessManager m_nam;
};

void TestHttpProbe::initTestCase()
{
    QVERIFY(m_server.start());
}

ProbeRequest TestHttpProbe::request(const QString &path, const QStringList &conditions, const QVariantMap &extra)
{
    ProbeRequest r;
    r.itemId = u"infra.health"_s;
    r.spec.kind = u"http"_s;
    r.spec.params.insert(u"url"_s, QString(u"{url}"_s + path));
    r.spec.params.insert(u"timeout"_s, 3000);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        r.spec.params.insert(it.key(), it.value());
    r.conditions = conditions;
    r.deadlineMs = 10000;
    return r;
}

ProbeResult TestHttpProbe::runOne(const ProbeRequest &request, int waitMs)
{
    ProbeContext context;
    context.baseUrl = m_server.url().toString();
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({request});
    if (spy.isEmpty() && !spy.wait(waitMs))
        return ProbeResult::error(request.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestHttpProbe::outcomes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("conditions");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summaryContains");

    QTest::newRow("health pass") << u"/ok"_s << QStringList {} << Status::Pass << u"200 in"_s;
    QTest::newRow("health fail body") << u"/health-fail"_s << QStringList {} << Status::Fail << u"health status is fail"_s;
    QTest::newRow("health warn body") << u"/health-warn"_s << QStringList {} << Status::Warn << u"health warn"_s;
    QTest::newRow("actuator up") << u"/actuator-up"_s << QStringList {} << Status::Pass << u"health pass"_s;
    QTest::newRow("actuator down 503") << u"/actuator-down"_s << QStringList {} << Status::Fail << u"[STATUS] == 200"_s;
    QTest::newRow("500") << u"/status/500"_s << QStringList {} << Status::Fail << u"actual 500"_s;
    QTest::newRow("conditions hold") << u"/ok"_s
                                     << QStringList {u"[STATUS] == 200"_s, u"[BODY].version == 1.0.0"_s,
                                                     u"[RESPONSE_TIME] < 5000"_s}
                                     << Status::Pass << u"200"_s;
    QTest::newRow("condition fails") << u"/ok"_s << QStringList {u"[BODY].version == 2.0.0"_s} << Status::Fail
                                     << u"actual 1.0.0"_s;
    QTest::newRow("bad condition") << u"/ok"_s << QStringList {u"[STATUS] ==="_s} << Status::Fail << u"failed"_s;
    QTest::newRow("never answers") << u"/silent"_s << QStringList {} << Status::Fail << u"no complete answer within"_s;
    QTest::newRow("trickle") << u"/trickle"_s << QStringList {} << Status::Fail << u"no complete answer within"_s;
    QTest::newRow("endless body") << u"/endless"_s << QStringList {} << Status::Pass << u"body cut"_s;
    QTest::newRow("reset") << u"/reset"_s << QStringList {} << Status::Fail << u"closed"_s;
    QTest::newRow("redirect loop") << u"/loop"_s << QStringList {} << Status::Fail << u"redirect"_s;
    QTest::newRow("redirect followed") << u"/redirect-to-ok"_s << QStringList {} << Status::Pass << u"200"_s;
    QTest::newRow("invalid utf-8") << u"/bad-utf8"_s << QStringList {u"[BODY] == pat(*ok*)"_s} << Status::Pass
                                   << u"200"_s;
    QTest::newRow("invalid json") << u"/bad-json"_s << QStringList {u"[BODY].status == pass"_s} << Status::Fail
                                  << u"<missing>"_s;
    QTest::newRow("invalid json default") << u"/bad-json"_s << QStringList {} << Status::Pass << u"200"_s;
}

void TestHttpProbe::outcomes()
{
    QFETCH(QString, path);
    QFETCH(QStringList, conditions);
    QFETCH(Status, expected);
    QFETCH(QString, summaryContains);
    const ProbeResult r = runOne(request(path, conditions, {{u"timeout"_s, 1000}}));
    QVERIFY2(r.status == expected, qPrintable(StatusText::toString(r.status) + u": "_s + r.summary));
    QVERIFY2(r.summary.contains(summaryContains), qPrintable(r.summary));
    QCOMPARE(r.itemId, u"infra.health"_s);
    QVERIFY(r.evidence.contains(u"url"_s));
}

void TestHttpProbe::secretHeadersAreSentButNeverStored()
{
    const QByteArray secret = "prod-probe-token-8a7f3b2c91d0";
    qputenv("LIFTOFF_TEST_PROBE_TOKEN", secret);
    QVariantMap headers {{u"Authorization"_s, QVariant::fromValue(*SecretRef::parse(u"env:LIFTOFF_TEST_PROBE_TOKEN"_s))}};
    const ProbeResult r = runOne(request(u"/echo-headers?token="_s + QString::fromLatin1(secret),
                                         {u"[BODY] == pat(*authorization*)"_s}, {{u"headers"_s, headers}}));
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(m_server.requests().last().headers.value("authorization"), secret);
    const QString everything = r.summary + QString::fromUtf8(QJsonDocument(r.evidence).toJson())
                               + QString::fromUtf8(QJsonDocument(r.conditions).toJson());
    QVERIFY2(!everything.contains(QString::fromLatin1(secret)), qPrintable(everything));
    QVERIFY(everything.contains(u"••••d0"_s) || everything.contains(u"••••91d0"_s));
}

void TestHttpProbe::unresolvableSecretIsAnError()
{
    qunsetenv("LIFTOFF_TEST_MISSING_TOKEN");
    QVariantMap headers {{u"X-Token"_s, QVariant::fromValue(*SecretRef::parse(u"env:LIFTOFF_TEST_MISSING_TOKEN"_s))}};
    const ProbeResult r = runOne(request(u"/ok"_s, {}, {{u"headers"_s, headers}}));
    QCOMPARE(r.status, Status::Error);
    QVERIFY2(r.summary.contains(u"LIFTOFF_TEST_MISSING_TOKEN"_s), qPrintable(r.summary));
}

void TestHttpProbe::engineRespectsGlobalAndPerHostLimits()
{
    ProbeContext context;
    context.baseUrl = m_server.url().toString();
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    engine.setLimits(3, 2);
    QList<ProbeRequest> requests;
    for (int i = 0; i < 12; ++i) {
        ProbeRequest r = request(u"/delay/30"_s);
        r.itemId = u"item.%1"_s.arg(i);
        requests.append(r);
    }
    int maxRunning = 0;
    connect(&engine, &ProbeEngine::started, this, [&] { maxRunning = qMax(maxRunning, engine.runningCount()); });
    QSignalSpy results(&engine, &ProbeEngine::resultReady);
    QSignalSpy idle(&engine, &ProbeEngine::idle);
    engine.enqueue(requests);
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 12, 20000);
    QVERIFY(maxRunning <= 2); // one host: the per-host limit binds
    QVERIFY(maxRunning >= 1);
    QVERIFY(!idle.isEmpty());
    for (const QList<QVariant> &args : results)
        QCOMPARE(args.first().value<ProbeResult>().status, Status::Pass);
}

void TestHttpProbe::engineDeadlineStopsARunThatNeverAnswers()
{
    ProbeRequest r = request(u"/silent"_s, {}, {{u"timeout"_s, 60000}});
    r.deadlineMs = 300;
    const ProbeResult result = runOne(r);
    QCOMPARE(result.status, Status::Error);
    QVERIFY2(result.summary.contains(u"deadline of 300 ms"_s), qPrintable(result.summary));
}

void TestHttpProbe::cancelAllFinishesEveryRun()
{
    ProbeContext context;
    context.baseUrl = m_server.url().toString();
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    engine.setLimits(2, 2);
    QList<ProbeRequest> requests;
    for (int i = 0; i < 5; ++i) {
        ProbeRequest r = request(u"/silent"_s, {}, {{u"timeout"_s, 60000}});
        r.itemId = u"item.%1"_s.arg(i);
        r.deadlineMs = 60000;
        requests.append(r);
    }
    QSignalSpy results(&engine, &ProbeEngine::resultReady);
    QSignalSpy started(&engine, &ProbeEngine::started);
    engine.enqueue(requests);
    QTRY_COMPARE(started.size(), 2);
    engine.cancelAll();
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 5, 10000);
    for (const QList<QVariant> &args : results) {
        const ProbeResult r = args.first().value<ProbeResult>();
        QCOMPARE(r.status, Status::Error);
        QCOMPARE(r.summary, u"cancelled"_s);
    }
    QVERIFY(!engine.isBusy());
}

void TestHttpProbe::retriesOnlyErrors()
{
    // A failing answer is not retried.
    const qsizetype before = m_server.requests().size();
    ProbeRequest failing = request(u"/status/500"_s);
    failing.retries = 2;
    ProbeResult r = runOne(failing);
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.attempts, 1);
    QCOMPARE(m_server.requests().size(), before + 1);
    // An error (deadline) is retried as configured.
    ProbeRequest silent = request(u"/silent"_s, {}, {{u"timeout"_s, 60000}});
    silent.deadlineMs = 200;
    silent.retries = 2;
    r = runOne(silent, 30000);
    QCOMPARE(r.status, Status::Error);
    QCOMPARE(r.attempts, 3);
}

QTEST_GUILESS_MAIN(TestHttpProbe)
#include "TestHttpProbe.moc"
