// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileHttpServer.h"
#include "config/ProjectConfig.h"
#include "evals/EvalRunner.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * EvalRunner against real servers on 127.0.0.1: a well-behaved chat endpoint (QtHttpServer) and
 * hostile answers (HostileHttpServer): concurrency, 429 with Retry-After, 5xx, slow, endless and
 * non-UTF-8 bodies, the request and cost budgets, cancel.
 */
class TestEvalRunner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void judgesEachCaseByItsAssertions();
    void boundsConcurrencyAndEnforcesTheDeadline();
    void retriesAfterRetryAfter();
    void refusesRetryAfterBeyondTheBound();
    void hostileAnswersFailTheirCaseClearly_data();
    void hostileAnswersFailTheirCaseClearly();
    void requestBudgetStopsTheRun();
    void costBudgetStopsTheRun();
    void cancelKeepsWhatFinished();
    void badOutputPathDoesNotStart();
    void theCanaryNeverStays();

private:
    struct Run
    {
        EvalRunner::Stop stop = EvalRunner::Stop::Running;
        QString message;
        QList<EvalCaseResult> results;
        int requests = 0;
    };
    Run runCases(const QString &url, const QList<EvalCase> &cases, EvalRunner::Options options = {},
                 const QString &output = u"[BODY].reply"_s);
    QUrl chatUrl(const QString &path) const { return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)); }

    QHttpServer m_server;
    quint16 m_port = 0;
    HostileHttpServer m_hostile;
    QNetworkAccessManager m_nam;
    int m_limitedCalls = 0;
};

namespace {
EvalCase evalCase(const QString &id, const QString &input, QList<EvalAssertion> assertions)
{
    EvalCase c;
    c.id = id;
    c.input = input;
    c.assertions = std::move(assertions);
    return c;
}
EvalAssertion contains(const QString &text)
{
    EvalAssertion a;
    a.kind = EvalAssertion::Kind::Contains;
    a.text = text;
    return a;
}
EvalAssertion isJson()
{
    EvalAssertion a;
    a.kind = EvalAssertion::Kind::IsJson;
    return a;
}
} // namespace

void TestEvalRunner::initTestCase()
{
    // Echoes the message back with usage, so each case's answer is known.
    m_server.route(u"/chat"_s, [](const QHttpServerRequest &request) {
        const QString message = QJsonDocument::fromJson(request.body()).object().value(u"message"_s).toString();
        return QHttpServerResponse(QJsonObject {
            {u"reply"_s, QString(u"you said: "_s + message)},
            {u"usage"_s, QJsonObject {{u"prompt_tokens"_s, 10}, {u"completion_tokens"_s, 5}, {u"cost_usd"_s, 0.01}}}});
    });
    m_server.route(u"/limited"_s, [this](const QHttpServerRequest &) {
        // Every first call of a pair is refused with Retry-After: 1.
        if (m_limitedCalls++ % 2 == 0) {
            QHttpServerResponse response(QByteArray("application/json"), QByteArray("{}"),
                                         QHttpServerResponse::StatusCode::TooManyRequests);
            response.addHeader("Retry-After", "1");
            return response;
        }
        return QHttpServerResponse(QJsonObject {{u"reply"_s, u"finally"_s}});
    });
    m_server.route(u"/limited-long"_s, [](const QHttpServerRequest &) {
        QHttpServerResponse response(QByteArray("application/json"), QByteArray("{}"),
                                     QHttpServerResponse::StatusCode::TooManyRequests);
        response.addHeader("Retry-After", "120");
        return response;
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
    QVERIFY(m_hostile.start());
}

TestEvalRunner::Run TestEvalRunner::runCases(const QString &url, const QList<EvalCase> &cases,
                                             EvalRunner::Options options, const QString &output)
{
    ProbeContext context;
    context.environment = u"test"_s;
    context.baseUrl = chatUrl({}).toString();
    HttpTargetConfig target;
    target.url = url;
    target.method = u"POST"_s;
    target.body = QVariantMap {{u"message"_s, u"{input}"_s}};
    target.output = output;
    EvalRunner runner(&m_nam, context, target, cases, options);
    Run run;
    connect(&runner, &EvalRunner::caseFinished, this, [&run](const EvalCaseResult &r) { run.results.append(r); });
    QSignalSpy finished(&runner, &EvalRunner::finished);
    runner.start();
    if (!finished.wait(30000))
        qWarning("the run did not finish");
    run.stop = runner.stop();
    run.message = runner.stopMessage();
    run.requests = runner.requestsSent();
    return run;
}

void TestEvalRunner::judgesEachCaseByItsAssertions()
{
    const Run run = runCases(chatUrl(u"/chat"_s).toString(),
                             {evalCase(u"hello"_s, u"hello"_s, {contains(u"hello"_s)}),
                              evalCase(u"json"_s, u"hello"_s, {isJson()}),
                              evalCase(u"both"_s, u"refund"_s, {contains(u"refund"_s), contains(u"30 days"_s)})});
    QCOMPARE(run.stop, EvalRunner::Stop::Completed);
    QCOMPARE(run.results.size(), 3);
    QHash<QString, EvalCaseResult> byId;
    for (const EvalCaseResult &r : run.results)
        byId.insert(r.caseId, r);
    QVERIFY(byId[u"hello"_s].passed);
    QCOMPARE(byId[u"hello"_s].output, u"you said: hello"_s);
    QCOMPARE(byId[u"hello"_s].httpStatus, 200);
    QCOMPARE(byId[u"hello"_s].tokens, std::optional<qint64>(15));
    QCOMPARE(byId[u"hello"_s].costUsd, std::optional<double>(0.01));
    QVERIFY(!byId[u"json"_s].passed);
    QVERIFY(!byId[u"both"_s].passed);
    QCOMPARE(byId[u"both"_s].assertions.size(), 2);
    QVERIFY(byId[u"both"_s].assertions[0].ok);
    QVERIFY(!byId[u"both"_s].assertions[1].ok);
    QVERIFY(byId[u"both"_s].latencyMs >= 0);
}

void TestEvalRunner::boundsConcurrencyAndEnforcesTheDeadline()
{
    // /silent never answers: every case ends at its deadline, and only two are ever in flight.
    ProbeContext context;
    context.baseUrl = m_hostile.url().toString();
    HttpTargetConfig target;
    target.url = m_hostile.url(u"/silent"_s).toString();
    target.output = u"[BODY]"_s;
    EvalRunner::Options options;
    options.concurrency = 2;
    options.timeoutMs = 300;
    QList<EvalCase> cases;
    for (int i = 0; i < 5; ++i)
        cases.append(evalCase(u"c%1"_s.arg(i), u"hi"_s, {contains(u"x"_s)}));
    const qsizetype before = m_hostile.requests().size();
    EvalRunner runner(&m_nam, context, target, cases, options);
    QList<qsizetype> seenAtFinish;
    QList<EvalCaseResult> results;
    connect(&runner, &EvalRunner::caseFinished, this, [&](const EvalCaseResult &r) {
        seenAtFinish.append(m_hostile.requests().size() - before);
        results.append(r);
    });
    QSignalSpy finished(&runner, &EvalRunner::finished);
    runner.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(results.size(), 5);
    QCOMPARE(seenAtFinish.first(), 2); // the third request waits for a free slot
    for (const EvalCaseResult &r : results) {
        QVERIFY(!r.passed);
        QCOMPARE(r.error, u"no complete answer within 300 ms"_s);
        QCOMPARE(r.assertions.size(), 1);
        QVERIFY(r.assertions[0].detail.startsWith(u"not judged: no complete answer"_s));
    }
    QCOMPARE(runner.stop(), EvalRunner::Stop::Completed);
}

void TestEvalRunner::retriesAfterRetryAfter()
{
    m_limitedCalls = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    const Run run = runCases(chatUrl(u"/limited"_s).toString(), {evalCase(u"a"_s, u"hi"_s, {contains(u"finally"_s)})});
    QCOMPARE(run.results.size(), 1);
    QVERIFY(run.results[0].passed);
    QCOMPARE(run.results[0].attempts, 2);
    QCOMPARE(run.requests, 2);
    QVERIFY(elapsed.elapsed() >= 950); // waited the Retry-After second (timers may round a little)
}

void TestEvalRunner::refusesRetryAfterBeyondTheBound()
{
    const Run run = runCases(chatUrl(u"/limited-long"_s).toString(), {evalCase(u"a"_s, u"hi"_s, {contains(u"x"_s)})});
    QCOMPARE(run.results.size(), 1);
    QCOMPARE(run.results[0].error, u"rate limited (429) with Retry-After 120 s, longer than the 30 s this run waits"_s);
    QCOMPARE(run.results[0].httpStatus, 429);
}

void TestEvalRunner::hostileAnswersFailTheirCaseClearly_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("error");
    QTest::newRow("5xx") << u"/status/503"_s << u"answered 503"_s;
    QTest::newRow("endless body") << u"/endless"_s << u"the answer is larger than 64 KiB; it was cut and not judged"_s;
    QTest::newRow("not UTF-8") << u"/bad-utf8"_s << u"the answer is not valid UTF-8"_s;
    QTest::newRow("reset") << u"/reset"_s << u"Connection closed"_s;
}

void TestEvalRunner::hostileAnswersFailTheirCaseClearly()
{
    QFETCH(QString, path);
    QFETCH(QString, error);
    EvalRunner::Options options;
    options.maxBodyBytes = 64 * 1024;
    options.timeoutMs = 10000;
    const Run run = runCases(m_hostile.url(path).toString(), {evalCase(u"a"_s, u"hi"_s, {contains(u"x"_s)})}, options,
                             u"[BODY]"_s);
    QCOMPARE(run.stop, EvalRunner::Stop::Completed);
    QCOMPARE(run.results.size(), 1);
    QVERIFY(!run.results[0].passed);
    QVERIFY2(run.results[0].error.startsWith(error) || run.results[0].error.contains(error),
             qPrintable(run.results[0].error));
    QVERIFY(run.results[0].output.size() <= EvalRunner::MAX_STORED_OUTPUT_CHARS + 1);
}

void TestEvalRunner::requestBudgetStopsTheRun()
{
    EvalRunner::Options options;
    options.concurrency = 1;
    options.maxRequests = 2;
    QList<EvalCase> cases;
    for (int i = 0; i < 5; ++i)
        cases.append(evalCase(u"c%1"_s.arg(i), u"hi"_s, {contains(u"hi"_s)}));
    const Run run = runCases(chatUrl(u"/chat"_s).toString(), cases, options);
    QCOMPARE(run.stop, EvalRunner::Stop::RequestBudget);
    QCOMPARE(run.results.size(), 2);
    QCOMPARE(run.requests, 2);
    QCOMPARE(run.message, u"the request budget of 2 was used up after 2 of 5 cases"_s);
    QCOMPARE(EvalRunner::stopText(run.stop), u"budget"_s);
}

void TestEvalRunner::costBudgetStopsTheRun()
{
    EvalRunner::Options options;
    options.concurrency = 1;
    options.maxCostUsd = 0.025; // each answer reports $0.01
    QList<EvalCase> cases;
    for (int i = 0; i < 6; ++i)
        cases.append(evalCase(u"c%1"_s.arg(i), u"hi"_s, {contains(u"hi"_s)}));
    const Run run = runCases(chatUrl(u"/chat"_s).toString(), cases, options);
    QCOMPARE(run.stop, EvalRunner::Stop::CostBudget);
    QCOMPARE(run.results.size(), 3);
    QVERIFY2(run.message.startsWith(u"the cost budget of $0.025 was used up"_s), qPrintable(run.message));
}

void TestEvalRunner::cancelKeepsWhatFinished()
{
    ProbeContext context;
    context.baseUrl = chatUrl({}).toString();
    HttpTargetConfig target;
    target.url = chatUrl(u"/chat"_s).toString();
    target.body = QVariantMap {{u"message"_s, u"{input}"_s}};
    target.output = u"[BODY].reply"_s;
    EvalRunner::Options options;
    options.concurrency = 1;
    QList<EvalCase> cases;
    for (int i = 0; i < 10; ++i)
        cases.append(evalCase(u"c%1"_s.arg(i), u"hi"_s, {contains(u"hi"_s)}));
    EvalRunner runner(&m_nam, context, target, cases, options);
    QList<EvalCaseResult> results;
    // Cancel as soon as the second case is in: nothing new starts after that.
    connect(&runner, &EvalRunner::caseFinished, this, [&](const EvalCaseResult &r) {
        results.append(r);
        if (results.size() == 2)
            runner.cancel();
    });
    QSignalSpy finished(&runner, &EvalRunner::finished);
    runner.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(runner.stop(), EvalRunner::Stop::Cancelled);
    QVERIFY(results.size() >= 2 && results.size() <= 3);
    QCOMPARE(runner.results().size(), results.size());
    QCOMPARE(finished.size(), 1);
}

void TestEvalRunner::badOutputPathDoesNotStart()
{
    const Run run = runCases(chatUrl(u"/chat"_s).toString(), {evalCase(u"a"_s, u"hi"_s, {contains(u"x"_s)})}, {},
                             u"reply"_s);
    QCOMPARE(run.stop, EvalRunner::Stop::NotStarted);
    QVERIFY2(run.message.endsWith(u"; fix evals.target.output"_s), qPrintable(run.message));
    QVERIFY(run.results.isEmpty());
    QCOMPARE(run.requests, 0);
}

void TestEvalRunner::theCanaryNeverStays()
{
    // The echo server says the message back: a case whose answer leaks the canary keeps it masked.
    qputenv("TEST_EVAL_CANARY", "CANARY-4242-secret-value");
    auto project = std::make_shared<ProjectConfig>();
    project->redteam = RedteamConfig {};
    project->redteam->canary = SecretRef::parse(u"env:TEST_EVAL_CANARY");
    ProbeContext context;
    context.baseUrl = chatUrl({}).toString();
    context.project = project;
    HttpTargetConfig target;
    target.url = chatUrl(u"/chat"_s).toString();
    target.body = QVariantMap {{u"message"_s, u"{input}"_s}};
    target.output = u"[BODY].reply"_s;
    EvalRunner runner(&m_nam, context, target,
                      {evalCase(u"leak"_s, u"CANARY-4242-secret-value"_s, {contains(u"nothing"_s)})}, {});
    QSignalSpy finished(&runner, &EvalRunner::finished);
    runner.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(runner.results().size(), 1);
    const EvalCaseResult &r = runner.results().first();
    QVERIFY2(!r.output.contains(u"CANARY-4242-secret-value"_s), qPrintable(r.output));
    QVERIFY2(!r.assertions.first().detail.contains(u"CANARY-4242-secret-value"_s), qPrintable(r.assertions.first().detail));
    qunsetenv("TEST_EVAL_CANARY");
}

QTEST_GUILESS_MAIN(TestEvalRunner)
#include "TestEvalRunner.moc"
