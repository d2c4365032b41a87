// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/PriceTable.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** Price tables: the built-in resource, LiteLLM's file shape and exact estimates. */
class TestPriceTable : public QObject
{
    Q_OBJECT

private slots:
    void builtInTableHasDateAndCommonModels();
    void readsLiteLlmFileShape();
    void estimatesExactly();
    void stripsProviderPrefix();
    void rejectsInvalidJson();
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

QTEST_APPLESS_MAIN(TestPriceTable)
#include "TestPriceTable.moc"
