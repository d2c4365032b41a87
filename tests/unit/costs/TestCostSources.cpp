// SPDX-License-Identifier: GPL-3.0-or-later
#include "CostFixtureServer.h"
#include "TestSupport.h"
#include "sources/AnthropicCostSource.h"
#include "sources/LangfuseCostSource.h"
#include "sources/LiteLlmCostSource.h"
#include "sources/OpenAiCostSource.h"
#include "sources/OpenRouterCostSource.h"
#include "sources/UsdAmount.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 USD = UsdAmount::NANOS_PER_USD;
const char *const KEY_VARIABLE = "LIFTOFF_TEST_COST_KEY";
const char *const SECRET_VARIABLE = "LIFTOFF_TEST_COST_SECRET";
const QString KEY = u"sk-test-Zq81-very-secret-admin-key"_s;
const QString SECRET = u"sk-lf-test-other-secret-4411"_s;

QByteArray sample(const QString &name)
{
    return TestSupport::readFile(TestSupport::dataPath(u"costs/"_s + name));
}

QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}
} // namespace

/**
 * Every cost adapter against a scripted server on 127.0.0.1 serving the recorded payloads:
 * pagination, empty answers, error statuses, rate limits, broken JSON, bounds and redaction.
 */
class TestCostSources : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void openAiFollowsPagesUntilHasMoreIsFalse();
    void openAiEmptyPageIsAnEmptyMonth();
    void openAiRefusesPaginationLoops();
    void pageCountAndSizeAreBounded();
    void anthropicConvertsCentsStringsExactlyAcrossPages();
    void liteLlmReadsDailySummariesAndMaxBudget();
    void liteLlmSumsRawRowsByDay();
    void liteLlmWithoutKeyInfoWarnsButKeepsTheSpend();
    void openRouterLimitIsTheHardLimit();
    void openRouterUnlimitedKeyHasNoHardLimit();
    void langfuseSumsDailyRowsWithBasicAuth();
    void errorsNameProviderAndStatus_data();
    void errorsNameProviderAndStatus();
    void missingSecretNamesTheReference();

private:
    CostSourceConfig config(CostSourceConfig::Kind kind) const;
    bool run(CostSource &source, const QDate &from, const QDateTime &now);

    CostFixtureServer m_server;
    QNetworkAccessManager m_nam;
};

void TestCostSources::initTestCase()
{
    qputenv(KEY_VARIABLE, KEY.toUtf8());
    qputenv(SECRET_VARIABLE, SECRET.toUtf8());
    QVERIFY(m_server.start());
}

void TestCostSources::init()
{
    m_server.clear();
}

CostSourceConfig TestCostSources::config(CostSourceConfig::Kind kind) const
{
    CostSourceConfig c;
    c.kind = kind;
    c.key = SecretRef {SecretRef::Store::Env, QString::fromLatin1(KEY_VARIABLE)};
    c.baseUrl = m_server.url().toString();
    if (kind == CostSourceConfig::Kind::Langfuse) {
        c.langfuse.baseUrl = c.baseUrl;
        c.langfuse.publicKey = c.key;
        c.langfuse.secretKey = SecretRef {SecretRef::Store::Env, QString::fromLatin1(SECRET_VARIABLE)};
    }
    return c;
}

bool TestCostSources::run(CostSource &source, const QDate &from, const QDateTime &now)
{
    QSignalSpy spy(&source, &CostSource::finished);
    source.fetch(from, now);
    if (!spy.wait(10000) || spy.size() != 1)
        return false;
    // Nothing may leak a secret value, whatever happened.
    const QString all = source.errorString() + source.snapshot().warnings.join(u' ')
        + QString::fromUtf8(QJsonDocument(source.snapshot().toJson()).toJson());
    return !all.contains(KEY) && !all.contains(SECRET);
}

void TestCostSources::openAiFollowsPagesUntilHasMoreIsFalse()
{
    const QByteArray page2 = R"({"object": "page", "has_more": false, "next_page": null, "data": [
        {"object": "bucket", "start_time": 1767398400, "end_time": 1767484800, "results": [
          {"object": "organization.costs.result", "amount": {"value": 1.25, "currency": "usd"}}]},
        {"object": "bucket", "start_time": 1767484800, "end_time": 1767571200, "results": []}]})";
    m_server.route(u"/v1/organization/costs"_s, [&](const CostFixtureServer::Request &r) {
        if (!r.query.hasQueryItem(u"page"_s))
            return CostFixtureServer::json(sample(u"openai_costs.json"_s));
        if (r.query.queryItemValue(u"page"_s, QUrl::FullyDecoded) == u"page_AAAAAGlWpIAAAAAAAAAAAGlYBgA="_s)
            return CostFixtureServer::json(page2);
        return CostFixtureServer::json(R"({"error": "bad cursor"})", 400);
    });
    OpenAiCostSource source(&m_nam, config(CostSourceConfig::Kind::OpenAI));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    const CostSnapshot &s = source.snapshot();
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 1)), qint64(8625800000)); // 3.4172 + 5.121 + 0.0876
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 2)), qint64(2980000000));
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 3)), qint64(1250000000));
    QVERIFY(s.dailyNanoUsd.contains(QDate(2026, 1, 4)));
    QCOMPARE(s.monthToDateNanoUsd, qint64(12855800000));
    QVERIFY(!s.hardLimitNanoUsd);
    QCOMPARE(m_server.requests().size(), 2);
    const CostFixtureServer::Request &first = m_server.requests().first();
    QCOMPARE(first.headers.value("authorization"), QByteArray("Bearer " + KEY.toUtf8()));
    QCOMPARE(first.query.queryItemValue(u"bucket_width"_s), u"1d"_s);
    QCOMPARE(first.query.queryItemValue(u"start_time"_s), u"1767225600"_s);
    QCOMPARE(first.query.queryItemValue(u"end_time"_s), u"1767657600"_s);
}

void TestCostSources::openAiEmptyPageIsAnEmptyMonth()
{
    m_server.route(u"/v1/organization/costs"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(R"({"object": "page", "data": [], "has_more": false, "next_page": null})");
    });
    OpenAiCostSource source(&m_nam, config(CostSourceConfig::Kind::OpenAI));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    QVERIFY(source.snapshot().dailyNanoUsd.isEmpty());
    QCOMPARE(source.snapshot().monthToDateNanoUsd, qint64(0));
}

void TestCostSources::openAiRefusesPaginationLoops()
{
    m_server.route(u"/v1/organization/costs"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(R"({"object": "page", "data": [], "has_more": true, "next_page": "same"})");
    });
    OpenAiCostSource source(&m_nam, config(CostSourceConfig::Kind::OpenAI));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY(!source.succeeded());
    QVERIFY2(source.errorString().contains(u"repeated next_page"_s), qPrintable(source.errorString()));
    QCOMPARE(m_server.requests().size(), 2);
}

void TestCostSources::pageCountAndSizeAreBounded()
{
    int n = 0;
    m_server.route(u"/v1/organization/costs"_s, [&n](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(QByteArray(R"({"object": "page", "data": [], "has_more": true, "next_page": "p)")
                                       + QByteArray::number(++n) + "\"}");
    });
    OpenAiCostSource pages(&m_nam, config(CostSourceConfig::Kind::OpenAI));
    pages.setLimits(CostSource::DEFAULT_MAX_PAGE_BYTES, 3, 5000);
    QVERIFY(run(pages, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY(!pages.succeeded());
    QVERIFY2(pages.errorString().contains(u"more than 3 pages"_s), qPrintable(pages.errorString()));
    QCOMPARE(n, 3);

    m_server.route(u"/v1/organization/costs"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"openai_costs.json"_s));
    });
    OpenAiCostSource large(&m_nam, config(CostSourceConfig::Kind::OpenAI));
    large.setLimits(256, 10, 5000);
    QVERIFY(run(large, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY(!large.succeeded());
    QVERIFY2(large.errorString().contains(u"larger than 256 bytes"_s), qPrintable(large.errorString()));
}

void TestCostSources::anthropicConvertsCentsStringsExactlyAcrossPages()
{
    const QByteArray page2 = R"({"has_more": false, "next_page": null, "data": [
        {"starting_at": "2026-01-03T00:00:00Z", "ending_at": "2026-01-04T00:00:00Z", "results": [
          {"currency": "USD", "amount": "1.5"}, {"currency": "USD", "amount": "0.0000001"}]},
        {"starting_at": "2026-01-04T00:00:00Z", "ending_at": "2026-01-05T00:00:00Z", "results": []}]})";
    m_server.route(u"/v1/organizations/cost_report"_s, [&](const CostFixtureServer::Request &r) {
        if (!r.query.hasQueryItem(u"page"_s))
            return CostFixtureServer::json(sample(u"anthropic_cost_report.json"_s));
        return CostFixtureServer::json(page2);
    });
    AnthropicCostSource source(&m_nam, config(CostSourceConfig::Kind::Anthropic));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    const CostSnapshot &s = source.snapshot();
    // 412.35 + 1236.9 + 18.75 + 30 cents = $16.98 exactly.
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 1)), 16980000000LL);
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 2)), 2051250000LL);
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 3)), 15000001LL);
    QCOMPARE(s.monthToDateNanoUsd, 19046250001LL);
    QCOMPARE(m_server.requests().size(), 2);
    const CostFixtureServer::Request &first = m_server.requests().first();
    QCOMPARE(first.headers.value("x-api-key"), KEY.toUtf8());
    QCOMPARE(first.headers.value("anthropic-version"), QByteArray("2023-06-01"));
    QCOMPARE(first.query.queryItemValue(u"starting_at"_s, QUrl::FullyDecoded), u"2026-01-01T00:00:00Z"_s);
    QCOMPARE(m_server.requests().at(1).query.queryItemValue(u"page"_s, QUrl::FullyDecoded),
             u"page_MjAyNi0wMS0wM1QwMDowMDowMFo="_s);
}

void TestCostSources::liteLlmReadsDailySummariesAndMaxBudget()
{
    m_server.route(u"/spend/logs"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"litellm_spend_logs_summarized.json"_s));
    });
    m_server.route(u"/key/info"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"litellm_key_info.json"_s));
    });
    LiteLlmCostSource source(&m_nam, config(CostSourceConfig::Kind::LiteLLM));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-02T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    const CostSnapshot &s = source.snapshot();
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 1)), 421700000LL);
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 2)), 0LL);
    QVERIFY(s.dailyNanoUsd.contains(QDate(2026, 1, 2)));
    QCOMPARE(s.hardLimitNanoUsd.value_or(-1), 100 * USD);
    QVERIFY2(s.hardLimitKind.contains(u"max_budget"_s), qPrintable(s.hardLimitKind));
    QCOMPARE(s.limitRemainingNanoUsd.value_or(-1), 62581800000LL);
    const CostFixtureServer::Request &spend = m_server.requests().first();
    QCOMPARE(spend.query.queryItemValue(u"start_date"_s), u"2026-01-01"_s);
    QCOMPARE(spend.query.queryItemValue(u"end_date"_s), u"2026-01-02"_s);
    QCOMPARE(spend.headers.value("authorization"), QByteArray("Bearer " + KEY.toUtf8()));
}

void TestCostSources::liteLlmSumsRawRowsByDay()
{
    m_server.route(u"/spend/logs"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"litellm_spend_logs.json"_s));
    });
    m_server.route(u"/key/info"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"litellm_key_info.json"_s));
    });
    LiteLlmCostSource source(&m_nam, config(CostSourceConfig::Kind::LiteLLM));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-03T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    QCOMPARE(source.snapshot().dailyNanoUsd.value(QDate(2026, 1, 2)), 16442500LL); // 0.0040975 + 0.012345
}

void TestCostSources::liteLlmWithoutKeyInfoWarnsButKeepsTheSpend()
{
    m_server.route(u"/spend/logs"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"litellm_spend_logs_summarized.json"_s));
    });
    m_server.route(u"/key/info"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(R"({"detail": "Key not found in database"})", 404);
    });
    LiteLlmCostSource source(&m_nam, config(CostSourceConfig::Kind::LiteLLM));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-02T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    QVERIFY(!source.snapshot().hardLimitNanoUsd);
    QCOMPARE(source.snapshot().warnings.size(), 1);
    QVERIFY2(source.snapshot().warnings.first().contains(u"HTTP 404"_s), qPrintable(source.snapshot().warnings.first()));
    QCOMPARE(source.snapshot().monthToDateNanoUsd, 421700000LL);
}

void TestCostSources::openRouterLimitIsTheHardLimit()
{
    m_server.route(u"/api/v1/key"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"openrouter_key.json"_s));
    });
    OpenRouterCostSource source(&m_nam, config(CostSourceConfig::Kind::OpenRouter));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-20T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    const CostSnapshot &s = source.snapshot();
    QCOMPARE(s.hardLimitNanoUsd.value_or(-1), 75 * USD);
    QVERIFY2(s.hardLimitKind.contains(u"monthly"_s), qPrintable(s.hardLimitKind));
    QCOMPARE(s.limitRemainingNanoUsd.value_or(-1), 44912500000LL);
    QCOMPARE(s.monthToDateNanoUsd, 30087500000LL);
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 20)), 1904200000LL);
    QVERIFY(!s.dailyHistory);
    QCOMPARE(m_server.requests().first().headers.value("authorization"), QByteArray("Bearer " + KEY.toUtf8()));

    // 2026-01-20 is a Tuesday: usage minus today's, the week's and the month's part marks the
    // counter at the start of the 20th, of Monday the 19th and of the 1st.
    const QMap<QDate, qint64> marks {{QDate(2026, 1, 1), 18185600000LL},
                                     {QDate(2026, 1, 19), 36832100000LL},
                                     {QDate(2026, 1, 20), 46368900000LL}};
    QCOMPARE(s.counterAtDayStartNanoUsd, marks);
    QCOMPARE(s.counterNowNanoUsd.value_or(-1), 48273100000LL);
    // So Monday is known exactly from one reading, and so are the 1st to the 18th as a whole.
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 19)), 9536800000LL);
    QCOMPARE(s.knownSpendBetween(QDate(2026, 1, 19), QDate(2026, 1, 19)).value_or(-1), 9536800000LL);
    QCOMPARE(s.knownSpendBetween(QDate(2026, 1, 1), QDate(2026, 1, 18)).value_or(-1), 18646500000LL);
    QCOMPARE(s.knownSpendBetween(QDate(2026, 1, 19), QDate(2026, 1, 20)).value_or(-1), 11441000000LL);
    QVERIFY(!s.knownSpendBetween(QDate(2026, 1, 10), QDate(2026, 1, 10)));
    QCOMPARE(s.historyKey, u"openrouter:127.0.0.1:env:%1"_s.arg(QString::fromLatin1(KEY_VARIABLE)));
    QVERIFY(!s.historyKey.contains(KEY.right(4)));
}

void TestCostSources::openRouterUnlimitedKeyHasNoHardLimit()
{
    m_server.route(u"/api/v1/key"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(sample(u"openrouter_key_unlimited.json"_s));
    });
    OpenRouterCostSource source(&m_nam, config(CostSourceConfig::Kind::OpenRouter));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-20T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    QVERIFY(!source.snapshot().hardLimitNanoUsd);
    QCOMPARE(source.snapshot().monthToDateNanoUsd, 101564476LL);
}

void TestCostSources::langfuseSumsDailyRowsWithBasicAuth()
{
    m_server.route(u"/api/public/v2/metrics"_s, [](const CostFixtureServer::Request &r) {
        if (r.query.hasQueryItem(u"query"_s))
            return CostFixtureServer::json(sample(u"langfuse_metrics_v2.json"_s));
        return CostFixtureServer::json(R"({"message": "query missing"})", 400);
    });
    LangfuseCostSource source(&m_nam, config(CostSourceConfig::Kind::Langfuse));
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-02T10:00:00Z"_s)));
    QVERIFY2(source.succeeded(), qPrintable(source.errorString()));
    const CostSnapshot &s = source.snapshot();
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 1)), 11900000000LL);
    QCOMPARE(s.dailyNanoUsd.value(QDate(2026, 1, 2)), 14263800000LL); // 10.382 + 3.8818
    const CostFixtureServer::Request &request = m_server.requests().first();
    QCOMPARE(request.headers.value("authorization"), QByteArray("Basic " + (KEY + u':' + SECRET).toUtf8().toBase64()));
    const QJsonObject query = QJsonDocument::fromJson(
        request.query.queryItemValue(u"query"_s, QUrl::FullyDecoded).toUtf8()).object();
    QCOMPARE(query.value(u"view"_s).toString(), u"observations"_s);
    QCOMPARE(query.value(u"timeDimension"_s).toObject().value(u"granularity"_s).toString(), u"day"_s);
    QCOMPARE(query.value(u"fromTimestamp"_s).toString(), u"2026-01-01T00:00:00Z"_s);
    QCOMPARE(query.value(u"toTimestamp"_s).toString(), u"2026-01-03T00:00:00Z"_s);

    // ClickHouse sums may come back as strings.
    m_server.route(u"/api/public/v2/metrics"_s, [](const CostFixtureServer::Request &) {
        return CostFixtureServer::json(
            R"({"data": [{"time_dimension": "2026-01-02T00:00:00.000Z", "sum_totalCost": "12.345678901"}]})");
    });
    LangfuseCostSource strings(&m_nam, config(CostSourceConfig::Kind::Langfuse));
    QVERIFY(run(strings, QDate(2026, 1, 1), utc(u"2026-01-02T10:00:00Z"_s)));
    QCOMPARE(strings.snapshot().dailyNanoUsd.value(QDate(2026, 1, 2)), 12345678901LL);
}

void TestCostSources::errorsNameProviderAndStatus_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QStringList>("expected");

    struct Provider
    {
        CostSourceConfig::Kind kind;
        QString name;
        QString path;
    };
    const QList<Provider> providers {
        {CostSourceConfig::Kind::OpenAI, u"OpenAI"_s, u"/v1/organization/costs"_s},
        {CostSourceConfig::Kind::Anthropic, u"Anthropic"_s, u"/v1/organizations/cost_report"_s},
        {CostSourceConfig::Kind::LiteLLM, u"LiteLLM"_s, u"/spend/logs"_s},
        {CostSourceConfig::Kind::OpenRouter, u"OpenRouter"_s, u"/api/v1/key"_s},
        {CostSourceConfig::Kind::Langfuse, u"Langfuse"_s, u"/api/public/v2/metrics"_s},
    };
    for (const Provider &p : providers) {
        const auto row = [&](const char *what) -> QTestData & {
            return QTest::addRow("%s %s", qPrintable(p.name), what) << int(p.kind) << p.path;
        };
        // The 401 body echoes the key, as some gateways do: it must be redacted.
        row("401") << 401 << QByteArray(R"({"error": "invalid key )" + KEY.toUtf8() + "\"}") << QByteArray()
                   << QStringList {p.name + u": HTTP 401 from "_s + p.path, u"check the key"_s};
        row("500") << 500 << QByteArray(R"({"error": "internal"})") << QByteArray()
                   << QStringList {p.name + u": HTTP 500 from "_s + p.path};
        row("429") << 429 << QByteArray(R"({"error": "slow down"})") << QByteArray("30")
                   << QStringList {p.name + u": HTTP 429 (rate limited)"_s, u"Retry-After: 30"_s};
        row("429 without Retry-After") << 429 << QByteArray() << QByteArray()
                                       << QStringList {p.name + u": HTTP 429 (rate limited)"_s, u"try again later"_s};
        row("malformed JSON") << 200 << QByteArray(R"({"data": [{"start)") << QByteArray()
                              << QStringList {p.name + u": "_s + p.path, u"malformed JSON"_s};
        row("wrong shape") << 200 << QByteArray(R"({"unexpected": true})") << QByteArray()
                           << QStringList {p.name + u": "_s + p.path, u"expected"_s};
    }
}

void TestCostSources::errorsNameProviderAndStatus()
{
    QFETCH(int, kind);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QStringList, expected);
    m_server.route(path, [&](const CostFixtureServer::Request &) {
        CostFixtureServer::Reply reply {status, body, {}};
        if (!retryAfter.isEmpty())
            reply.headers.append({"Retry-After", retryAfter});
        return reply;
    });
    const std::unique_ptr<CostSource> source = CostSource::create(&m_nam, config(CostSourceConfig::Kind(kind)));
    QVERIFY(run(*source, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY(!source->succeeded());
    for (const QString &part : expected)
        QVERIFY2(source->errorString().contains(part), qPrintable(source->errorString()));
}

void TestCostSources::missingSecretNamesTheReference()
{
    CostSourceConfig c = config(CostSourceConfig::Kind::OpenAI);
    c.key.name = u"LIFTOFF_TEST_COST_KEY_NOT_SET"_s;
    OpenAiCostSource source(&m_nam, c);
    QVERIFY(run(source, QDate(2026, 1, 1), utc(u"2026-01-05T10:00:00Z"_s)));
    QVERIFY(!source.succeeded());
    QVERIFY2(source.errorString().contains(u"LIFTOFF_TEST_COST_KEY_NOT_SET"_s), qPrintable(source.errorString()));
    QVERIFY(m_server.requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestCostSources)
#include "TestCostSources.moc"
