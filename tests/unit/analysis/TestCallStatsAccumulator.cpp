// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/CallStatsAccumulator.h"
#include "sources/CallLogReader.h"
#include "sources/PriceTable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(LIFTOFF_TEST_DATA_DIR) + u"/calls/"_s + name;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(path));
    return QJsonDocument::fromJson(file.readAll()).object();
}

LlmCall makeCall(std::string_view requested, std::string_view answered, qint64 latency, qint64 costNano = 0,
                 bool error = false)
{
    LlmCall call;
    call.requestedModel = requested;
    call.answeredModel = answered;
    call.latencyMs = latency;
    call.costNanoUsd = costNano;
    call.error = error;
    return call;
}

} // namespace

/** Aggregates over calls: exact against gen-calls.py's truth, and the JSON of spec/cli.md. */
class TestCallStatsAccumulator : public QObject
{
    Q_OBJECT

private slots:
    void fixturesMatchTruth_data();
    void fixturesMatchTruth();
    void byModelAndDrift();
    void coverageCountsOnlyLoggedFields();
    void windowSkipsCallsOutside();
    void mergeEqualsOneAccumulator();
    void costSumIsExact();
    void usersByTokens();
    void jsonHasTheShapeOfTheSpec();
    void emptyReportHasNulls();
    void textMentionsEstimatedCostDate();
};

void TestCallStatsAccumulator::fixturesMatchTruth_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("threads");
    for (const QString &format : {u"litellm"_s, u"otel"_s, u"generic"_s}) {
        for (int threads : {1, 2})
            QTest::addRow("%s, %d threads", qPrintable(format), threads) << format << threads;
    }
}

void TestCallStatsAccumulator::fixturesMatchTruth()
{
    QFETCH(QString, format);
    QFETCH(int, threads);
    const QJsonObject truth = readJson(dataFile(format + u"-2000.truth.json"_s));
    QString error;
    // OTel spans carry no cost: price them with the generator's own table.
    const PriceTable prices = PriceTable::fromFile(dataFile(u"gen-calls-prices.json"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    CallLogReader reader;
    reader.setPriceTable(&prices);
    reader.setMinBytesPerThread(1);
    std::vector<std::unique_ptr<CallStatsAccumulator>> parts;
    QList<CallSink *> sinks;
    for (int i = 0; i < threads; ++i) {
        parts.push_back(std::make_unique<CallStatsAccumulator>());
        sinks.append(parts.back().get());
    }
    const CallLogReadResult result = reader.readFile(dataFile(format + u"-2000.jsonl"_s), sinks);
    QVERIFY2(result.ok(), qPrintable(result.errorString));
    if (threads > 1)
        QVERIFY(parts[1]->calls() > 0);
    for (std::size_t i = 1; i < parts.size(); ++i)
        parts[0]->merge(*parts[i]);
    const CallStatsReport report = parts[0]->report();

    QCOMPARE(report.calls, truth.value(u"count").toInteger());
    QCOMPARE(report.errors, truth.value(u"errors").toInteger());
    QCOMPARE(report.errorRate(), truth.value(u"error_rate").toDouble());
    QCOMPARE(std::llround(report.costUsd() * 1e6), std::llround(truth.value(u"total_cost_usd").toDouble() * 1e6));
    QCOMPARE(report.p50Ms, std::optional<qint64>(truth.value(u"p50_ms").toInteger()));
    QCOMPARE(report.p95Ms, std::optional<qint64>(truth.value(u"p95_ms").toInteger()));
    QCOMPARE(report.p99Ms, std::optional<qint64>(truth.value(u"p99_ms").toInteger()));
    QCOMPARE(report.malformedLines, 0);
    const QJsonObject json = QJsonDocument::fromJson(report.toJson()).object();
    QCOMPARE(json.value(u"costUsd").toDouble(), truth.value(u"total_cost_usd").toDouble());
    QCOMPARE(report.coverage.latency, 1.0);
    QCOMPARE(report.coverage.model, 1.0);
    QCOMPARE(report.drift.size(), 1); // gen-calls asks for gpt-4o-mini and gets the snapshot
    QCOMPARE(report.drift.first().requested, u"gpt-4o-mini"_s);
    QCOMPARE(report.drift.first().answered, QStringList {u"gpt-4o-mini-2024-07-18"_s});
    qint64 byModelCalls = 0;
    for (const auto &row : report.byModel)
        byModelCalls += row.calls;
    QCOMPARE(byModelCalls, report.calls);
}

void TestCallStatsAccumulator::byModelAndDrift()
{
    CallStatsAccumulator acc;
    acc.addCall(makeCall("gpt-4o", "gpt-4o-2024-08-06", 100, 1000));
    acc.addCall(makeCall("gpt-4o", "gpt-4o-2024-11-20", 300, 2000)); // the alias moved
    acc.addCall(makeCall("gpt-4o", "gpt-4o-2024-11-20", 200, 3000));
    acc.addCall(makeCall("claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929", 50)); // pinned, no drift
    acc.addCall(makeCall("only-requested", "", 10));
    const CallStatsReport r = acc.report();
    QCOMPARE(r.byModel.size(), 4);
    QCOMPARE(r.byModel.at(0).model, u"gpt-4o-2024-11-20"_s);
    QCOMPARE(r.byModel.at(0).calls, 2);
    QCOMPARE(r.byModel.at(0).costNanoUsd, 5000);
    QCOMPARE(r.byModel.at(0).p95Ms, std::optional<qint64>(300));
    QCOMPARE(r.drift.size(), 1);
    QCOMPARE(r.drift.at(0).requested, u"gpt-4o"_s);
    QCOMPARE(r.drift.at(0).answered, (QStringList {u"gpt-4o-2024-08-06"_s, u"gpt-4o-2024-11-20"_s}));

    CallStatsAccumulator changed; // same ID requested, two different IDs answered
    changed.addCall(makeCall("m", "m", 1));
    changed.addCall(makeCall("m", "m-v2", 1));
    QCOMPARE(changed.report().drift.size(), 1);
}

void TestCallStatsAccumulator::coverageCountsOnlyLoggedFields()
{
    CallStatsAccumulator acc;
    LlmCall logged = makeCall("m", "m", 10, 5);
    logged.inputTokens = 3;
    logged.hasMaxTokens = true;
    LlmCall estimated = makeCall("m", "", 10, 5);
    estimated.costEstimated = true;
    estimated.hasTemperature = true;
    LlmCall bare;
    acc.addCall(logged);
    acc.addCall(estimated);
    acc.addCall(bare);
    acc.addCall(bare);
    const CallStatsReport r = acc.report();
    QCOMPARE(r.calls, 4);
    QCOMPARE(r.coverage.model, 0.5);
    QCOMPARE(r.coverage.latency, 0.5);
    QCOMPARE(r.coverage.cost, 0.25); // the estimated cost is not in the log
    QCOMPARE(r.coverage.inputTokens, 0.25);
    QCOMPARE(r.coverage.outputTokens, 0.0);
    QCOMPARE(r.coverage.maxTokens, 0.25);
    QCOMPARE(r.coverage.temperature, 0.25);
    QCOMPARE(r.costNanoUsd, 10);
    QCOMPARE(r.estimatedCostCalls, 1);
}

void TestCallStatsAccumulator::windowSkipsCallsOutside()
{
    CallStatsAccumulator acc;
    acc.setWindow(1000, 2000);
    for (qint64 t : {999, 1000, 1999, 2000}) {
        LlmCall call = makeCall("m", "m", 5);
        call.timeMs = t;
        acc.addCall(call);
    }
    acc.addCall(makeCall("m", "m", 5)); // no time: counted
    const CallStatsReport r = acc.report();
    QCOMPARE(r.calls, 3);
    QCOMPARE(r.outsideWindow, 2);
    QCOMPARE(r.fromMs, std::optional<qint64>(1000));
    QCOMPARE(r.toMs, std::optional<qint64>(2004));
}

void TestCallStatsAccumulator::mergeEqualsOneAccumulator()
{
    CallStatsAccumulator one, a, b;
    const char *models[] = {"x", "y", "z"};
    for (int i = 0; i < 300; ++i) {
        LlmCall call = makeCall(models[i % 3], i % 7 ? models[i % 3] : "x-snapshot", i * 37 % 1000, i, i % 11 == 0);
        call.timeMs = 1000 + i;
        call.user = i % 2 ? "u1" : "u2";
        call.inputTokens = i;
        one.addCall(call);
        (i < 120 ? a : b).addCall(call);
    }
    a.merge(b);
    QCOMPARE(a.report().toJson(), one.report().toJson());
    QCOMPARE(a.report().toText(), one.report().toText());
}

void TestCallStatsAccumulator::costSumIsExact()
{
    // 0.1 is not a binary fraction: a double sum of ten of them is 0.9999999999999999.
    QByteArray lines;
    for (int i = 0; i < 10; ++i)
        lines += R"({"model":"m","cost_usd":0.1,"latency_ms":1})"
                 "\n";
    lines += R"({"model":"m","cost_usd":0.0000005,"latency_ms":1})"
             "\n";
    CallStatsAccumulator acc;
    CallLogReader().readData(lines, acc);
    const CallStatsReport r = acc.report();
    QCOMPARE(r.costNanoUsd, qint64(1000000500));
    QVERIFY(r.toJson().contains("\"costUsd\": 1.000001,")); // rounded half up to micro-dollars
}

void TestCallStatsAccumulator::usersByTokens()
{
    CallStatsAccumulator acc;
    for (int i = 0; i < 30; ++i) {
        LlmCall call;
        const std::string user = "user-" + std::to_string(i % 12);
        call.user = user;
        call.inputTokens = 100;
        call.outputTokens = i;
        acc.addCall(call);
    }
    const CallStatsReport r = acc.report();
    QCOMPARE(r.topUsers.size(), 10);
    QCOMPARE(r.topUsers.first().user, u"user-5"_s); // calls 5, 17 and 29
    QCOMPARE(r.maxUserTokens(), qint64(100 * 3 + 5 + 17 + 29));
    QCOMPARE(r.topUsers.at(1).user, u"user-4"_s);
}

void TestCallStatsAccumulator::jsonHasTheShapeOfTheSpec()
{
    CallStatsAccumulator acc;
    LlmCall call = makeCall("gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1545, 6647482625000, true);
    call.timeMs = 1790812800000; // 2026-10-01T00:00:00Z
    acc.addCall(call);
    acc.addMalformed(3, {u"f: line 2: x"_s});
    const CallStatsReport r = acc.report();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.toJson(), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QStringList keys = o.keys();
    keys.sort();
    QStringList expected {u"calls"_s, u"errors"_s,         u"errorRate"_s, u"costUsd"_s,       u"p50Ms"_s,
                          u"p95Ms"_s, u"p99Ms"_s,          u"malformedLines"_s, u"from"_s,     u"to"_s,
                          u"fieldCoverage"_s, u"byModel"_s, u"drift"_s, u"uncostedCalls"_s, u"uncostedModels"_s};
    expected.sort();
    QCOMPARE(keys, expected);
    QStringList coverageKeys = o.value(u"fieldCoverage").toObject().keys();
    coverageKeys.sort();
    QCOMPARE(coverageKeys, (QStringList {u"cost"_s, u"inputTokens"_s, u"latency"_s, u"maxTokens"_s, u"model"_s,
                                         u"outputTokens"_s, u"temperature"_s}));
    QCOMPARE(o.value(u"calls").toInteger(), 1);
    QCOMPARE(o.value(u"errors").toInteger(), 1);
    QCOMPARE(o.value(u"errorRate").toDouble(), 1.0);
    QCOMPARE(o.value(u"costUsd").toDouble(), 6647.482625);
    QCOMPARE(o.value(u"p95Ms").toInteger(), 1545);
    QCOMPARE(o.value(u"malformedLines").toInteger(), 3);
    QCOMPARE(o.value(u"from").toString(), u"2026-10-01T00:00:00Z"_s);
    QCOMPARE(o.value(u"to").toString(), u"2026-10-01T00:00:01Z"_s);
    const QJsonObject model = o.value(u"byModel").toArray().first().toObject();
    QCOMPARE(model.keys(), (QStringList {u"calls"_s, u"costUsd"_s, u"model"_s, u"p95Ms"_s}));
    QCOMPARE(model.value(u"model").toString(), u"gpt-4o-mini-2024-07-18"_s);
    const QJsonObject drift = o.value(u"drift").toArray().first().toObject();
    QCOMPARE(drift.value(u"requested").toString(), u"gpt-4o-mini"_s);
    QCOMPARE(drift.value(u"answered").toArray().first().toString(), u"gpt-4o-mini-2024-07-18"_s);
    // Keys in the order of spec/cli.md.
    QVERIFY(r.toJson().startsWith("{\"calls\": 1, \"errors\": 1, \"errorRate\": 1.0, \"costUsd\": 6647.482625, "));
}

void TestCallStatsAccumulator::emptyReportHasNulls()
{
    const QJsonObject o = QJsonDocument::fromJson(CallStatsAccumulator().report().toJson()).object();
    QCOMPARE(o.value(u"calls").toInteger(), 0);
    QCOMPARE(o.value(u"errorRate").toDouble(), 0.0);
    QVERIFY(o.value(u"p50Ms").isNull());
    QVERIFY(o.value(u"from").isNull());
    QVERIFY(o.value(u"byModel").toArray().isEmpty());
}

void TestCallStatsAccumulator::textMentionsEstimatedCostDate()
{
    CallStatsAccumulator acc;
    acc.setPriceTableDate(u"2025-10-01"_s);
    LlmCall call = makeCall("m", "m", 10, 1000);
    call.costEstimated = true;
    acc.addCall(call);
    const QString text = acc.report().toText();
    QVERIFY2(text.contains(u"price table of 2025-10-01"_s), qPrintable(text));
    QVERIFY(text.contains(u"p95 10 ms"_s));
}

QTEST_APPLESS_MAIN(TestCallStatsAccumulator)
#include "TestCallStatsAccumulator.moc"
