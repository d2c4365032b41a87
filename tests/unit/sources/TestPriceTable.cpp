// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/PriceTable.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

/** Price tables: the built-in resource, LiteLLM's file shape, prefixes, overrides and exact estimates. */
class TestPriceTable : public QObject
{
    Q_OBJECT

private slots:
    void builtInTableHasDateAndCommonModels();
    void readsLiteLlmFileShape();
    void estimatesExactly();
    void stripsProviderPrefix();
    void rejectsInvalidJson();
    void builtInTableIsGenaiPricesData();
    void longestPrefixWinsAfterExactIds();
    void lookupIgnoresCase();
    void overridesReplaceAndAdd();
};

void TestPriceTable::builtInTableHasDateAndCommonModels()
{
    const PriceTable &table = PriceTable::builtIn();
    QVERIFY(!table.date().isEmpty());
    QVERIFY(table.size() >= 5);
    const auto price = table.find("gpt-4o-2024-08-06");
    QVERIFY(price.has_value());
    QCOMPARE(price->inputPicoUsdPerToken, qint64(2500000));  // $2.50 per 1M
    QCOMPARE(price->outputPicoUsdPerToken, qint64(10000000)); // $10 per 1M
    QVERIFY(table.find("claude-sonnet-4-5-20250929").has_value());
}

void TestPriceTable::readsLiteLlmFileShape()
{
    QString error;
    const PriceTable table = PriceTable::fromFile(QStringLiteral(LIFTOFF_TEST_DATA_DIR "/calls/samples/litellm_model_prices_excerpt.json"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(table.size(), 3); // sample_spec skipped
    QVERIFY(!table.find("sample_spec"));
    QCOMPARE(table.find("text-embedding-3-small")->inputPicoUsdPerToken, qint64(20000));
    QCOMPARE(table.find("text-embedding-3-small")->outputPicoUsdPerToken, qint64(0));
}

void TestPriceTable::estimatesExactly()
{
    const PriceTable &table = PriceTable::builtIn();
    // 975 * 2.5e-6 + 230 * 1e-5 = 0.0047375 USD
    QCOMPARE(table.estimateNanoUsd("gpt-4o-2024-08-06", 975, 230), std::optional<qint64>(4737500));
    // 3 * 1.5e-7 = 4.5e-7 USD = 450 nano
    QCOMPARE(table.estimateNanoUsd("gpt-4o-mini", 3, 0), std::optional<qint64>(450));
    QVERIFY(!table.estimateNanoUsd("no-such-model", 1, 1));
    QVERIFY(!table.estimateNanoUsd("", 1, 1));
}

void TestPriceTable::stripsProviderPrefix()
{
    QVERIFY(PriceTable::builtIn().find("openai/gpt-4o-mini").has_value());
}

void TestPriceTable::rejectsInvalidJson()
{
    QString error;
    const PriceTable table = PriceTable::fromJson("{\"a\": ", &error);
    QVERIFY(!error.isEmpty());
    QVERIFY(table.isEmpty());
    PriceTable::fromJson("[1, 2]", &error);
    QVERIFY(error.contains(u"object"_s));
}

void TestPriceTable::builtInTableIsGenaiPricesData()
{
    QFile file(u":/liftoff/prices/model_prices.json"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject meta = QJsonDocument::fromJson(file.readAll()).object().value(u"_meta").toObject();
    QVERIFY2(meta.value(u"source").toString().startsWith(u"@pydantic/genai-prices 0."_s),
             qPrintable(meta.value(u"source").toString()));
    const PriceTable &table = PriceTable::builtIn();
    QCOMPARE(table.date(), meta.value(u"date").toString());
    QCOMPARE(table.size(), meta.value(u"models").toInt());
    QCOMPARE(table.prefixCount(), meta.value(u"prefixes").toInt());
    QVERIFY(table.size() > 1000);
    // A few list prices (USD per million tokens) of different vendors.
    const struct
    {
        const char *model;
        double input;
        double output;
    } facts[] = {{"gpt-4o", 2.5, 10},        {"gpt-4o-mini-2024-07-18", 0.15, 0.6}, {"deepseek-chat", 0.27, 1.10},
                 {"claude-sonnet-4-5", 3, 15}, {"claude-3-5-haiku-20241022", 0.8, 4},  {"gemini-2.5-flash", 0.3, 2.5}};
    for (const auto &fact : facts) {
        const auto price = table.find(fact.model);
        QVERIFY2(price, fact.model);
        QCOMPARE(price->inputPicoUsdPerToken, PriceTable::fromUsdPerMillion(fact.input, fact.output).inputPicoUsdPerToken);
        QCOMPARE(price->outputPicoUsdPerToken, PriceTable::fromUsdPerMillion(fact.input, fact.output).outputPicoUsdPerToken);
    }
}

void TestPriceTable::longestPrefixWinsAfterExactIds()
{
    QString error;
    const PriceTable table = PriceTable::fromJson(R"({
        "m-1-special": {"input_cost_per_token": 9e-06, "output_cost_per_token": 9e-06},
        "_prefixes": {
            "m-": {"input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
            "m-1": {"input_cost_per_token": 2e-06, "output_cost_per_token": 2e-06},
            "m-1-b": {"input_cost_per_token": 3e-06, "output_cost_per_token": 3e-06},
            "m-2": {"input_cost_per_token": 4e-06, "output_cost_per_token": 4e-06}}})",
                                                  &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(table.size(), 1);
    QCOMPARE(table.prefixCount(), 4);
    auto input = [&](std::string_view model) { return table.find(model).value_or(PriceTable::Price {-1, -1}).inputPicoUsdPerToken; };
    QCOMPARE(input("m-1-special"), qint64(9000000)); // exact before any prefix
    QCOMPARE(input("m-1-a"), qint64(2000000));
    QCOMPARE(input("m-1-b-20250101"), qint64(3000000));
    QCOMPARE(input("m-1-c"), qint64(2000000)); // between m-1-b and m-2: back to the shared m-1
    QCOMPARE(input("m-3"), qint64(1000000));
    QCOMPARE(input("m-2"), qint64(4000000));
    QCOMPARE(input("vendor/m-1-b-x"), qint64(3000000)); // without the provider prefix
    QCOMPARE(input("m"), qint64(-1));
    QCOMPARE(input("n-1"), qint64(-1));
    QCOMPARE(input("a"), qint64(-1));
}

void TestPriceTable::lookupIgnoresCase()
{
    const PriceTable &table = PriceTable::builtIn();
    QVERIFY(table.find("DeepSeek-Chat"));
    QVERIFY(table.find("Claude-Sonnet-4-5-20250929"));
    QVERIFY(table.find("OpenAI/GPT-4o"));
}

void TestPriceTable::overridesReplaceAndAdd()
{
    ModelPriceConfig replaced {u"gpt-4o"_s, 1.0, 2.0, {}};
    ModelPriceConfig added {u"acme-llm-7"_s, 0.125, 0.5, {}};
    const PriceTable table = PriceTable::builtIn().withOverrides({replaced, added});
    QCOMPARE(table.size(), PriceTable::builtIn().size() + 1);
    QCOMPARE(table.find("gpt-4o")->inputPicoUsdPerToken, qint64(1000000));
    QCOMPARE(table.find("gpt-4o")->outputPicoUsdPerToken, qint64(2000000));
    QCOMPARE(table.find("acme-llm-7")->inputPicoUsdPerToken, qint64(125000));
    QCOMPARE(table.estimateNanoUsd("acme-llm-7", 1000, 1000), std::optional<qint64>(625000)); // 1000 × 0.125 + 1000 × 0.5 USD per million
    QCOMPARE(table.date(), PriceTable::builtIn().date());
    QCOMPARE(PriceTable::builtIn().find("gpt-4o")->inputPicoUsdPerToken, qint64(2500000));
}

QTEST_APPLESS_MAIN(TestPriceTable)
#include "TestPriceTable.moc"
