// SPDX-License-Identifier: GPL-3.0-or-later
#include "CorsPolicyServer.h"
#include "HostileHttpServer.h"
#include "demo/DemoService.h"
#include "probes/CorsEvaluation.h"
#include "probes/CorsProbe.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using CorsEvaluation::OriginKind;
using CorsEvaluation::Verdict;

Q_DECLARE_METATYPE(CorsPolicyServer::Policy)
Q_DECLARE_METATYPE(CorsEvaluation::OriginKind)
Q_DECLARE_METATYPE(CorsEvaluation::Verdict)

/** The cors probe against local servers with right and wrong CORS policies, the demo service, and its pure evaluation. */
class TestCorsProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void policies_data();
    void policies();
    void sendsPreflightsAndSimpleRequestsOneAtATime();
    void demoServiceAcceptsALookAlike();
    void credentialsParamNeedsAllowCredentials();
    void customConditionsUseThePlaceholders();
    void silentServerTimesOut();
    void cancelFinishesAtOnce();
    void endlessBodiesAreCut();
    void badSpecIsAnError();
    void lookAlikes_data();
    void lookAlikes();
    void originsToTryHasEveryKindOnce();
    void judge_data();
    void judge();
    void varyHasOrigin_data();
    void varyHasOrigin();

private:
    ProbeResult run(const QVariantMap &params, const QStringList &conditions = {});
    static QString describe(const ProbeResult &r) { return StatusText::toString(r.status) + u": "_s + r.summary; }

    QNetworkAccessManager m_nam;
    CorsPolicyServer m_server;
};

namespace {
const QString ALLOWED = u"https://app.example.com"_s;
} // namespace

void TestCorsProbe::initTestCase()
{
    QVERIFY(m_server.start());
}

ProbeResult TestCorsProbe::run(const QVariantMap &params, const QStringList &conditions)
{
    StandardProbeFactory factory(&m_nam, {});
    ProbeEngine engine(&factory);
    ProbeRequest request;
    request.itemId = u"infra.cors"_s;
    request.spec.kind = u"cors"_s;
    request.spec.params = params;
    request.conditions = conditions;
    request.deadlineMs = 20000;
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({request});
    if (spy.isEmpty() && !spy.wait(25000))
        return ProbeResult::error(request.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestCorsProbe::policies_data()
{
    QTest::addColumn<CorsPolicyServer::Policy>("policy");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("failingCondition");
    using P = CorsPolicyServer::Policy;
    QTest::newRow("correct") << P::Correct << Status::Pass
                             << u"allowed origins echoed with Vary: Origin; foreign, null and 5 look-alike origins refused (16 requests)"_s
                             << QString();
    QTest::newRow("wildcard with credentials")
        << P::WildcardWithCredentials << Status::Fail
        << u"answers Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true"_s << u"[WILDCARD] == false"_s;
    QTest::newRow("reflects any origin") << P::ReflectAny << Status::Fail
                                         << u"reflects any origin (https://liftoff-probe.invalid) with credentials allowed"_s
                                         << u"[REFLECTS_ANY] == false"_s;
    QTest::newRow("null allowed") << P::NullAllowed << Status::Fail << u"allows the origin null"_s
                                  << u"[NULL_ALLOWED] == false"_s;
    QTest::newRow("suffix look-alike") << P::SuffixLookAlike << Status::Fail
                                       << u"accepts look-alike origin https://evil-app.example.com (and 2 more: "
                                          u"https://evilapp.example.com, http://app.example.com)"_s
                                       << u"[LOOKALIKES_ACCEPTED] == 0"_s;
    QTest::newRow("missing Vary") << P::MissingVary << Status::Fail
                                  << u"echoes https://app.example.com without Vary: Origin (preflight)"_s
                                  << u"[VARY_ORIGIN] == true"_s;
    QTest::newRow("no CORS at all") << P::NoCors << Status::Fail
                                    << u"does not echo the allowed origin https://app.example.com (preflight answered 204 "
                                       u"without Access-Control-Allow-Origin)"_s
                                    << u"[ALLOWED_OK] == true"_s;
}

void TestCorsProbe::policies()
{
    QFETCH(CorsPolicyServer::Policy, policy);
    QFETCH(Status, expected);
    QFETCH(QString, summary);
    QFETCH(QString, failingCondition);
    m_server.setPolicy(policy, ALLOWED.toUtf8());
    const ProbeResult r = run({{u"url"_s, m_server.url(u"/v1/chat"_s).toString()}, {u"allowed"_s, QStringList {ALLOWED}}});
    QVERIFY2(r.status == expected, qPrintable(describe(r)));
    QVERIFY2(r.summary.startsWith(summary), qPrintable(r.summary));
    QCOMPARE(r.itemId, u"infra.cors"_s);
    QCOMPARE(r.conditions.size(), 7);
    for (const QJsonValue &c : r.conditions) {
        const QJsonObject condition = c.toObject();
        const bool shouldFail = condition.value(u"expr"_s).toString() == failingCondition;
        if (shouldFail)
            QVERIFY2(!condition.value(u"ok"_s).toBool(), qPrintable(condition.value(u"expr"_s).toString()));
    }
    const QJsonArray table = r.evidence.value(u"requests"_s).toArray();
    QCOMPARE(table.size(), 16);
    const QJsonObject first = table.first().toObject();
    QCOMPARE(first.value(u"origin"_s).toString(), ALLOWED);
    QCOMPARE(first.value(u"kind"_s).toString(), u"allowed"_s);
    QCOMPARE(first.value(u"request"_s).toString(), u"preflight"_s);
    for (const QString &column : {u"status"_s, u"acao"_s, u"acac"_s, u"vary"_s, u"verdict"_s})
        QVERIFY2(first.contains(column), qPrintable(column));
}

void TestCorsProbe::sendsPreflightsAndSimpleRequestsOneAtATime()
{
    m_server.setPolicy(CorsPolicyServer::Policy::Correct, ALLOWED.toUtf8());
    const ProbeResult r = run({{u"url"_s, m_server.url(u"/v1/chat"_s).toString()}, {u"allowed"_s, QStringList {ALLOWED}}});
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(m_server.requests().size(), 16);
    QCOMPARE(m_server.maxOpen(), 1);
    QCOMPARE(m_server.requests().at(0).method, QByteArray("OPTIONS"));
    QCOMPARE(m_server.requests().at(1).method, QByteArray("GET"));
    QSet<QByteArray> origins;
    for (const auto &request : m_server.requests())
        origins.insert(request.origin);
    for (const QByteArray origin : {"https://app.example.com", "https://liftoff-probe.invalid", "null",
                                    "https://evil-app.example.com", "https://app.example.com.attacker.invalid",
                                    "https://appxexample.com", "http://app.example.com"})
        QVERIFY2(origins.contains(origin), origin.constData());
}

void TestCorsProbe::demoServiceAcceptsALookAlike()
{
    DemoServiceOptions options;
    DemoService demo(options);
    QVERIFY2(demo.start(0), qPrintable(demo.errorString()));
    const ProbeResult r = run({{u"url"_s, QString(demo.baseUrl().toString() + u"/v1/chat"_s)},
                               {u"allowed"_s, QStringList {options.allowedOrigin}}});
    QVERIFY2(r.status == Status::Fail, qPrintable(describe(r)));
    QVERIFY2(r.summary.startsWith(u"accepts look-alike origin https://evil-app.demo.test"_s), qPrintable(r.summary));
    // The allowed origin itself is served right: the defect is the look-alike alone.
    for (const QJsonValue &c : r.conditions) {
        const QJsonObject condition = c.toObject();
        const QString expr = condition.value(u"expr"_s).toString();
        QCOMPARE(condition.value(u"ok"_s).toBool(), expr != u"[LOOKALIKES_ACCEPTED] == 0"_s && expr != u"[REJECTED_OK] == true"_s);
    }
}

void TestCorsProbe::credentialsParamNeedsAllowCredentials()
{
    m_server.setPolicy(CorsPolicyServer::Policy::Correct, ALLOWED.toUtf8());
    const ProbeResult r = run({{u"url"_s, m_server.url().toString()},
                               {u"allowed"_s, QStringList {ALLOWED}},
                               {u"credentials"_s, true}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.startsWith(u"allowed origin https://app.example.com gets no Access-Control-Allow-Credentials: true"_s),
             qPrintable(r.summary));
}

void TestCorsProbe::customConditionsUseThePlaceholders()
{
    m_server.setPolicy(CorsPolicyServer::Policy::SuffixLookAlike, ALLOWED.toUtf8());
    const QVariantMap params {{u"url"_s, m_server.url().toString()}, {u"allowed"_s, QStringList {ALLOWED}}};
    const ProbeResult loose = run(params, {u"[LOOKALIKES_ACCEPTED] == 3"_s, u"[ALLOWED_OK] == true"_s,
                                           u"[REJECTED_OK] == false"_s, u"[NULL_ALLOWED] == false"_s});
    QVERIFY2(loose.status == Status::Pass, qPrintable(describe(loose)));
    const ProbeResult strict = run(params, {u"[LOOKALIKES_ACCEPTED] < 1"_s});
    QCOMPARE(strict.status, Status::Fail);
    QVERIFY2(strict.summary.contains(u"[LOOKALIKES_ACCEPTED] < 1 (actual 3)"_s), qPrintable(strict.summary));
}

void TestCorsProbe::silentServerTimesOut()
{
    HostileHttpServer hostile;
    QVERIFY(hostile.start());
    const ProbeResult r = run({{u"url"_s, hostile.url(u"/silent"_s).toString()},
                               {u"allowed"_s, QStringList {ALLOWED}},
                               {u"timeout"_s, 300}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"only 0 of 16 requests answered: no complete answers within 300 ms"_s), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"incomplete"_s).toString(), u"no complete answers within 300 ms"_s);
}

void TestCorsProbe::cancelFinishesAtOnce()
{
    HostileHttpServer hostile;
    QVERIFY(hostile.start());
    ProbeRequest request;
    request.itemId = u"infra.cors"_s;
    request.spec.kind = u"cors"_s;
    request.spec.params = {{u"url"_s, hostile.url(u"/silent"_s).toString()}, {u"allowed"_s, QStringList {ALLOWED}}};
    StandardProbeFactory factory(&m_nam, {});
    QString error;
    std::unique_ptr<Probe> probe = factory.create(request, &error);
    QVERIFY2(probe, qPrintable(error));
    QVERIFY(qobject_cast<CorsProbe *>(probe.get()));
    QSignalSpy spy(probe.get(), &Probe::finished);
    probe->start();
    QTRY_COMPARE(hostile.requests().size(), 1);
    probe->cancel();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().first().value<ProbeResult>().summary, u"cancelled"_s);
    probe->cancel();
    QCOMPARE(spy.size(), 1);
}

void TestCorsProbe::endlessBodiesAreCut()
{
    HostileHttpServer hostile;
    QVERIFY(hostile.start());
    const ProbeResult r = run({{u"url"_s, hostile.url(u"/endless"_s).toString()},
                               {u"allowed"_s, QStringList {ALLOWED}},
                               {u"timeout"_s, 8000}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.startsWith(u"does not echo the allowed origin https://app.example.com"_s), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"requests"_s).toArray().size(), 16);
    QVERIFY(!r.evidence.contains(u"incomplete"_s));
}

void TestCorsProbe::badSpecIsAnError()
{
    const ProbeResult noOrigins = run({{u"url"_s, m_server.url().toString()}});
    QCOMPARE(noOrigins.status, Status::Error);
    QVERIFY2(noOrigins.summary.contains(u"no allowed origins"_s), qPrintable(noOrigins.summary));
    const ProbeResult badUrl = run({{u"url"_s, u"ftp://127.0.0.1/"_s}, {u"allowed"_s, QStringList {ALLOWED}}});
    QCOMPARE(badUrl.status, Status::Error);
    QVERIFY2(badUrl.summary.contains(u"not an http(s) URL"_s), qPrintable(badUrl.summary));
}

void TestCorsProbe::lookAlikes_data()
{
    QTest::addColumn<QString>("allowed");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("https") << ALLOWED
                           << QStringList {u"https://evil-app.example.com"_s, u"https://evilapp.example.com"_s,
                                           u"https://app.example.com.attacker.invalid"_s, u"https://appxexample.com"_s,
                                           u"http://app.example.com"_s};
    QTest::newRow("port") << u"https://app.example.com:8443"_s
                          << QStringList {u"https://evil-app.example.com:8443"_s, u"https://evilapp.example.com:8443"_s,
                                          u"https://app.example.com.attacker.invalid:8443"_s,
                                          u"https://appxexample.com:8443"_s, u"http://app.example.com:8443"_s};
    QTest::newRow("http, single label") << u"http://localhost:3000"_s
                                        << QStringList {u"http://evil-localhost:3000"_s, u"http://evillocalhost:3000"_s,
                                                        u"http://localhost.attacker.invalid:3000"_s};
    QTest::newRow("ip address") << u"https://10.0.0.1"_s
                                << QStringList {u"https://evil-10.0.0.1"_s, u"https://evil10.0.0.1"_s,
                                                u"https://10.0.0.1.attacker.invalid"_s, u"http://10.0.0.1"_s};
    QTest::newRow("not an origin") << u"app.example.com"_s << QStringList {};
    QTest::newRow("null") << u"null"_s << QStringList {};
}

void TestCorsProbe::lookAlikes()
{
    QFETCH(QString, allowed);
    QFETCH(QStringList, expected);
    QCOMPARE(CorsEvaluation::lookAlikesOf(allowed), expected);
}

void TestCorsProbe::originsToTryHasEveryKindOnce()
{
    // The second allowed origin is also a look-alike of the first: it stays allowed.
    const QList<CorsEvaluation::Origin> origins
        = CorsEvaluation::originsToTry({ALLOWED, u"http://app.example.com"_s, ALLOWED});
    QStringList names;
    for (const auto &o : origins)
        names.append(o.origin);
    QCOMPARE(names.size(), QSet<QString>(names.begin(), names.end()).size());
    QCOMPARE(origins.at(0).kind, OriginKind::Allowed);
    QCOMPARE(origins.at(1).origin, u"http://app.example.com"_s);
    QCOMPARE(origins.at(1).kind, OriginKind::Allowed);
    QCOMPARE(origins.at(2).origin, CorsEvaluation::FOREIGN_ORIGIN);
    QCOMPARE(origins.at(3).origin, u"null"_s);
    QCOMPARE(origins.at(3).kind, OriginKind::Null);
    QVERIFY(names.contains(u"http://evil-app.example.com"_s));
}

void TestCorsProbe::judge_data()
{
    QTest::addColumn<OriginKind>("kind");
    QTest::addColumn<bool>("preflight");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("acao");
    QTest::addColumn<QByteArray>("acac");
    QTest::addColumn<QByteArray>("vary");
    QTest::addColumn<bool>("credentials");
    QTest::addColumn<Verdict>("expected");
    const QByteArray origin = ALLOWED.toUtf8();
    const auto A = OriginKind::Allowed;
    const auto L = OriginKind::LookAlike;
    QTest::newRow("allowed ok") << A << true << 204 << origin << QByteArray() << QByteArray("Origin") << false << Verdict::Ok;
    QTest::newRow("allowed vary list") << A << false << 200 << origin << QByteArray() << QByteArray("Accept-Encoding, origin")
                                       << false << Verdict::Ok;
    QTest::newRow("allowed no vary") << A << false << 200 << origin << QByteArray() << QByteArray("Accept")
                                     << false << Verdict::MissingVary;
    QTest::newRow("allowed case differs") << A << false << 200 << QByteArray("https://APP.example.com") << QByteArray()
                                          << QByteArray("Origin") << false << Verdict::NotEchoed;
    QTest::newRow("allowed trailing slash") << A << false << 200 << QByteArray("https://app.example.com/") << QByteArray()
                                            << QByteArray("Origin") << false << Verdict::NotEchoed;
    QTest::newRow("allowed wildcard") << A << false << 200 << QByteArray("*") << QByteArray() << QByteArray()
                                      << false << Verdict::Wildcard;
    QTest::newRow("allowed wildcard creds") << A << false << 200 << QByteArray("*") << QByteArray("true") << QByteArray()
                                            << false << Verdict::WildcardWithCredentials;
    QTest::newRow("allowed preflight 403") << A << true << 403 << origin << QByteArray() << QByteArray("Origin")
                                           << false << Verdict::PreflightRejected;
    QTest::newRow("allowed simple 405") << A << false << 405 << QByteArray() << QByteArray() << QByteArray()
                                        << false << Verdict::NotApplicable;
    QTest::newRow("allowed simple 500") << A << false << 500 << QByteArray() << QByteArray() << QByteArray()
                                        << false << Verdict::NotEchoed;
    QTest::newRow("allowed creds needed") << A << false << 200 << origin << QByteArray("TRUE") << QByteArray("Origin")
                                          << true << Verdict::CredentialsMissing;
    QTest::newRow("allowed creds ok") << A << false << 200 << origin << QByteArray("true") << QByteArray("Origin")
                                      << true << Verdict::Ok;
    QTest::newRow("allowed no answer") << A << false << 0 << QByteArray() << QByteArray() << QByteArray()
                                       << false << Verdict::NoAnswer;
    const QByteArray evil = "https://evil-app.example.com";
    QTest::newRow("look-alike refused") << L << false << 200 << QByteArray() << QByteArray() << QByteArray("Origin")
                                        << false << Verdict::Ok;
    QTest::newRow("look-alike echoed") << L << false << 200 << evil << QByteArray() << QByteArray("Origin")
                                       << false << Verdict::Accepted;
    QTest::newRow("look-alike echoed, preflight 403") << L << true << 403 << evil << QByteArray() << QByteArray()
                                                      << false << Verdict::Ok;
    QTest::newRow("look-alike gets other origin") << L << false << 200 << origin << QByteArray() << QByteArray("Origin")
                                                  << false << Verdict::Ok;
    QTest::newRow("look-alike wildcard") << L << false << 200 << QByteArray("*") << QByteArray() << QByteArray()
                                         << false << Verdict::Ok;
    QTest::newRow("look-alike wildcard creds") << L << false << 200 << QByteArray("*") << QByteArray("true") << QByteArray()
                                               << false << Verdict::WildcardWithCredentials;
}

void TestCorsProbe::judge()
{
    QFETCH(OriginKind, kind);
    QFETCH(bool, preflight);
    QFETCH(int, status);
    QFETCH(QByteArray, acao);
    QFETCH(QByteArray, acac);
    QFETCH(QByteArray, vary);
    QFETCH(bool, credentials);
    QFETCH(Verdict, expected);
    CorsEvaluation::Exchange e;
    e.origin = kind == OriginKind::Allowed ? ALLOWED : u"https://evil-app.example.com"_s;
    e.kind = kind;
    e.preflight = preflight;
    e.method = preflight ? u"OPTIONS"_s : u"GET"_s;
    e.status = status;
    e.allowOrigin = acao;
    e.allowCredentials = acac;
    e.vary = vary;
    const Verdict verdict = CorsEvaluation::judge(e, credentials);
    QVERIFY2(verdict == expected, qPrintable(CorsEvaluation::verdictText(verdict)));
}

void TestCorsProbe::varyHasOrigin_data()
{
    QTest::addColumn<QByteArray>("vary");
    QTest::addColumn<bool>("expected");
    QTest::newRow("Origin") << QByteArray("Origin") << true;
    QTest::newRow("lower") << QByteArray("origin") << true;
    QTest::newRow("list") << QByteArray("Accept-Encoding,  Origin ") << true;
    QTest::newRow("star") << QByteArray("*") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("prefix only") << QByteArray("Origin-Agent") << false;
    QTest::newRow("other") << QByteArray("Accept-Encoding") << false;
}

void TestCorsProbe::varyHasOrigin()
{
    QFETCH(QByteArray, vary);
    QFETCH(bool, expected);
    QCOMPARE(CorsEvaluation::varyHasOrigin(vary), expected);
}

QTEST_GUILESS_MAIN(TestCorsProbe)
#include "TestCorsProbe.moc"
