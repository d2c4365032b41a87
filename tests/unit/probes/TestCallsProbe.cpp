// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "checklist/ChecklistTemplate.h"
#include "config/ProjectConfig.h"
#include "demo/DemoService.h"
#include "probes/CallsProbe.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 DAY_MS = 24LL * 60 * 60 * 1000;
constexpr qint64 ALL_OF_IT_MS = 3650 * DAY_MS; // the fixtures are from October 2026

CallSourceConfig fileSource(CallSourceConfig::Kind kind, const QString &path)
{
    CallSourceConfig source;
    source.kind = kind;
    source.path = path;
    return source;
}

std::shared_ptr<ProjectConfig> projectWith(const QList<CallSourceConfig> &sources)
{
    auto project = std::make_shared<ProjectConfig>();
    project->name = u"calls-test"_s;
    project->configDir = TestSupport::dataPath(u"calls"_s);
    project->sources.calls = sources;
    return project;
}

QJsonObject truth(const QString &name)
{
    return QJsonDocument::fromJson(TestSupport::readFile(TestSupport::dataPath(u"calls/"_s + name))).object();
}
} // namespace

/** The calls probe per item, over the generated fixtures (exact truth) and the demo's /spend/logs. */
class TestCallsProbe : public QObject
{
    Q_OBJECT

private slots:
    void matchesTruthFiles_data();
    void matchesTruthFiles();
    void decidesEachItem_data();
    void decidesEachItem();
    void saysWhenTheWindowHasNoCalls();
    void missingSourceIsNotReportedWithPath();
    void withoutSourcesIsNotReported();
    void plannerBindsCallItemsWithoutChecks();
    void readsTheDemoServiceSpendLogs();
    void refusedMasterKeyIsNotReported();
    void projectPricesCoverModelsTheTableLacks();

private:
    ProbeResult run(std::shared_ptr<ProjectConfig> project, const QString &itemId, const QVariantMap &params = {},
                    const QStringList &conditions = {});

    QNetworkAccessManager m_nam;
};

ProbeResult TestCallsProbe::run(std::shared_ptr<ProjectConfig> project, const QString &itemId, const QVariantMap &params,
                                const QStringList &conditions)
{
    ProbeContext context = ProbePlanner::contextFor(*project, {}, {});
    ProbeRequest request;
    request.itemId = itemId;
    request.spec.kind = u"calls"_s;
    request.spec.params = params;
    request.conditions = conditions;
    StandardProbeFactory factory(&m_nam, context);
    QString error;
    std::unique_ptr<Probe> probe = factory.create(request, &error);
    if (!probe) {
        qWarning("no probe: %s", qPrintable(error));
        return {};
    }
    QSignalSpy spy(probe.get(), &Probe::finished);
    probe->start();
    if (!spy.wait(60000))
        return ProbeResult::error(itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestCallsProbe::matchesTruthFiles_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("file");
    QTest::newRow("generic jsonl") << int(CallSourceConfig::Kind::Jsonl) << u"generic-2000.jsonl"_s;
    QTest::newRow("litellm file") << int(CallSourceConfig::Kind::LiteLLM) << u"litellm-2000.jsonl"_s;
    // OTel spans log no cost: the built-in table prices each of gen-calls.py's models at its list price.
    QTest::newRow("otel") << int(CallSourceConfig::Kind::Otel) << u"otel-2000.jsonl"_s;
}

void TestCallsProbe::matchesTruthFiles()
{
    QFETCH(int, kind);
    QFETCH(QString, file);
    const QJsonObject t = truth(QString(file).replace(u".jsonl"_s, u".truth.json"_s));
    const ProbeResult r = run(projectWith({fileSource(CallSourceConfig::Kind(kind), file)}), u"h24.error-rate"_s,
                              {{u"window"_s, ALL_OF_IT_MS}});
    QCOMPARE(r.status, Status::Pass); // 0.65 % < 1 %
    QCOMPARE(r.evidence.value(u"calls"_s).toInteger(), t.value(u"count"_s).toInteger());
    QCOMPARE(r.evidence.value(u"errors"_s).toInteger(), t.value(u"errors"_s).toInteger());
    QCOMPARE(r.evidence.value(u"p50Ms"_s).toInteger(), t.value(u"p50_ms"_s).toInteger());
    QCOMPARE(r.evidence.value(u"p95Ms"_s).toInteger(), t.value(u"p95_ms"_s).toInteger());
    QCOMPARE(r.evidence.value(u"p99Ms"_s).toInteger(), t.value(u"p99_ms"_s).toInteger());
    QCOMPARE(qRound64(r.evidence.value(u"costUsd"_s).toDouble() * 1e6), qRound64(t.value(u"total_cost_usd"_s).toDouble() * 1e6));
    QVERIFY(!r.evidence.contains(u"uncostedCalls"_s));
    const QJsonArray sources = r.evidence.value(u"sources"_s).toArray();
    QCOMPARE(sources.size(), 1);
    QVERIFY(sources.first().toObject().value(u"source"_s).toString().endsWith(file));
    QCOMPARE(sources.first().toObject().value(u"malformed"_s).toInteger(), 0);
    QCOMPARE(r.conditions.first().toObject().value(u"expr"_s).toString(), u"[ERROR_RATE] < 0.01"_s);
}

void TestCallsProbe::decidesEachItem_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QVariantMap>("params");
    QTest::addColumn<QStringList>("conditions");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summaryMentions");
    // generic-2000.jsonl: 1967 calls carry max_tokens, 1944 temperature; the busiest user used 10846 tokens;
    // error rate 0.65 %, P95 4721 ms (truth file).
    QTest::newRow("max-tokens") << u"api.max-tokens"_s << QVariantMap {} << QStringList {} << Status::Fail
                                << u"33 of 2000 calls (1.65 %) carry no max_tokens"_s;
    QTest::newRow("temperature") << u"api.temperature"_s << QVariantMap {} << QStringList {} << Status::Fail
                                 << u"56 of 2000 calls (2.80 %) carry no temperature"_s;
    QTest::newRow("cost logged") << u"cost.per-request-logged"_s << QVariantMap {} << QStringList {} << Status::Pass
                                 << u"2000 calls in the last 3650 d"_s;
    QTest::newRow("no token budget") << u"cost.token-budget"_s << QVariantMap {} << QStringList {} << Status::NotReported
                                     << u"no token budget configured"_s;
    QTest::newRow("token budget exceeded") << u"cost.token-budget"_s << QVariantMap {{u"token_budget"_s, 10000}}
                                           << QStringList {} << Status::Fail << u"[MAX_USER_TOKENS] <= 10000 (actual 10846)"_s;
    QTest::newRow("token budget kept") << u"cost.token-budget"_s << QVariantMap {{u"token_budget"_s, 10846}}
                                       << QStringList {} << Status::Pass << u"2000 calls"_s;
    QTest::newRow("call logging") << u"mon.call-logging"_s << QVariantMap {} << QStringList {} << Status::Pass
                                  << u"error rate 0.65 %"_s;
    QTest::newRow("error rate") << u"h24.error-rate"_s << QVariantMap {} << QStringList {} << Status::Pass << u"P95 4721 ms"_s;
    QTest::newRow("error rate tighter") << u"h24.error-rate"_s << QVariantMap {{u"max_error_rate"_s, 0.005}} << QStringList {}
                                        << Status::Fail << u"[ERROR_RATE] < 0.005 (actual 0.0065)"_s;
    QTest::newRow("logging fields") << u"h24.logging-fields"_s << QVariantMap {} << QStringList {} << Status::Pass
                                    << u"2000 calls"_s;
    QTest::newRow("logging fields named") << u"h24.logging-fields"_s
                                          << QVariantMap {{u"required_fields"_s, QStringList {u"model"_s, u"maxTokens"_s, u"temperature"_s}}}
                                          << QStringList {} << Status::Fail
                                          << u"fields on fewer than 99.00 % of calls: maxTokens (98.35 %), temperature (97.20 %)"_s;
    QTest::newRow("latency default") << u"h24.latency"_s << QVariantMap {} << QStringList {} << Status::Fail
                                     << u"[P95_MS] < 4000 (actual 4721)"_s;
    QTest::newRow("latency configured") << u"h24.latency"_s << QVariantMap {}
                                        << QStringList {u"[P50_MS] < 1700"_s, u"[P95_MS] < 5000"_s, u"[P99_MS] < 7000"_s}
                                        << Status::Pass << u"P95 4721 ms"_s;
    QTest::newRow("cost per call") << u"h24.latency"_s << QVariantMap {}
                                   << QStringList {u"[COST_PER_CALL_USD] < 0.007"_s, u"[COST_USD] > 13.6"_s, u"[CALLS] == 2000"_s}
                                   << Status::Pass << u"$13.60"_s;
}

void TestCallsProbe::decidesEachItem()
{
    QFETCH(QString, item);
    QFETCH(QVariantMap, params);
    QFETCH(QStringList, conditions);
    QFETCH(Status, expected);
    QFETCH(QString, summaryMentions);
    params.insert(u"window"_s, ALL_OF_IT_MS);
    const ProbeResult r = run(projectWith({fileSource(CallSourceConfig::Kind::Jsonl, u"generic-2000.jsonl"_s)}), item, params,
                              conditions);
    QVERIFY2(r.summary.contains(summaryMentions), qPrintable(r.summary));
    QCOMPARE(r.status, expected);
    QCOMPARE(r.itemId, item);
}

void TestCallsProbe::saysWhenTheWindowHasNoCalls()
{
    // Default window: 24 h before now; the fixture's newest call is 2026-10-30 23:41.
    const ProbeResult r = run(projectWith({fileSource(CallSourceConfig::Kind::Jsonl, u"generic-2000.jsonl"_s)}),
                              u"h24.error-rate"_s);
    QCOMPARE(r.status, Status::NotReported);
    QCOMPARE(r.summary, u"no calls in the last 24 h (newest call 2026-10-30 23:41 UTC)"_s);
    QCOMPARE(r.evidence.value(u"outsideWindow"_s).toInteger(), 2000);
}

void TestCallsProbe::missingSourceIsNotReportedWithPath()
{
    const ProbeResult r = run(projectWith({fileSource(CallSourceConfig::Kind::Jsonl, u"generic-2000.jsonl"_s),
                                           fileSource(CallSourceConfig::Kind::Otel, u"logs/missing.jsonl"_s)}),
                              u"mon.call-logging"_s, {{u"window"_s, ALL_OF_IT_MS}});
    QCOMPARE(r.status, Status::NotReported);
    const QString path = TestSupport::dataPath(u"calls/logs/missing.jsonl"_s);
    QVERIFY2(r.summary.contains(path), qPrintable(r.summary));
    QVERIFY(r.summary.contains(u"does not exist"_s));
}

void TestCallsProbe::withoutSourcesIsNotReported()
{
    const ProbeResult r = run(projectWith({}), u"h24.latency"_s);
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"sources.calls"_s), qPrintable(r.summary));
}

void TestCallsProbe::plannerBindsCallItemsWithoutChecks()
{
    const ChecklistTemplate checklist = ChecklistTemplate::builtIn();
    ProjectConfig project;
    QStringList ids {u"api.max-tokens"_s, u"api.temperature"_s, u"cost.per-request-logged"_s, u"cost.token-budget"_s,
                     u"mon.call-logging"_s, u"h24.error-rate"_s, u"h24.logging-fields"_s, u"h24.latency"_s};
    ProbePlanner::Plan plan = ProbePlanner::plan(project, checklist, ids, StandardProbeFactory::kinds());
    QCOMPARE(plan.requests.size(), 0); // no sources.calls: nothing to read
    QCOMPARE(plan.skipped.size(), ids.size());
    project.sources.calls = {fileSource(CallSourceConfig::Kind::Otel, u"traces.jsonl"_s)};
    plan = ProbePlanner::plan(project, checklist, ids, StandardProbeFactory::kinds());
    QCOMPARE(plan.requests.size(), ids.size());
    for (const ProbeRequest &request : std::as_const(plan.requests)) {
        QCOMPARE(request.spec.kind, u"calls"_s);
        QVERIFY(request.conditions.isEmpty()); // the item's default conditions
    }
    QVERIFY(ProbePlanner::contextFor(project, {}, {}).project);
}

void TestCallsProbe::readsTheDemoServiceSpendLogs()
{
    DemoServiceOptions options;
    options.historyDays = 5;
    DemoService service(options);
    QVERIFY(service.start(0));
    qputenv("TEST_CALLS_LITELLM_KEY", options.adminToken.toUtf8());
    CallSourceConfig source;
    source.kind = CallSourceConfig::Kind::LiteLLM;
    source.baseUrl = service.baseUrl().toString();
    source.key = *SecretRef::parse(u"env:TEST_CALLS_LITELLM_KEY"_s);
    const auto project = projectWith({source});
    // A window longer than the history: every generated call counts.
    const QVariantMap params {{u"window"_s, 20 * DAY_MS}};
    const QList<DemoCallRecord> &records = service.history().records();
    qint64 errors = 0;
    qint64 withoutMaxTokens = 0;
    for (const DemoCallRecord &record : records) {
        errors += record.failed ? 1 : 0;
        withoutMaxTokens += record.maxTokens == 0 ? 1 : 0;
    }
    QVERIFY(withoutMaxTokens > 0);

    const ProbeResult rate = run(project, u"h24.error-rate"_s, params);
    QCOMPARE(rate.evidence.value(u"calls"_s).toInteger(), records.size());
    QCOMPARE(rate.evidence.value(u"errors"_s).toInteger(), errors);
    QCOMPARE(rate.status, double(errors) / double(records.size()) < 0.01 ? Status::Pass : Status::Fail);
    QVERIFY(rate.evidence.value(u"sources"_s).toArray().first().toObject().value(u"source"_s).toString().endsWith(u"/spend/logs"_s));
    // The floating gpt-4o-mini is answered by a dated snapshot: drift evidence.
    const QJsonArray drift = rate.evidence.value(u"drift"_s).toArray();
    bool sawMini = false;
    for (const QJsonValue &row : drift)
        sawMini = sawMini || row.toObject().value(u"requested"_s).toString() == u"gpt-4o-mini";
    QVERIFY2(sawMini, QJsonDocument(drift).toJson().constData());
    // The master key never shows.
    QVERIFY(!QJsonDocument(rate.evidence).toJson().contains(options.adminToken.toUtf8()));

    const ProbeResult maxTokens = run(project, u"api.max-tokens"_s, params);
    QCOMPARE(maxTokens.status, Status::Fail);
    QVERIFY2(maxTokens.summary.startsWith(u"%1 of %2 calls"_s.arg(withoutMaxTokens).arg(records.size())), qPrintable(maxTokens.summary));
    const ProbeResult logging = run(project, u"mon.call-logging"_s, params);
    QCOMPARE(logging.status, Status::Pass);
    const ProbeResult budget = run(project, u"cost.per-request-logged"_s, params);
    QCOMPARE(budget.status, Status::Pass);
}

void TestCallsProbe::refusedMasterKeyIsNotReported()
{
    DemoService service(DemoServiceOptions {});
    QVERIFY(service.start(0));
    qputenv("TEST_CALLS_WRONG_KEY", "sk-not-the-key-1234");
    CallSourceConfig source;
    source.kind = CallSourceConfig::Kind::LiteLLM;
    source.baseUrl = service.baseUrl().toString();
    source.key = *SecretRef::parse(u"env:TEST_CALLS_WRONG_KEY"_s);
    const ProbeResult r = run(projectWith({source}), u"h24.error-rate"_s);
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"refused"_s), qPrintable(r.summary));
    QVERIFY(r.summary.contains(u"/spend/logs"_s));
    QVERIFY(!r.summary.contains(u"sk-not-the-key-1234"_s));
}

void TestCallsProbe::projectPricesCoverModelsTheTableLacks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile log(dir.filePath(u"traces.jsonl"_s));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write(R"({"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[)"
              R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"chat acme-llm-7","kind":3,)"
              R"("startTimeUnixNano":"1790812800000000000","endTimeUnixNano":"1790812801000000000","attributes":[)"
              R"({"key":"gen_ai.request.model","value":{"stringValue":"acme-llm-7"}},)"
              R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":"1000"}},)"
              R"({"key":"gen_ai.usage.output_tokens","value":{"intValue":"500"}}],"status":{}}]}]}]})"
              "\n");
    log.close();
    auto project = projectWith({fileSource(CallSourceConfig::Kind::Otel, log.fileName())});
    const QVariantMap params {{u"window"_s, ALL_OF_IT_MS}};

    ProbeResult r = run(project, u"cost.per-request-logged"_s, params);
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.evidence.value(u"uncostedCalls"_s).toInteger(), 1);
    QCOMPARE(r.evidence.value(u"uncostedModels"_s).toArray().first().toObject().value(u"model"_s).toString(), u"acme-llm-7"_s);
    QVERIFY2(r.summary.contains(u"1 call without a price (acme-llm-7: add it under prices: in liftoff.yaml)"_s), qPrintable(r.summary));

    project->prices.append(ModelPriceConfig {u"acme-llm-7"_s, 2.0, 8.0, {}});
    r = run(project, u"cost.per-request-logged"_s, params);
    QCOMPARE(r.status, Status::Pass);
    QVERIFY(!r.evidence.contains(u"uncostedCalls"_s));
    QCOMPARE(r.evidence.value(u"costUsd"_s).toDouble(), 0.006); // 1000 × $2 + 500 × $8 per million
}

QTEST_GUILESS_MAIN(TestCallsProbe)
#include "TestCallsProbe.moc"
