// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * `liftoff eval import FILE`: a promptfoo output.json becomes a stored run of the deployment that can
 * be blessed, and qa.baseline-recorded then passes; a file that is neither format is exit 2 and
 * stores nothing. The built binary, headless.
 */
class TestEvalImportCli : public QObject
{
    Q_OBJECT

private slots:
    void importedRunCanBeBlessed();
};

void TestEvalImportCli::importedRunCanBeBlessed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = dir.filePath(u"liftoff.yaml"_s);
    const QString db = dir.filePath(u"liftoff.sqlite"_s);
    const auto write = [](const QString &path, const QByteArray &content) {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(content);
    };
    write(config, "version: 1\nproject: shop-bot\nenvironments:\n  production:\n    url: http://127.0.0.1:9\n"
                  "evals:\n  dataset: evals/cases.yaml\n  target: {url: \"{url}/v1/chat\", body: {message: \"{input}\"},"
                  " output: \"[BODY].reply\"}\n");
    const QString output = dir.filePath(u"output.json"_s);
    write(output, R"({"results": {"version": 3, "results": [
        {"testIdx": 0, "success": true, "testCase": {"description": "greets"}, "response": {"output": "Hello!"}},
        {"testIdx": 1, "success": false, "testCase": {"description": "refund"}, "response": {"output": "No."}}]}})");
    const QStringList common {u"--config"_s, config, u"--db"_s, db};
    auto r = TestSupport::runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = TestSupport::runLiftoff(QStringList {u"eval"_s, u"import"_s, dir.filePath(u"liftoff.yaml"_s)} + common);
    QCOMPARE(r.exitCode, 2); // YAML is neither format
    QVERIFY2(r.err.contains("neither a promptfoo output.json nor a garak report.jsonl")
                 || r.err.contains("not JSON"),
             r.err.constData());

    r = TestSupport::runLiftoff(QStringList {u"eval"_s, u"import"_s, output} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.startsWith("eval run 1 imported from promptfoo output.json: 1 of 2 cases pass (score 50.0%)"),
             r.out.constData());
    r = TestSupport::runLiftoff(QStringList {u"eval"_s, u"bless"_s, u"1"_s, u"--note"_s, u"promptfoo CI run"_s} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = TestSupport::runLiftoff(QStringList {u"check"_s, u"--only"_s, u"qa.baseline-recorded"_s, u"--format"_s, u"json"_s}
                                + common);
    bool passed = false;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object()[u"items"_s].toArray())
        passed = passed || (v[u"id"_s] == u"qa.baseline-recorded"_s && v[u"status"_s] == u"pass"_s);
    QVERIFY2(passed, r.out.constData());
}

QTEST_GUILESS_MAIN(TestEvalImportCli)
#include "TestEvalImportCli.moc"
