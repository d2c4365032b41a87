// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallsStatsCommand.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &args)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.exitCode = runCallsStatsCommand(args, out, err);
    return r;
}

QString dataFile(const QString &name)
{
    return QStringLiteral(LIFTOFF_TEST_DATA_DIR) + u"/calls/"_s + name;
}
} // namespace

/** `calls stats`: options, exit codes and both output formats. */
class TestCallsStatsCommand : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors_data();
    void usageErrors();
    void helpExitsZero();
    void jsonMatchesTruth();
    void textIsReadable();
    void unreadableFileIsExitTwo();
    void windowFromNowSkipsOldCalls();
};

void TestCallsStatsCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no file") << QStringList {} << u"no FILE"_s;
    QTest::newRow("bad format") << QStringList {u"--format"_s, u"xml"_s, u"f"_s} << u"--format 'xml'"_s;
    QTest::newRow("bad input format") << QStringList {u"--input-format=csv"_s, u"f"_s} << u"--input-format 'csv'"_s;
    QTest::newRow("bad window") << QStringList {u"--window"_s, u"24x"_s, u"f"_s} << u"--window '24x'"_s;
    QTest::newRow("zero window") << QStringList {u"--window"_s, u"0h"_s, u"f"_s} << u"--window '0h'"_s;
    QTest::newRow("missing value") << QStringList {u"f"_s, u"--window"_s} << u"'--window' needs a value"_s;
    QTest::newRow("unknown option") << QStringList {u"--fast"_s, u"f"_s} << u"unknown option '--fast'"_s;
    QTest::newRow("unknown short option") << QStringList {u"-x"_s, u"f"_s} << u"unknown option '-x'"_s;
    QTest::newRow("bad threads") << QStringList {u"--threads"_s, u"0"_s, u"f"_s} << u"--threads '0'"_s;
}

void TestCallsStatsCommand::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCallsStatsCommand::helpExitsZero()
{
    const Run r = run({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(u"--input-format"_s));
}

void TestCallsStatsCommand::jsonMatchesTruth()
{
    const Run r = run({u"--format"_s, u"json"_s, u"--threads"_s, u"2"_s, dataFile(u"litellm-2000.jsonl"_s)});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QFile truthFile(dataFile(u"litellm-2000.truth.json"_s));
    QVERIFY(truthFile.open(QIODevice::ReadOnly));
    const QJsonObject truth = QJsonDocument::fromJson(truthFile.readAll()).object();
    QCOMPARE(o.value(u"calls").toInteger(), truth.value(u"count").toInteger());
    QCOMPARE(o.value(u"errors").toInteger(), truth.value(u"errors").toInteger());
    QCOMPARE(o.value(u"errorRate").toDouble(), truth.value(u"error_rate").toDouble());
    QCOMPARE(o.value(u"costUsd").toDouble(), truth.value(u"total_cost_usd").toDouble());
    QCOMPARE(o.value(u"p50Ms").toInteger(), truth.value(u"p50_ms").toInteger());
    QCOMPARE(o.value(u"p95Ms").toInteger(), truth.value(u"p95_ms").toInteger());
    QCOMPARE(o.value(u"p99Ms").toInteger(), truth.value(u"p99_ms").toInteger());
}

void TestCallsStatsCommand::textIsReadable()
{
    const Run r = run({dataFile(u"samples/otel_genai_spans.jsonl"_s), dataFile(u"samples/litellm_spend_logs.json"_s)});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"Calls       4 (1 errors"_s), qPrintable(r.out));
    QVERIFY(r.out.contains(u"price table of"_s)); // the OTel calls are priced from the built-in table
    QVERIFY(r.out.contains(u"gpt-4o -> gpt-4o-2024-08-06"_s));
}

void TestCallsStatsCommand::unreadableFileIsExitTwo()
{
    const Run r = run({u"/nonexistent/calls.jsonl"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(u"/nonexistent/calls.jsonl"_s));
}

void TestCallsStatsCommand::windowFromNowSkipsOldCalls()
{
    // The fixture is dated October 2026; a one-hour window before now keeps nothing of it
    // unless the clock is in that month.
    const Run r = run({u"--window"_s, u"1h"_s, u"--format"_s, u"json"_s, dataFile(u"generic-2000.jsonl"_s)});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY(o.value(u"calls").toInteger() < 2000);
}

QTEST_GUILESS_MAIN(TestCallsStatsCommand)
#include "TestCallsStatsCommand.moc"
