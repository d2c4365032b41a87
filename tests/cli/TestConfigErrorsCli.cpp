// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::runLiftoff;

namespace {
/** One OTLP/JSON line with a single GenAI span of model: tokens, no cost (spec/formats.md). */
QByteArray otelSpan(const QString &model, qint64 inputTokens, qint64 outputTokens)
{
    auto attribute = [](const QString &key, const QJsonObject &value) {
        return QJsonObject {{u"key"_s, key}, {u"value"_s, value}};
    };
    const QJsonObject span {
        {u"traceId"_s, u"0af7651916cd43dd8448eb211c80319c"_s},
        {u"spanId"_s, u"b7ad6b7169203331"_s},
        {u"name"_s, QString(u"chat "_s + model)},
        {u"kind"_s, 3},
        {u"startTimeUnixNano"_s, u"1790812800000000000"_s},
        {u"endTimeUnixNano"_s, u"1790812801500000000"_s},
        {u"attributes"_s,
         QJsonArray {attribute(u"gen_ai.operation.name"_s, {{u"stringValue"_s, u"chat"_s}}),
                     attribute(u"gen_ai.request.model"_s, {{u"stringValue"_s, model}}),
                     attribute(u"gen_ai.usage.input_tokens"_s, {{u"intValue"_s, QString::number(inputTokens)}}),
                     attribute(u"gen_ai.usage.output_tokens"_s, {{u"intValue"_s, QString::number(outputTokens)}})}},
        {u"status"_s, QJsonObject()}};
    const QJsonObject line {
        {u"resourceSpans"_s,
         QJsonArray {QJsonObject {{u"resource"_s, QJsonObject {{u"attributes"_s, QJsonArray {}}}},
                                  {u"scopeSpans"_s, QJsonArray {QJsonObject {{u"spans"_s, QJsonArray {span}}}}}}}}};
    return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
}
} // namespace

/**
 * Config errors the loader must catch before anything runs (issue 10): a malformed condition and a
 * bad `prices:` entry are exit 2 with FILE:LINE:COLUMN; a good `prices:` prices `calls stats`.
 */
class TestConfigErrorsCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void malformedConditionIsExitTwoWithItsPosition();
    void badPriceIsExitTwoWithItsPosition();
    void projectPricesPriceCallsStats();
    void brokenUnnamedProjectOnlyLosesItsPricesForFiles();

private:
    void write(const QString &name, const QByteArray &content);
    QStringList common() const { return {u"--config"_s, m_config, u"--db"_s, m_db}; }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_db;
};

void TestConfigErrorsCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(u"liftoff.yaml"_s);
    m_db = m_dir->filePath(u"liftoff.sqlite"_s);
}

void TestConfigErrorsCli::write(const QString &name, const QByteArray &content)
{
    QFile file(m_dir->filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

void TestConfigErrorsCli::malformedConditionIsExitTwoWithItsPosition()
{
    write(u"liftoff.yaml"_s, "version: 1\n"
                             "project: shop-bot\n"
                             "environments:\n"
                             "  production:\n"
                             "    url: https://shop.example.test\n"
                             "checks:\n"
                             "  infra.health:\n"
                             "    http: {url: \"{url}/health\", timeout: 5s}\n"
                             "    conditions: [\"[STATUS] = 200\"]\n");
    const auto r = runLiftoff(QStringList {u"check"_s} + common());
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"liftoff.yaml:9:18: error: invalid condition `[STATUS] = 200`: column 10: "_s), r.err.constData());
    QVERIFY2(err.contains(u"did you mean '=='?"_s), r.err.constData());
}

void TestConfigErrorsCli::badPriceIsExitTwoWithItsPosition()
{
    write(u"liftoff.yaml"_s, "version: 1\n"
                             "project: shop-bot\n"
                             "prices:\n"
                             "  deepseek-chat: {input_per_mtok: -0.27, output_per_mtok: 1.1}\n"
                             "  acme-llm-7: {input_per_mtok: 1, ouput_per_mtok: 2}\n");
    const auto r = runLiftoff(QStringList {u"check"_s} + common());
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"liftoff.yaml:4:35: error: `input_per_mtok` expects a number from 0 to "_s), r.err.constData());
    QVERIFY2(err.contains(u"liftoff.yaml:5:35: error: unknown key `ouput_per_mtok`"_s), r.err.constData());
    QVERIFY2(err.contains(u"did you mean `output_per_mtok`?"_s), r.err.constData());
}

void TestConfigErrorsCli::projectPricesPriceCallsStats()
{
    write(u"calls.jsonl"_s, otelSpan(u"deepseek-chat"_s, 1000000, 1000000) + otelSpan(u"acme-llm-7"_s, 1000000, 0));
    const QString log = m_dir->filePath(u"calls.jsonl"_s);
    write(u"liftoff.yaml"_s, "version: 1\nproject: shop-bot\n");

    // Without a price for acme-llm-7: counted, named, and said in the text.
    auto r = runLiftoff({u"calls"_s, u"stats"_s, u"--format"_s, u"json"_s, u"--config"_s, m_config, log});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"costUsd").toDouble(), 1.37); // deepseek-chat: 1M × $0.27 + 1M × $1.10
    QCOMPARE(json.value(u"uncostedCalls").toInteger(), 1);
    QCOMPARE(json.value(u"uncostedModels").toArray().first().toObject().value(u"model").toString(), u"acme-llm-7"_s);
    r = runLiftoff({u"calls"_s, u"stats"_s, u"--config"_s, m_config, log});
    QVERIFY2(r.out.contains("warning: 1 call of model acme-llm-7 has no price; cost is low by its share"), r.out.constData());

    // `prices:` adds acme-llm-7 and overrides deepseek-chat.
    write(u"liftoff.yaml"_s, "version: 1\nproject: shop-bot\nprices:\n"
                             "  acme-llm-7: {input_per_mtok: 2, output_per_mtok: 8}\n"
                             "  deepseek-chat: {input_per_mtok: 0.5, output_per_mtok: 1.5}\n");
    r = runLiftoff({u"calls"_s, u"stats"_s, u"--format"_s, u"json"_s, u"--config"_s, m_config, log});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"costUsd").toDouble(), 4.0); // 0.5 + 1.5 + 2
    QCOMPARE(json.value(u"uncostedCalls").toInteger(), 0);
    QVERIFY(json.value(u"uncostedModels").toArray().isEmpty());
}

void TestConfigErrorsCli::brokenUnnamedProjectOnlyLosesItsPricesForFiles()
{
    write(u"calls.jsonl"_s, otelSpan(u"deepseek-chat"_s, 1000000, 1000000));
    write(u"liftoff.yaml"_s, "version: 1\nproject: shop-bot\nprices:\n  deepseek-chat: {input_per_mtok: -1}\n");
    // FILE arguments in a folder whose liftoff.yaml is broken: a warning, the built-in prices.
    auto r = runLiftoff({u"calls"_s, u"stats"_s, u"--format"_s, u"json"_s, u"calls.jsonl"_s}, m_dir->path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("built-in prices only"), r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"costUsd").toDouble(), 1.37);
    // Named with --config (before or after the command), the broken file is an error.
    r = runLiftoff({u"--config"_s, m_config, u"calls"_s, u"stats"_s, u"calls.jsonl"_s}, m_dir->path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("liftoff.yaml:4:"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestConfigErrorsCli)
#include "TestConfigErrorsCli.moc"
