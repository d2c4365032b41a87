// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileHttpServer.h"
#include "config/ConfigLoader.h"
#include "config/ProjectConfig.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"
#include "probes/FallbackModelProbe.h"
#include "probes/FallbackSmokeEvaluation.h"
#include "probes/ModelsCheck.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"

#include <QDir>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
using Verdict = FallbackSmokeEvaluation::Outcome::Verdict;
using StatusCode = QHttpServerResponse::StatusCode;

const QString PINNED = u"claude-sonnet-4-5-20250929"_s;
/** A bearer value shaped like a provider key; made up, used only against the local fixture. */
const QByteArray SECRET = "Bearer sk-fallback-smoke-" + QByteArray("5f1e9c2a7b3d4e60");

/** What the fixture saw of the last request. */
struct Seen
{
    QByteArray path;
    QByteArray body;
    QByteArray authorization;
    QByteArray appToken;
};
} // namespace

/**
 * api.fallback-model's smoke call: the pure verdict, the combined status, and the probe against a
 * QtHttpServer fixture, the hostile server (a fallback that never answers) and the demo service.
 */
class TestFallbackModelProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void evaluate_data();
    void evaluate();
    void rejectsOutputsThatAreNoPlaceholders();
    void excerptRedactsBeforeCutting();
    void combinedStatus_data();
    void combinedStatus();

    void answeringFallbackPasses();
    void serverErrorFails();
    void emptyAnswerFails();
    void nonJsonAnswerSaysSo();
    void redirectIsNotFollowed();
    void neverAnsweringFallbackFailsAtTheDeadline();
    void secretHeaderNeverReachesTheResult();
    void unreadableSecretIsAnErrorAndSendsNothing();
    void environmentHeadersStayOnTheirOrigin();
    void smokeParamFalseSkipsTheCall();
    void floatingFallbackFailsEvenWhenItAnswers();
    void demoProjectFallbackAnswers();

private:
    ProbeResult run(const ProjectConfig &project, const QVariantMap &params = {}, const QString &baseUrl = {});
    std::shared_ptr<ProjectConfig> projectFor(const QString &url, const QString &output = u"[BODY].reply"_s) const;

    QHttpServer m_server;
    quint16 m_port = 0;
    Seen m_seen;
    HostileHttpServer m_hostile;
    QNetworkAccessManager m_nam;
};

void TestFallbackModelProbe::initTestCase()
{
    const auto record = [this](const QHttpServerRequest &request) {
        m_seen.path = request.url().path().toUtf8();
        m_seen.body = request.body();
        m_seen.authorization = request.value("Authorization");
        m_seen.appToken = request.value("X-App-Token");
    };
    m_server.route(u"/answer"_s, [record](const QHttpServerRequest &request) {
        record(request);
        return QHttpServerResponse(QJsonObject {{u"reply"_s, u"Hello from the fallback model."_s}});
    });
    m_server.route(u"/nested"_s, [record](const QHttpServerRequest &request) {
        record(request);
        const QJsonObject message {{u"role"_s, u"assistant"_s}, {u"content"_s, u"Hi!"_s}};
        return QHttpServerResponse(
            QJsonObject {{u"choices"_s, QJsonArray {QJsonObject {{u"message"_s, message}}}}});
    });
    m_server.route(u"/empty"_s, [record](const QHttpServerRequest &request) {
        record(request);
        return QHttpServerResponse(QJsonObject {{u"reply"_s, u"   "_s}});
    });
    m_server.route(u"/error"_s, [record](const QHttpServerRequest &request) {
        record(request);
        return QHttpServerResponse(QJsonObject {{u"error"_s, u"upstream model unavailable"_s}},
                                   StatusCode::InternalServerError);
    });
    m_server.route(u"/text"_s, [record](const QHttpServerRequest &request) {
        record(request);
        return QHttpServerResponse(QByteArray("text/plain"), QByteArray("plain words, no JSON"));
    });
    m_server.route(u"/moved"_s, [record](const QHttpServerRequest &request) {
        record(request);
        QHttpServerResponse response(StatusCode::Found);
        response.addHeader("Location", "/answer");
        return response;
    });
    // Echoes the Authorization header inside the answer, after enough text that a 200-character cut
    // would fall in the middle of it: the excerpt must be redacted before it is cut.
    m_server.route(u"/echo"_s, [record](const QHttpServerRequest &request) {
        record(request);
        const QString reply = QString(190, u'x') + u" you sent "_s + QString::fromUtf8(request.value("Authorization"));
        return QHttpServerResponse(QJsonObject {{u"reply"_s, reply}});
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
    QVERIFY(m_hostile.start());
    qputenv("TEST_FALLBACK_SMOKE_TOKEN", SECRET);
    qunsetenv("TEST_FALLBACK_SMOKE_MISSING");
}

void TestFallbackModelProbe::init()
{
    m_seen = {};
}

std::shared_ptr<ProjectConfig> TestFallbackModelProbe::projectFor(const QString &url, const QString &output) const
{
    auto project = std::make_shared<ProjectConfig>();
    project->name = u"fallback-test"_s;
    project->models.fallback = PINNED;
    HttpTargetConfig target;
    target.url = url;
    target.body = QVariantMap {{u"message"_s, u"{input}"_s}, {u"meta"_s, QVariantList {u"v={version}"_s}}};
    target.output = output;
    target.timeoutMs = 5000;
    project->models.fallbackProbe = target;
    return project;
}

ProbeResult TestFallbackModelProbe::run(const ProjectConfig &project, const QVariantMap &params, const QString &baseUrl)
{
    ProbeContext context = ProbePlanner::contextFor(project, {}, u"v9.9.9"_s);
    context.baseUrl = baseUrl.isEmpty() ? u"http://127.0.0.1:%1"_s.arg(m_port) : baseUrl;
    context.repoPath = QDir::tempPath() + u"/liftoff-no-such-repo"_s; // the fallback item reads no files
    ProbeRequest request;
    request.itemId = QString::fromLatin1(ModelsCheck::FALLBACK_ITEM);
    request.spec.kind = u"models"_s;
    request.spec.params = params;
    StandardProbeFactory factory(&m_nam, context);
    QString error;
    std::unique_ptr<Probe> probe = factory.create(request, &error);
    if (!probe)
        return ProbeResult::error(request.itemId, error);
    QSignalSpy spy(probe.get(), &Probe::finished);
    probe->start();
    if (!spy.wait(20000))
        return ProbeResult::error(request.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestFallbackModelProbe::evaluate_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("networkError");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("reply") << 200 << QByteArray(R"({"reply":"Hi"})") << u"[BODY].reply"_s << QString() << true
                           << QString();
    QTest::newRow("201 nested") << 201 << QByteArray(R"({"choices":[{"message":{"content":"ok"}}]})")
                                << u"[BODY].choices[0].message.content"_s << QString() << true << QString();
    QTest::newRow("whole body by default") << 200 << QByteArray("plain answer") << QString() << QString() << true
                                           << QString();
    QTest::newRow("empty string") << 200 << QByteArray(R"({"reply":""})") << u"[BODY].reply"_s << QString() << false
                                  << u"is empty"_s;
    QTest::newRow("null") << 200 << QByteArray(R"({"reply":null})") << u"[BODY].reply"_s << QString() << false
                          << u"is empty"_s;
    QTest::newRow("missing key") << 200 << QByteArray(R"({"answer":"Hi"})") << u"[BODY].reply"_s << QString() << false
                                 << u"nothing at [BODY].reply"_s;
    QTest::newRow("not json") << 200 << QByteArray("<html>") << u"[BODY].reply"_s << QString() << false
                              << u"not JSON"_s;
    QTest::newRow("500") << 500 << QByteArray(R"({"reply":"sorry"})") << u"[BODY].reply"_s << QString() << false
                         << u"answered 500"_s;
    QTest::newRow("no answer") << 0 << QByteArray() << u"[BODY].reply"_s << u"Connection refused"_s << false
                               << u"no answer: Connection refused"_s;
}

void TestFallbackModelProbe::evaluate()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, output);
    QFETCH(QString, networkError);
    QFETCH(bool, passed);
    QFETCH(QString, reasonPart);
    FallbackSmokeEvaluation::Observation o;
    o.method = u"POST"_s;
    o.displayUrl = u"http://fallback.test/v1/chat"_s;
    o.output = output;
    o.statusCode = status;
    o.latencyMs = 12;
    o.body = body;
    o.networkError = networkError;
    const FallbackSmokeEvaluation::Outcome outcome = FallbackSmokeEvaluation::evaluate(o);
    QCOMPARE(outcome.passed(), passed);
    QVERIFY2(outcome.reason.contains(reasonPart), qPrintable(outcome.reason));
    QCOMPARE(outcome.evidence.value(u"url"_s).toString(), o.displayUrl);
    QCOMPARE(outcome.evidence.value(u"latency_ms"_s).toInt(), 12);
    QCOMPARE(outcome.evidence.value(u"passed"_s).toBool(), passed);
    if (status > 0)
        QCOMPARE(outcome.evidence.value(u"status"_s).toInt(), status);
}

void TestFallbackModelProbe::rejectsOutputsThatAreNoPlaceholders()
{
    for (const QString &bad : {u"reply"_s, u"[STATUS]"_s, u"[BODY].reply == 1"_s, u"[BODY"_s}) {
        QString error;
        QVERIFY2(!FallbackSmokeEvaluation::parseOutput(bad, &error), qPrintable(bad));
        QVERIFY2(error.contains(bad), qPrintable(error));
    }
    QString error;
    const auto header = FallbackSmokeEvaluation::parseOutput(u"[HEADER].X-Answer"_s, &error);
    QVERIFY(header);
    QCOMPARE(header->path, QStringList {u"X-Answer"_s});
    FallbackSmokeEvaluation::Observation o;
    o.output = u"reply"_s;
    o.statusCode = 200;
    QCOMPARE(FallbackSmokeEvaluation::evaluate(o).verdict, Verdict::NotSent);
}

void TestFallbackModelProbe::excerptRedactsBeforeCutting()
{
    const QString secret = u"sk-abcdefghijklmnopqrstuvwxyz"_s;
    const QString text = QString(190, u'a') + u' ' + secret;
    const QString cut = FallbackSmokeEvaluation::excerpt(text, {secret});
    QVERIFY(cut.size() <= FallbackSmokeEvaluation::MAX_ANSWER_CHARS);
    QVERIFY2(!cut.contains(u"sk-abc"_s), qPrintable(cut));
    QCOMPARE(FallbackSmokeEvaluation::excerpt(QString(300, u'b'), {}).size(), FallbackSmokeEvaluation::MAX_ANSWER_CHARS);
}

void TestFallbackModelProbe::combinedStatus_data()
{
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("smokeTest");
    QTest::newRow("pinned, answers") << PINNED << int(Verdict::Passed) << Status::Pass << u"passed"_s;
    QTest::newRow("pinned, fails") << PINNED << int(Verdict::Failed) << Status::Fail << u"failed"_s;
    QTest::newRow("pinned, not sent") << PINNED << int(Verdict::NotSent) << Status::Error << u"not sent"_s;
    QTest::newRow("unknown, answers") << u"acme-house-llm"_s << int(Verdict::Passed) << Status::Warn << u"passed"_s;
    QTest::newRow("unknown, fails") << u"acme-house-llm"_s << int(Verdict::Failed) << Status::Fail << u"failed"_s;
    QTest::newRow("floating, answers") << u"claude-3-5-sonnet-latest"_s << int(Verdict::Passed) << Status::Fail
                                       << u"passed"_s;
    QTest::newRow("floating, not sent") << u"claude-3-5-sonnet-latest"_s << int(Verdict::NotSent) << Status::Fail
                                        << u"not sent"_s;
    QTest::newRow("none, answers") << QString() << int(Verdict::Passed) << Status::Fail << u"passed"_s;
}

void TestFallbackModelProbe::combinedStatus()
{
    QFETCH(QString, fallback);
    QFETCH(int, verdict);
    QFETCH(Status, expected);
    QFETCH(QString, smokeTest);
    ModelsConfig models;
    models.fallback = fallback;
    models.fallbackProbe = HttpTargetConfig {};
    FallbackSmokeEvaluation::Outcome smoke;
    smoke.verdict = Verdict(verdict);
    smoke.reason = smoke.passed() ? QString() : u"why"_s;
    smoke.answer = u"Hi"_s;
    smoke.evidence = {{u"url"_s, u"http://fallback.test"_s}, {u"status"_s, 200}, {u"latency_ms"_s, 5}};
    const ProbeResult result = ModelsCheck::evaluateFallback(models, &smoke);
    QCOMPARE(result.status, expected);
    QCOMPARE(result.evidence.value(u"smoke_test"_s).toString(), smokeTest);
    QCOMPARE(result.evidence.value(u"smoke"_s).toObject(), smoke.evidence);
    if (!smoke.passed())
        QVERIFY2(result.summary.contains(u"why"_s), qPrintable(result.summary));
    // Without a smoke outcome a configured probe says it was skipped; without a probe, not configured.
    QVERIFY(ModelsCheck::evaluateFallback(models).evidence.value(u"smoke_test"_s).toString().startsWith(u"skipped"_s));
    models.fallbackProbe.reset();
    QCOMPARE(ModelsCheck::evaluateFallback(models).evidence.contains(u"smoke"_s), false);
}

void TestFallbackModelProbe::answeringFallbackPasses()
{
    const ProbeResult result = run(*projectFor(u"{url}/answer?q={input}"_s));
    QVERIFY2(result.status == Status::Pass, qPrintable(result.summary));
    const QJsonObject smoke = result.evidence.value(u"smoke"_s).toObject();
    QCOMPARE(smoke.value(u"status"_s).toInt(), 200);
    QCOMPARE(smoke.value(u"answer"_s).toString(), u"Hello from the fallback model."_s);
    QCOMPARE(smoke.value(u"method"_s).toString(), u"POST"_s);
    QVERIFY(smoke.value(u"latency_ms"_s).toInteger() >= 0);
    QVERIFY(smoke.value(u"url"_s).toString().startsWith(u"http://127.0.0.1:%1/answer"_s.arg(m_port)));
    QCOMPARE(result.evidence.value(u"smoke_test"_s).toString(), u"passed"_s);
    QCOMPARE(result.evidence.value(u"class"_s).toString(), u"PINNED"_s);
    QVERIFY2(result.summary.contains(u"answered 200"_s), qPrintable(result.summary));
    QVERIFY(result.summary.contains(u"Hello from the fallback model."_s));
    // {input} became the smoke prompt inside valid JSON; {version} was expanded too.
    QCOMPARE(m_seen.path, QByteArray("/answer"));
    const QJsonObject sent = QJsonDocument::fromJson(m_seen.body).object();
    QCOMPARE(sent.value(u"message"_s).toString(), QString::fromUtf8(FallbackModelProbe::SMOKE_INPUT));
    QCOMPARE(sent.value(u"meta"_s).toArray().first().toString(), u"v=v9.9.9"_s);
}

void TestFallbackModelProbe::serverErrorFails()
{
    const ProbeResult result = run(*projectFor(u"{url}/error"_s));
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"answered 500"_s), qPrintable(result.summary));
    const QJsonObject smoke = result.evidence.value(u"smoke"_s).toObject();
    QCOMPARE(smoke.value(u"status"_s).toInt(), 500);
    QVERIFY(smoke.value(u"body"_s).toString().contains(u"upstream model unavailable"_s));
    QCOMPARE(smoke.value(u"reason"_s).toString(), u"answered 500"_s);
    // Pinning is still reported.
    QCOMPARE(result.evidence.value(u"class"_s).toString(), u"PINNED"_s);
}

void TestFallbackModelProbe::emptyAnswerFails()
{
    const ProbeResult result = run(*projectFor(u"{url}/empty"_s));
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"the answer at [BODY].reply is empty"_s), qPrintable(result.summary));
    const ProbeResult nested = run(*projectFor(u"{url}/nested"_s, u"[BODY].choices[0].message.content"_s));
    QVERIFY2(nested.status == Status::Pass, qPrintable(nested.summary));
    const ProbeResult wrongPath = run(*projectFor(u"{url}/nested"_s, u"[BODY].choices[1].message.content"_s));
    QCOMPARE(wrongPath.status, Status::Fail);
    QVERIFY(wrongPath.summary.contains(u"nothing at [BODY].choices[1].message.content"_s));
}

void TestFallbackModelProbe::nonJsonAnswerSaysSo()
{
    const ProbeResult result = run(*projectFor(u"{url}/text"_s));
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"not JSON"_s), qPrintable(result.summary));
    QVERIFY(run(*projectFor(u"{url}/text"_s, u"[BODY]"_s)).status == Status::Pass);
}

void TestFallbackModelProbe::redirectIsNotFollowed()
{
    const ProbeResult result = run(*projectFor(u"{url}/moved"_s));
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"answered 302"_s), qPrintable(result.summary));
    QVERIFY(result.summary.contains(u"/answer"_s));
    QCOMPARE(m_seen.path, QByteArray("/moved"));
}

void TestFallbackModelProbe::neverAnsweringFallbackFailsAtTheDeadline()
{
    auto project = projectFor(m_hostile.url(u"/silent"_s).toString());
    project->models.fallbackProbe->timeoutMs = 300;
    QElapsedTimer elapsed;
    elapsed.start();
    const ProbeResult result = run(*project);
    QVERIFY(elapsed.elapsed() < 5000);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"no complete answer within 300 ms"_s), qPrintable(result.summary));
    QCOMPARE(result.evidence.value(u"smoke_test"_s).toString(), u"failed"_s);
    // A closed port: refused, a failure too.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    const ProbeResult refused = run(*projectFor(u"http://127.0.0.1:%1/v1/chat"_s.arg(port)));
    QCOMPARE(refused.status, Status::Fail);
    QVERIFY2(refused.summary.contains(u"no answer"_s), qPrintable(refused.summary));
}

void TestFallbackModelProbe::secretHeaderNeverReachesTheResult()
{
    auto project = projectFor(u"{url}/echo"_s);
    project->models.fallbackProbe->headers.insert(
        u"Authorization"_s, SecretOrText {{}, *SecretRef::parse(u"env:TEST_FALLBACK_SMOKE_TOKEN"_s)});
    const ProbeResult result = run(*project);
    QVERIFY2(result.status == Status::Pass, qPrintable(result.summary));
    QCOMPARE(m_seen.authorization, SECRET); // it was sent
    const QByteArray all = QJsonDocument(result.evidence).toJson() + result.summary.toUtf8()
        + QJsonDocument(result.conditions).toJson();
    QVERIFY2(!all.contains(SECRET.left(SECRET.size() - 4)), all.constData());
    QVERIFY(!all.contains("sk-fallback-smoke"));
    const QString answer = result.evidence.value(u"smoke"_s).toObject().value(u"answer"_s).toString();
    QVERIFY(answer.size() <= FallbackSmokeEvaluation::MAX_ANSWER_CHARS);
    // A failing call with the secret echoed in its error body is redacted too.
    project->models.fallbackProbe->url = u"{url}/echo"_s;
    project->models.fallbackProbe->output = u"[BODY].missing"_s;
    const ProbeResult failed = run(*project);
    QCOMPARE(failed.status, Status::Fail);
    const QByteArray failedText = QJsonDocument(failed.evidence).toJson() + failed.summary.toUtf8();
    QVERIFY(!failedText.contains("sk-fallback-smoke"));
}

void TestFallbackModelProbe::unreadableSecretIsAnErrorAndSendsNothing()
{
    auto project = projectFor(u"{url}/answer"_s);
    project->models.fallbackProbe->headers.insert(
        u"Authorization"_s, SecretOrText {{}, *SecretRef::parse(u"env:TEST_FALLBACK_SMOKE_MISSING"_s)});
    const ProbeResult result = run(*project);
    QCOMPARE(result.status, Status::Error);
    QCOMPARE(result.evidence.value(u"smoke_test"_s).toString(), u"not sent"_s);
    QVERIFY2(result.summary.contains(u"TEST_FALLBACK_SMOKE_MISSING"_s), qPrintable(result.summary));
    QVERIFY(m_seen.path.isEmpty());
    // A bad output path is caught before anything is sent as well.
    const ProbeResult badOutput = run(*projectFor(u"{url}/answer"_s, u"reply"_s));
    QCOMPARE(badOutput.status, Status::Error);
    QVERIFY(m_seen.path.isEmpty());
}

void TestFallbackModelProbe::environmentHeadersStayOnTheirOrigin()
{
    auto project = projectFor(u"http://127.0.0.1:%1/answer"_s.arg(m_port));
    EnvironmentConfig env;
    env.name = u"prod"_s;
    env.url = u"http://127.0.0.1:%1"_s.arg(m_port);
    env.headers.insert(u"X-App-Token"_s, SecretOrText {u"app-token"_s, std::nullopt});
    project->environments = {env};
    QCOMPARE(run(*project).status, Status::Pass);
    QCOMPARE(m_seen.appToken, QByteArray("app-token"));
    // The same fallback URL seen from an environment on another origin: its headers stay home.
    ProbeContext context = ProbePlanner::contextFor(*project, {}, {});
    QVERIFY(!context.headers.isEmpty());
    QCOMPARE(run(*project, {}, u"http://127.0.0.1:1"_s).status, Status::Pass);
    QVERIFY2(m_seen.appToken.isEmpty(), m_seen.appToken.constData());
}

void TestFallbackModelProbe::smokeParamFalseSkipsTheCall()
{
    const ProbeResult result = run(*projectFor(u"{url}/answer"_s), {{u"smoke"_s, false}});
    QCOMPARE(result.status, Status::Pass);
    QVERIFY(result.evidence.value(u"smoke_test"_s).toString().startsWith(u"skipped"_s));
    QVERIFY(m_seen.path.isEmpty());
}

void TestFallbackModelProbe::floatingFallbackFailsEvenWhenItAnswers()
{
    auto project = projectFor(u"{url}/answer"_s);
    project->models.fallback = u"gpt-4o-mini"_s;
    const ProbeResult result = run(*project);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"floating"_s), qPrintable(result.summary));
    QCOMPARE(result.evidence.value(u"smoke_test"_s).toString(), u"passed"_s);
}

void TestFallbackModelProbe::demoProjectFallbackAnswers()
{
    DemoServiceOptions options;
    options.historyDays = 2;
    DemoService service(options);
    QVERIFY2(service.start(0), qPrintable(service.errorString()));
    QTemporaryDir dir;
    QCOMPARE(DemoProject::write(dir.path(), service.baseUrl(), u"/bin/true"_s), QString());
    const ConfigLoadResult loaded = ConfigLoader::loadFile(dir.filePath(u"liftoff.yaml"_s));
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    QVERIFY(loaded.project->models.fallbackProbe);
    const ProbeResult result = run(*loaded.project, {}, service.baseUrl().toString());
    QVERIFY2(result.status == Status::Pass, qPrintable(result.summary));
    const QJsonObject smoke = result.evidence.value(u"smoke"_s).toObject();
    QCOMPARE(smoke.value(u"status"_s).toInt(), 200);
    QVERIFY(smoke.value(u"url"_s).toString().endsWith(u"/v1/chat?model=fallback"_s));
    QVERIFY2(smoke.value(u"answer"_s).toString().startsWith(u"Hello!"_s), qPrintable(smoke.value(u"answer"_s).toString()));
}

QTEST_GUILESS_MAIN(TestFallbackModelProbe)
#include "TestFallbackModelProbe.moc"
