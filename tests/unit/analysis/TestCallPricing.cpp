// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/CallStatsAccumulator.h"
#include "config/ConfigLoader.h"
#include "sources/CallLogReader.h"
#include "sources/PriceTable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

struct Span
{
    QString model;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
};

QJsonObject attribute(const QString &key, const QJsonObject &value)
{
    return {{u"key"_s, key}, {u"value"_s, value}};
}

/** One OTLP/JSON export line (spec/formats.md) holding GenAI client spans with tokens and no cost. */
QByteArray otlpLine(const QList<Span> &spans)
{
    QJsonArray out;
    qint64 startNs = 1790812800000000000; // 2026-10-01T00:00:00Z
    int id = 1;
    for (const Span &span : spans) {
        const QJsonArray attributes {
            attribute(u"gen_ai.operation.name"_s, {{u"stringValue"_s, u"chat"_s}}),
            attribute(u"gen_ai.request.model"_s, {{u"stringValue"_s, span.model}}),
            attribute(u"gen_ai.response.model"_s, {{u"stringValue"_s, span.model}}),
            attribute(u"gen_ai.usage.input_tokens"_s, {{u"intValue"_s, QString::number(span.inputTokens)}}),
            attribute(u"gen_ai.usage.output_tokens"_s, {{u"intValue"_s, QString::number(span.outputTokens)}}),
        };
        out.append(QJsonObject {{u"traceId"_s, u"%1"_s.arg(id, 32, 16, QChar(u'0'))},
                                {u"spanId"_s, u"%1"_s.arg(id, 16, 16, QChar(u'0'))},
                                {u"name"_s, QString(u"chat "_s + span.model)},
                                {u"kind"_s, 3},
                                {u"startTimeUnixNano"_s, QString::number(startNs)},
                                {u"endTimeUnixNano"_s, QString::number(startNs + 1200000000)},
                                {u"attributes"_s, attributes},
                                {u"status"_s, QJsonObject()}});
        startNs += 60000000000;
        ++id;
    }
    const QJsonObject scope {{u"scope"_s, QJsonObject {{u"name"_s, u"opentelemetry.instrumentation.openai_v2"_s}}},
                             {u"spans"_s, out}};
    const QJsonObject resource {{u"resource"_s, QJsonObject {{u"attributes"_s, QJsonArray {}}}},
                                {u"scopeSpans"_s, QJsonArray {scope}}};
    return QJsonDocument(QJsonObject {{u"resourceSpans"_s, QJsonArray {resource}}}).toJson(QJsonDocument::Compact) + '\n';
}

/** Several vendors' models, each priced by a different kind of entry of the built-in table. */
QList<Span> mixedSpans()
{
    return {{u"gpt-4o-2024-08-06"_s, 975, 230},           // an alias of the genai-prices model gpt-4o
            {u"gpt-4o-mini"_s, 3120, 410},
            {u"claude-sonnet-4-5-20250929"_s, 1800, 650}, // matched by the prefix claude-sonnet-4-5
            {u"deepseek-chat"_s, 2200, 900},              // missing from the old 16-model table
            {u"deepseek-chat"_s, 410, 77},
            {u"deepseek-reasoner"_s, 1500, 2400},
            {u"gemini-2.5-flash"_s, 800, 120},
            {u"mistral-large-latest"_s, 640, 80},
            {u"openai/gpt-4.1-mini"_s, 333, 44}};         // provider prefix: the bare ID's price
}

CallStatsReport readOtel(const QByteArray &log, const PriceTable &prices)
{
    CallLogReader reader;
    reader.setFormat(CallLogFormat::Otel);
    reader.setPriceTable(&prices);
    CallStatsAccumulator stats;
    const CallLogReadResult result = reader.readData(log, stats);
    if (!result.ok())
        qFatal("unreadable fixture: %s", qPrintable(result.errorString));
    return stats.report();
}

/** Σ tokens × list price from the table's own numbers, each call rounded to nano-dollars as the reader does. */
qint64 expectedNanoUsd(const QList<Span> &spans, const PriceTable &prices)
{
    qint64 nanos = 0;
    for (const Span &span : spans) {
        const std::optional<PriceTable::Price> price = prices.find(span.model.toStdString());
        if (!price)
            return -1;
        const qint64 pico = span.inputTokens * price->inputPicoUsdPerToken + span.outputTokens * price->outputPicoUsdPerToken;
        nanos += (pico + 500) / 1000;
    }
    return nanos;
}

} // namespace

/**
 * Estimated spend of call logs without a cost (issue 10): the built-in genai-prices table prices
 * every listed model, what no table prices is reported, and `prices:` in liftoff.yaml adds and overrides.
 */
class TestCallPricing : public QObject
{
    Q_OBJECT

private slots:
    void otelSpendIsTokensTimesListPrice();
    void generatedOtelLogMatchesItsTruthWithTheBuiltInTable();
    void unknownModelIsReportedAndLowersCoverage();
    void projectPricesOverrideAndAdd();
};

void TestCallPricing::otelSpendIsTokensTimesListPrice()
{
    const PriceTable &prices = PriceTable::builtIn();
    const QList<Span> spans = mixedSpans();
    for (const Span &span : spans)
        QVERIFY2(prices.find(span.model.toStdString()), qPrintable(span.model));
    const CallStatsReport r = readOtel(otlpLine(spans), prices);
    QCOMPARE(r.calls, qint64(spans.size()));
    QCOMPARE(r.estimatedCostCalls, qint64(spans.size()));
    QCOMPARE(r.uncostedCalls, 0);
    QVERIFY(r.uncostedModels.isEmpty());
    QCOMPARE(r.costNanoUsd, expectedNanoUsd(spans, prices));
    QVERIFY(!r.toText().contains(u"warning"_s));

    // The facts themselves, as genai-prices lists them (USD per million tokens).
    QCOMPARE(prices.find("deepseek-chat")->inputPicoUsdPerToken, PriceTable::fromUsdPerMillion(0.27, 1.10).inputPicoUsdPerToken);
    QCOMPARE(prices.find("deepseek-chat")->outputPicoUsdPerToken, PriceTable::fromUsdPerMillion(0.27, 1.10).outputPicoUsdPerToken);
    QCOMPARE(prices.find("claude-sonnet-4-5-20250929")->outputPicoUsdPerToken, qint64(15000000));
}

void TestCallPricing::generatedOtelLogMatchesItsTruthWithTheBuiltInTable()
{
    // gen-calls.py's OTel log: 5 % of its calls are deepseek-chat, which the old table lacked.
    QFile log(QStringLiteral(LIFTOFF_TEST_DATA_DIR "/calls/otel-2000.jsonl"));
    QFile truthFile(QStringLiteral(LIFTOFF_TEST_DATA_DIR "/calls/otel-2000.truth.json"));
    QVERIFY(log.open(QIODevice::ReadOnly) && truthFile.open(QIODevice::ReadOnly));
    const QJsonObject truth = QJsonDocument::fromJson(truthFile.readAll()).object();
    const CallStatsReport r = readOtel(log.readAll(), PriceTable::builtIn());
    QCOMPARE(r.calls, truth.value(u"count").toInteger());
    QCOMPARE(r.uncostedCalls, 0);
    QCOMPARE(r.estimatedCostCalls, r.calls);
    QCOMPARE(std::llround(r.costUsd() * 1e6), std::llround(truth.value(u"total_cost_usd").toDouble() * 1e6));
}

void TestCallPricing::unknownModelIsReportedAndLowersCoverage()
{
    QList<Span> spans = mixedSpans();
    spans.append({u"acme-llm-7"_s, 1000, 100});
    spans.append({u"acme-llm-7"_s, 2000, 200});
    spans.append({u"zz-private-1"_s, 10, 1});
    const PriceTable &prices = PriceTable::builtIn();
    const CallStatsReport r = readOtel(otlpLine(spans), prices);
    QCOMPARE(r.calls, qint64(spans.size()));
    QCOMPARE(r.uncostedCalls, 3);
    QCOMPARE(r.uncostedModels.size(), 2);
    QCOMPARE(r.uncostedModels.at(0).model, u"acme-llm-7"_s);
    QCOMPARE(r.uncostedModels.at(0).calls, 2);
    QCOMPARE(r.uncostedModels.at(1).model, u"zz-private-1"_s);
    QCOMPARE(r.costNanoUsd, expectedNanoUsd(mixedSpans(), prices)); // the priced ones still count

    // The cost coverage sees them as missing; the estimated ones are computable, these are not.
    QCOMPARE(r.coverage.cost, 0.0); // OTel logs no cost at all
    QCOMPARE(r.estimatedCostCalls + r.uncostedCalls, r.calls);

    const QJsonObject json = QJsonDocument::fromJson(r.toJson()).object();
    QCOMPARE(json.value(u"uncostedCalls").toInteger(), 3);
    const QJsonArray models = json.value(u"uncostedModels").toArray();
    QCOMPARE(models.size(), 2);
    QCOMPARE(models.at(0).toObject().value(u"model").toString(), u"acme-llm-7"_s);
    QCOMPARE(models.at(0).toObject().value(u"calls").toInteger(), 2);
    for (const QString &key : {u"calls"_s, u"costUsd"_s, u"fieldCoverage"_s, u"byModel"_s, u"drift"_s})
        QVERIFY2(json.contains(key), qPrintable(key));

    const QString text = r.toText();
    QVERIFY2(text.contains(u"warning: 3 calls of models acme-llm-7, zz-private-1 have no price; cost is low by their "
                           u"share — add them under prices: in liftoff.yaml"_s),
             qPrintable(text));
}

void TestCallPricing::projectPricesOverrideAndAdd()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(R"(version: 1
project: demo
prices:
  deepseek-chat: {input_per_mtok: 0.5, output_per_mtok: 2}
  acme-llm-7: {input_per_mtok: 1.25, output_per_mtok: 5}
)",
                                                           u"liftoff.yaml"_s, u"/project"_s);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    QCOMPARE(loaded.project->prices.size(), 2);
    const PriceTable prices = PriceTable::builtIn().withOverrides(loaded.project->prices);
    QCOMPARE(prices.find("deepseek-chat")->inputPicoUsdPerToken, qint64(500000));
    QCOMPARE(prices.find("deepseek-chat")->outputPicoUsdPerToken, qint64(2000000));
    QCOMPARE(prices.find("acme-llm-7")->outputPicoUsdPerToken, qint64(5000000));
    QCOMPARE(prices.find("gpt-4o")->inputPicoUsdPerToken, PriceTable::builtIn().find("gpt-4o")->inputPicoUsdPerToken);
    QVERIFY(!PriceTable::builtIn().find("acme-llm-7")); // the built-in table is untouched

    QList<Span> spans = mixedSpans();
    spans.append({u"acme-llm-7"_s, 1000, 100});
    const CallStatsReport r = readOtel(otlpLine(spans), prices);
    QCOMPARE(r.uncostedCalls, 0);
    QCOMPARE(r.costNanoUsd, expectedNanoUsd(spans, prices));
    // deepseek-chat: (2200 + 410) × 0.5 + (900 + 77) × 2 USD per million tokens, acme-llm-7: 1000 × 1.25 + 100 × 5.
    const qint64 others = expectedNanoUsd(mixedSpans().mid(0, 3) + mixedSpans().mid(5), prices);
    QCOMPARE(r.costNanoUsd, others + (2610 * 500 + 977 * 2000) + (1000 * 1250 + 100 * 5000));
}

QTEST_APPLESS_MAIN(TestCallPricing)
#include "TestCallPricing.moc"
