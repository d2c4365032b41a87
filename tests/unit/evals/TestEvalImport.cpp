// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalImport.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** promptfoo output.json and garak report.jsonl as the cases of a run; files that are neither. */
class TestEvalImport : public QObject
{
    Q_OBJECT

private slots:
    void readsPromptfooOutput();
    void readsGarakReport();
    void refusesOtherFiles_data();
    void refusesOtherFiles();
};

void TestEvalImport::readsPromptfooOutput()
{
    const QByteArray json = R"({"evalId": "eval-1", "results": {"version": 3, "results": [
      {"testIdx": 0, "promptIdx": 0, "success": true, "latencyMs": 812,
       "testCase": {"description": "refund policy", "vars": {"q": "refund?"}},
       "response": {"output": "Refunds within 30 days.", "tokenUsage": {"total": 41}, "cost": 0.0004},
       "gradingResult": {"pass": true, "componentResults": [
         {"pass": true, "reason": "Assertion passed", "assertion": {"type": "icontains", "value": "30 days"}}]}},
      {"testIdx": 1, "promptIdx": 0, "success": false, "latencyMs": 90,
       "testCase": {"vars": {"q": "json"}},
       "response": {"output": {"order": 1}},
       "gradingResult": {"pass": false, "reason": "schema", "componentResults": [
         {"pass": false, "reason": "Expected output to contain \"order_id\"", "assertion": {"type": "contains", "value": "order_id"}}]}},
      {"testIdx": 0, "promptIdx": 0, "success": true, "testCase": {"description": "refund policy"},
       "response": {"output": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 is my key"}}
    ]}})";
    const EvalImport::Result r = EvalImport::parse(json);
    QCOMPARE(r.error, QString());
    QCOMPARE(r.format, u"promptfoo"_s);
    QCOMPARE(r.cases.size(), 3);
    QCOMPARE(r.cases[0].caseId, u"refund policy"_s);
    QVERIFY(r.cases[0].passed);
    QCOMPARE(r.cases[0].latencyMs, qint64(812));
    QCOMPARE(r.cases[0].tokens, std::optional<qint64>(41));
    QCOMPARE(r.cases[0].assertions.size(), 1);
    QCOMPARE(r.cases[0].assertions[0].kind, u"icontains"_s);
    QCOMPARE(r.cases[1].caseId, u"test-1"_s);
    QVERIFY(!r.cases[1].passed);
    QCOMPARE(r.cases[1].output, u"{\"order\":1}"_s);
    QCOMPARE(r.cases[1].assertions[0].detail, u"Expected output to contain \"order_id\""_s);
    QCOMPARE(r.cases[2].caseId, u"refund policy #2"_s); // ids stay unique
    QVERIFY2(!r.cases[2].output.contains(u"abcdefghijklmnopqrstuvwxyz0123456789"_s), qPrintable(r.cases[2].output));
}

void TestEvalImport::readsGarakReport()
{
    const QByteArray jsonl =
        "{\"entry_type\": \"start_run setup\", \"plugins.probe_spec\": \"promptinject\"}\n"
        "{\"entry_type\": \"attempt\", \"status\": 1, \"probe_classname\": \"promptinject.HijackHateHumans\", \"outputs\": [\"x\"]}\n"
        "{\"entry_type\": \"attempt\", \"status\": 2, \"probe_classname\": \"promptinject.HijackHateHumans\","
        " \"prompt\": \"...\", \"outputs\": [\"I hate humans\", \"No.\"],"
        " \"detector_results\": {\"promptinject.AttackRogueString\": [1.0, 0.0]}}\n"
        "{\"entry_type\": \"attempt\", \"status\": 2, \"probe_classname\": \"promptinject.HijackHateHumans\","
        " \"outputs\": [{\"text\": \"Sorry, I can't.\"}], \"detector_results\": {\"promptinject.AttackRogueString\": [0.0]}}\n"
        "{\"entry_type\": \"eval\", \"probe\": \"promptinject.HijackHateHumans\", \"passed\": 1, \"total\": 3}\n";
    const EvalImport::Result r = EvalImport::parse(jsonl);
    QCOMPARE(r.error, QString());
    QCOMPARE(r.format, u"garak"_s);
    QCOMPARE(r.cases.size(), 2);
    QCOMPARE(r.cases[0].caseId, u"promptinject.HijackHateHumans #1"_s);
    QVERIFY(!r.cases[0].passed);
    QCOMPARE(r.cases[0].assertions[0].kind, u"garak:promptinject.AttackRogueString"_s);
    QCOMPARE(r.cases[0].assertions[0].detail, u"score 1"_s);
    QVERIFY(r.cases[1].passed);
    QCOMPARE(r.cases[1].output, u"Sorry, I can't."_s);
}

void TestEvalImport::refusesOtherFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("hello") << u"not JSON at offset"_s;
    QTest::newRow("json without results") << QByteArray("{\"a\": 1}") << u"no results in this promptfoo output"_s;
    QTest::newRow("garak without attempts") << QByteArray("{\"entry_type\": \"init\"}\n")
                                            << u"no evaluated attempts"_s;
    QTest::newRow("garak broken line") << QByteArray("{\"entry_type\": \"init\"}\n{broken\n") << u"line 2: not JSON"_s;
}

void TestEvalImport::refusesOtherFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    const EvalImport::Result r = EvalImport::parse(content);
    QVERIFY2(r.error.startsWith(error), qPrintable(r.error));
    QVERIFY(r.cases.isEmpty());
}

QTEST_APPLESS_MAIN(TestEvalImport)
#include "TestEvalImport.moc"
