// SPDX-License-Identifier: GPL-3.0-or-later
#include "../prompts/GitRepoBuilder.h"

#include "checklist/ChecklistTemplate.h"
#include "config/ProjectConfig.h"
#include "probes/CallSiteEvidence.h"
#include "probes/Probe.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
const QByteArray BOT_PY = "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef answer(q):\n"
                          "    return client.chat.completions.create(\n        model=\"gpt-4o-2024-08-06\",\n"
                          "        messages=[{\"role\": \"user\", \"content\": q}],\n        max_tokens=400,\n"
                          "        temperature=0.2,\n    )\n";
// The call is on line 4; it sets neither max_tokens nor temperature.
const QByteArray SUMMARISE_PY = "from openai import OpenAI\n\nclient = OpenAI()\n"
                                "reply = client.chat.completions.create(model=\"gpt-4o-2024-08-06\", messages=[])\n";
const QByteArray SUMMARISE_FIXED_PY = "from openai import OpenAI\n\nclient = OpenAI()\n"
                                      "reply = client.chat.completions.create(model=\"gpt-4o-2024-08-06\", messages=[],"
                                      " max_tokens=100, temperature=0)\n";

CallSiteReport report(int sites, int lacking)
{
    CallSiteReport r;
    r.filesScanned = sites;
    for (int i = 0; i < sites; ++i) {
        CallSite site;
        site.file = u"app/f%1.py"_s.arg(i);
        site.line = 10 + i;
        site.sdk = u"openai"_s;
        site.call = u"chat.completions.create"_s;
        site.hasMaxTokens = i >= lacking;
        site.hasTemperature = true;
        r.callSites.append(site);
    }
    return r;
}

ProbeResult logResult(Status status, const QString &summary)
{
    ProbeResult r;
    r.status = status;
    r.summary = summary;
    r.evidence = {{u"calls"_s, 120}};
    return r;
}

/** A JSONL call log: count calls in the last hour, the first `withoutMaxTokens` without max_tokens. */
void writeCallLog(const QString &path, int count, int withoutMaxTokens)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (int i = 0; i < count; ++i) {
        QJsonObject call {{u"ts"_s, start.addSecs(i).toString(Qt::ISODateWithMs)},
                          {u"request_id"_s, u"req-%1"_s.arg(i)},
                          {u"model"_s, u"gpt-4o-2024-08-06"_s},
                          {u"input_tokens"_s, 100},
                          {u"output_tokens"_s, 50},
                          {u"latency_ms"_s, 800},
                          {u"cost_usd"_s, 0.001},
                          {u"status"_s, u"ok"_s},
                          {u"temperature"_s, 0.2}};
        if (i >= withoutMaxTokens)
            call.insert(u"max_tokens"_s, 400);
        file.write(QJsonDocument(call).toJson(QJsonDocument::Compact) + '\n');
    }
}
} // namespace

/**
 * The code half of api.max-tokens and api.temperature: the merge rule (pure) and the calls probe over
 * a real git repository made here, with a call log and without one.
 */
class TestCallSiteMerge : public QObject
{
    Q_OBJECT

private slots:
    void mergeRule_data();
    void mergeRule();
    void codeAloneDecidesWithoutCallSource();
    void codeOnlyParamsNarrowTheFiles();
    void callLogAndCodeAreMerged();
    void otherCallItemsIgnoreTheCode();
    void plannerBindsTheCodeHalfWithoutCallSources();

private:
    ProbeResult run(const ProjectConfig &project, const QString &itemId, const QVariantMap &params = {});

    QNetworkAccessManager m_nam;
};

ProbeResult TestCallSiteMerge::run(const ProjectConfig &project, const QString &itemId, const QVariantMap &params)
{
    ProbeContext context = ProbePlanner::contextFor(project, {}, {});
    ProbeRequest request;
    request.itemId = itemId;
    request.spec.kind = u"calls"_s;
    request.spec.params = params;
    StandardProbeFactory factory(&m_nam, context);
    QString error;
    std::unique_ptr<Probe> probe = factory.create(request, &error);
    if (!probe)
        return ProbeResult::error(itemId, error);
    QSignalSpy spy(probe.get(), &Probe::finished);
    probe->start();
    if (!spy.wait(30000))
        return ProbeResult::error(itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestCallSiteMerge::mergeRule_data()
{
    QTest::addColumn<int>("log"); // -1: no call source
    QTest::addColumn<int>("sites");
    QTest::addColumn<int>("lacking");
    QTest::addColumn<Status>("expected");
    const int none = -1;
    QTest::newRow("log fails, code lacks") << int(Status::Fail) << 2 << 1 << Status::Fail;
    QTest::newRow("log fails, code sets it") << int(Status::Fail) << 2 << 0 << Status::Fail;
    QTest::newRow("log passes, code lacks") << int(Status::Pass) << 2 << 1 << Status::Warn;
    QTest::newRow("log passes, code sets it") << int(Status::Pass) << 2 << 0 << Status::Pass;
    QTest::newRow("log passes, no call site") << int(Status::Pass) << 0 << 0 << Status::Pass;
    QTest::newRow("no log, code lacks") << none << 3 << 1 << Status::Fail;
    QTest::newRow("no log, code sets it") << none << 3 << 0 << Status::Pass;
    QTest::newRow("no log, no call site") << none << 0 << 0 << Status::NotReported;
    QTest::newRow("log undecided, code lacks") << int(Status::NotReported) << 2 << 2 << Status::Fail;
    QTest::newRow("log undecided, code sets it") << int(Status::NotReported) << 2 << 0 << Status::NotReported;
    QTest::newRow("log error, code lacks") << int(Status::Error) << 2 << 1 << Status::Error;
}

void TestCallSiteMerge::mergeRule()
{
    QFETCH(int, log);
    QFETCH(int, sites);
    QFETCH(int, lacking);
    QFETCH(Status, expected);
    const std::optional<ProbeResult> fromLog = log < 0 ? std::nullopt
                                                       : std::optional(logResult(Status(log), u"LOG SUMMARY"_s));
    const ProbeResult result = CallSiteEvidence::merge(u"api.max-tokens"_s, fromLog, report(sites, lacking));
    QCOMPARE(result.status, expected);
    QCOMPARE(result.itemId, u"api.max-tokens"_s);
    QCOMPARE(result.evidence.value(u"code_call_sites"_s).toInt(), sites);
    QCOMPARE(result.evidence.value(u"code_call_sites_lacking_count"_s).toInt(), lacking);
    QCOMPARE(result.evidence.value(u"code_call_sites_lacking"_s).toArray().size(), lacking);
    QCOMPARE(result.evidence.value(u"call_source"_s).toString(), log < 0 ? u"none"_s : u"configured"_s);
    if (log >= 0) {
        QCOMPARE(result.evidence.value(u"calls"_s).toInt(), 120); // the log's evidence is kept
        QVERIFY2(result.summary.contains(u"LOG SUMMARY"_s), qPrintable(result.summary));
    }
    if (lacking > 0 && expected != Status::Error)
        QVERIFY2(result.summary.contains(u"app/f0.py:10"_s), qPrintable(result.summary));
    // The temperature item reads the other flag: every site here sets temperature.
    const ProbeResult temperature = CallSiteEvidence::merge(u"api.temperature"_s, fromLog, report(sites, lacking));
    QCOMPARE(temperature.evidence.value(u"code_call_sites_lacking_count"_s).toInt(), 0);
}

void TestCallSiteMerge::codeAloneDecidesWithoutCallSource()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"README.md"_s, "no code yet\n");
    repo.commit(u"init"_s);
    ProjectConfig project;
    project.repoPath = dir.path();
    project.configDir = dir.path();
    ProbeResult result = run(project, u"api.max-tokens"_s);
    QCOMPARE(result.status, Status::NotReported);
    QVERIFY2(result.summary.contains(u"no LLM call site found"_s), qPrintable(result.summary));

    repo.write(u"app/bot.py"_s, BOT_PY);
    repo.write(u"app/summarise.py"_s, SUMMARISE_PY);
    repo.commit(u"two call sites"_s);
    result = run(project, u"api.max-tokens"_s);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.startsWith(u"1 of 2 LLM call site(s) in code set no max_tokens: app/summarise.py:4"_s),
             qPrintable(result.summary));
    QCOMPARE(result.evidence.value(u"call_source"_s).toString(), u"none"_s);
    const QJsonObject site = result.evidence.value(u"code_call_sites_lacking"_s).toArray().first().toObject();
    QCOMPARE(site.value(u"file"_s).toString(), u"app/summarise.py"_s);
    QCOMPARE(site.value(u"line"_s).toInt(), 4);
    QCOMPARE(site.value(u"sdk"_s).toString(), u"openai"_s);
    result = run(project, u"api.temperature"_s);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY(result.summary.contains(u"set no temperature"_s));

    repo.write(u"app/summarise.py"_s, SUMMARISE_FIXED_PY);
    repo.commit(u"limits everywhere"_s);
    result = run(project, u"api.max-tokens"_s);
    QCOMPARE(result.status, Status::Pass);
    QVERIFY2(result.summary.startsWith(u"all 2 LLM call site(s) in code set max_tokens"_s), qPrintable(result.summary));
}

void TestCallSiteMerge::codeOnlyParamsNarrowTheFiles()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"app/bot.py"_s, BOT_PY);
    repo.write(u"scripts/summarise.py"_s, SUMMARISE_PY);
    repo.commit(u"init"_s);
    ProjectConfig project;
    project.repoPath = dir.path();
    QCOMPARE(run(project, u"api.max-tokens"_s).status, Status::Fail);
    QCOMPARE(run(project, u"api.max-tokens"_s, {{u"exclude"_s, QStringList {u"scripts/**"_s}}}).status, Status::Pass);
    QCOMPARE(run(project, u"api.max-tokens"_s, {{u"paths"_s, QStringList {u"app/**"_s}}}).status, Status::Pass);
}

void TestCallSiteMerge::callLogAndCodeAreMerged()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path() + u"/repo"_s);
    repo.write(u"app/bot.py"_s, BOT_PY);
    repo.write(u"app/summarise.py"_s, SUMMARISE_PY);
    repo.commit(u"init"_s);
    ProjectConfig project;
    project.repoPath = repo.path();
    project.configDir = dir.path();
    CallSourceConfig source;
    source.kind = CallSourceConfig::Kind::Jsonl;
    source.path = u"calls.jsonl"_s;
    project.sources.calls = {source};

    // Every logged call sets max_tokens, but a call site in code does not: warn, with both halves.
    writeCallLog(dir.filePath(u"calls.jsonl"_s), 40, 0);
    ProbeResult result = run(project, u"api.max-tokens"_s);
    QVERIFY2(result.status == Status::Warn, qPrintable(result.summary));
    QVERIFY2(result.summary.startsWith(u"every logged call carries max_tokens, but 1 of 2 LLM call site(s) in code "
                                       u"set no max_tokens: app/summarise.py:4"_s),
             qPrintable(result.summary));
    QVERIFY(result.summary.contains(u"40 calls in the last"_s));
    QCOMPARE(result.evidence.value(u"calls"_s).toInt(), 40);
    QCOMPARE(result.evidence.value(u"code_call_sites"_s).toInt(), 2);
    QCOMPARE(result.evidence.value(u"call_source"_s).toString(), u"configured"_s);
    QVERIFY(!result.conditions.isEmpty()); // the log's condition outcomes stay

    // Calls without max_tokens in the log: fail, and the call sites are still listed.
    writeCallLog(dir.filePath(u"calls.jsonl"_s), 40, 4);
    result = run(project, u"api.max-tokens"_s);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.startsWith(u"4 of 40 calls"_s), qPrintable(result.summary));
    QVERIFY(result.summary.contains(u"1 of 2 LLM call site(s) in code set no max_tokens: app/summarise.py:4"_s));
    QCOMPARE(result.evidence.value(u"code_call_sites_lacking"_s).toArray().size(), 1);

    // The code fixed and the log clean: pass, naming the code half.
    writeCallLog(dir.filePath(u"calls.jsonl"_s), 40, 0);
    repo.write(u"app/summarise.py"_s, SUMMARISE_FIXED_PY);
    repo.commit(u"fix"_s);
    result = run(project, u"api.max-tokens"_s);
    QCOMPARE(result.status, Status::Pass);
    QVERIFY2(result.summary.endsWith(u"; all 2 LLM call site(s) in code set max_tokens"_s), qPrintable(result.summary));

    // A configured source with no call in the window cannot decide; the code's gap still fails.
    writeCallLog(dir.filePath(u"calls.jsonl"_s), 0, 0);
    repo.write(u"app/summarise.py"_s, SUMMARISE_PY);
    result = run(project, u"api.max-tokens"_s);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"the call log could not decide: no calls in the last"_s), qPrintable(result.summary));
}

void TestCallSiteMerge::otherCallItemsIgnoreTheCode()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"app/summarise.py"_s, SUMMARISE_PY);
    repo.commit(u"init"_s);
    ProjectConfig project;
    project.repoPath = dir.path();
    const ProbeResult result = run(project, u"h24.latency"_s);
    QCOMPARE(result.status, Status::NotReported);
    QVERIFY(!result.evidence.contains(u"code_call_sites"_s));
}

void TestCallSiteMerge::plannerBindsTheCodeHalfWithoutCallSources()
{
    const ChecklistTemplate checklist = ChecklistTemplate::builtIn();
    ProjectConfig project;
    const QStringList ids {u"api.max-tokens"_s, u"api.temperature"_s, u"h24.latency"_s};
    ProbePlanner::Plan plan = ProbePlanner::plan(project, checklist, ids, StandardProbeFactory::kinds());
    QCOMPARE(plan.requests.size(), 0); // neither a call source nor a repository
    project.repoPath = QDir::tempPath();
    plan = ProbePlanner::plan(project, checklist, ids, StandardProbeFactory::kinds());
    QCOMPARE(plan.requests.size(), 2);
    QCOMPARE(plan.requests.at(0).spec.kind, u"calls"_s);
    QCOMPARE(plan.skipped.size(), 1);
    QCOMPARE(plan.skipped.first().first, u"h24.latency"_s);
}

QTEST_GUILESS_MAIN(TestCallSiteMerge)
#include "TestCallSiteMerge.moc"
