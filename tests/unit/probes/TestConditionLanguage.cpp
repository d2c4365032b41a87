// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/Condition.h"
#include "probes/ConditionEvaluator.h"
#include "probes/ConditionGlob.h"
#include "probes/ConditionValue.h"
#include "probes/HttpPlaceholderResolver.h"
#include "probes/MapPlaceholderResolver.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

/** The condition language of spec/config.md: parser errors, evaluation rules and resolvers, table-driven. */
class TestConditionLanguage : public QObject
{
    Q_OBJECT

private slots:
    void evaluatesAgainstHttpResponse_data();
    void evaluatesAgainstHttpResponse();
    void evaluatesAgainstMapResolver_data();
    void evaluatesAgainstMapResolver();
    void rejectsInvalidExpressions_data();
    void rejectsInvalidExpressions();
    void parsesPathsAndPlaceholderNames();
    void disconnectedResponseIsMissing();
    void certificateExpiryFromDates();
    void truncatesLongActualValues();
    void evaluateAllTurnsParseErrorsIntoFailures();
    void outcomeRoundTripsThroughJson();
    void matchesGlobs_data();
    void matchesGlobs();
    void writesDurationsAndNumbers_data();
    void writesDurationsAndNumbers();
    void survivesFuzzedInput();
};

namespace {
const QByteArray BODY_JSON = R"({"status":"pass","version":"1.4.2","uptime_s":86400,"ratio":0.25,"ok":true,)"
                             R"("degraded":false,"nothing":null,"count":"42","timeout":"5s","released":"2026-11-20",)"
                             R"("message":"hello world","greeting":"h\u00e9llo \u2713","quote":"say \"hi\"",)"
                             R"("empty_text":"","dotted.key":"dot",)"
                             R"("checks":[{"name":"db","status":"pass","latency_ms":12},)"
                             R"({"name":"llm","status":"warn","latency_ms":850,)"
                             R"("models":["claude-sonnet-4-5-20250929","deepseek-chat-v3"]}],)"
                             R"("matrix":[[1,2],[3,[4,5]]],"empty_list":[],"empty_object":{},)"
                             R"("deep":{"a":{"b":{"c":{"d":"bottom"}}}},"big":12345678901,"negative":-3.5})";

constexpr qint64 THIRTY_DAYS_MS = 30LL * 24 * 3600 * 1000;

HttpPlaceholderResolver::Response httpResponse()
{
    HttpPlaceholderResolver::Response response;
    response.connected = true;
    response.statusCode = 200;
    response.responseTimeMs = 142;
    response.body = BODY_JSON;
    response.headers = {
        {"Content-Type", "application/json; charset=utf-8"},
        {"X-Request-Id", "req-0042"},
        {"Set-Cookie", "a=1"},
        {"Set-Cookie", "b=2"},
        {"Content-Length", "1234"},
        {"X-Timeout", "5s"},
        {"Strict-Transport-Security", "max-age=63072000"},
    };
    response.certificateMsLeft = THIRTY_DAYS_MS;
    return response;
}

QVariantMap callsValues()
{
    return {
        {u"CALLS"_s, 1200},
        {u"ERROR_RATE"_s, 0.004},
        {u"P50_MS"_s, 800},
        {u"P95_MS"_s, 2300.0},
        {u"P99_MS"_s, QVariant()}, // known, not measured this time
        {u"FIELD_COVERAGE"_s, QVariantMap {{u"cost"_s, 0.98}, {u"model"_s, 1.0}, {u"latency"_s, 1}}},
        {u"MODELS"_s, QStringList {u"a"_s, u"b"_s}},
        {u"WINDOW"_s, QVariant::fromValue(ConditionValue::fromDurationMs(86'400'000))},
        {u"SPEND"_s, u"41.20"_s},
        {u"BLOCKED"_s, false},
    };
}

QString bodyActual()
{
    return QString::fromUtf8(BODY_JSON).left(ConditionEvaluator::MAX_ACTUAL_LENGTH) + u'…';
}

const QString MISSING = u"<missing>"_s;
const QString HTTP_NAMES = u"[BODY], [CERTIFICATE_EXPIRATION], [CONNECTED], [HEADER], [RESPONSE_TIME], [STATUS]"_s;

void addRow(const QString &expression, bool ok, const QString &actual, const QString &error = QString())
{
    QTest::newRow(qUtf8Printable(expression)) << expression << ok << actual << error;
}
} // namespace

void TestConditionLanguage::evaluatesAgainstHttpResponse_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("error");

    // [STATUS]
    addRow(u"[STATUS] == 200"_s, true, u"200"_s);
    addRow(u"[STATUS] != 200"_s, false, u"200"_s);
    addRow(u"[STATUS] < 300"_s, true, u"200"_s);
    addRow(u"[STATUS] <= 200"_s, true, u"200"_s);
    addRow(u"[STATUS] > 200"_s, false, u"200"_s);
    addRow(u"[STATUS] >= 200"_s, true, u"200"_s);
    addRow(u"[STATUS]==200"_s, true, u"200"_s);
    addRow(u"  [STATUS]\t==   200  "_s, true, u"200"_s);
    addRow(u"[STATUS] == \"200\""_s, true, u"200"_s);
    addRow(u"[STATUS] == '200'"_s, true, u"200"_s);
    addRow(u"[STATUS] == 200.0"_s, true, u"200"_s);
    addRow(u"[STATUS] == 2e2"_s, true, u"200"_s);
    addRow(u"[STATUS] == +200"_s, true, u"200"_s);
    addRow(u"[STATUS] == any(200, 204)"_s, true, u"200"_s);
    addRow(u"[STATUS] == any(201,204)"_s, false, u"200"_s);
    addRow(u"[STATUS] != any(500, 502, 503)"_s, true, u"200"_s);
    addRow(u"[STATUS] != any(200, 503)"_s, false, u"200"_s);
    addRow(u"[STATUS] == any( 200 )"_s, true, u"200"_s);
    addRow(u"[STATUS] == pat(2*)"_s, true, u"200"_s);
    addRow(u"[STATUS] == pat(2?0)"_s, true, u"200"_s);
    addRow(u"[STATUS] != pat(5*)"_s, true, u"200"_s);
    addRow(u"[STATUS] == ok"_s, false, u"200"_s);
    addRow(u"[STATUS] < ok"_s, false, u"200"_s, u"cannot compare '200' with 'ok': 'ok' is not a number"_s);
    addRow(u"200 == [STATUS]"_s, true, u"200"_s);
    addRow(u"[STATUS] == [STATUS]"_s, true, u"200"_s);
    addRow(u"[STATUS].code == 200"_s, false, MISSING);

    // [RESPONSE_TIME]: milliseconds; durations convert
    addRow(u"[RESPONSE_TIME] < 800"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] < 800ms"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] < 1s"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] > 0.1s"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] < 100ms"_s, false, u"142"_s);
    addRow(u"[RESPONSE_TIME] == 142"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] <= 142ms"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] < 2m"_s, true, u"142"_s);
    addRow(u"[RESPONSE_TIME] > [BODY].checks[0].latency_ms"_s, true, u"142"_s);

    // [BODY] JSON paths: strings
    addRow(u"[BODY].status == pass"_s, true, u"pass"_s);
    addRow(u"[BODY].status == \"pass\""_s, true, u"pass"_s);
    addRow(u"[BODY].status != fail"_s, true, u"pass"_s);
    addRow(u"[BODY].status == PASS"_s, false, u"pass"_s);
    addRow(u"[BODY].status == pat(pa*)"_s, true, u"pass"_s);
    addRow(u"[BODY].status == pat(*ss)"_s, true, u"pass"_s);
    addRow(u"[BODY].status == pat(p?ss)"_s, true, u"pass"_s);
    addRow(u"[BODY].status == pat(p?s)"_s, false, u"pass"_s);
    addRow(u"[BODY].status != pat(fail*)"_s, true, u"pass"_s);
    addRow(u"[BODY].status == any(pass, warn)"_s, true, u"pass"_s);
    addRow(u"[BODY].status == any(\"warn\", 'fail')"_s, false, u"pass"_s);
    addRow(u"[BODY].status < 5"_s, false, u"pass"_s, u"cannot compare 'pass' with '5': 'pass' is not a number"_s);
    addRow(u"[BODY].version == 1.4.2"_s, true, u"1.4.2"_s);
    addRow(u"[BODY].message == \"hello world\""_s, true, u"hello world"_s);
    addRow(u"[BODY].message == 'hello world'"_s, true, u"hello world"_s);
    addRow(u"[BODY].message == pat(\"hello *\")"_s, true, u"hello world"_s);
    addRow(u"[BODY].message == pat(*wor*)"_s, true, u"hello world"_s);
    addRow(u"[BODY].message == pat(*WOR*)"_s, false, u"hello world"_s);
    addRow(u"[BODY].greeting == \"héllo ✓\""_s, true, u"héllo ✓"_s);
    addRow(u"[BODY].greeting == héllo"_s, false, u"héllo ✓"_s);
    addRow(u"len([BODY].greeting) == 7"_s, true, u"7"_s);
    addRow(u"[BODY].quote == \"say \\\"hi\\\"\""_s, true, u"say \"hi\""_s);
    addRow(u"[BODY].quote == 'say \"hi\"'"_s, true, u"say \"hi\""_s);
    addRow(u"[BODY].empty_text == \"\""_s, true, QString());
    addRow(u"[BODY].empty_text == ''"_s, true, QString());
    addRow(u"len([BODY].empty_text) == 0"_s, true, u"0"_s);
    addRow(u"[BODY].\"dotted.key\" == dot"_s, true, u"dot"_s);
    addRow(u"[BODY].'dotted.key' == dot"_s, true, u"dot"_s);
    addRow(u"[BODY].dotted.key == dot"_s, false, MISSING);
    addRow(u"[BODY].released > 2026-01-01"_s, true, u"2026-11-20"_s);
    addRow(u"[BODY].released < 2026-11-21"_s, true, u"2026-11-20"_s);
    addRow(u"[BODY].released >= \"2026-11-20\""_s, true, u"2026-11-20"_s);

    // [BODY] JSON paths: numbers, booleans, null, numeric strings
    addRow(u"[BODY].uptime_s == 86400"_s, true, u"86400"_s);
    addRow(u"[BODY].uptime_s >= 86400"_s, true, u"86400"_s);
    addRow(u"[BODY].uptime_s > 1d"_s, false, u"86400"_s); // a number beside a duration means milliseconds
    addRow(u"[BODY].uptime_s > 1m"_s, true, u"86400"_s);
    addRow(u"[BODY].ratio < 0.5"_s, true, u"0.25"_s);
    addRow(u"[BODY].ratio == 0.25"_s, true, u"0.25"_s);
    addRow(u"[BODY].ratio == .25"_s, true, u"0.25"_s);
    addRow(u"[BODY].ratio == 25e-2"_s, true, u"0.25"_s);
    addRow(u"[BODY].big == 12345678901"_s, true, u"12345678901"_s);
    addRow(u"[BODY].big > 1e10"_s, true, u"12345678901"_s);
    addRow(u"[BODY].negative < -3"_s, true, u"-3.5"_s);
    addRow(u"[BODY].negative == -3.5"_s, true, u"-3.5"_s);
    addRow(u"[BODY].ok == true"_s, true, u"true"_s);
    addRow(u"[BODY].ok != false"_s, true, u"true"_s);
    addRow(u"[BODY].ok == \"true\""_s, true, u"true"_s);
    addRow(u"[BODY].ok == 1"_s, false, u"true"_s);
    addRow(u"[BODY].ok == TRUE"_s, false, u"true"_s);
    addRow(u"[BODY].degraded == false"_s, true, u"false"_s);
    addRow(u"[BODY].ok < true"_s, false, u"true"_s, u"'<' cannot order true and false; use == or !="_s);
    addRow(u"[BODY].nothing == null"_s, true, u"null"_s);
    addRow(u"[BODY].nothing != pass"_s, true, u"null"_s);
    addRow(u"[BODY].count == 42"_s, true, u"42"_s);
    addRow(u"[BODY].count > 41.5"_s, true, u"42"_s);
    addRow(u"[BODY].count == \"42\""_s, true, u"42"_s);
    addRow(u"[BODY].count == 42.0"_s, true, u"42"_s);
    addRow(u"[BODY].timeout == 5s"_s, true, u"5s"_s);
    addRow(u"[BODY].timeout == 5000ms"_s, true, u"5s"_s);
    addRow(u"[BODY].timeout < 10s"_s, true, u"5s"_s);
    addRow(u"[BODY].timeout > 5000"_s, false, u"5s"_s, u"cannot compare '5s' with '5000': '5s' is not a number"_s);

    // [BODY] JSON paths: arrays, objects, nesting
    addRow(u"[BODY].checks[0].name == db"_s, true, u"db"_s);
    addRow(u"[BODY].checks[1].status == warn"_s, true, u"warn"_s);
    addRow(u"[BODY].checks[1].latency_ms < 1s"_s, true, u"850"_s);
    addRow(u"[BODY].checks[1].models[0] == pat(claude-*)"_s, true, u"claude-sonnet-4-5-20250929"_s);
    addRow(u"[BODY].checks[1].models[1] == deepseek-chat-v3"_s, true, u"deepseek-chat-v3"_s);
    addRow(u"[BODY].checks[01].name == llm"_s, true, u"llm"_s);
    addRow(u"[BODY].checks[2].name == db"_s, false, MISSING);
    addRow(u"[BODY].checks[0] == '{\"latency_ms\":12,\"name\":\"db\",\"status\":\"pass\"}'"_s, true,
           u"{\"latency_ms\":12,\"name\":\"db\",\"status\":\"pass\"}"_s);
    addRow(u"len([BODY].checks) == 2"_s, true, u"2"_s);
    addRow(u"len([BODY].checks[1].models) >= 2"_s, true, u"2"_s);
    addRow(u"len([BODY].checks[0]) == 3"_s, true, u"3"_s);
    addRow(u"len([BODY].checks[9]) == 0"_s, false, MISSING);
    addRow(u"[BODY].matrix[1][1][0] == 4"_s, true, u"4"_s);
    addRow(u"[BODY].matrix[0] == \"[1,2]\""_s, true, u"[1,2]"_s);
    addRow(u"[BODY].matrix == \"[[1,2],[3,[4,5]]]\""_s, true, u"[[1,2],[3,[4,5]]]"_s);
    addRow(u"[BODY].matrix[1][1][5] == 4"_s, false, MISSING);
    addRow(u"[BODY].matrix[0] < abc"_s, false, u"[1,2]"_s,
           u"cannot order '[1,2]' and 'abc'; use numbers, durations or strings"_s);
    addRow(u"[BODY].checks < 5"_s, false,
           u"[{\"latency_ms\":12,\"name\":\"db\",\"status\":\"pass\"},{\"latency_ms\":850,\"models\":"
           u"[\"claude-sonnet-4-5-20250929\",\"deepseek-chat-v3\"],\"name\":\"llm\",\"status\":\"warn\"}]"_s,
           u"cannot compare '[{\"latency_ms\":12,\"name\":\"db\",\"status\":\"…' with '5': "
           u"'[{\"latency_ms\":12,\"name\":\"db\",\"status\":\"…' is not a number"_s);
    addRow(u"len([BODY].empty_list) == 0"_s, true, u"0"_s);
    addRow(u"len([BODY].empty_object) == 0"_s, true, u"0"_s);
    addRow(u"[BODY].empty_list == \"[]\""_s, true, u"[]"_s);
    addRow(u"[BODY].empty_object == \"{}\""_s, true, u"{}"_s);
    addRow(u"[BODY].deep.a.b.c.d == bottom"_s, true, u"bottom"_s);
    addRow(u"[BODY].deep.a.x.c == bottom"_s, false, MISSING);
    addRow(u"[BODY].status.inner == pass"_s, false, MISSING);
    addRow(u"[BODY].checks.name == db"_s, false, MISSING);
    addRow(u"[BODY][0] == db"_s, false, MISSING);
    addRow(u"[BODY].missing == pass"_s, false, MISSING);
    addRow(u"[BODY].missing != pass"_s, false, MISSING); // a missing value fails whatever the operator
    addRow(u"[BODY].status == [BODY].checks[0].status"_s, true, u"pass"_s);
    addRow(u"[BODY].status == [BODY].missing"_s, false, u"pass"_s);
    addRow(u"[BODY].checks[1].latency_ms > [RESPONSE_TIME]"_s, true, u"850"_s);

    // has()
    addRow(u"has([BODY].status)"_s, true, u"true"_s);
    addRow(u"has([BODY].missing)"_s, false, u"false"_s);
    addRow(u"has([BODY].nothing)"_s, true, u"true"_s);
    addRow(u"has([BODY].checks[1].models[1])"_s, true, u"true"_s);
    addRow(u"has([BODY].checks[1].models[2])"_s, false, u"false"_s);
    addRow(u"has([BODY].missing) == false"_s, true, u"false"_s);
    addRow(u"has([BODY].status) == true"_s, true, u"true"_s);
    addRow(u"has([BODY].status) != true"_s, false, u"true"_s);
    addRow(u"has([HEADER].X-Request-Id)"_s, true, u"true"_s);
    addRow(u"has([HEADER].x-request-id)"_s, true, u"true"_s);
    addRow(u"has([HEADER].X-Missing)"_s, false, u"false"_s);
    addRow(u"has([CERTIFICATE_EXPIRATION])"_s, true, u"true"_s);
    addRow(u"  has( [BODY].status )  "_s, true, u"true"_s);

    // [BODY] as text
    addRow(u"[BODY] == pat('*\"status\":\"pass\"*')"_s, true, bodyActual());
    addRow(u"[BODY] != pat('*\"status\":\"fail\"*')"_s, true, bodyActual());
    addRow(u"[BODY] == pat(\"{*}\")"_s, true, bodyActual());
    addRow(u"len([BODY]) > 100"_s, true, QString::number(QString::fromUtf8(BODY_JSON).size()));

    // [HEADER]
    addRow(u"[HEADER].Content-Type == \"application/json; charset=utf-8\""_s, true,
           u"application/json; charset=utf-8"_s);
    addRow(u"[HEADER].content-type == pat(application/json*)"_s, true, u"application/json; charset=utf-8"_s);
    addRow(u"[HEADER].CONTENT-TYPE == pat(*json*)"_s, true, u"application/json; charset=utf-8"_s);
    addRow(u"[HEADER].X-Request-Id == req-0042"_s, true, u"req-0042"_s);
    addRow(u"[HEADER].Set-Cookie == \"a=1, b=2\""_s, true, u"a=1, b=2"_s);
    addRow(u"[HEADER].Content-Length > 1000"_s, true, u"1234"_s);
    addRow(u"[HEADER].Content-Length == 1234"_s, true, u"1234"_s);
    addRow(u"[HEADER].X-Timeout >= 5s"_s, true, u"5s"_s);
    addRow(u"[HEADER].X-Missing == x"_s, false, MISSING);
    addRow(u"[HEADER].Strict-Transport-Security == pat(\"max-age=*\")"_s, true, u"max-age=63072000"_s);
    addRow(u"len([HEADER].X-Request-Id) == 8"_s, true, u"8"_s);
    addRow(u"[HEADER].Content-Type.charset == utf-8"_s, false, MISSING);

    // [CONNECTED], [CERTIFICATE_EXPIRATION]
    addRow(u"[CONNECTED] == true"_s, true, u"true"_s);
    addRow(u"[CONNECTED] != false"_s, true, u"true"_s);
    addRow(u"[CONNECTED] == false"_s, false, u"true"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] > 14d"_s, true, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] > 48h"_s, true, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] < 31d"_s, true, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] == 30d"_s, true, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] == 720h"_s, true, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] > 2592000000"_s, false, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] >= 2592000000"_s, true, u"30d"_s);
    addRow(u"[CERTIFICATE_EXPIRATION] > 60d"_s, false, u"30d"_s);

    // literals on both sides
    addRow(u"1 < 2"_s, true, u"1"_s);
    addRow(u"5s == 5000ms"_s, true, u"5s"_s);
    addRow(u"1m == 60s"_s, true, u"1m"_s);
    addRow(u"1h == 60m"_s, true, u"1h"_s);
    addRow(u"1d == 24h"_s, true, u"1d"_s);
    addRow(u"1.5s == 1500"_s, true, u"1s 500ms"_s);
    addRow(u"abc < abd"_s, true, u"abc"_s);
    addRow(u"true == true"_s, true, u"true"_s);
    addRow(u"len(hello) == 5"_s, true, u"5"_s);
    addRow(u"len(\"\") == 0"_s, true, u"0"_s);
    addRow(u"len(12345) == 5"_s, true, u"5"_s);

    // unknown placeholders are errors, with a suggestion when one is close
    addRow(u"[STATU] == 200"_s, false, MISSING, u"unknown placeholder [STATU]; did you mean [STATUS]?"_s);
    addRow(u"[CALLS] > 0"_s, false, MISSING, u"unknown placeholder [CALLS]; this check knows "_s + HTTP_NAMES);
    addRow(u"[STATUS] == any(200, [STATU])"_s, false, u"200"_s,
           u"unknown placeholder [STATU]; did you mean [STATUS]?"_s);
    addRow(u"has([BODDY].x)"_s, false, MISSING, u"unknown placeholder [BODDY]; did you mean [BODY]?"_s);
    addRow(u"[STATUS] == [HEADERS].x"_s, false, u"200"_s, u"unknown placeholder [HEADERS]; did you mean [HEADER]?"_s);
}

void TestConditionLanguage::evaluatesAgainstHttpResponse()
{
    QFETCH(QString, expression);
    QFETCH(bool, ok);
    QFETCH(QString, actual);
    QFETCH(QString, error);

    const ConditionParseResult parsed = Condition::parse(expression);
    QVERIFY2(parsed.ok(), qUtf8Printable(parsed.errorText()));
    const HttpPlaceholderResolver resolver(httpResponse());
    const ConditionOutcome outcome = ConditionEvaluator::evaluate(*parsed.condition, resolver);
    QCOMPARE(outcome.expression, expression);
    QCOMPARE(outcome.actual, actual);
    QCOMPARE(outcome.error, error);
    QCOMPARE(outcome.ok, ok);
}

void TestConditionLanguage::evaluatesAgainstMapResolver_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("error");

    addRow(u"[CALLS] >= 20"_s, true, u"1200"_s);
    addRow(u"[ERROR_RATE] < 0.01"_s, true, u"0.004"_s);
    addRow(u"[P50_MS] < 1500"_s, true, u"800"_s);
    addRow(u"[P95_MS] < 4000"_s, true, u"2300"_s);
    addRow(u"[P95_MS] < 4s"_s, true, u"2300"_s);
    addRow(u"[P95_MS] < 2s"_s, false, u"2300"_s);
    addRow(u"[P50_MS] <= [P95_MS]"_s, true, u"800"_s);
    addRow(u"[P99_MS] < 8000"_s, false, MISSING);
    addRow(u"has([P99_MS])"_s, false, u"false"_s);
    addRow(u"has([CALLS])"_s, true, u"true"_s);
    addRow(u"[FIELD_COVERAGE].cost >= 0.99"_s, false, u"0.98"_s);
    addRow(u"[FIELD_COVERAGE].model == 1"_s, true, u"1"_s);
    addRow(u"[FIELD_COVERAGE].latency >= 0.99"_s, true, u"1"_s);
    addRow(u"[FIELD_COVERAGE].tokens >= 0.99"_s, false, MISSING);
    addRow(u"len([FIELD_COVERAGE]) == 3"_s, true, u"3"_s);
    addRow(u"[MODELS][1] == b"_s, true, u"b"_s);
    addRow(u"len([MODELS]) == 2"_s, true, u"2"_s);
    addRow(u"[MODELS] == any(a, b)"_s, false, u"[\"a\",\"b\"]"_s);
    addRow(u"[WINDOW] == 24h"_s, true, u"1d"_s);
    addRow(u"[WINDOW] > 86399999"_s, true, u"1d"_s);
    addRow(u"[SPEND] < 50"_s, true, u"41.20"_s);
    addRow(u"[SPEND] == 41.2"_s, true, u"41.20"_s);
    addRow(u"[BLOCKED] == false"_s, true, u"false"_s);
    addRow(u"[CALLS].x == 1"_s, false, MISSING);
    addRow(u"[STATUS] == 200"_s, false, MISSING,
           u"unknown placeholder [STATUS]; this check knows [BLOCKED], [CALLS], [ERROR_RATE], [FIELD_COVERAGE], "
           u"[MODELS], [P50_MS], [P95_MS], [P99_MS], [SPEND], [WINDOW]"_s);
    addRow(u"[P96_MS] < 1"_s, false, MISSING, u"unknown placeholder [P96_MS]; did you mean [P95_MS]?"_s);
}

void TestConditionLanguage::evaluatesAgainstMapResolver()
{
    QFETCH(QString, expression);
    QFETCH(bool, ok);
    QFETCH(QString, actual);
    QFETCH(QString, error);

    const MapPlaceholderResolver resolver(callsValues());
    const ConditionOutcome outcome = ConditionEvaluator::evaluate(expression, resolver);
    QCOMPARE(outcome.expression, expression);
    QCOMPARE(outcome.actual, actual);
    QCOMPARE(outcome.error, error);
    QCOMPARE(outcome.ok, ok);
}

void TestConditionLanguage::rejectsInvalidExpressions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("error");

    const QString value = u"expected a value (number, string, duration, [PLACEHOLDER] or function)"_s;
    const QString op = u"expected an operator (==, !=, <, <=, >, >=)"_s;
    const QString quoteHint = u" (put quotes around text that contains spaces)"_s;
    const auto row = [](const QString &expression, int column, const QString &message) {
        // Readable, unique tags for inputs that print as nothing or as control characters.
        QString tag = expression.size() > 60 ? expression.left(20) + u"… (%1 chars)"_s.arg(expression.size())
                                             : expression;
        tag.replace(u'\u0000', u"\\0"_s).replace(u'\u0007', u"\\a"_s);
        if (tag.trimmed().isEmpty())
            tag = u"blank (%1 chars)"_s.arg(expression.size());
        QTest::newRow(qUtf8Printable(tag)) << expression << column << u"column %1: "_s.arg(column) + message;
    };

    row(QString(), 1, u"expected a condition such as [STATUS] == 200"_s);
    row(u"   "_s, 1, u"expected a condition such as [STATUS] == 200"_s);
    row(u"[STATUS]"_s, 9, op + u" after '[STATUS]'"_s);
    row(u"[STATUS]   "_s, 12, op + u" after '[STATUS]'"_s);
    row(u"[STATUS] 200"_s, 10, op + u" after '[STATUS]' but found '200'"_s);
    row(u"[STATUS] = 200"_s, 10, op + u" after '[STATUS]' but found '='; did you mean '=='?"_s);
    row(u"[STATUS] => 200"_s, 10, op + u" after '[STATUS]' but found '=>'; did you mean '>='?"_s);
    row(u"[STATUS] =< 200"_s, 10, op + u" after '[STATUS]' but found '=<'; did you mean '<='?"_s);
    row(u"[STATUS] <> 200"_s, 10, op + u" after '[STATUS]' but found '<>'; did you mean '!='?"_s);
    row(u"[STATUS] ! 200"_s, 10, op + u" after '[STATUS]' but found '!'; did you mean '!='?"_s);
    row(u"[BODY].status pass"_s, 15, op + u" after '[BODY].status' but found 'pass'"_s);
    row(u"has([BODY].a) [STATUS]"_s, 15, op + u" after 'has([BODY].a)' but found '['"_s);
    row(u"len [BODY] == 3"_s, 5, op + u" after 'len' but found '['"_s);
    row(u"[STATUS] =="_s, 12, value + u" after '=='"_s);
    row(u"[STATUS] == "_s, 13, value + u" after '=='"_s);
    row(u"== 200"_s, 1, value + u" but found '=='"_s);
    row(u"  == 200"_s, 3, value + u" but found '=='"_s);
    row(u", == 1"_s, 1, value + u" but found ','"_s);
    row(u"[STATUS] == == 200"_s, 13, value + u" but found '=='"_s);
    row(u"[STATUS] <== 200"_s, 12, value + u" but found '='"_s);
    row(u"[STATUS] == (200)"_s, 13, value + u" but found '('"_s);
    row(u"[STATUS] == 200 300"_s, 17, u"expected the end of the condition after '200' but found '300'"_s + quoteHint);
    row(u"[BODY].message == hello world"_s, 25,
        u"expected the end of the condition after 'hello' but found 'world'"_s + quoteHint);
    row(u"[STATUS] == 200 and [BODY].x == 1"_s, 17,
        u"expected the end of the condition after '200' but found 'and'"_s + quoteHint);
    row(u"[BODY].x == 1 'y'"_s, 15, u"expected the end of the condition after '1' but found \"'\""_s + quoteHint);
    row(u"[STATUS] == 200 == 200"_s, 17, u"expected the end of the condition after '200' but found '=='"_s);
    row(u"[STATUS] == 200)"_s, 16, u"expected the end of the condition after '200' but found ')'"_s);
    row(u"[STATUS] == 200 ,"_s, 17, u"expected the end of the condition after '200' but found ','"_s);
    row(u"[STATUS == 200"_s, 8, u"expected ']' after '[STATUS' but found a space"_s);
    row(u"[STATUS"_s, 8, u"expected ']' after '[STATUS'"_s);
    row(u"[A-B] == 1"_s, 3, u"expected ']' after '[A' but found '-B'"_s);
    row(u"[status] == 200"_s, 2, u"placeholder names are written in capitals: [STATUS]"_s);
    row(u"[Status] == 200"_s, 2, u"placeholder names are written in capitals: [STATUS]"_s);
    row(u"[STATUS] == [body]"_s, 14, u"placeholder names are written in capitals: [BODY]"_s);
    row(u"[] == 200"_s, 2, u"expected a placeholder name such as STATUS after '[' but found ']'"_s);
    row(u"[1X] == 1"_s, 2, u"expected a placeholder name such as STATUS after '[' but found '1X'"_s);
    row(u"["_s, 2, u"expected a placeholder name such as STATUS after '['"_s);
    row(u"[BODY]. == 1"_s, 8, u"expected a field name after '[BODY].' but found a space"_s);
    row(u"[BODY].a. == 1"_s, 10, u"expected a field name after '[BODY].a.' but found a space"_s);
    row(u"[BODY].a.=1"_s, 10, u"expected a field name after '[BODY].a.' but found '='"_s);
    row(u"[BODY].a[x] == 1"_s, 10, u"expected an array index (0, 1, ...) after '[BODY].a[' but found 'x'"_s);
    row(u"[BODY].a[-1] == 1"_s, 10, u"expected an array index (0, 1, ...) after '[BODY].a[' but found '-1'"_s);
    row(u"[BODY].a[0 == 1"_s, 11, u"expected ']' after '[BODY].a[0' but found a space"_s);
    row(u"[BODY].a[0"_s, 11, u"expected ']' after '[BODY].a[0'"_s);
    row(u"[BODY].a[1234567890] == 1"_s, 10, u"the array index is too large"_s);
    row(u"[BODY].\"a == 1"_s, 8, u"unterminated string; add a closing \""_s);
    row(u"[BODY].a == \"pass"_s, 13, u"unterminated string; add a closing \""_s);
    row(u"[BODY].a == 'pass"_s, 13, u"unterminated string; add a closing '"_s);
    row(u"[BODY].a == 'pass\\'"_s, 13, u"unterminated string; add a closing '"_s);
    row(u"foo([BODY]) == 1"_s, 1, u"unknown function 'foo'; expected len, has, pat or any"_s);
    row(u"[BODY] == LEN(x)"_s, 11, u"unknown function 'LEN'; expected len, has, pat or any"_s);
    row(u"[BODY] == hello(world)"_s, 11, u"unknown function 'hello'; expected len, has, pat or any"_s);
    row(u"len([BODY]"_s, 11, u"expected ')' after 'len([BODY]'"_s);
    row(u"len() == 1"_s, 5, value + u" but found ')'"_s);
    row(u"len("_s, 5, value + u" after 'len('"_s);
    row(u"len([BODY], [STATUS]) == 1"_s, 11, u"expected ')' after 'len([BODY]' but found ','"_s);
    row(u"len(len([BODY])) == 1"_s, 5, u"functions cannot be nested: found 'len(' inside len()"_s);
    row(u"[BODY].a == any(1, len(2))"_s, 20, u"functions cannot be nested: found 'len(' inside any()"_s);
    row(u"has(x)"_s, 5, u"has() takes a placeholder such as [BODY].name but found 'x'"_s);
    row(u"has(\"x\")"_s, 5, u"has() takes a placeholder such as [BODY].name but found '\"'"_s);
    row(u"has("_s, 5, u"has() takes a placeholder such as [BODY].name after 'has('"_s);
    row(u"has([BODY].a"_s, 13, u"expected ')' after 'has([BODY].a'"_s);
    row(u"has([BODY].a) < true"_s, 15, u"'<' cannot be used with has(); use == or !="_s);
    row(u"[BODY] < pat(*x*)"_s, 8, u"'<' cannot be used with pat(); use == or !="_s);
    row(u"[STATUS] >= any(200, 300)"_s, 10, u"'>=' cannot be used with any(); use == or !="_s);
    row(u"pat(*x*) == [BODY]"_s, 1, u"pat() belongs on the right-hand side, as in [BODY] == pat(*ok*)"_s);
    row(u"any(1, 2) == [STATUS]"_s, 1, u"any() belongs on the right-hand side, as in [STATUS] == any(200, 204)"_s);
    row(u"pat(*x*)"_s, 1, u"pat() belongs on the right-hand side, as in [BODY] == pat(*ok*)"_s);
    row(u"[STATUS] == any(200, 204"_s, 25, u"expected ',' or ')' after 'any(200, 204'"_s);
    row(u"[STATUS] == any(200 204)"_s, 21, u"expected ',' or ')' after 'any(200' but found '204'"_s);
    row(u"[STATUS] == any()"_s, 17, value + u" but found ')'"_s);
    row(u"[STATUS] == any(200,)"_s, 21, value + u" but found ')'"_s);
    row(u"[STATUS] == any(200,"_s, 21, value + u" after 'any(200,'"_s);
    row(u"[BODY] == pat()"_s, 15, u"expected a glob pattern such as *ok* after 'pat(' but found ')'"_s);
    row(u"[BODY] == pat("_s, 15, u"expected a glob pattern such as *ok* after 'pat('"_s);
    row(u"[BODY] == pat(a b)"_s, 17, u"expected ')' after 'pat(a' but found 'b'"_s);
    row(u"[BODY] == pat(max-age=*)"_s, 22, u"expected ')' after 'pat(max-age' but found '='"_s);
    row(u"[BODY] == pat(*\"ok\"*)"_s, 16, u"expected ')' after 'pat(*' but found '\"'"_s);
    row(u"[BODY] == pat(x(y))"_s, 15, u"expected a glob pattern such as *ok* after 'pat(' but found 'x'"_s);
    row(u"[STATUS] == 200\u0007"_s, 16, u"unexpected control character U+0007"_s);
    row(u"\u0000"_s, 1, u"unexpected control character U+0000"_s);
    row(QString(Condition::MAX_LENGTH + 1, u'x'), Condition::MAX_LENGTH + 1,
        u"the condition is longer than 1000 characters"_s);
}

void TestConditionLanguage::rejectsInvalidExpressions()
{
    QFETCH(QString, expression);
    QFETCH(int, column);
    QFETCH(QString, error);

    const ConditionParseResult parsed = Condition::parse(expression);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorText(), error);
    QCOMPARE(parsed.column, column);

    const HttpPlaceholderResolver resolver(httpResponse());
    const ConditionOutcome outcome = ConditionEvaluator::evaluate(expression, resolver);
    QCOMPARE(outcome.ok, false);
    QCOMPARE(outcome.error, error);
    QCOMPARE(outcome.actual, QString());
}

void TestConditionLanguage::parsesPathsAndPlaceholderNames()
{
    const ConditionParseResult parsed = Condition::parse(u"[BODY].a.b[0].\"c.d\"[12] == any([STATUS], [BODY].x, 5s)"_s);
    QVERIFY2(parsed.ok(), qUtf8Printable(parsed.errorText()));
    const Condition &condition = *parsed.condition;
    QCOMPARE(condition.left().kind, ConditionOperand::Kind::Term);
    const ConditionTerm &left = condition.left().terms.constFirst();
    QCOMPARE(left.placeholderName, u"BODY"_s);
    QCOMPARE(left.path, (QStringList {u"a"_s, u"b"_s, u"[0]"_s, u"c.d"_s, u"[12]"_s}));
    QCOMPARE(left.column, 1);
    QCOMPARE(*condition.op(), ConditionOperator::Equal);
    QCOMPARE(condition.right().kind, ConditionOperand::Kind::AnyOf);
    QCOMPARE(condition.right().terms.size(), 3);
    QCOMPARE(condition.right().terms.at(2).literal, ConditionValue::fromDurationMs(5000));
    QCOMPARE(condition.right().column, 28);
    QCOMPARE(condition.placeholderNames(), (QStringList {u"BODY"_s, u"STATUS"_s}));
    QCOMPARE(condition.normalizedText(), u"[BODY].a.b[0].\"c.d\"[12] == any([STATUS], [BODY].x, 5s)"_s);

    const ConditionParseResult standalone = Condition::parse(u" has([HEADER].ETag) "_s);
    QVERIFY(standalone.ok());
    QVERIFY(standalone.condition->isStandalone());
    QCOMPARE(standalone.condition->left().kind, ConditionOperand::Kind::Exists);
    QCOMPARE(standalone.condition->placeholderNames(), QStringList {u"HEADER"_s});
    QCOMPARE(standalone.condition->normalizedText(), u"has([HEADER].ETag)"_s);

    const ConditionParseResult spaced = Condition::parse(u"  [STATUS]==200 "_s);
    QVERIFY(spaced.ok());
    QCOMPARE(spaced.condition->normalizedText(), u"[STATUS] == 200"_s);
    QCOMPARE(spaced.condition->text(), u"  [STATUS]==200 "_s);
    QCOMPARE(spaced.column, 0);
    QCOMPARE(spaced.errorText(), QString());

    const ConditionParseResult literals = Condition::parse(u"true != \"true\""_s);
    QVERIFY(literals.ok());
    QCOMPARE(literals.condition->left().terms.constFirst().literal.kind(), ConditionValue::Kind::Bool);
    QCOMPARE(literals.condition->right().terms.constFirst().literal.kind(), ConditionValue::Kind::String);
    QVERIFY(literals.condition->placeholderNames().isEmpty());

    QVERIFY(Condition::parse(QString(Condition::MAX_LENGTH - 5, u'a') + u" == 1"_s).ok());
}

void TestConditionLanguage::disconnectedResponseIsMissing()
{
    HttpPlaceholderResolver::Response response;
    response.connected = false;
    const HttpPlaceholderResolver resolver(response);
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(
        {u"[CONNECTED] == true"_s, u"[STATUS] == 200"_s, u"[RESPONSE_TIME] < 800"_s, u"[BODY].status == pass"_s,
         u"[BODY] == \"\""_s, u"[CERTIFICATE_EXPIRATION] > 14d"_s, u"has([HEADER].Server)"_s},
        resolver);
    QCOMPARE(outcomes.size(), 7);
    QCOMPARE(outcomes.at(0).actual, u"false"_s);
    QVERIFY(!outcomes.at(0).ok);
    for (int i = 1; i <= 3; ++i) {
        QCOMPARE(outcomes.at(i).actual, MISSING);
        QVERIFY(!outcomes.at(i).ok);
        QVERIFY(outcomes.at(i).error.isEmpty());
    }
    QVERIFY(outcomes.at(4).ok); // an empty body is still a body
    QCOMPARE(outcomes.at(5).actual, MISSING);
    QCOMPARE(outcomes.at(6).actual, u"false"_s);
    QVERIFY(!ConditionEvaluator::allHold(outcomes));

    HttpPlaceholderResolver::Response notJson;
    notJson.connected = true;
    notJson.statusCode = 502;
    notJson.body = "<html>Bad gateway</html>";
    const HttpPlaceholderResolver html(notJson);
    QCOMPARE(ConditionEvaluator::evaluate(u"[BODY].status == pass"_s, html).actual, MISSING);
    QVERIFY(ConditionEvaluator::evaluate(u"[BODY] == pat('*Bad gateway*')"_s, html).ok);
    QVERIFY(ConditionEvaluator::evaluate(u"[STATUS] >= 500"_s, html).ok);
}

void TestConditionLanguage::certificateExpiryFromDates()
{
    HttpPlaceholderResolver::Response response;
    response.connected = true;
    response.now = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
    response.certificateExpiry = QDateTime(QDate(2026, 12, 6), QTime(14, 30), Qt::UTC);
    const HttpPlaceholderResolver soon(response);
    const ConditionOutcome outcome = ConditionEvaluator::evaluate(u"[CERTIFICATE_EXPIRATION] > 14d"_s, soon);
    QCOMPARE(outcome.actual, u"10d 2h 30m"_s);
    QVERIFY(!outcome.ok);

    response.certificateExpiry = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
    const HttpPlaceholderResolver expired(response);
    const ConditionOutcome past = ConditionEvaluator::evaluate(u"[CERTIFICATE_EXPIRATION] > 0"_s, expired);
    QCOMPARE(past.actual, u"-3d"_s);
    QVERIFY(!past.ok);

    response.certificateMsLeft = 90LL * 24 * 3600 * 1000; // wins over the dates
    const HttpPlaceholderResolver given(response);
    QCOMPARE(ConditionEvaluator::evaluate(u"[CERTIFICATE_EXPIRATION] >= 90d"_s, given).ok, true);
}

void TestConditionLanguage::truncatesLongActualValues()
{
    HttpPlaceholderResolver::Response response;
    response.connected = true;
    response.statusCode = 200;
    response.body = QByteArray(5000, 'a') + "tail";
    const HttpPlaceholderResolver resolver(response);
    const ConditionOutcome outcome = ConditionEvaluator::evaluate(u"[BODY] == pat(*tail)"_s, resolver);
    QVERIFY(outcome.ok); // matching sees the whole body; only the evidence is shortened
    QCOMPARE(outcome.actual.size(), ConditionEvaluator::MAX_ACTUAL_LENGTH + 1);
    QVERIFY(outcome.actual.endsWith(u'…'));
    QCOMPARE(ConditionEvaluator::evaluate(u"len([BODY]) == 5004"_s, resolver).ok, true);

    response.body = QByteArray(ConditionEvaluator::MAX_ACTUAL_LENGTH - 1, 'c') + "\xF0\x9F\x9A\x80 rocket";
    const HttpPlaceholderResolver emoji(response);
    QCOMPARE(ConditionEvaluator::evaluate(u"[BODY] != x"_s, emoji).actual,
             QString(ConditionEvaluator::MAX_ACTUAL_LENGTH - 1, u'c') + u'…'); // the pair is not split

    response.body = QByteArray(ConditionEvaluator::MAX_ACTUAL_LENGTH, 'b');
    const HttpPlaceholderResolver exact(response);
    QCOMPARE(ConditionEvaluator::evaluate(u"[BODY] != x"_s, exact).actual,
             QString(ConditionEvaluator::MAX_ACTUAL_LENGTH, u'b'));
}

void TestConditionLanguage::evaluateAllTurnsParseErrorsIntoFailures()
{
    const HttpPlaceholderResolver resolver(httpResponse());
    const QStringList expressions {u"[STATUS] == 200"_s, u"[STATUS] = 200"_s, u"[BODY].status == pass"_s};
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(expressions, resolver);
    QCOMPARE(outcomes.size(), 3);
    QCOMPARE(outcomes.at(0), (ConditionOutcome {u"[STATUS] == 200"_s, u"200"_s, true, QString()}));
    QCOMPARE(outcomes.at(1).expression, u"[STATUS] = 200"_s);
    QVERIFY(!outcomes.at(1).ok);
    QVERIFY(outcomes.at(1).error.startsWith(u"column 10: expected an operator"_s));
    QVERIFY(outcomes.at(2).ok);
    QVERIFY(!ConditionEvaluator::allHold(outcomes));
    QVERIFY(ConditionEvaluator::allHold({outcomes.at(0), outcomes.at(2)}));
    QVERIFY(ConditionEvaluator::allHold({}));
    QVERIFY(ConditionEvaluator::evaluateAll({}, resolver).isEmpty());
}

void TestConditionLanguage::outcomeRoundTripsThroughJson()
{
    const ConditionOutcome passed {u"[STATUS] == 200"_s, u"200"_s, true, QString()};
    QCOMPARE(passed.toJson(),
             (QJsonObject {{u"expr"_s, u"[STATUS] == 200"_s}, {u"actual"_s, u"200"_s}, {u"ok"_s, true}}));
    QCOMPARE(ConditionOutcome::fromJson(passed.toJson()), passed);

    const ConditionOutcome failed {u"[STATU] == 200"_s, MISSING, false, u"unknown placeholder [STATU]"_s};
    QCOMPARE(failed.toJson().value(u"error"_s).toString(), failed.error);
    QCOMPARE(ConditionOutcome::fromJson(failed.toJson()), failed);
}

void TestConditionLanguage::matchesGlobs_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");

    QTest::newRow("empty both") << QString() << QString() << true;
    QTest::newRow("empty pattern") << QString() << u"a"_s << false;
    QTest::newRow("star matches empty") << u"*"_s << QString() << true;
    QTest::newRow("star matches all") << u"*"_s << u"anything"_s << true;
    QTest::newRow("literal") << u"abc"_s << u"abc"_s << true;
    QTest::newRow("literal prefix only") << u"abc"_s << u"abcd"_s << false;
    QTest::newRow("question") << u"a?c"_s << u"abc"_s << true;
    QTest::newRow("question needs a char") << u"a?c"_s << u"ac"_s << false;
    QTest::newRow("star middle") << u"a*c"_s << u"abbbc"_s << true;
    QTest::newRow("star backtracks") << u"*ab*ab"_s << u"xabyabab"_s << true;
    QTest::newRow("stars and questions") << u"*?b?*"_s << u"ab"_s << false;
    QTest::newRow("trailing stars") << u"a***"_s << u"a"_s << true;
    QTest::newRow("case-sensitive") << u"A*"_s << u"abc"_s << false;
    QTest::newRow("regex chars literal") << u"a.c[1]"_s << u"a.c[1]"_s << true;
    QTest::newRow("regex chars not special") << u"a.c"_s << u"abc"_s << false;
    QTest::newRow("pathological") << u"*a*a*a*a*a*a*a*b"_s << QString(2000, u'a') << false;
}

void TestConditionLanguage::matchesGlobs()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(ConditionGlob::matches(pattern, text), matches);
}

void TestConditionLanguage::writesDurationsAndNumbers_data()
{
    QTest::addColumn<ConditionValue>("value");
    QTest::addColumn<QString>("text");

    QTest::newRow("0ms") << ConditionValue::fromDurationMs(0) << u"0ms"_s;
    QTest::newRow("850ms") << ConditionValue::fromDurationMs(850) << u"850ms"_s;
    QTest::newRow("5s") << ConditionValue::fromDurationMs(5000) << u"5s"_s;
    QTest::newRow("2h 5m") << ConditionValue::fromDurationMs(125 * 60'000) << u"2h 5m"_s;
    QTest::newRow("14d") << ConditionValue::fromDurationMs(14 * 86'400'000.0) << u"14d"_s;
    QTest::newRow("negative") << ConditionValue::fromDurationMs(-90'000) << u"-1m 30s"_s;
    QTest::newRow("fraction of ms") << ConditionValue::fromDurationMs(0.5) << u"0.5ms"_s;
    QTest::newRow("integer") << ConditionValue::fromNumber(200) << u"200"_s;
    QTest::newRow("fraction") << ConditionValue::fromNumber(0.1) << u"0.1"_s;
    QTest::newRow("negative number") << ConditionValue::fromNumber(-2.5) << u"-2.5"_s;
    QTest::newRow("big") << ConditionValue::fromNumber(1e21) << u"1e+21"_s;
    QTest::newRow("true") << ConditionValue::fromBool(true) << u"true"_s;
    QTest::newRow("null") << ConditionValue() << u"null"_s;
}

void TestConditionLanguage::writesDurationsAndNumbers()
{
    QFETCH(ConditionValue, value);
    QFETCH(QString, text);
    QCOMPARE(value.toText(), text);
}

void TestConditionLanguage::survivesFuzzedInput()
{
    QRandomGenerator random(20261126); // fixed seed: the same inputs on every run
    const HttpPlaceholderResolver http(httpResponse());
    const MapPlaceholderResolver calls(callsValues());

    const QStringList seeds {u"[STATUS] == any(200, 204)"_s, u"[BODY].checks[1].models[0] == pat(claude-*)"_s,
                             u"has([HEADER].X-Request-Id)"_s, u"len([BODY].checks) >= 2"_s,
                             u"[CERTIFICATE_EXPIRATION] > 14d"_s, u"[BODY].\"dotted.key\" == 'dot'"_s,
                             u"[RESPONSE_TIME] < 1.5s"_s, u"[FIELD_COVERAGE].cost >= 0.99"_s,
                             u"[BODY].quote == \"say \\\"hi\\\"\""_s, u"[STATUS] != pat(5?*)"_s,
                             u"[BODY].matrix[1][1][0] == 4"_s, u"[BODY].greeting == 'héllo ✓'"_s};
    const QStringList tokens {u"[STATUS]"_s, u"[BODY]"_s, u"[HEADER]"_s, u".a"_s, u"[0]"_s, u"[99]"_s, u"=="_s,
                              u"!="_s, u"<"_s, u"<="_s, u">"_s, u">="_s, u"="_s, u"len("_s, u"has("_s, u"pat("_s,
                              u"any("_s, u")"_s, u","_s, u"\""_s, u"'"_s, u"200"_s, u"5s"_s, u"-1"_s, u"1e999"_s,
                              u"pass"_s, u" "_s, u"*"_s, u"?"_s, u"\\"_s, u"true"_s, u"."_s, u"["_s, u"]"_s};
    const QString alphabet = u"[]().,\"'=!<>*?_- \t0123456789abcxyzSTATUSBODYHEADERlenhaspatanyé✓\\\u0001\u00a0"_s;

    const auto randomChar = [&] {
        if (random.bounded(20) == 0)
            return QChar(static_cast<char16_t>(random.bounded(0x10000))); // any UTF-16 unit, surrogates too
        return alphabet.at(random.bounded(alphabet.size()));
    };
    const auto mutate = [&](QString text) {
        const int steps = 1 + random.bounded(4);
        for (int i = 0; i < steps; ++i) {
            const qsizetype at = text.isEmpty() ? 0 : random.bounded(text.size() + 1);
            switch (random.bounded(5)) {
            case 0: text.insert(at, randomChar()); break;
            case 1: text.remove(at, 1 + random.bounded(3)); break;
            case 2:
                if (at < text.size())
                    text[at] = randomChar();
                break;
            case 3: text.insert(at, tokens.at(random.bounded(tokens.size()))); break;
            case 4: text.truncate(at); break;
            }
        }
        return text;
    };

    QStringList inputs;
    for (int i = 0; i < 3000; ++i)
        inputs.append(mutate(seeds.at(random.bounded(seeds.size()))));
    for (int i = 0; i < 1500; ++i) {
        QString text;
        const int count = random.bounded(12);
        for (int j = 0; j < count; ++j)
            text += tokens.at(random.bounded(tokens.size()));
        inputs.append(text);
    }
    for (int i = 0; i < 1500; ++i) {
        QString text;
        const int length = random.bounded(40);
        for (int j = 0; j < length; ++j)
            text += randomChar();
        inputs.append(text);
    }
    inputs += {QString(Condition::MAX_LENGTH, u'('), QString(Condition::MAX_LENGTH, u'['),
               u"[BODY]"_s + u".a"_s.repeated(400) + u" == 1"_s,
               u"[STATUS] == any("_s + u"1,"_s.repeated(490) + u"1)"_s,
               u"[BODY] == pat("_s + u"*"_s.repeated(980) + u")"_s, QString(100'000, u'x'),
               u"[BODY].a[999999999] == 1"_s, u"1e308 < 1e309"_s, u"999999999999d > 1"_s};

    int accepted = 0;
    for (const QString &input : std::as_const(inputs)) {
        const ConditionParseResult parsed = Condition::parse(input);
        if (!parsed.ok()) {
            const qsizetype lastColumn = std::min<qsizetype>(input.size(), Condition::MAX_LENGTH) + 1;
            QVERIFY2(parsed.column >= 1 && parsed.column <= lastColumn, qUtf8Printable(input));
            QVERIFY2(!parsed.message.isEmpty(), qUtf8Printable(input));
            continue;
        }
        ++accepted;
        QCOMPARE(parsed.condition->text(), input);
        for (const PlaceholderResolver *resolver : {static_cast<const PlaceholderResolver *>(&http),
                                                    static_cast<const PlaceholderResolver *>(&calls)}) {
            const ConditionOutcome outcome = ConditionEvaluator::evaluate(*parsed.condition, *resolver);
            QCOMPARE(outcome.expression, input);
            QVERIFY(outcome.actual.size() <= ConditionEvaluator::MAX_ACTUAL_LENGTH + 1);
            QVERIFY(!outcome.ok || outcome.error.isEmpty());
        }
        // Rebuilding from the parts gives an expression that parses to the same parts.
        const ConditionParseResult again = Condition::parse(parsed.condition->normalizedText());
        QVERIFY2(again.ok(), qUtf8Printable(parsed.condition->normalizedText() + u" <- "_s + input));
        QCOMPARE(again.condition->normalizedText(), parsed.condition->normalizedText());
    }
    // The fuzzer must reach both sides of the parser to mean anything.
    QVERIFY(accepted > 200);
    QVERIFY(inputs.size() - accepted > 2000);
    qInfo("fuzzed %lld inputs, %d parsed", static_cast<long long>(inputs.size()), accepted);
}

QTEST_APPLESS_MAIN(TestConditionLanguage)
#include "TestConditionLanguage.moc"
