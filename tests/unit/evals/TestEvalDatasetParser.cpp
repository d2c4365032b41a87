// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalDatasetParser.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** Eval sets in YAML and JSONL: what parses, and where each error is reported (file:line:column). */
class TestEvalDatasetParser : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheSpecExample();
    void yamlErrors_data();
    void yamlErrors();
    void jsonlCasesAndErrors_data();
    void jsonlCasesAndErrors();
    void reportsEveryErrorAndKeepsNoCases();
    void readsFilesRelativeToTheProject();
};

void TestEvalDatasetParser::parsesTheSpecExample()
{
    const QByteArray yaml = R"(- id: refund-policy
  input: "Can I get a refund after 30 days?"
  assert:
    - contains: "30 days"
    - not_contains: "as an AI"
    - regex: "(?i)refund"
    - max_latency: 4s
- id: order-json
  input: "Return order 1234 as JSON"
  assert:
    - json_schema: {type: object, required: [order_id], properties: {order_id: {type: string}, eta: {type: integer, minimum: 0}}}
    - is_json
)";
    const EvalDataset d = EvalDatasetParser::parseYaml(yaml, u"evals/cases.yaml"_s);
    QVERIFY2(d.ok(), d.errors.isEmpty() ? "" : qPrintable(d.errors.first().toString()));
    QCOMPARE(d.cases.size(), 2);
    QCOMPARE(d.cases[0].id, u"refund-policy"_s);
    QCOMPARE(d.cases[0].input, u"Can I get a refund after 30 days?"_s);
    QCOMPARE(d.cases[0].assertions.size(), 4);
    QCOMPARE(d.cases[0].assertions[3].kind, EvalAssertion::Kind::MaxLatency);
    QCOMPARE(d.cases[0].assertions[3].number, 4000.0);
    QCOMPARE(d.cases[0].assertions[1].line, 5);
    QCOMPARE(d.cases[0].assertions[1].column, 7);
    QVERIFY(!d.cases[0].hasSchema());
    QVERIFY(d.cases[1].hasSchema());
    QCOMPARE(d.cases[1].line, 8);
    // Plain scalars in a schema are numbers where they read so.
    const QJsonObject eta = d.cases[1].assertions[0].schema[u"properties"_s][u"eta"_s].toObject();
    QVERIFY(eta[u"minimum"_s].isDouble());
    QCOMPARE(d.schemaCases().size(), 1);
}

void TestEvalDatasetParser::yamlErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expected"); // the first error, as printed

    QTest::newRow("not a list") << QByteArray("id: x\n") << u"cases.yaml:1:1: error: expected a list of cases"_s;
    QTest::newRow("broken yaml") << QByteArray("- id: a\n  input: [unclosed\n")
                                 << u"cases.yaml:3:1: error: invalid YAML"_s;
    QTest::newRow("unknown key") << QByteArray("- id: a\n  inptu: hi\n  assert: [contains: x]\n")
                                 << u"cases.yaml:2:3: error: unknown key `inptu` in a case; did you mean `input`?"_s;
    QTest::newRow("unknown assertion") << QByteArray("- id: a\n  input: hi\n  assert:\n    - contain: x\n")
                                       << u"cases.yaml:4:7: error: unknown assertion `contain`; did you mean `contains`?"_s;
    QTest::newRow("bad regex") << QByteArray("- id: a\n  input: hi\n  assert:\n    - regex: \"(unclosed\"\n")
                               << u"cases.yaml:4:7: error: `regex` is not a valid regular expression"_s;
    QTest::newRow("bad duration") << QByteArray("- id: a\n  input: hi\n  assert:\n    - max_latency: soon\n")
                                  << u"cases.yaml:4:7: error: `max_latency` needs a duration"_s;
    QTest::newRow("unsupported schema keyword")
        << QByteArray("- id: a\n  input: hi\n  assert:\n    - json_schema: {type: object, oneOf: []}\n")
        << u"cases.yaml:4:7: error: `json_schema`: /oneOf: keyword 'oneOf' is not supported"_s;
    QTest::newRow("missing input") << QByteArray("- id: a\n  assert: [is_json]\n")
                                   << u"cases.yaml:1:3: error: the case `a` has no `input`"_s;
    QTest::newRow("duplicate id") << QByteArray("- {id: a, input: x, assert: [is_json]}\n- {id: a, input: y, assert: [is_json]}\n")
                                  << u"cases.yaml:2:3: error: the id `a` is used by an earlier case"_s;
    QTest::newRow("empty assert") << QByteArray("- id: a\n  input: hi\n  assert: []\n")
                                  << u"cases.yaml:3:11: error: `assert` is empty"_s;
    QTest::newRow("two keys in one entry") << QByteArray("- id: a\n  input: hi\n  assert:\n    - {contains: x, regex: y}\n")
                                           << u"cases.yaml:4:7: error: expected one assertion per list entry"_s;
    QTest::newRow("empty file") << QByteArray("") << u"cases.yaml: error: the eval set is empty"_s;
    QTest::newRow("negative tokens") << QByteArray("- id: a\n  input: hi\n  assert:\n    - max_tokens: -3\n")
                                     << u"cases.yaml:4:7: error: `max_tokens` needs a whole number"_s;
}

void TestEvalDatasetParser::yamlErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expected);
    const EvalDataset d = EvalDatasetParser::parseYaml(yaml, u"cases.yaml"_s);
    QVERIFY(!d.ok());
    QVERIFY(d.cases.isEmpty());
    QVERIFY2(d.errors.first().toString().startsWith(expected), qPrintable(d.errors.first().toString()));
}

void TestEvalDatasetParser::jsonlCasesAndErrors_data()
{
    QTest::addColumn<QByteArray>("jsonl");
    QTest::addColumn<int>("cases");
    QTest::addColumn<QString>("expected");

    QTest::newRow("two cases and a blank line")
        << QByteArray("{\"id\": \"a\", \"input\": \"hi\", \"assert\": [{\"contains\": \"Hello\"}]}\n\n"
                      "{\"id\": \"b\", \"input\": \"x\", \"assert\": [\"is_json\", {\"max_latency\": 1500}]}\n")
        << 2 << QString();
    QTest::newRow("broken json on line 2")
        << QByteArray("{\"id\": \"a\", \"input\": \"hi\", \"assert\": [\"is_json\"]}\n{\"id\": \"b\",, }\n") << 0
        << u"cases.jsonl:2:13: error: invalid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[1, 2]\n") << 0 << u"cases.jsonl:1:1: error: expected a case object"_s;
    QTest::newRow("unknown assertion on line 1")
        << QByteArray("{\"id\": \"a\", \"input\": \"hi\", \"assert\": [{\"equal\": \"x\"}]}\n") << 0
        << u"cases.jsonl:1:1: error: unknown assertion `equal`; did you mean `equals`?"_s;
    QTest::newRow("nothing") << QByteArray("\n\n") << 0 << u"cases.jsonl: error: the eval set holds no cases"_s;
}

void TestEvalDatasetParser::jsonlCasesAndErrors()
{
    QFETCH(QByteArray, jsonl);
    QFETCH(int, cases);
    QFETCH(QString, expected);
    const EvalDataset d = EvalDatasetParser::parseJsonl(jsonl, u"cases.jsonl"_s);
    QCOMPARE(d.cases.size(), cases);
    if (expected.isEmpty()) {
        QVERIFY(d.ok());
        QCOMPARE(d.cases[1].line, 3);
        QCOMPARE(d.cases[1].assertions[1].number, 1500.0);
    } else {
        QVERIFY(!d.ok());
        QVERIFY2(d.errors.first().toString().startsWith(expected), qPrintable(d.errors.first().toString()));
    }
}

void TestEvalDatasetParser::reportsEveryErrorAndKeepsNoCases()
{
    const QByteArray yaml = "- id: a\n  input: hi\n  assert: [contain: x]\n"
                            "- id: b\n  input: hi\n  assert: [is_json]\n"
                            "- id: c\n  assert: [regex: \"(\"]\n";
    const EvalDataset d = EvalDatasetParser::parseYaml(yaml, u"cases.yaml"_s);
    QCOMPARE(d.errors.size(), 3); // the unknown assertion, the bad regex, the missing input
    QCOMPARE(d.errors[0].line, 3);
    QCOMPARE(d.errors[1].line, 8);
    QCOMPARE(d.errors[2].line, 7);
    QVERIFY(d.cases.isEmpty());
}

void TestEvalDatasetParser::readsFilesRelativeToTheProject()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkpath(u"evals"_s);
    QFile file(dir.filePath(u"evals/cases.jsonl"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"id\": \"a\", \"input\": \"hi\", \"assert\": [{\"icontains\": \"HELLO\"}]}\n");
    file.close();
    const EvalDataset d = EvalDatasetParser::parseFile(u"evals/cases.jsonl"_s, dir.path());
    QVERIFY(d.ok());
    QCOMPARE(d.cases.size(), 1);
    QCOMPARE(d.path, u"evals/cases.jsonl"_s);
    const EvalDataset missing = EvalDatasetParser::parseFile(u"evals/none.yaml"_s, dir.path());
    QVERIFY(!missing.ok());
    QVERIFY(missing.errors.first().toString().startsWith(u"evals/none.yaml: error: cannot read the eval set"_s));
}

QTEST_APPLESS_MAIN(TestEvalDatasetParser)
#include "TestEvalDatasetParser.moc"
