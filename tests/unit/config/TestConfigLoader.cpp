// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "checklist/ChecklistTemplate.h"
#include "config/ConfigLoader.h"
#include "config/ConfigTemplate.h"
#include "config/Duration.h"
#include "config/NearestName.h"
#include "config/Placeholders.h"
#include "config/SecretResolver.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * The liftoff.yaml loader: a corpus of malformed files with their exact diagnostics, good files
 * with their typed values, durations, suggestions, secret handling and the `init` template.
 */
class TestConfigLoader : public QObject
{
    Q_OBJECT

private slots:
    void badCorpusGivesExactDiagnostics_data();
    void badCorpusGivesExactDiagnostics();
    void goodFilesLoadWithoutDiagnostics_data();
    void goodFilesLoadWithoutDiagnostics();
    void specExampleHasTypedValues();
    void checksHoldProbeSpecs();
    void malformedConditionFailsTheLoadAtItsEntry();
    void effectiveTemplateAppliesCustomItemsAndOverrides();
    void defaultsWhenSectionsAreMissing();
    void rollbackApproversDefaultToOneAndTakeFourEyes();
    void durations_data();
    void durations();
    void durationToString();
    void nearestNameSuggestsTypos_data();
    void nearestNameSuggestsTypos();
    void secretRefsParse_data();
    void secretRefsParse();
    void pastedSecretsAreNeverEchoed();
    void secretResolverReadsEnvironment();
    void placeholdersExpand();
    void refusesFilesOverOneMebibyte();
    void reportsUnreadableFile();
    void loadFileResolvesPathsAgainstItsFolder();
    void initTemplateLoads();
    void initTemplateExamplesLoadWhenUncommented();
    void aliasBombIsBounded();
};

namespace {
QString badDir()
{
    return TestSupport::dataPath(u"config/bad"_s);
}

QString goodDir()
{
    return TestSupport::dataPath(u"config/good"_s);
}

ConfigLoadResult loadGood(const QString &name)
{
    const QString path = goodDir() + u'/' + name;
    return ConfigLoader::loadText(TestSupport::readFile(path), name, goodDir());
}

ConfigLoadResult loadSnippet(const QString &yaml)
{
    return ConfigLoader::loadText(yaml.toUtf8(), u"liftoff.yaml"_s, u"/project"_s);
}
} // namespace

void TestConfigLoader::badCorpusGivesExactDiagnostics_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = QDir(badDir()).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 30);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestConfigLoader::badCorpusGivesExactDiagnostics()
{
    QFETCH(QString, name);
    const QString path = badDir() + u'/' + name;
    const ConfigLoadResult result = ConfigLoader::loadText(TestSupport::readFile(path), name, badDir());
    const QString actual = result.errorText();
    const QString expectedPath = path.chopped(5) + u".expected"_s;
    if (!QFile::exists(expectedPath))
        QFAIL(qPrintable(u"no %1; the loader said:\n%2"_s.arg(expectedPath, actual)));
    const QString expected = QString::fromUtf8(TestSupport::readFile(expectedPath)).trimmed();
    QCOMPARE(actual, expected);
    QVERIFY(!result.ok());
    QVERIFY2(!result.project.has_value(), "a file with errors must not yield a project");
    for (const ConfigDiagnostic &d : result.diagnostics) {
        QVERIFY(d.line >= 0);
        QVERIFY(d.column >= 0);
        QCOMPARE(d.file, name);
    }
}

void TestConfigLoader::goodFilesLoadWithoutDiagnostics_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = QDir(goodDir()).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestConfigLoader::goodFilesLoadWithoutDiagnostics()
{
    QFETCH(QString, name);
    const ConfigLoadResult result = loadGood(name);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QVERIFY(result.diagnostics.isEmpty());
}

void TestConfigLoader::specExampleHasTypedValues()
{
    const ConfigLoadResult result = loadGood(u"spec-example.yaml"_s);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const ProjectConfig &p = *result.project;

    QCOMPARE(p.version, 1);
    QCOMPARE(p.name, u"support-bot"_s);
    QCOMPARE(p.configDir, QDir::cleanPath(goodDir()));
    QCOMPARE(p.repoPath, QDir::cleanPath(goodDir()));

    QCOMPARE(p.environments.size(), 2);
    QCOMPARE(p.defaultEnvironment()->name, u"production"_s);
    QCOMPARE(p.environments.at(0).url, u"https://api.example.com"_s);
    const SecretOrText auth = p.environments.at(0).headers.value(u"Authorization"_s);
    QVERIFY(auth.isSecret());
    QCOMPARE(auth.secret->toString(), u"env:PROD_PROBE_TOKEN"_s);
    QCOMPARE(p.environments.at(1).name, u"staging"_s);
    QVERIFY(p.environments.at(1).headers.isEmpty());

    QVERIFY(p.prompts);
    QCOMPARE(p.prompts->kind, PromptSourceConfig::Kind::Git);
    QCOMPARE(p.prompts->gitFolder, u"prompts/"_s);

    QCOMPARE(p.models.primary, u"claude-sonnet-4-5-20250929"_s);
    QCOMPARE(p.models.fallback, u"deepseek-chat-v3"_s);
    QVERIFY(!p.models.fallbackProbe);

    QVERIFY(p.budget);
    QCOMPARE(p.budget->monthlyUsd, 500.0);
    QCOMPARE(p.budget->alertPercents, (QList<double> {50, 75, 90}));
    QCOMPARE(p.budget->expectedDailyLowUsd, 5.0);
    QCOMPARE(p.budget->expectedDailyHighUsd, 40.0);
    QCOMPARE(p.budget->notify, QStringList {u"release-room"_s});

    QCOMPARE(p.notifyChannels.size(), 3);
    QCOMPARE(p.notifyChannels.at(0).name, u"release-room"_s);
    QCOMPARE(p.notifyChannels.at(0).kind, NotifyChannelConfig::Kind::Slack);
    QCOMPARE(p.notifyChannels.at(0).url.toString(), u"env:SLACK_WEBHOOK_URL"_s);
    QCOMPARE(p.notifyChannel(u"ops"_s)->kind, NotifyChannelConfig::Kind::Discord);
    const NotifyChannelConfig *pager = p.notifyChannel(u"pager"_s);
    QCOMPARE(pager->kind, NotifyChannelConfig::Kind::Webhook);
    QCOMPARE(pager->headers.value(u"X-Token"_s).secret->toString(), u"env:PAGER_TOKEN"_s);

    QVERIFY(p.sources.cost);
    QCOMPARE(p.sources.cost->kind, CostSourceConfig::Kind::OpenAI);
    QCOMPARE(p.sources.cost->key.toString(), u"env:OPENAI_ADMIN_KEY"_s);
    QCOMPARE(p.sources.cost->projectIds, QStringList {u"proj_abc"_s});
    QCOMPARE(p.sources.calls.size(), 1);
    QCOMPARE(p.sources.calls.at(0).kind, CallSourceConfig::Kind::Otel);
    QCOMPARE(p.sources.calls.at(0).path, u"logs/traces.jsonl"_s);
    QCOMPARE(p.sources.windowMs, qint64(24) * 3600 * 1000);

    QVERIFY(p.rollback);
    QCOMPARE(p.rollback->command, (QStringList {u"vercel"_s, u"rollback"_s, u"--yes"_s}));
    QCOMPARE(p.rollback->dryRun, (QStringList {u"vercel"_s, u"rollback"_s, u"--dry-run"_s}));
    QCOMPARE(p.rollback->cwd, u"."_s);
    QCOMPARE(p.rollback->env.value(u"VERCEL_TOKEN"_s).toString(), u"env:VERCEL_TOKEN"_s);
    QCOMPARE(p.rollback->timeoutMs, qint64(5 * 60 * 1000));
    QCOMPARE(p.rollback->verify, (QStringList {u"infra.health"_s, u"h24.error-rate"_s}));
    QCOMPARE(p.rollback->notify, QStringList {u"release-room"_s});

    QVERIFY(p.flags);
    QCOMPARE(p.flags->kind, FlagsConfig::Kind::Ofrep);
    QCOMPARE(p.flags->baseUrl, u"http://localhost:8016"_s);
    QCOMPARE(p.flags->flag, u"ai-enabled"_s);

    QVERIFY(p.evals);
    QCOMPARE(p.evals->dataset, u"evals/cases.yaml"_s);
    QCOMPARE(p.evals->target.url, u"{url}/v1/chat"_s);
    QCOMPARE(p.evals->target.method, u"POST"_s);
    QCOMPARE(p.evals->target.body.toMap().value(u"message"_s).toString(), u"{input}"_s);
    QCOMPARE(p.evals->target.output, u"[BODY].reply"_s);
    QCOMPARE(p.evals->minCases, 20);
    QCOMPARE(p.evals->tolerance, 0.02);

    QVERIFY(p.redteam);
    QCOMPARE(p.redteam->canary->toString(), u"env:SYSTEM_PROMPT_CANARY"_s);
    QCOMPARE(p.redteam->systemPrompt, u"prompts/system.md"_s);
    QCOMPARE(p.redteam->maxSuccessRate, 0.0);

    QCOMPARE(p.mcpConfigs, QStringList {u".mcp.json"_s});
    QCOMPARE(p.uptime.everyMs, qint64(60000));
    QCOMPARE(p.uptime.targetPercent, 99.9);

    QCOMPARE(p.checks.size(), 8);
    QCOMPARE(p.customItems.size(), 1);
    const ChecklistItem &custom = p.customItems.first();
    QCOMPARE(custom.id, u"custom.legal-signoff"_s);
    QCOMPARE(custom.title, u"Legal sign-off on the AI disclosure text"_s);
    QCOMPARE(custom.section, u"Security"_s);
    QCOMPARE(custom.phase, Phase::Pre);
    QCOMPARE(custom.level, Level::Must);
    QCOMPARE(custom.binding.kind, BindingKind::ManualEvidence);
}

void TestConfigLoader::checksHoldProbeSpecs()
{
    const ConfigLoadResult result = loadGood(u"spec-example.yaml"_s);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const QHash<QString, CheckConfig> &checks = result.project->checks;

    const CheckConfig health = checks.value(u"infra.health"_s);
    QCOMPARE(health.kind, u"http"_s);
    QVERIFY(health.probe);
    QCOMPARE(health.probe->params.value(u"url"_s).toString(), u"{url}/health"_s);
    QCOMPARE(health.probe->params.value(u"timeout"_s).toLongLong(), 5000);
    QCOMPARE(health.conditions.size(), 3);
    QCOMPARE(health.conditions.at(2), u"[BODY].status == pass"_s);
    QCOMPARE(health.conditionLocations.size(), 3);
    QCOMPARE(health.conditionLocations.at(0).line, 80);
    QCOMPARE(health.location.line, 78);

    const CheckConfig https = checks.value(u"infra.https"_s);
    QCOMPARE(https.probe->kind, u"tls"_s);
    QCOMPARE(https.probe->params.value(u"min_days"_s).toInt(), 14);

    const CheckConfig cors = checks.value(u"infra.cors"_s);
    QCOMPARE(cors.probe->params.value(u"allowed"_s).toStringList(), QStringList {u"https://app.example.com"_s});

    const CheckConfig burst = checks.value(u"cost.rate-limiting"_s);
    QCOMPARE(burst.probe->kind, u"burst"_s);
    QCOMPARE(burst.probe->params.value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(burst.probe->params.value(u"max_requests"_s).toInt(), 60);
    QCOMPARE(burst.probe->params.value(u"within"_s).toLongLong(), 10000);
    QCOMPARE(burst.probe->params.value(u"expect"_s).toInt(), 429);
    QCOMPARE(burst.probe->params.value(u"body"_s).toMap().value(u"message"_s).toString(), u"hi"_s);

    const CheckConfig envVars = checks.value(u"infra.env-vars"_s);
    QCOMPARE(envVars.probe->kind, u"command"_s);
    QCOMPARE(envVars.probe->params.value(u"argv"_s).toStringList(),
             (QStringList {u"railway"_s, u"variables"_s, u"--json"_s}));
    QCOMPARE(envVars.probe->params.value(u"expect_names"_s).toStringList(),
             (QStringList {u"OPENAI_API_KEY"_s, u"DATABASE_URL"_s}));

    const CheckConfig latency = checks.value(u"h24.latency"_s);
    QVERIFY(!latency.probe);
    QCOMPARE(latency.kind, u"calls"_s); // from the template's binding
    QCOMPARE(latency.conditions.size(), 3);

    const CheckConfig timeout = checks.value(u"qa.timeout-handling"_s);
    QCOMPARE(timeout.probe->params.value(u"timeout"_s).toLongLong(), 30000);
    QCOMPARE(timeout.conditions.first(), u"[STATUS] == any(200, 503, 504)"_s);

    const CheckConfig na = checks.value(u"rb.migrations-reversible"_s);
    QVERIFY(na.notApplicable);
    QVERIFY(!na.probe);
}

void TestConfigLoader::malformedConditionFailsTheLoadAtItsEntry()
{
    // Issue 10: a condition the parser rejects used to pass the loader and fail only at check time.
    const ConfigLoadResult result = loadSnippet(u"version: 1\n"
                                                u"project: demo\n"
                                                u"checks:\n"
                                                u"  infra.health:\n"
                                                u"    http: {url: \"https://example.com/health\"}\n"
                                                u"    conditions:\n"
                                                u"      - \"[STATUS] == 200\"\n"
                                                u"      - \"[STATUS] = 200\"\n"
                                                u"  h24.latency:\n"
                                                u"    conditions: [\"[P95_MS] < 4000\", \"[P99_MS] <\"]\n"_s);
    QVERIFY(!result.ok());
    QVERIFY(!result.project);
    QCOMPARE(result.diagnostics.size(), 2);
    const QString text = result.errorText();
    QVERIFY2(text.contains(u"liftoff.yaml:8:9: error: invalid condition `[STATUS] = 200`: column 10: "_s), qPrintable(text));
    QVERIFY2(text.contains(u"did you mean '=='?"_s), qPrintable(text));
    QVERIFY2(text.contains(u"liftoff.yaml:10:37: error: invalid condition `[P99_MS] <`: column 11: "_s), qPrintable(text));
}

void TestConfigLoader::effectiveTemplateAppliesCustomItemsAndOverrides()
{
    const ConfigLoadResult result = loadGood(u"all-probe-kinds.yaml"_s);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const ChecklistTemplate t = result.project->effectiveTemplate();
    const ChecklistTemplate &builtIn = ChecklistTemplate::builtIn();
    QCOMPARE(t.items().size(), builtIn.items().size() + 2);
    // A custom item goes after the last item of its section.
    const QStringList ids = t.ids();
    QCOMPARE(ids.indexOf(u"custom.smoke"_s), ids.indexOf(u"qa.timeout-handling"_s) + 1);
    QCOMPARE(t.find(u"custom.smoke"_s)->binding.toString(), u"probe:http"_s);
    QCOMPARE(t.find(u"custom.smoke"_s)->phase, Phase::Pre);
    QCOMPARE(t.find(u"custom.ops-review"_s)->phase, Phase::Post);
    QCOMPARE(t.find(u"custom.ops-review"_s)->section, u"Launch review"_s);
    // Level override and rebinding.
    QCOMPARE(builtIn.find(u"mon.dashboard"_s)->level, Level::Should);
    QCOMPARE(t.find(u"mon.dashboard"_s)->level, Level::Must);
    QCOMPARE(builtIn.find(u"api.keys-scoped"_s)->binding.kind, BindingKind::ManualEvidence);
    QCOMPARE(t.find(u"api.keys-scoped"_s)->binding.toString(), u"probe:secrets"_s);
    // Untouched items are as built in.
    QCOMPARE(t.find(u"infra.hosting"_s)->level, builtIn.find(u"infra.hosting"_s)->level);
}

void TestConfigLoader::defaultsWhenSectionsAreMissing()
{
    const ConfigLoadResult result = loadSnippet(u"version: 1\nproject: tiny\n"_s);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const ProjectConfig &p = *result.project;
    QCOMPARE(p.name, u"tiny"_s);
    QCOMPARE(p.repoPath, QDir::cleanPath(QDir(u"/project"_s).absolutePath()));
    QVERIFY(p.environments.isEmpty());
    QCOMPARE(p.defaultEnvironment(), nullptr);
    QVERIFY(!p.budget && !p.rollback && !p.flags && !p.evals && !p.redteam && !p.prompts);
    QCOMPARE(p.sources.windowMs, qint64(86400000));
    QCOMPARE(p.uptime.everyMs, qint64(60000));
    QVERIFY(p.checks.isEmpty());
    QCOMPARE(p.effectiveTemplate().ids(), ChecklistTemplate::builtIn().ids());

    const ConfigLoadResult budget = loadSnippet(u"version: 1\nproject: tiny\nbudget: {monthly_usd: 120.5}\n"_s);
    QVERIFY2(budget.ok(), qPrintable(budget.errorText()));
    QCOMPARE(budget.project->budget->alertPercents, (QList<double> {50, 75, 90}));
    QCOMPARE(budget.project->budget->monthlyUsd, 120.5);
}

void TestConfigLoader::rollbackApproversDefaultToOneAndTakeFourEyes()
{
    const QString head = u"version: 1\nproject: tiny\nrollback:\n  command: [vercel, rollback]\n"_s;
    const ConfigLoadResult plain = loadSnippet(head);
    QVERIFY2(plain.ok(), qPrintable(plain.errorText()));
    QCOMPARE(plain.project->rollback->approvers, 1);
    const ConfigLoadResult fourEyes = loadSnippet(head + u"  approvers: 2\n"_s);
    QVERIFY2(fourEyes.ok(), qPrintable(fourEyes.errorText()));
    QCOMPARE(fourEyes.project->rollback->approvers, 2);
    QCOMPARE(loadSnippet(head + u"  approvers: 5\n"_s).project->rollback->approvers, 5);
    // Anything but a whole number 1..5 names the file, line and column (more in the bad corpus).
    const ConfigLoadResult quoted = loadSnippet(head + u"  approvers: \"2\"\n"_s);
    QVERIFY(!quoted.ok());
    QCOMPARE(quoted.errorText(), u"liftoff.yaml:5:14: error: `approvers` expects a whole number, got `2`"_s);
    const ConfigLoadResult fraction = loadSnippet(head + u"  approvers: 1.5\n"_s);
    QCOMPARE(fraction.errorText(), u"liftoff.yaml:5:14: error: `approvers` expects a whole number, got `1.5`"_s);
    const ConfigLoadResult typo = loadSnippet(head + u"  approver: 2\n"_s);
    QVERIFY2(typo.errorText().contains(u"did you mean `approvers`"_s), qPrintable(typo.errorText()));
}

void TestConfigLoader::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1: invalid
    QTest::newRow("500ms") << u"500ms"_s << qint64(500);
    QTest::newRow("5s") << u"5s"_s << qint64(5000);
    QTest::newRow("2m") << u"2m"_s << qint64(120000);
    QTest::newRow("1h") << u"1h"_s << qint64(3600000);
    QTest::newRow("14d") << u"14d"_s << qint64(14) * 86400000;
    QTest::newRow("24h") << u"24h"_s << qint64(86400000);
    QTest::newRow("0s") << u"0s"_s << qint64(0);
    QTest::newRow("0ms") << u"0ms"_s << qint64(0);
    QTest::newRow("leading zeros") << u"007s"_s << qint64(7000);
    QTest::newRow("largest") << u"999999999999ms"_s << qint64(999999999999);
    QTest::newRow("overflow") << u"999999999999d"_s << qint64(-1);
    QTest::newRow("no unit") << u"500"_s << qint64(-1);
    QTest::newRow("no number") << u"ms"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("space") << u"5 s"_s << qint64(-1);
    QTest::newRow("fraction") << u"1.5s"_s << qint64(-1);
    QTest::newRow("negative") << u"-5s"_s << qint64(-1);
    QTest::newRow("plus") << u"+5s"_s << qint64(-1);
    QTest::newRow("unknown unit") << u"5w"_s << qint64(-1);
    QTest::newRow("upper case") << u"5S"_s << qint64(-1);
    QTest::newRow("two units") << u"1h30m"_s << qint64(-1);
    QTest::newRow("word") << u"5 seconds"_s << qint64(-1);
    QTest::newRow("too many digits") << u"1234567890123ms"_s << qint64(-1);
    QTest::newRow("arabic-indic digits") << u"\u0665s"_s << qint64(-1);
}

void TestConfigLoader::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const std::optional<Duration> parsed = Duration::parse(text);
    if (ms < 0) {
        QVERIFY(!parsed);
    } else {
        QVERIFY(parsed);
        QCOMPARE(parsed->ms, ms);
    }
}

void TestConfigLoader::durationToString()
{
    QCOMPARE(Duration {500}.toString(), u"500ms"_s);
    QCOMPARE(Duration {90000}.toString(), u"90s"_s);
    QCOMPARE(Duration {3600000}.toString(), u"1h"_s);
    QCOMPARE(Duration {14 * 86400000LL}.toString(), u"14d"_s);
    QCOMPARE(Duration {0}.toString(), u"0ms"_s);
    for (const QString &text : {u"500ms"_s, u"5s"_s, u"2m"_s, u"1h"_s, u"14d"_s})
        QCOMPARE(Duration::parse(text)->toString(), text);
}

void TestConfigLoader::nearestNameSuggestsTypos_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<QString>("expected");
    const QStringList http {u"url"_s, u"method"_s, u"headers"_s, u"body"_s, u"timeout"_s, u"follow_redirects"_s};
    QTest::newRow("missing letter") << u"timout"_s << http << u"timeout"_s;
    QTest::newRow("swapped letters") << u"timoeut"_s << http << u"timeout"_s;
    QTest::newRow("extra letter") << u"timeoutt"_s << http << u"timeout"_s;
    QTest::newRow("case") << u"Timeout"_s << http << u"timeout"_s;
    QTest::newRow("singular") << u"header"_s << http << u"headers"_s;
    QTest::newRow("short") << u"ur"_s << http << u"url"_s;
    QTest::newRow("unrelated") << u"colour"_s << http << QString();
    QTest::newRow("too far") << u"deadline"_s << http << QString();
    QTest::newRow("no candidates") << u"url"_s << QStringList() << QString();
    const QStringList ids = ChecklistTemplate::builtIn().ids();
    QTest::newRow("item id") << u"infra.helth"_s << ids << u"infra.health"_s;
    QTest::newRow("item id dash") << u"h24.error_rate"_s << ids << u"h24.error-rate"_s;
    QTest::newRow("item id prefix") << u"api.model-pined"_s << ids << u"api.model-pinned"_s;
}

void TestConfigLoader::nearestNameSuggestsTypos()
{
    QFETCH(QString, input);
    QFETCH(QStringList, candidates);
    QFETCH(QString, expected);
    QCOMPARE(NearestName::find(input, candidates), expected);
}

void TestConfigLoader::secretRefsParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("env") << u"env:OPENAI_API_KEY"_s << true;
    QTest::newRow("keychain") << u"keychain:liftoff.openai-admin"_s << true;
    QTest::newRow("underscore first") << u"env:_X"_s << true;
    QTest::newRow("digit first") << u"env:1X"_s << false;
    QTest::newRow("empty name") << u"env:"_s << false;
    QTest::newRow("space") << u"env:A B"_s << false;
    QTest::newRow("upper prefix") << u"ENV:A"_s << false;
    QTest::newRow("pasted") << u"sk-proj-abcdef0123456789"_s << false;
    QTest::newRow("vault") << u"vault:A"_s << false;
    QTest::newRow("dollar") << u"$OPENAI_API_KEY"_s << false;
}

void TestConfigLoader::secretRefsParse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const std::optional<SecretRef> ref = SecretRef::parse(text);
    QCOMPARE(ref.has_value(), valid);
    if (ref)
        QCOMPARE(ref->toString(), text);
}

void TestConfigLoader::pastedSecretsAreNeverEchoed()
{
    // Every place that takes a secret, each with a different pasted value.
    const QStringList secrets {
        u"sk-proj-AAAAbbbbCCCCddddEEEEffff0001"_s, u"sk-ant-admin01-GGGGhhhhIIIIjjjj0002"_s,
        u"xoxb-1234567890-KKKKllllMMMM0003"_s,      u"https://discord.com/api/webhooks/1/NNNN0004"_s,
        u"Bearer eyJhbGciOiJIUzI1NiJ9.e30.OOOO0005"_s, u"pk-lf-PPPPqqqqRRRRssss0006"_s,
        u"sk-lf-TTTTuuuuVVVVwwww0007"_s,            u"sk-litellm-XXXXyyyyZZZZ0008"_s,
        u"canary-aaaabbbbccccdddd0009"_s,           u"vercel_tok_eeeeffffgggg0010"_s,
        u"unleash:default.hhhhiiiijjjj0011"_s,      u"sk-or-v1-kkkkllllmmmm0012"_s,
        u"short13"_s,
    };
    QString yaml = uR"(version: 1
project: leaky
environments:
  production:
    url: https://api.example.com
    headers: {Authorization: "@5@", X-Api-Key: "@13@"}
notify:
  room: {slack: "@3@"}
  ops: {discord: "@4@"}
prompts:
  langfuse: {base_url: https://cloud.langfuse.com, public_key: "@6@", secret_key: "@7@"}
sources:
  cost:
    openai: {admin_key: "@1@"}
  calls:
    - {litellm: {base_url: http://localhost:4000, master_key: "@8@"}}
rollback:
  command: [vercel, rollback]
  env: {VERCEL_TOKEN: "@10@"}
flags:
  unleash: {base_url: https://unleash.example.com, token: "@11@", flag: ai}
redteam:
  target: {url: "{url}/v1/chat"}
  canary: "@9@"
checks:
  sec.prompt-injection:
    redteam: {canary: "@12@"}
  cost.spend-limit:
    cost: {}
)"_s;
    for (qsizetype i = 0; i < secrets.size(); ++i)
        yaml.replace(u"@%1@"_s.arg(i + 1), secrets.at(i));
    const ConfigLoadResult result = loadSnippet(yaml);
    QVERIFY(!result.project);
    // @2@ is unused on purpose (one cost adapter only): 12 pasted values, 12 errors.
    QCOMPARE(result.diagnostics.size(), 12);
    const QString text = result.errorText();
    for (const QString &secret : secrets) {
        QVERIFY2(!text.contains(secret), qPrintable(secret));
        // Nothing longer than the last 4 characters of any secret shows up.
        QVERIFY2(!text.contains(secret.right(5)), qPrintable(secret));
    }
    for (const ConfigDiagnostic &d : result.diagnostics)
        QVERIFY2(d.message.contains(u"where a secret reference is expected"_s), qPrintable(d.toString()));
    QVERIFY(text.contains(u"(…0001)"_s));
    QVERIFY(text.contains(u"(…)"_s)); // too short to show anything
}

void TestConfigLoader::secretResolverReadsEnvironment()
{
    qputenv("LIFTOFF_TEST_SECRET", "s3cr3t-value");
    QString error;
    QCOMPARE(SecretResolver::resolve(*SecretRef::parse(u"env:LIFTOFF_TEST_SECRET"_s), &error), u"s3cr3t-value"_s);
    QVERIFY(error.isEmpty());

    qunsetenv("LIFTOFF_TEST_SECRET_UNSET");
    QVERIFY(!SecretResolver::resolve(*SecretRef::parse(u"env:LIFTOFF_TEST_SECRET_UNSET"_s), &error));
    QVERIFY(error.contains(u"LIFTOFF_TEST_SECRET_UNSET is not set"_s));

    qputenv("LIFTOFF_TEST_SECRET_EMPTY", "");
    QVERIFY(!SecretResolver::resolve(*SecretRef::parse(u"env:LIFTOFF_TEST_SECRET_EMPTY"_s), &error));
    QVERIFY(error.contains(u"empty"_s));

    QVERIFY(!SecretResolver::resolve(*SecretRef::parse(u"keychain:liftoff.test"_s), &error));
    QVERIFY(error.contains(u"keychain"_s));

    const SecretOrText header {QString(), SecretRef::parse(u"env:LIFTOFF_TEST_SECRET"_s)};
    QCOMPARE(header.resolve(), u"s3cr3t-value"_s);
    QCOMPARE(header.displayText(), u"env:LIFTOFF_TEST_SECRET"_s);
    qunsetenv("LIFTOFF_TEST_SECRET");
    qunsetenv("LIFTOFF_TEST_SECRET_EMPTY");
}

void TestConfigLoader::placeholdersExpand()
{
    QCOMPARE(Placeholders::expand(u"{url}/health"_s, u"https://api.example.com"_s, u"1.2.3"_s),
             u"https://api.example.com/health"_s);
    QCOMPARE(Placeholders::expand(u"{url}/health"_s, u"https://api.example.com//"_s, {}),
             u"https://api.example.com/health"_s);
    QCOMPARE(Placeholders::expand(u"v{version} at {url}"_s, u"http://x"_s, u"2.0"_s), u"v2.0 at http://x"_s);
    QCOMPARE(Placeholders::expand(u"{input} {URL} {url"_s, u"http://x"_s, u"1"_s), u"{input} {URL} {url"_s);
    // A value is inserted once, never expanded again.
    QCOMPARE(Placeholders::expand(u"{url}"_s, u"http://x/{version}"_s, u"9"_s), u"http://x/{version}"_s);
}

void TestConfigLoader::refusesFilesOverOneMebibyte()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"liftoff.yaml"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray content = "version: 1\nproject: big\n";
    content += "# " + QByteArray(ConfigLoader::MAX_FILE_BYTES, 'x') + '\n';
    file.write(content);
    file.close();
    const ConfigLoadResult result = ConfigLoader::loadFile(path);
    QVERIFY(!result.project);
    QCOMPARE(result.diagnostics.size(), 1);
    QCOMPARE(result.diagnostics.first().toString(),
             u"%1: error: the file is %2 bytes; liftoff.yaml files are limited to 1 MiB (1048576 bytes)"_s.arg(path)
                 .arg(content.size()));

    const ConfigLoadResult text = ConfigLoader::loadText(content, u"big.yaml"_s, dir.path());
    QVERIFY(!text.project);
    QCOMPARE(text.diagnostics.size(), 1);

    // Exactly at the limit is fine.
    QByteArray exact = "version: 1\nproject: big\n# ";
    exact += QByteArray(ConfigLoader::MAX_FILE_BYTES - exact.size() - 1, 'x') + '\n';
    QCOMPARE(exact.size(), ConfigLoader::MAX_FILE_BYTES);
    QVERIFY(ConfigLoader::loadText(exact, u"exact.yaml"_s, dir.path()).ok());
}

void TestConfigLoader::reportsUnreadableFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"missing.yaml"_s);
    const ConfigLoadResult result = ConfigLoader::loadFile(path);
    QVERIFY(!result.project);
    QCOMPARE(result.diagnostics.size(), 1);
    QVERIFY(result.diagnostics.first().toString().startsWith(path + u": error: cannot read the file: "_s));
}

void TestConfigLoader::loadFileResolvesPathsAgainstItsFolder()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(u"ops"_s));
    const QString path = dir.filePath(u"ops/liftoff.yaml"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("version: 1\nproject: nested\nrepo: ../app\n");
    file.close();
    const ConfigLoadResult result = ConfigLoader::loadFile(path);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QCOMPARE(result.project->configPath, QFileInfo(path).absoluteFilePath());
    QCOMPARE(result.project->repoPath, QDir::cleanPath(dir.path() + u"/app"_s));
    QCOMPARE(result.project->absolutePath(u"logs/calls.jsonl"_s), QDir::cleanPath(dir.path() + u"/ops/logs/calls.jsonl"_s));
}

void TestConfigLoader::initTemplateLoads()
{
    for (const QString &name : {u"support-bot"_s, u"my app: \"v2\" #1"_s, QString()}) {
        const QString yaml = ConfigTemplate::commentedYaml(name);
        const ConfigLoadResult result = loadSnippet(yaml);
        QVERIFY2(result.ok(), qPrintable(result.errorText()));
        QCOMPARE(result.project->name, name.isEmpty() ? u"my-app"_s : name);
        QVERIFY(result.project->checks.contains(u"infra.health"_s));
    }
}

void TestConfigLoader::initTemplateExamplesLoadWhenUncommented()
{
    QStringList lines = ConfigTemplate::commentedYaml(u"support-bot"_s).split(u'\n');
    int examples = 0;
    for (QString &line : lines) {
        if (line.startsWith(u"# ")) {
            line.remove(0, 2);
            ++examples;
        }
    }
    QVERIFY(examples > 40);
    const ConfigLoadResult result = loadSnippet(lines.join(u'\n'));
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const ProjectConfig &p = *result.project;
    QCOMPARE(p.environments.size(), 2);
    QVERIFY(p.rollback && p.flags && p.evals && p.redteam && p.budget && p.prompts && p.sources.cost);
    QCOMPARE(p.sources.calls.size(), 2);
    QCOMPARE(p.sources.calls.at(1).fieldMap.value(u"latency_ms"_s), u"duration"_s);
    QCOMPARE(p.customItems.size(), 1);
    QVERIFY(p.checks.value(u"rb.migrations-reversible"_s).notApplicable);
    QVERIFY(p.models.fallbackProbe);
    QCOMPARE(p.models.fallbackProbe->output, u"[BODY].reply"_s);
}

void TestConfigLoader::aliasBombIsBounded()
{
    QString yaml = u"version: 1\nproject: bomb\nchecks:\n  infra.health:\n    http:\n      url: \"{url}/h\"\n"
                   u"      body:\n        a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"_s;
    for (int i = 1; i < 9; ++i)
        yaml += u"        a%1: &a%1 [*a%2, *a%2, *a%2, *a%2, *a%2, *a%2, *a%2, *a%2, *a%2, *a%2]\n"_s.arg(i).arg(i - 1);
    const ConfigLoadResult result = loadSnippet(yaml);
    QVERIFY(!result.project);
    QCOMPARE(result.diagnostics.size(), 1);
    QVERIFY2(result.diagnostics.first().message.contains(u"too large"_s), qPrintable(result.errorText()));
}

QTEST_APPLESS_MAIN(TestConfigLoader)
#include "TestConfigLoader.moc"
