// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigLoader.h"
#include "config/ConfigWriter.h"

#include "TestSupport.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** ConfigWriter: edits written back into liftoff.yaml keep comments and key order; invalid results are refused. */
class TestConfigWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTripWithoutEditsIsByteIdentical();
    void editsKeepEveryCommentAndKeyOrder();
    void newKeysGoAtTheEndOfTheirParent();
    void newSectionsFollowTheirCommentedExample();
    void removingTheLastKeyRemovesItsParent();
    void invalidResultIsRefusedAndFileUntouched();
    void validResultReplacesTheFile();

private:
    static QString example() { return QString::fromUtf8(TestSupport::readFile(TestSupport::dataPath(u"config/good/spec-example.yaml"_s))); }
};

namespace {
QStringList comments(const QString &yaml)
{
    QStringList out;
    for (const QString &line : yaml.split(u'\n')) {
        const qsizetype hash = line.indexOf(u" #"_s);
        if (line.trimmed().startsWith(u'#'))
            out.append(line.trimmed());
        else if (hash >= 0 && !line.contains(u'"'))
            out.append(line.mid(hash + 1).trimmed());
    }
    return out;
}

QStringList topLevelKeys(const QString &yaml)
{
    QStringList out;
    static const QRegularExpression key(u"^([a-z_]+):"_s);
    for (const QString &line : yaml.split(u'\n')) {
        const QRegularExpressionMatch m = key.match(line);
        if (m.hasMatch())
            out.append(m.captured(1));
    }
    return out;
}
} // namespace

void TestConfigWriter::roundTripWithoutEditsIsByteIdentical()
{
    const QString yaml = example();
    QVERIFY(!yaml.isEmpty());
    QCOMPARE(ConfigWriter::apply(yaml, {}), yaml);
}

void TestConfigWriter::editsKeepEveryCommentAndKeyOrder()
{
    const QString yaml = example();
    const QList<ConfigEdit> edits {
        ConfigEdit::set({u"environments"_s, u"staging"_s, u"url"_s}, ConfigValue::text(u"https://stage.example.com"_s)),
        ConfigEdit::set({u"environments"_s, u"canary"_s, u"url"_s}, ConfigValue::text(u"https://canary.example.com"_s)),
        ConfigEdit::set({u"budget"_s, u"monthly_usd"_s}, ConfigValue::text(u"750"_s)),
        ConfigEdit::set({u"budget"_s, u"alerts"_s}, ConfigValue::strings({u"60"_s, u"80"_s, u"95"_s})),
        ConfigEdit::set({u"notify"_s, u"ops"_s, u"discord"_s}, ConfigValue::text(u"keychain:OPS_DISCORD"_s)),
        ConfigEdit::set({u"sources"_s, u"calls"_s},
                        ConfigValue::sequence({ConfigValue::mapping({{u"otel"_s, ConfigValue::text(u"logs/other.jsonl"_s)}}, true)})),
        ConfigEdit::set({u"rollback"_s, u"command"_s}, ConfigValue::strings({u"fly"_s, u"releases"_s, u"rollback"_s})),
        ConfigEdit::set({u"evals"_s, u"target"_s, u"url"_s}, ConfigValue::text(u"{url}/v2/chat"_s)),
        ConfigEdit::set({u"checks"_s, u"infra.health"_s, u"http"_s, u"url"_s}, ConfigValue::text(u"{url}/healthz"_s)),
        ConfigEdit::set({u"checks"_s, u"infra.cors"_s}, ConfigValue::text(u"na"_s)),
        ConfigEdit::set({u"checks"_s, u"mon.dashboard"_s},
                        ConfigValue::mapping({{u"na"_s, ConfigValue::text(u"true"_s)}, {u"why"_s, ConfigValue::text(u"no dashboard: a CLI tool"_s)}})),
        ConfigEdit::remove({u"uptime"_s}),
    };
    const QString edited = ConfigWriter::apply(yaml, edits);

    const ConfigLoadResult loaded = ConfigLoader::loadText(edited.toUtf8(), u"liftoff.yaml"_s,
                                                           TestSupport::dataPath(u"config/good"_s));
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText() + u"\n"_s + edited));
    for (const QString &comment : comments(yaml))
        QVERIFY2(edited.contains(comment), qPrintable(u"lost comment: "_s + comment + u"\n"_s + edited));
    QStringList expectedKeys = topLevelKeys(yaml);
    expectedKeys.removeAll(u"uptime"_s);
    QCOMPARE(topLevelKeys(edited), expectedKeys);
    // Lines not edited are unchanged.
    QVERIFY(edited.contains(u"    url: https://api.example.com\n    headers: {Authorization: env:PROD_PROBE_TOKEN}   # sent by"_s));
    QVERIFY(edited.contains(u"  monthly_usd: 750\n  alerts: [60, 80, 95]             # percent of monthly_usd"_s));
    QVERIFY(edited.contains(u"  staging:\n    url: https://stage.example.com\n  canary:\n    url: https://canary.example.com\n"_s));

    const ProjectConfig &project = *loaded.project;
    QCOMPARE(project.budget->monthlyUsd.value_or(0), 750.0);
    QCOMPARE(ConfigWriter::read(edited, {u"evals"_s, u"target"_s, u"method"_s})->scalar, u"POST"_s);
    QCOMPARE(ConfigWriter::read(edited, {u"evals"_s, u"target"_s, u"url"_s})->scalar, u"{url}/v2/chat"_s);
    QCOMPARE(ConfigWriter::read(edited, {u"checks"_s, u"infra.health"_s, u"http"_s, u"timeout"_s})->scalar, u"5s"_s);
    QCOMPARE(ConfigWriter::read(edited, {u"rollback"_s, u"command"_s})->toStrings(),
             QStringList({u"fly"_s, u"releases"_s, u"rollback"_s}));
    QVERIFY(project.checks.value(u"infra.cors"_s).notApplicable);
    QVERIFY(project.checks.value(u"mon.dashboard"_s).notApplicable);
    QCOMPARE(project.checks.value(u"mon.dashboard"_s).why, u"no dashboard: a CLI tool"_s);
}

void TestConfigWriter::newKeysGoAtTheEndOfTheirParent()
{
    const QString yaml = u"version: 1   # the format\nproject: x\nenvironments:\n    prod:\n        url: https://a.example\n# end\n"_s;
    const QString edited = ConfigWriter::apply(yaml, {
        ConfigEdit::set({u"environments"_s, u"dev"_s, u"url"_s}, ConfigValue::text(u"http://127.0.0.1:1"_s)),
        ConfigEdit::set({u"budget"_s, u"monthly_usd"_s}, ConfigValue::text(u"10"_s)),
        ConfigEdit::set({u"project"_s}, ConfigValue::text(u"y"_s)),
        ConfigEdit::set({u"version"_s}, ConfigValue::text(u"1"_s)),
    });
    QCOMPARE(edited, u"version: 1   # the format\nproject: y\nenvironments:\n    prod:\n        url: https://a.example\n"
                     u"    dev:\n      url: http://127.0.0.1:1\n# end\n\nbudget:\n  monthly_usd: 10\n"_s);
}

void TestConfigWriter::newSectionsFollowTheirCommentedExample()
{
    const QString yaml = u"version: 1\nproject: x\n## Budget\n# budget:\n#   monthly_usd: 500\n\n## Flags\n# flags: {}\n"_s;
    QCOMPARE(ConfigWriter::apply(yaml, {ConfigEdit::set({u"budget"_s, u"monthly_usd"_s}, ConfigValue::text(u"20"_s))}),
             u"version: 1\nproject: x\n## Budget\n# budget:\n#   monthly_usd: 500\nbudget:\n  monthly_usd: 20\n\n## Flags\n# flags: {}\n"_s);
}

void TestConfigWriter::removingTheLastKeyRemovesItsParent()
{
    const QString yaml = u"a: 1\nflags:\n  ofrep: {base_url: http://x, flag: f}   # switch\nb: 2\n"_s;
    QCOMPARE(ConfigWriter::apply(yaml, {ConfigEdit::remove({u"flags"_s, u"ofrep"_s})}), u"a: 1\n  # switch\nb: 2\n"_s);
    QCOMPARE(ConfigWriter::apply(yaml, {ConfigEdit::remove({u"flags"_s, u"ofrep"_s, u"flag"_s})}),
             u"a: 1\nflags:\n  ofrep: {base_url: http://x}"_s + QString(12, u' ') + u"# switch\nb: 2\n"_s);
}

void TestConfigWriter::invalidResultIsRefusedAndFileUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"liftoff.yaml"_s);
    const QByteArray original = example().toUtf8();
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original);
    }
    const QList<ConfigEdit> edits {ConfigEdit::set({u"budget"_s, u"alerts"_s}, ConfigValue::strings({u"90"_s, u"50"_s})),
                                   ConfigEdit::set({u"notify"_s, u"ops"_s, u"discord"_s}, ConfigValue::text(u"https://discord.example/hook"_s))};
    const ConfigWriteResult result = ConfigWriter::write(path, edits);
    QVERIFY(!result.written);
    QVERIFY(result.diagnostics.size() >= 2);
    // The same messages the loader gives for that text.
    const ConfigLoadResult loaded = ConfigLoader::loadText(result.text.toUtf8(), path, dir.path());
    QCOMPARE(result.diagnostics, loaded.diagnostics);
    QVERIFY(result.errorText().startsWith(path + u':'));
    QCOMPARE(TestSupport::readFile(path), original);
}

void TestConfigWriter::validResultReplacesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"liftoff.yaml"_s);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(example().toUtf8());
    }
    const ConfigWriteResult result = ConfigWriter::write(path, {ConfigEdit::set({u"project"_s}, ConfigValue::text(u"renamed"_s))});
    QVERIFY2(result.written, qPrintable(result.errorText()));
    const ConfigLoadResult loaded = ConfigLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    QCOMPARE(loaded.project->name, u"renamed"_s);
}

QTEST_APPLESS_MAIN(TestConfigWriter)
#include "TestConfigWriter.moc"
