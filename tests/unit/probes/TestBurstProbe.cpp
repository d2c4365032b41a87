// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileHttpServer.h"
#include "demo/DemoService.h"
#include "probes/BurstEvaluation.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/** The burst probe: Retry-After and the stop rules as pure functions, then real local limiters. */
class TestBurstProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void parseRetryAfter_data();
    void parseRetryAfter();
    void stopRules_data();
    void stopRules();
    void keepsOnlyRateLimitHeaders();
    void noLimitIsAFailWithTheCount();
    void customConditionsUseBurstPlaceholders();
    void limiters_data();
    void limiters();
    void pacesEvenlyAndNeverExceedsMaxRequests();
    void neverSendsAfterTheWindow();
    void unreachableServiceIsAnError();
    void demoServiceLimiterPasses();

private:
    ProbeResult runOne(const QString &baseUrl, const QString &path, int maxRequests, qint64 withinMs,
                       const QStringList &conditions = {});
    int hits(const QString &mode) const { return m_hits.value(mode); }

    QHttpServer m_limiter;
    quint16 m_port = 0;
    QHash<QString, int> m_hits;
    HostileHttpServer m_hostile;
    QNetworkAccessManager m_nam;
};

void TestBurstProbe::initTestCase()
{
    // One route per limiter behaviour; each counts the requests it got.
    m_limiter.route(u"/<arg>"_s, QHttpServerRequest::Method::Post | QHttpServerRequest::Method::Get,
                    [this](const QString &mode, const QHttpServerRequest &) {
                        const int n = ++m_hits[mode];
                        if (mode == u"limit5" && n > 5) {
                            QHttpServerResponse r(QByteArray("{\"error\":\"slow down\"}"),
                                                  QHttpServerResponse::StatusCode::TooManyRequests);
                            r.addHeader("Retry-After", "7");
                            r.addHeader("RateLimit-Policy", "5;w=10");
                            r.addHeader("RateLimit", "limit=5, remaining=0, reset=7");
                            r.addHeader("X-RateLimit-Remaining", "0");
                            return r;
                        }
                        if (mode == u"limit-date" && n > 3) {
                            QHttpServerResponse r(QHttpServerResponse::StatusCode::TooManyRequests);
                            r.addHeader("Retry-After", QDateTime::currentDateTimeUtc().addSecs(120)
                                                           .toString(u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s)
                                                           .toLatin1());
                            return r;
                        }
                        if (mode == u"limit-no-retry" && n > 5)
                            return QHttpServerResponse(QHttpServerResponse::StatusCode::TooManyRequests);
                        if (mode == u"overload" && n > 5)
                            return QHttpServerResponse(QHttpServerResponse::StatusCode::ServiceUnavailable);
                        if (mode == u"retry-on-200" && n > 2) {
                            QHttpServerResponse r(QByteArray("{}"));
                            r.addHeader("Retry-After", "30");
                            return r;
                        }
                        if (mode == u"limit-403" && n > 4)
                            return QHttpServerResponse(QHttpServerResponse::StatusCode::Forbidden);
                        QHttpServerResponse r(QByteArray("{\"reply\":\"hi\"}"));
                        r.addHeader("X-RateLimit-Remaining", QByteArray::number(1000 - n));
                        return r;
                    });
    m_port = m_limiter.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
    QVERIFY(m_hostile.start());
}

void TestBurstProbe::init()
{
    m_hits.clear();
}

ProbeResult TestBurstProbe::runOne(const QString &baseUrl, const QString &path, int maxRequests, qint64 withinMs,
                                   const QStringList &conditions)
{
    ProbeRequest r;
    r.itemId = u"cost.rate-limiting"_s;
    r.spec.kind = u"burst"_s;
    r.spec.params = {{u"url"_s, QString(u"{url}"_s + path)},
                     {u"method"_s, u"POST"_s},
                     {u"body"_s, QVariantMap {{u"message"_s, u"hi"_s}}},
                     {u"max_requests"_s, maxRequests},
                     {u"within"_s, withinMs},
                     {u"timeout"_s, 3000}};
    r.conditions = conditions;
    r.deadlineMs = withinMs + 10000;
    ProbeContext context;
    context.baseUrl = baseUrl;
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({r});
    if (spy.isEmpty() && !spy.wait(static_cast<int>(withinMs + 15000)))
        return ProbeResult::error(r.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestBurstProbe::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected"); // -1: malformed

    QTest::newRow("seconds") << QByteArray("120") << qint64(120);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("spaces") << QByteArray(" 5 ") << qint64(5);
    QTest::newRow("imf-fixdate") << QByteArray("Thu, 26 Nov 2026 12:01:40 GMT") << qint64(100);
    QTest::newRow("rfc850") << QByteArray("Thursday, 26-Nov-26 12:01:40 GMT") << qint64(100);
    QTest::newRow("asctime") << QByteArray("Thu Nov 26 12:01:40 2026") << qint64(100);
    QTest::newRow("date in the past") << QByteArray("Thu, 26 Nov 2026 11:00:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("absurd") << QByteArray("99999999999999999999") << qint64(-1);
}

void TestBurstProbe::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2026, 11, 26), QTime(12, 0, 0), Qt::UTC);
    const std::optional<qint64> seconds = BurstEvaluation::parseRetryAfter(value, now);
    QCOMPARE(seconds.value_or(-1), expected);
}

void TestBurstProbe::stopRules_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("expect");
    QTest::addColumn<bool>("retryAfter");
    QTest::addColumn<int>("stop");

    using S = BurstEvaluation::Stop;
    QTest::newRow("200 goes on") << 200 << 429 << false << int(S::None);
    QTest::newRow("500 goes on") << 500 << 429 << false << int(S::None);
    QTest::newRow("429 expected") << 429 << 429 << true << int(S::Expected);
    QTest::newRow("503 stops") << 503 << 429 << false << int(S::Overloaded);
    QTest::newRow("503 expected") << 503 << 503 << true << int(S::Expected);
    QTest::newRow("429 when 403 expected") << 429 << 403 << false << int(S::OtherLimit);
    QTest::newRow("retry-after on 200") << 200 << 429 << true << int(S::RetryAfter);
    QTest::newRow("no answer") << 0 << 429 << false << int(S::NetworkError);
}

void TestBurstProbe::stopRules()
{
    QFETCH(int, status);
    QFETCH(int, expect);
    QFETCH(bool, retryAfter);
    QFETCH(int, stop);
    BurstEvaluation::Answer answer;
    answer.status = status;
    QCOMPARE(int(BurstEvaluation::stopAfter(answer, expect, retryAfter)), stop);
}

void TestBurstProbe::keepsOnlyRateLimitHeaders()
{
    const QJsonObject kept = BurstEvaluation::limitHeaders(
        {{"Content-Type", "application/json"}, {"RateLimit", "limit=5, remaining=0, reset=7"},
         {"X-RateLimit-Limit", "5"}, {"Set-Cookie", "session=secret"}, {"Retry-After", "7"},
         {"RateLimit-Policy", QByteArray(1000, 'x')}});
    QCOMPARE(kept.value(u"ratelimit"_s).toString(), u"limit=5, remaining=0, reset=7"_s);
    QCOMPARE(kept.value(u"x-ratelimit-limit"_s).toString(), u"5"_s);
    QCOMPARE(kept.value(u"retry-after"_s).toString(), u"7"_s);
    QVERIFY(!kept.contains(u"set-cookie"_s));
    QVERIFY(!kept.contains(u"content-type"_s));
    QCOMPARE(kept.value(u"ratelimit-policy"_s).toString().size(), 300);
}

void TestBurstProbe::noLimitIsAFailWithTheCount()
{
    BurstEvaluation::Observation o;
    o.method = u"POST"_s;
    o.maxRequests = 3;
    o.windowMs = 1000;
    o.answers = {{200, 5, {}}, {200, 5, {}}, {500, 5, {}}};
    const ProbeResult r = BurstEvaluation::evaluate(o, {});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.startsWith(u"no limit seen within 3 requests"_s), qPrintable(r.summary));
    QVERIFY(r.summary.contains(u"200×2"_s));
    QCOMPARE(r.evidence.value(u"statuses"_s).toObject().value(u"500"_s).toInt(), 1);
    QVERIFY(!r.evidence.contains(u"limitedAt"_s));
}

void TestBurstProbe::customConditionsUseBurstPlaceholders()
{
    BurstEvaluation::Observation o;
    o.maxRequests = 60;
    o.windowMs = 10000;
    o.answers = QList<BurstEvaluation::Answer>(25, {200, 1, {}});
    o.answers.append({429, 1, {}});
    o.stop = BurstEvaluation::Stop::Expected;
    o.retryAfter = u"3"_s;
    o.retryAfterSeconds = 3;
    QCOMPARE(BurstEvaluation::evaluate(o, {}).status, Status::Pass);
    const ProbeResult strict = BurstEvaluation::evaluate(o, {u"[LIMITED_AT] <= 20"_s, u"[RETRY_AFTER] > 0"_s});
    QCOMPARE(strict.status, Status::Fail);
    QVERIFY2(strict.summary.contains(u"[LIMITED_AT] <= 20 (actual 26)"_s), qPrintable(strict.summary));
    const ProbeResult loose = BurstEvaluation::evaluate(o, {u"[REQUESTS] == 26"_s, u"[RETRY_AFTER] == 3"_s});
    QCOMPARE(loose.status, Status::Pass);
}

void TestBurstProbe::limiters_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("maxRequests");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<int>("sent");
    QTest::addColumn<QString>("summaryContains");

    QTest::newRow("limits at 5") << u"limit5"_s << 20 << Status::Pass << 6 << u"429 after 6 requests"_s;
    QTest::newRow("limit with HTTP date") << u"limit-date"_s << 20 << Status::Pass << 4 << u"Retry-After"_s;
    QTest::newRow("429 without Retry-After") << u"limit-no-retry"_s << 20 << Status::Pass << 6
                                             << u"no Retry-After"_s;
    QTest::newRow("never limits") << u"never"_s << 12 << Status::Fail << 12 << u"no limit seen within 12 requests"_s;
    QTest::newRow("503 instead") << u"overload"_s << 20 << Status::Fail << 6 << u"answered 503 at request 6"_s;
    QTest::newRow("Retry-After on 200") << u"retry-on-200"_s << 20 << Status::Fail << 3
                                        << u"stopped without seeing 429"_s;
}

void TestBurstProbe::limiters()
{
    QFETCH(QString, mode);
    QFETCH(int, maxRequests);
    QFETCH(Status, expected);
    QFETCH(int, sent);
    QFETCH(QString, summaryContains);

    const ProbeResult r = runOne(u"http://127.0.0.1:%1"_s.arg(m_port), u"/"_s + mode, maxRequests, 2000);
    QVERIFY2(r.summary.contains(summaryContains), qPrintable(r.summary));
    QCOMPARE(r.status, expected);
    QCOMPARE(r.evidence.value(u"requestsSent"_s).toInt(), sent);
    // Nothing is sent after the stopping answer: the server saw exactly what the probe reports.
    QCOMPARE(hits(mode), sent);
    if (mode == u"limit5") {
        QCOMPARE(r.evidence.value(u"limitedAt"_s).toInt(), 6);
        QCOMPARE(r.evidence.value(u"retryAfter"_s).toString(), u"7"_s);
        QCOMPARE(r.evidence.value(u"retryAfterSeconds"_s).toInt(), 7);
        const QJsonObject headers = r.evidence.value(u"rateLimitHeaders"_s).toObject();
        QCOMPARE(headers.value(u"ratelimit-policy"_s).toString(), u"5;w=10"_s);
        QCOMPARE(headers.value(u"x-ratelimit-remaining"_s).toString(), u"0"_s);
        QCOMPARE(r.evidence.value(u"statuses"_s).toObject().value(u"200"_s).toInt(), 5);
        QCOMPARE(r.evidence.value(u"statuses"_s).toObject().value(u"429"_s).toInt(), 1);
        QVERIFY(r.evidence.contains(u"elapsedMs"_s));
    }
    if (mode == u"limit-date") {
        const int seconds = r.evidence.value(u"retryAfterSeconds"_s).toInt();
        QVERIFY2(seconds >= 110 && seconds <= 120, qPrintable(QString::number(seconds)));
    }
}

void TestBurstProbe::pacesEvenlyAndNeverExceedsMaxRequests()
{
    // 10 requests within 600 ms: paced every 60 ms, so the 10th leaves after 540 ms at the earliest.
    const ProbeResult r = runOne(u"http://127.0.0.1:%1"_s.arg(m_port), u"/never"_s, 10, 600);
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(hits(u"never"_s), 10);
    QVERIFY2(r.evidence.value(u"elapsedMs"_s).toInteger() >= 540, qPrintable(r.summary));
    QVERIFY(!r.evidence.contains(u"windowEnded"_s));
}

void TestBurstProbe::neverSendsAfterTheWindow()
{
    // Each answer takes 150 ms: within 500 ms only a few of the 1000 allowed requests can go out.
    const ProbeResult r = runOne(m_hostile.url().toString(), u"/delay/150"_s, 1000, 500);
    QCOMPARE(r.status, Status::Fail);
    const int sent = r.evidence.value(u"requestsSent"_s).toInt();
    QVERIFY2(sent >= 2 && sent <= 4, qPrintable(r.summary));
    QVERIFY(r.evidence.value(u"windowEnded"_s).toBool());
    QVERIFY2(r.summary.contains(u"window ended before all 1000 were sent"_s), qPrintable(r.summary));
    qsizetype delayed = 0;
    for (const HostileHttpServer::Request &request : m_hostile.requests())
        delayed += request.path == "/delay/150" ? 1 : 0;
    QCOMPARE(delayed, qsizetype(sent));
    QVERIFY(m_hostile.requests().last().headers.value("user-agent").contains("rate-limit burst probe"));
}

void TestBurstProbe::unreachableServiceIsAnError()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    const ProbeResult r = runOne(u"http://127.0.0.1:%1"_s.arg(port), u"/v1/chat"_s, 5, 1000);
    QCOMPARE(r.status, Status::Error);
    QCOMPARE(r.evidence.value(u"requestsSent"_s).toInt(), 1);
}

void TestBurstProbe::demoServiceLimiterPasses()
{
    DemoService demo(DemoServiceOptions {});
    QVERIFY2(demo.start(0), qPrintable(demo.errorString()));
    // The spec's example: 60 requests within 10 s; the demo allows 20 per 10 s per client.
    const ProbeResult r = runOne(demo.baseUrl().toString(), u"/v1/chat"_s, 60, 10000);
    QVERIFY2(r.status == Status::Pass, qPrintable(r.summary));
    const int k = r.evidence.value(u"limitedAt"_s).toInt();
    QVERIFY2(k > 20 && k <= 60, qPrintable(r.summary));
    QVERIFY(r.evidence.value(u"retryAfterSeconds"_s).toInt() >= 0);
    QVERIFY(r.evidence.value(u"elapsedMs"_s).toInteger() < 10000);
}

QTEST_GUILESS_MAIN(TestBurstProbe)
#include "TestBurstProbe.moc"
