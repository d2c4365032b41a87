// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileHttpServer.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"
#include "probes/UptimeMonitor.h"
#include "probes/UptimeProbe.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/** The uptime verdict as a pure function, UptimeMonitor against a real local server, and the probe. */
class TestUptimeProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void evaluate_data();
    void evaluate();
    void noSamplesIsNotReported();
    void customConditionsSeeUptimePlaceholders();
    void monitorRecordsUpSamples();
    void monitorRecordsDownSamples_data();
    void monitorRecordsDownSamples();
    void monitorKeepsABoundedRingInOrder();
    void probeReadsTheMonitorsSamples();

private:
    static QList<UptimeSample> minuteSamples(const QDateTime &now, int count, int down);

    HostileHttpServer m_server;
    QNetworkAccessManager m_nam;
};

void TestUptimeProbe::initTestCase()
{
    QVERIFY(m_server.start());
}

QList<UptimeSample> TestUptimeProbe::minuteSamples(const QDateTime &now, int count, int down)
{
    // One sample a minute ending at now; the `down` oldest ones failed.
    QList<UptimeSample> samples;
    for (int i = 0; i < count; ++i)
        samples.append({now.addSecs(-60LL * (count - 1 - i)), i >= down, i >= down ? 40 : -1, i >= down ? 200 : 0});
    return samples;
}

void TestUptimeProbe::evaluate_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("down");
    QTest::addColumn<qint64>("windowMs");
    QTest::addColumn<double>("target");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summaryContains");

    const qint64 day = 24LL * 3600 * 1000;
    QTest::newRow("full day, all up") << 1440 << 0 << day << 99.9 << Status::Pass << u"uptime 100 % over 1440 samples"_s;
    QTest::newRow("full day, one down") << 1440 << 1 << day << 99.9 << Status::Pass << u"uptime 99.931 %"_s;
    QTest::newRow("full day, two down") << 1440 << 2 << day << 99.9 << Status::Fail
                                        << u"failed: [UPTIME_PCT] >= 99.9 (actual 99.86"_s;
    QTest::newRow("lower target") << 1440 << 14 << day << 99.0 << Status::Pass << u"target 99 %"_s;
    QTest::newRow("older samples ignored") << 3000 << 1500 << day << 99.9 << Status::Pass << u"over 1440 samples"_s;
    QTest::newRow("ten minutes only") << 10 << 0 << day << 99.9 << Status::Warn << u"cover only 9m of the 1d window"_s;
    QTest::newRow("short window") << 10 << 0 << qint64(600000) << 99.9 << Status::Pass << u"over 10 samples"_s;
    QTest::newRow("down and short") << 10 << 5 << day << 99.9 << Status::Fail << u"uptime 50 %"_s;
}

void TestUptimeProbe::evaluate()
{
    QFETCH(int, count);
    QFETCH(int, down);
    QFETCH(qint64, windowMs);
    QFETCH(double, target);
    QFETCH(Status, expected);
    QFETCH(QString, summaryContains);
    const QDateTime now(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
    const ProbeResult r = UptimeProbe::evaluate(minuteSamples(now, count, down), windowMs, target, now);
    QVERIFY2(r.summary.contains(summaryContains), qPrintable(r.summary));
    QCOMPARE(r.status, expected);
    QVERIFY(r.evidence.contains(u"uptimePercent"_s));
    QCOMPARE(r.conditions.size(), 1);
}

void TestUptimeProbe::noSamplesIsNotReported()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ProbeResult r = UptimeProbe::evaluate({}, 3600000, 99.9, now);
    QCOMPARE(r.status, Status::NotReported);
    QCOMPARE(r.summary, u"no uptime samples yet; Liftoff polls while the GUI is open (or configure an external monitor)"_s);
    // Samples outside the window count as none.
    r = UptimeProbe::evaluate({{now.addDays(-3), true, 10, 200}}, 3600000, 99.9, now);
    QCOMPARE(r.status, Status::NotReported);
}

void TestUptimeProbe::customConditionsSeeUptimePlaceholders()
{
    const QDateTime now(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
    const QList<UptimeSample> samples = minuteSamples(now, 1440, 10);
    QCOMPARE(UptimeProbe::evaluate(samples, 24LL * 3600 * 1000, 99.9, now, {u"[UPTIME_PCT] > 99"_s, u"[SAMPLES] >= 1000"_s}).status,
             Status::Pass);
    const ProbeResult r = UptimeProbe::evaluate(samples, 24LL * 3600 * 1000, 99.9, now, {u"[SAMPLES] >= 2000"_s});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"[SAMPLES] >= 2000 (actual 1440)"_s), qPrintable(r.summary));
}

void TestUptimeProbe::monitorRecordsUpSamples()
{
    UptimeMonitor monitor(&m_nam);
    monitor.setTarget(m_server.url(u"/ok"_s));
    monitor.setInterval(200);
    QSignalSpy spy(&monitor, &UptimeMonitor::sampleRecorded);
    monitor.start();
    QTRY_VERIFY(spy.size() >= 3);
    monitor.stop();
    const QList<UptimeSample> samples = monitor.samples();
    QCOMPARE(samples.size(), spy.size());
    for (const UptimeSample &sample : samples) {
        QVERIFY(sample.ok);
        QCOMPARE(sample.statusCode, 200);
        QVERIFY(sample.latencyMs >= 0);
        QVERIFY(sample.at.isValid());
    }
    QVERIFY(m_server.requests().last().headers.value("user-agent").contains("uptime monitor"));
}

void TestUptimeProbe::monitorRecordsDownSamples_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("500") << u"/status/500"_s << 500;
    QTest::newRow("health says fail") << u"/health-fail"_s << 200;
    QTest::newRow("no answer") << u"/silent"_s << 0;
    QTest::newRow("reset") << u"/reset"_s << 0;
}

void TestUptimeProbe::monitorRecordsDownSamples()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    UptimeMonitor monitor(&m_nam);
    monitor.setTarget(m_server.url(path));
    monitor.setInterval(100);
    monitor.setTimeout(50);
    QSignalSpy spy(&monitor, &UptimeMonitor::sampleRecorded);
    monitor.start();
    QTRY_VERIFY(spy.size() >= 2);
    monitor.stop();
    const UptimeSample sample = spy.first().first().value<UptimeSample>();
    QVERIFY(!sample.ok);
    QCOMPARE(sample.statusCode, status);
    if (status == 0)
        QCOMPARE(sample.latencyMs, qint64(-1));
}

void TestUptimeProbe::monitorKeepsABoundedRingInOrder()
{
    UptimeMonitor monitor(&m_nam);
    monitor.setCapacity(3);
    const QDateTime t0(QDate(2026, 11, 26), QTime(0, 0), Qt::UTC);
    QList<UptimeSample> seeded;
    for (int i = 0; i < 7; ++i)
        seeded.append({t0.addSecs(i), i % 2 == 0, i, 200});
    monitor.addSamples(seeded);
    QCOMPARE(monitor.samples(), seeded.mid(4));
    monitor.setTarget(m_server.url(u"/ok"_s));
    monitor.setInterval(200);
    QSignalSpy spy(&monitor, &UptimeMonitor::sampleRecorded);
    monitor.start();
    QTRY_VERIFY(spy.size() >= 4);
    monitor.stop();
    const QList<UptimeSample> kept = monitor.samples();
    QCOMPARE(kept.size(), 3);
    QVERIFY(kept.at(0).at <= kept.at(1).at && kept.at(1).at <= kept.at(2).at);
    QCOMPARE(kept.last(), spy.last().first().value<UptimeSample>());
}

void TestUptimeProbe::probeReadsTheMonitorsSamples()
{
    UptimeMonitor monitor(&m_nam);
    monitor.setTarget(m_server.url(u"/ok"_s));
    monitor.setInterval(200);
    QSignalSpy samplesSpy(&monitor, &UptimeMonitor::sampleRecorded);
    monitor.start();
    QTRY_VERIFY(samplesSpy.size() >= 3);
    monitor.stop();

    ProbeRequest request;
    request.itemId = u"mon.uptime"_s;
    request.spec.kind = u"uptime"_s;
    request.spec.params = {{u"window"_s, 60000}, {u"target"_s, 99.0}};
    const auto runWith = [&](const ProbeContext &context) {
        StandardProbeFactory factory(&m_nam, context);
        ProbeEngine engine(&factory);
        QSignalSpy spy(&engine, &ProbeEngine::resultReady);
        engine.enqueue({request});
        return spy.wait(5000) ? spy.first().first().value<ProbeResult>() : ProbeResult::error(request.itemId, u"no result"_s);
    };
    ProbeContext context;
    const ProbeResult none = runWith(context);
    QCOMPARE(none.status, Status::NotReported);
    QVERIFY(none.summary.startsWith(u"no uptime samples yet"_s));

    context.uptimeSamples = [&monitor] { return monitor.samples(); };
    const ProbeResult r = runWith(context);
    QVERIFY2(r.status == Status::Warn, qPrintable(r.summary)); // a few ms of samples in a 1-minute window
    QVERIFY2(r.summary.startsWith(u"uptime 100 % over"_s), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"samples"_s).toInt(), monitor.samples().size());
}

QTEST_GUILESS_MAIN(TestUptimeProbe)
#include "TestUptimeProbe.moc"
