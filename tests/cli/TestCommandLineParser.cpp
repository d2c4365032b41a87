// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLineParser.h"

#include <QTest>

using namespace Qt::StringLiterals;

/**
 * The decisions main() takes from CommandLineParser before any application object exists: the
 * GUI or a headless command, and what each word is. The binary's own table is tested through
 * the binary in TestCliGrammar; this grammar mirrors its shapes.
 */
class TestCommandLineParser : public QObject
{
    Q_OBJECT

private slots:
    void guiForms_data();
    void guiForms();
    void commandForms();
    void positionalsAfterDoubleDash();

private:
    static CommandLineParser grammar();
};

CommandLineParser TestCommandLineParser::grammar()
{
    SubcommandSpec open;
    open.name = u"open"_s;
    open.maxPositional = 1;
    open.opensGui = true;
    open.usage = u"Usage: liftoff open [CONFIG]\n"_s;
    SubcommandSpec check;
    check.name = u"check"_s;
    check.valueOptions = {u"format"_s, u"only"_s};
    check.flags = {u"strict"_s};
    check.usage = u"Usage: liftoff check\n"_s;
    SubcommandSpec deployNew;
    deployNew.name = u"deploy new"_s;
    deployNew.valueOptions = {u"env"_s, u"version"_s};
    SubcommandSpec calls;
    calls.name = u"calls stats"_s;
    calls.maxPositional = -1;
    return CommandLineParser({open, check, deployNew, calls}, u"Usage: liftoff\n"_s);
}

void TestCommandLineParser::guiForms_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("config");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<QStringList>("qtArguments");
    QTest::newRow("bare") << QStringList {} << QString() << false << QStringList {};
    QTest::newRow("--config") << QStringList {u"--config"_s, u"a.yaml"_s} << u"a.yaml"_s << false << QStringList {};
    QTest::newRow("--config=") << QStringList {u"--config=a.yaml"_s} << u"a.yaml"_s << false << QStringList {};
    QTest::newRow("open") << QStringList {u"open"_s, u"b.yaml"_s} << u"b.yaml"_s << false << QStringList {};
    QTest::newRow("globals then open") << QStringList {u"--db"_s, u"x.sqlite"_s, u"open"_s, u"b.yaml"_s} << u"b.yaml"_s
                                       << false << QStringList {};
    QTest::newRow("--demo") << QStringList {u"--demo"_s} << QString() << true << QStringList {};
    QTest::newRow("Qt options") << QStringList {u"-platform"_s, u"offscreen"_s, u"--config"_s, u"c.yaml"_s, u"-reverse"_s}
                                << u"c.yaml"_s << false << QStringList {u"-platform"_s, u"offscreen"_s, u"-reverse"_s};
    QTest::newRow("value like a command") << QStringList {u"--config"_s, u"check"_s} << u"check"_s << false
                                          << QStringList {};
}

void TestCommandLineParser::guiForms()
{
    QFETCH(QStringList, words);
    QFETCH(QString, config);
    QFETCH(bool, demo);
    QFETCH(QStringList, qtArguments);
    const ParsedCommandLine parsed = grammar().parse(QStringList {u"liftoff"_s} + words);
    QVERIFY2(parsed.action == ParsedCommandLine::Action::OpenGui, qPrintable(parsed.error));
    QCOMPARE(parsed.value(u"--config"_s), config);
    QCOMPARE(parsed.flags.contains(u"--demo"_s), demo);
    QCOMPARE(parsed.qtArguments, qtArguments);
}

void TestCommandLineParser::commandForms()
{
    const CommandLineParser parser = grammar();
    // CI's form: globals first. It once opened the GUI and aborted without a display.
    ParsedCommandLine p = parser.parse({u"liftoff"_s, u"--config"_s, u"ci/liftoff.yaml"_s, u"check"_s, u"--format"_s,
                                        u"junit"_s});
    QVERIFY(p.action == ParsedCommandLine::Action::RunCommand);
    QCOMPARE(p.command->name, u"check"_s);
    QCOMPARE(p.value(u"--config"_s), u"ci/liftoff.yaml"_s);
    QCOMPARE(p.value(u"--format"_s), u"junit"_s);

    p = parser.parse({u"liftoff"_s, u"deploy"_s, u"--db"_s, u"s.sqlite"_s, u"new"_s, u"--version"_s, u"v2"_s});
    QVERIFY2(p.action == ParsedCommandLine::Action::RunCommand, qPrintable(p.error));
    QCOMPARE(p.command->name, u"deploy new"_s);
    QCOMPARE(p.positionals, QStringList {u"new"_s});
    QCOMPARE(p.value(u"--version"_s), u"v2"_s);
    QCOMPARE(p.value(u"--db"_s), u"s.sqlite"_s);

    p = parser.parse({u"liftoff"_s, u"check"_s, u"--strict"_s, u"--only=infra.health"_s, u"--deployment"_s, u"prod-1"_s});
    QVERIFY(p.action == ParsedCommandLine::Action::RunCommand);
    QVERIFY(p.flags.contains(u"--strict"_s));
    QCOMPARE(p.value(u"--only"_s), u"infra.health"_s);
    QCOMPARE(p.value(u"--deployment"_s), u"prod-1"_s);

    p = parser.parse({u"liftoff"_s, u"--config"_s, u"x.yaml"_s, u"-platform"_s, u"xcb"_s, u"check"_s});
    QVERIFY(p.action == ParsedCommandLine::Action::UsageError); // Qt's GUI options mean nothing to a command
    QVERIFY2(p.error.contains(u"unknown option 'platform'"_s), qPrintable(p.error));
}

void TestCommandLineParser::positionalsAfterDoubleDash()
{
    const ParsedCommandLine p = grammar().parse({u"liftoff"_s, u"calls"_s, u"stats"_s, u"a.jsonl"_s, u"--"_s,
                                                 u"--odd-name.jsonl"_s});
    QVERIFY2(p.action == ParsedCommandLine::Action::RunCommand, qPrintable(p.error));
    QCOMPARE(p.positionals, (QStringList {u"stats"_s, u"a.jsonl"_s, u"--odd-name.jsonl"_s}));
}

QTEST_GUILESS_MAIN(TestCommandLineParser)
#include "TestCommandLineParser.moc"
