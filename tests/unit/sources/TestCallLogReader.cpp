// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallLogReader.h"
#include "sources/PriceTable.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

/** An LlmCall with its text copied, so it outlives the reader's buffers. */
struct OwnedCall
{
    LlmCall call;
    std::string requested, answered, user, session, endpoint;
};

class RecordingSink final : public CallSink
{
public:
    void addCall(const LlmCall &call) override
    {
        OwnedCall owned {call, std::string(call.requestedModel), std::string(call.answeredModel),
                         std::string(call.user), std::string(call.session), std::string(call.endpoint)};
        owned.call.requestedModel = {};
        owned.call.answeredModel = {};
        owned.call.user = {};
        owned.call.session = {};
        owned.call.endpoint = {};
        calls.push_back(owned);
    }
    std::vector<OwnedCall> calls;
};

QString dataFile(const QString &name)
{
    return QStringLiteral(LIFTOFF_TEST_DATA_DIR) + u"/calls/"_s + name;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(path));
    return file.readAll();
}

QList<qint64> malformedLines(const CallLogReadResult &result)
{
    QList<qint64> lines;
    for (const auto &m : result.firstMalformed)
        lines.append(m.line);
    return lines;
}

const QByteArray GOOD_JSONL = R"({"ts":"2026-10-01T00:00:00Z","model":"m","latency_ms":10,"status":"ok"})";

} // namespace

/** Call-log readers: format detection, every format's fields, and hostile input. */
class TestCallLogReader : public QObject
{
    Q_OBJECT

private slots:
    void detectsFormat_data();
    void detectsFormat();
    void otelSampleReadsCurrentAndDeprecatedNames();
    void otelSkipsNonModelSpansAndAcceptsVariants();
    void liteLlmSpendLogsArray();
    void liteLlmSpendLogsV2Envelope();
    void liteLlmLineWithMissingFields();
    void langfuseObservationsV2();
    void jsonlDefaultsAndStatusRules_data();
    void jsonlDefaultsAndStatusRules();
    void jsonlFieldMapping();
    void escapedStringsAreUnescaped();
    void malformedLinesAreCountedWithLineNumbers();
    void invalidUtf8IsMalformedNotFatal();
    void hugeLineIsSkippedWithoutStoppingTheRead();
    void hugeLineAcrossMappingWindows();
    void lastLineWithoutNewlineAndCrlf();
    void truncatedFirstLineIsStillJsonLines();
    void twoThreadsGiveTheSameCallsAndAbsoluteLineNumbers();
    void fixturesGiveEveryRecord_data();
    void fixturesGiveEveryRecord();
    void portableAndAvx2ParsersAgree();
    void missingFileIsAnError();
    void documentOverTheLimitIsAnError();
    void brokenDocumentCountsOneMalformedRecord();
    void priceTableFillsMissingCost();
    void objectsWithoutCallFieldsAreNotCalls();
};

void TestCallLogReader::detectsFormat_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<CallLogFormat>("format");
    QTest::addColumn<bool>("document");
    QTest::newRow("otel lines") << u"samples/otel_genai_spans.jsonl"_s << CallLogFormat::Otel << false;
    QTest::newRow("litellm array") << u"samples/litellm_spend_logs.json"_s << CallLogFormat::LiteLlm << true;
    QTest::newRow("litellm v2") << u"samples/litellm_spend_logs_v2.json"_s << CallLogFormat::LiteLlm << true;
    QTest::newRow("langfuse v2") << u"samples/langfuse_observations_v2.json"_s << CallLogFormat::Langfuse << true;
    QTest::newRow("litellm lines") << u"litellm-2000.jsonl"_s << CallLogFormat::LiteLlm << false;
    QTest::newRow("otel generated") << u"otel-2000.jsonl"_s << CallLogFormat::Otel << false;
    QTest::newRow("generic lines") << u"generic-2000.jsonl"_s << CallLogFormat::Jsonl << false;
}

void TestCallLogReader::detectsFormat()
{
    QFETCH(QString, file);
    QFETCH(CallLogFormat, format);
    QFETCH(bool, document);
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(dataFile(file), sink);
    QVERIFY2(result.ok(), qPrintable(result.errorString));
    QCOMPARE(result.format, format);
    QCOMPARE(result.document, document);
    QCOMPARE(result.malformed, 0);
    QVERIFY(!sink.calls.empty());
}

void TestCallLogReader::otelSampleReadsCurrentAndDeprecatedNames()
{
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(dataFile(u"samples/otel_genai_spans.jsonl"_s), sink);
    QCOMPARE(result.calls, 2);
    QCOMPARE(sink.calls.size(), std::size_t(2));

    const OwnedCall &current = sink.calls[0];
    QCOMPARE(current.requested, std::string("gpt-4o"));
    QCOMPARE(current.answered, std::string("gpt-4o-2024-08-06"));
    QCOMPARE(current.call.inputTokens, std::optional<qint64>(975));
    QCOMPARE(current.call.outputTokens, std::optional<qint64>(230));
    QCOMPARE(current.call.latencyMs, std::optional<qint64>(3864));
    QCOMPARE(current.call.timeMs, std::optional<qint64>(1767348930123));
    QVERIFY(current.call.hasMaxTokens);
    QVERIFY(current.call.hasTemperature);
    QVERIFY(!current.call.error);
    QVERIFY(!current.call.costNanoUsd); // no price table given
    QCOMPARE(current.endpoint, std::string("api.openai.com"));

    const OwnedCall &legacy = sink.calls[1]; // gen_ai.usage.prompt_tokens / completion_tokens
    QCOMPARE(legacy.requested, std::string("claude-sonnet-4-5"));
    QCOMPARE(legacy.call.inputTokens, std::optional<qint64>(2400));
    QCOMPARE(legacy.call.outputTokens, std::optional<qint64>(515));
    QCOMPARE(legacy.call.latencyMs, std::optional<qint64>(7406));
    QVERIFY(legacy.call.error); // status code 2 and error.type
    QVERIFY(!legacy.call.hasMaxTokens);
}

void TestCallLogReader::otelSkipsNonModelSpansAndAcceptsVariants()
{
    // An HTTP span, a tool span, and a model span whose attribute objects put "value" before
    // "key", with numbers instead of decimal strings, and only error.type to mark the failure.
    const QByteArray line = R"({"resourceSpans":[{"scopeSpans":[{"spans":[)"
                            R"({"name":"GET /","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]},)"
                            R"({"name":"execute_tool x","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}}]},)"
                            R"({"name":"chat m","startTimeUnixNano":1000000000,"endTimeUnixNano":1250400000,"status":{"code":1},"attributes":[)"
                            R"({"value":{"stringValue":"m"},"key":"gen_ai.request.model"},)"
                            R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":12}},)"
                            R"({"key":"error.type","value":{"stringValue":"timeout"}},)"
                            R"({"key":"session.id","value":{"stringValue":"s1"}}]})"
                            R"(]}]}]})";
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData(line + '\n', sink);
    QCOMPARE(result.format, CallLogFormat::Otel);
    QCOMPARE(result.malformed, 0);
    QCOMPARE(sink.calls.size(), std::size_t(1));
    const OwnedCall &call = sink.calls[0];
    QCOMPARE(call.requested, std::string("m"));
    QCOMPARE(call.call.inputTokens, std::optional<qint64>(12));
    QVERIFY(!call.call.outputTokens);
    QCOMPARE(call.call.latencyMs, std::optional<qint64>(250)); // 250.4 ms rounds to 250
    QCOMPARE(call.call.timeMs, std::optional<qint64>(1000));
    QVERIFY(call.call.error);
    QCOMPARE(call.session, std::string("s1"));
}

void TestCallLogReader::liteLlmSpendLogsArray()
{
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(dataFile(u"samples/litellm_spend_logs.json"_s), sink);
    QCOMPARE(result.records, 2);
    QCOMPARE(sink.calls.size(), std::size_t(2));
    const OwnedCall &first = sink.calls[0];
    QCOMPARE(first.requested, std::string("support-bot-main")); // model_group
    QCOMPARE(first.answered, std::string("gpt-4o-2024-08-06")); // model
    QCOMPARE(first.call.costNanoUsd, std::optional<qint64>(4097500));
    QVERIFY(!first.call.costEstimated);
    QCOMPARE(first.call.inputTokens, std::optional<qint64>(975));
    QCOMPARE(first.call.outputTokens, std::optional<qint64>(230));
    QCOMPARE(first.call.latencyMs, std::optional<qint64>(3864));
    QCOMPARE(first.call.ttftMs, std::optional<qint64>(778));
    QCOMPARE(first.user, std::string("customer-4471")); // end_user wins over the key owner
    QCOMPARE(first.session, std::string("sess-2b9c7e41"));
    QCOMPARE(first.endpoint, std::string("https://api.openai.com/v1"));
    QVERIFY(!first.call.error);
    const OwnedCall &second = sink.calls[1];
    QCOMPARE(second.user, std::string("default_user_id")); // end_user null
    QVERIFY(second.session.empty());
    QVERIFY(!second.call.ttftMs); // completionStartTime null
}

void TestCallLogReader::liteLlmSpendLogsV2Envelope()
{
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(dataFile(u"samples/litellm_spend_logs_v2.json"_s), sink);
    QCOMPARE(result.calls, 1);
    // No request_duration_ms in this row: latency comes from endTime - startTime.
    QCOMPARE(sink.calls[0].call.latencyMs, std::optional<qint64>(3864));
}

void TestCallLogReader::liteLlmLineWithMissingFields()
{
    const QByteArray data = R"({"model":"gpt-4o","spend":0,"metadata":{"status":"failure"}})"
                            "\n"
                            R"({"model":"gpt-4o","status":"success","startTime":"2026-01-01T00:00:00Z","endTime":"2026-01-01T00:00:01.5Z","proxy_server_request":{"max_tokens":5}})"
                            "\n";
    RecordingSink sink;
    CallLogReader reader;
    reader.setFormat(CallLogFormat::LiteLlm);
    const CallLogReadResult result = reader.readData(data, sink);
    QCOMPARE(result.malformed, 0);
    QCOMPARE(sink.calls.size(), std::size_t(2));
    QCOMPARE(sink.calls[0].requested, std::string("gpt-4o")); // no model_group: the model
    QVERIFY(sink.calls[0].call.error);                          // old rows: metadata.status
    QVERIFY(!sink.calls[0].call.inputTokens);
    QVERIFY(!sink.calls[0].call.latencyMs);
    QVERIFY(!sink.calls[0].call.timeMs);
    QCOMPARE(sink.calls[0].call.costNanoUsd, std::optional<qint64>(0));
    QVERIFY(!sink.calls[1].call.error);
    QCOMPARE(sink.calls[1].call.latencyMs, std::optional<qint64>(1500));
    QVERIFY(sink.calls[1].call.hasMaxTokens);
}

void TestCallLogReader::langfuseObservationsV2()
{
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(dataFile(u"samples/langfuse_observations_v2.json"_s), sink);
    QCOMPARE(result.calls, 1);
    const OwnedCall &call = sink.calls[0];
    QCOMPARE(call.requested, std::string("gpt-4o-2024-08-06")); // providedModelName
    QCOMPARE(call.call.inputTokens, std::optional<qint64>(975)); // input + input_cached_tokens
    QCOMPARE(call.call.outputTokens, std::optional<qint64>(230));
    QCOMPARE(call.call.costNanoUsd, std::optional<qint64>(4097500));
    QCOMPARE(call.call.latencyMs, std::optional<qint64>(3864));
    QCOMPARE(call.call.ttftMs, std::optional<qint64>(778));
    QVERIFY(call.call.hasMaxTokens);
    QVERIFY(call.call.hasTemperature);
    QCOMPARE(call.user, std::string("customer-4471"));
    QVERIFY(!call.call.error);

    // Spans and events are not model calls; level ERROR is a failure.
    const QByteArray lines = R"({"id":"1","traceId":"t","type":"SPAN","startTime":"2026-01-02T10:15:30Z"})"
                             "\n"
                             R"({"id":"2","traceId":"t","type":"GENERATION","level":"ERROR","providedModelName":"m","startTime":"2026-01-02T10:15:30Z"})"
                             "\n";
    RecordingSink lineSink;
    const CallLogReadResult lineResult = CallLogReader().readData(lines, lineSink);
    QCOMPARE(lineResult.format, CallLogFormat::Langfuse);
    QCOMPARE(lineSink.calls.size(), std::size_t(1));
    QVERIFY(lineSink.calls[0].call.error);
}

void TestCallLogReader::jsonlDefaultsAndStatusRules_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<bool>("error");
    QTest::newRow("ok") << QByteArray(R"("ok")") << false;
    QTest::newRow("success") << QByteArray(R"("Success")") << false;
    QTest::newRow("200 number") << QByteArray("200") << false;
    QTest::newRow("204 string") << QByteArray(R"("204")") << false;
    QTest::newRow("error") << QByteArray(R"("error")") << true;
    QTest::newRow("500") << QByteArray("500") << true;
    QTest::newRow("429 string") << QByteArray(R"("429")") << true;
    QTest::newRow("null means no status") << QByteArray("null") << false;
}

void TestCallLogReader::jsonlDefaultsAndStatusRules()
{
    QFETCH(QByteArray, status);
    QFETCH(bool, error);
    const QByteArray line = R"({"ts":"2026-10-03T06:18:20.529406Z","request_id":"r","model":"gpt-4o","response_model":"gpt-4o-2024-08-06",)"
                            R"("input_tokens":10,"output_tokens":20,"latency_ms":1589,"ttft_ms":200.4,"cost_usd":0.0104025,"user":"u","session":"s",)"
                            R"("max_tokens":null,"temperature":0.2,"status":)"
                            + status + "}\n";
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData(line, sink);
    QCOMPARE(result.format, CallLogFormat::Jsonl);
    QCOMPARE(sink.calls.size(), std::size_t(1));
    const OwnedCall &call = sink.calls[0];
    QCOMPARE(call.call.error, error);
    QCOMPARE(call.requested, std::string("gpt-4o"));
    QCOMPARE(call.answered, std::string("gpt-4o-2024-08-06"));
    QCOMPARE(call.call.ttftMs, std::optional<qint64>(200));
    QCOMPARE(call.call.costNanoUsd, std::optional<qint64>(10402500));
    QCOMPARE(call.session, std::string("s"));
    QVERIFY(!call.call.hasMaxTokens); // null is absent
    QVERIFY(call.call.hasTemperature);
}

void TestCallLogReader::jsonlFieldMapping()
{
    JsonlFieldMapping mapping;
    QString error;
    QVERIFY(mapping.applyOverrides({{u"latency_ms"_s, u"duration"_s}, {u"cost_usd"_s, u"price"_s}}, &error));
    QVERIFY(!mapping.applyOverrides({{u"nonsense"_s, u"x"_s}}, &error));
    QVERIFY(error.contains(u"nonsense"_s));
    CallLogReader reader;
    reader.setFieldMapping(mapping);
    RecordingSink sink;
    reader.readData(R"({"model":"m","duration":42,"price":"0.5","latency_ms":1})"
                    "\n",
                    sink);
    QCOMPARE(sink.calls.size(), std::size_t(1));
    QCOMPARE(sink.calls[0].call.latencyMs, std::optional<qint64>(42));
    QCOMPARE(sink.calls[0].call.costNanoUsd, std::optional<qint64>(500000000)); // numeric string accepted
}

void TestCallLogReader::escapedStringsAreUnescaped()
{
    RecordingSink sink;
    CallLogReader().readData(R"({"model":"gpt\u002d4o","user":"a\"b","session":"\u00e9t\u00e9"})"
                             "\n",
                             sink);
    QCOMPARE(sink.calls.size(), std::size_t(1));
    QCOMPARE(sink.calls[0].requested, std::string("gpt-4o"));
    QCOMPARE(sink.calls[0].user, std::string("a\"b"));
    QCOMPARE(sink.calls[0].session, std::string("\xc3\xa9t\xc3\xa9"));
}

void TestCallLogReader::malformedLinesAreCountedWithLineNumbers()
{
    QByteArray data;
    data += GOOD_JSONL + '\n';                      // 1
    data += "{\"model\": \"m\", \n";                // 2 truncated
    data += "\n";                                    // 3 blank: not a record
    data += GOOD_JSONL + '\n';                      // 4
    data += "[1, 2, 3]\n";                           // 5 not an object
    data += "{\"a\": \"unterminated}\n";             // 6
    data += "garbage\n";                             // 7
    data += "{\"model\": \"x\" \"y\"}\n";             // 8 missing comma
    data += "{\"model\": \"x\"}}\n";                // 9 unbalanced
    data += GOOD_JSONL + '\n';                      // 10
    // Not caught: On-Demand parsing validates structure, UTF-8 and every value it reads,
    // but not the spelling of scalars it skips, so {"unused": tru} passes as a record.
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData(data, sink);
    QVERIFY(result.ok());
    QCOMPARE(result.records, 9);
    QCOMPARE(result.malformed, 6);
    QCOMPARE(result.calls, 3);
    QCOMPARE(malformedLines(result), (QList<qint64> {2, 5, 6, 7, 8}));
    QVERIFY(result.malformedSummary().first().startsWith(u"line 2: "_s));
}

void TestCallLogReader::invalidUtf8IsMalformedNotFatal()
{
    QByteArray data = GOOD_JSONL + '\n';
    data += "{\"model\": \"bad \xff\xfe\xc3 bytes\", \"latency_ms\": 5}\n";
    data += "{\"model\": \"\xed\xa0\x80\"}\n"; // UTF-16 surrogate encoded in UTF-8
    data += GOOD_JSONL + '\n';
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData(data, sink);
    QCOMPARE(result.malformed, 2);
    QCOMPARE(malformedLines(result), (QList<qint64> {2, 3}));
    QCOMPARE(sink.calls.size(), std::size_t(2));
}

void TestCallLogReader::hugeLineIsSkippedWithoutStoppingTheRead()
{
    QByteArray data = GOOD_JSONL + '\n';
    data += "{\"model\": \"" + QByteArray(5000, 'x') + "\"}\n";
    data += GOOD_JSONL + '\n';
    CallLogReader reader;
    reader.setMaxLineBytes(1024);
    RecordingSink sink;
    const CallLogReadResult result = reader.readData(data, sink);
    QCOMPARE(result.malformed, 1);
    QCOMPARE(malformedLines(result), QList<qint64> {2});
    QVERIFY(result.firstMalformed.first().reason.contains(u"longer than 1024"_s));
    QCOMPARE(sink.calls.size(), std::size_t(2));
}

void TestCallLogReader::hugeLineAcrossMappingWindows()
{
    // Small mapping windows make lines cross window ends; a huge line spans several windows.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"calls.jsonl"_s);
    QByteArray data;
    for (int i = 0; i < 50; ++i)
        data += GOOD_JSONL + '\n';
    data += "{\"model\": \"" + QByteArray(20000, 'y') + "\"}\n"; // line 51
    for (int i = 0; i < 50; ++i)
        data += GOOD_JSONL + '\n';
    data += GOOD_JSONL; // line 102, no newline
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    CallLogReader reader;
    reader.setMaxLineBytes(1000);
    reader.setWindowBytes(2000);
    RecordingSink sink;
    const CallLogReadResult result = reader.readFile(path, sink);
    QVERIFY2(result.ok(), qPrintable(result.errorString));
    QCOMPARE(result.records, 102);
    QCOMPARE(result.malformed, 1);
    QCOMPARE(malformedLines(result), QList<qint64> {51});
    QCOMPARE(sink.calls.size(), std::size_t(101));
}

void TestCallLogReader::lastLineWithoutNewlineAndCrlf()
{
    const QByteArray data = GOOD_JSONL + "\r\n" + GOOD_JSONL + "\r\n  \r\n" + GOOD_JSONL;
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData(data, sink);
    QCOMPARE(result.malformed, 0);
    QCOMPARE(sink.calls.size(), std::size_t(3));
}

void TestCallLogReader::truncatedFirstLineIsStillJsonLines()
{
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData("{\"model\": \"m\", \n" + GOOD_JSONL + '\n', sink);
    QVERIFY(!result.document);
    QCOMPARE(result.malformed, 1);
    QCOMPARE(malformedLines(result), QList<qint64> {1});
    QCOMPARE(sink.calls.size(), std::size_t(1));
}

void TestCallLogReader::twoThreadsGiveTheSameCallsAndAbsoluteLineNumbers()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"calls.jsonl"_s);
    QByteArray data = readAll(dataFile(u"litellm-2000.jsonl"_s));
    data += "not json\n"; // line 2001, in the second half
    data += readAll(dataFile(u"litellm-2000.jsonl"_s));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();

    CallLogReader reader;
    reader.setMinBytesPerThread(1);
    reader.setWindowBytes(64 * 1024);
    reader.setMaxLineBytes(16 * 1024);
    RecordingSink serial;
    const CallLogReadResult one = reader.readFile(path, serial);
    RecordingSink a, b;
    const CallLogReadResult two = reader.readFile(path, QList<CallSink *> {&a, &b});
    QVERIFY(!a.calls.empty());
    QVERIFY(!b.calls.empty());
    QCOMPARE(one.calls, 4000);
    QCOMPARE(two.calls, 4000);
    QCOMPARE(two.records, one.records);
    QCOMPARE(malformedLines(one), QList<qint64> {2001});
    QCOMPARE(malformedLines(two), QList<qint64> {2001});
    qint64 serialLatency = 0, parallelLatency = 0;
    for (const auto &c : serial.calls)
        serialLatency += c.call.latencyMs.value_or(0);
    for (const auto *sink : {&a, &b}) {
        for (const auto &c : sink->calls)
            parallelLatency += c.call.latencyMs.value_or(0);
    }
    QCOMPARE(parallelLatency, serialLatency);
}

void TestCallLogReader::fixturesGiveEveryRecord_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("litellm") << u"litellm-2000.jsonl"_s;
    QTest::newRow("otel") << u"otel-2000.jsonl"_s;
    QTest::newRow("generic") << u"generic-2000.jsonl"_s;
}

void TestCallLogReader::fixturesGiveEveryRecord()
{
    QFETCH(QString, file);
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(dataFile(file), sink);
    QCOMPARE(result.malformed, 0);
    QCOMPARE(result.calls, 2000);
    int errors = 0;
    for (const auto &c : sink.calls) {
        QVERIFY(c.call.latencyMs.has_value());
        QVERIFY(c.call.timeMs.has_value());
        QVERIFY(!c.requested.empty());
        errors += c.call.error ? 1 : 0;
    }
    QCOMPARE(errors, 13); // see *-2000.truth.json
}

void TestCallLogReader::portableAndAvx2ParsersAgree()
{
    for (const QString &file : {u"litellm-2000.jsonl"_s, u"otel-2000.jsonl"_s, u"samples/langfuse_observations_v2.json"_s}) {
        RecordingSink best, generic;
        CallLogReader().readFile(dataFile(file), best);
        qputenv("LIFTOFF_CALL_PARSER", "generic");
        CallLogReader().readFile(dataFile(file), generic);
        qunsetenv("LIFTOFF_CALL_PARSER");
        QCOMPARE(generic.calls.size(), best.calls.size());
        for (std::size_t i = 0; i < best.calls.size(); ++i) {
            const LlmCall &a = best.calls[i].call;
            const LlmCall &b = generic.calls[i].call;
            QCOMPARE(a.timeMs, b.timeMs);
            QCOMPARE(a.latencyMs, b.latencyMs);
            QCOMPARE(a.inputTokens, b.inputTokens);
            QCOMPARE(a.outputTokens, b.outputTokens);
            QCOMPARE(a.costNanoUsd, b.costNanoUsd);
            QCOMPARE(a.error, b.error);
            QCOMPARE(best.calls[i].answered, generic.calls[i].answered);
            QCOMPARE(best.calls[i].user, generic.calls[i].user);
        }
    }
}

void TestCallLogReader::missingFileIsAnError()
{
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readFile(u"/nonexistent/calls.jsonl"_s, sink);
    QVERIFY(!result.ok());
    QVERIFY(result.errorString.contains(u"/nonexistent/calls.jsonl"_s));
}

void TestCallLogReader::documentOverTheLimitIsAnError()
{
    CallLogReader reader;
    reader.setMaxDocumentBytes(1000);
    RecordingSink sink;
    const CallLogReadResult result = reader.readFile(dataFile(u"samples/litellm_spend_logs.json"_s), sink);
    QVERIFY(!result.ok());
    QVERIFY2(result.errorString.contains(u"limit of 1000 bytes"_s), qPrintable(result.errorString));
    QVERIFY(sink.calls.empty());
}

void TestCallLogReader::brokenDocumentCountsOneMalformedRecord()
{
    QByteArray data = readAll(dataFile(u"samples/litellm_spend_logs.json"_s));
    data.chop(data.size() - data.lastIndexOf('}')); // cut off the last record's end and the ']'
    RecordingSink sink;
    const CallLogReadResult result = CallLogReader().readData(data, sink);
    QVERIFY(result.ok());
    QVERIFY(result.document);
    QCOMPARE(result.malformed, 1);
    QVERIFY(sink.calls.size() <= std::size_t(1));
}

void TestCallLogReader::priceTableFillsMissingCost()
{
    CallLogReader reader;
    reader.setPriceTable(&PriceTable::builtIn());
    RecordingSink sink;
    reader.readFile(dataFile(u"samples/otel_genai_spans.jsonl"_s), sink);
    QCOMPARE(sink.calls.size(), std::size_t(2));
    QCOMPARE(sink.calls[0].call.costNanoUsd, std::optional<qint64>(4737500)); // priced by the answering model
    QVERIFY(sink.calls[0].call.costEstimated);
}

void TestCallLogReader::objectsWithoutCallFieldsAreNotCalls()
{
    // A health answer or a cost page passed by mistake: valid JSON, but no call happened.
    QByteArray lines = GOOD_JSONL + '\n';
    lines += R"({"status": "UP", "components": {"db": {"status": "UP"}}})" "\n";
    lines += GOOD_JSONL + '\n';
    RecordingSink sink;
    CallLogReadResult result = CallLogReader().readData(lines, sink);
    QCOMPARE(result.calls, 2);
    QCOMPARE(result.malformed, 1);
    QCOMPARE(malformedLines(result), (QList<qint64> {2}));
    QVERIFY2(result.malformedSummary().first().contains(u"not a call record: none of the fields ts, model"_s),
             qPrintable(result.malformedSummary().first()));

    // The same as a whole document, and with the file's own names the hint points to.
    RecordingSink single;
    result = CallLogReader().readData(R"({"status": "UP"})", single);
    QCOMPARE(result.calls, 0);
    QCOMPARE(result.malformed, 1);
    QCOMPARE(malformedLines(result), (QList<qint64> {1}));
    JsonlFieldMapping mapping;
    mapping.latencyMs = "duration";
    CallLogReader mapped;
    mapped.setFieldMapping(mapping);
    RecordingSink mappedSink;
    result = mapped.readData(R"([{"duration": 12}, {"other": 1}])", mappedSink);
    QCOMPARE(result.calls, 1);
    QCOMPARE(result.malformed, 1);
    QVERIFY2(result.malformedSummary().first().contains(u"latency_ms"_s) == false
                 && result.malformedSummary().first().contains(u"duration"_s),
             qPrintable(result.malformedSummary().first()));
}

QTEST_GUILESS_MAIN(TestCallLogReader)
#include "TestCallLogReader.moc"
