// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "demo/DemoEvalSet.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * End to end with the built binary and the embedded demo service: `eval run` stores a run of the
 * demo's eval set, `check` judges qa.eval-dataset, qa.structured-output and qa.baseline-recorded from
 * it, `eval bless` makes it the baseline (audited), and a broken dataset or a used-up budget gives a
 * clear status and loses nothing stored.
 */
class TestEvalCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runBlessAndCheck();
    void badDatasetAndBudgetOverrunKeepWhatIsStored();
    void seededDemoFlagsTheChangedPrompts();

private:
    TestSupport::ProcessResult liftoff(const QStringList &args);
    QHash<QString, QJsonObject> check();
    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    QString m_config;
    QString m_db;
    QMap<QString, QString> m_env;
};

void TestEvalCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DemoServiceOptions options;
    // Several runs back to back from one address: the demo's limiter (tested elsewhere) stays out of the way.
    options.rateLimitCapacity = 500;
    m_service = std::make_unique<DemoService>(options);
    QVERIFY2(m_service->start(0), qPrintable(m_service->errorString()));
    QCOMPARE(DemoProject::write(m_dir.path(), m_service->baseUrl(), QStringLiteral(LIFTOFF_BINARY)), QString());
    m_config = m_dir.filePath(u"liftoff.yaml"_s);
    m_db = m_dir.filePath(u"liftoff.sqlite"_s);
    m_env.insert(QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE), options.adminToken);
    const auto r = liftoff({u"deploy"_s, u"new"_s, u"--name"_s, u"demo-1"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

TestSupport::ProcessResult TestEvalCli::liftoff(const QStringList &args)
{
    return TestSupport::runLiftoffServing(args + QStringList {u"--config"_s, m_config, u"--db"_s, m_db}, m_env, 120000);
}

QHash<QString, QJsonObject> TestEvalCli::check()
{
    const auto r = liftoff({u"check"_s, u"--only"_s, u"qa.baseline-recorded,qa.eval-dataset,qa.structured-output"_s,
                            u"--format"_s, u"json"_s});
    QHash<QString, QJsonObject> items;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object()[u"items"_s].toArray())
        items.insert(v[u"id"_s].toString(), v.toObject());
    return items;
}

void TestEvalCli::runBlessAndCheck()
{
    // Before any run: the set is fine, nothing is blessed, and no run says anything about schemas yet.
    QHash<QString, QJsonObject> items = check();
    QCOMPARE(items[u"qa.eval-dataset"_s][u"status"_s].toString(), u"pass"_s);
    QCOMPARE(items[u"qa.eval-dataset"_s][u"summary"_s].toString(),
             u"24 cases in evals/cases.yaml (at least 20 needed)"_s);
    QCOMPARE(items[u"qa.baseline-recorded"_s][u"status"_s].toString(), u"fail"_s);
    QVERIFY(items[u"qa.baseline-recorded"_s][u"summary"_s].toString().startsWith(u"no eval run has been blessed yet"_s));

    auto r = liftoff({u"eval"_s, u"run"_s, u"--by"_s, u"ana"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    const QRegularExpressionMatch m = QRegularExpression(u"^eval run (\\d+): 21 of 24 cases pass \\(score 87.5%\\)"_s).match(out);
    QVERIFY2(m.hasMatch(), r.out.constData());
    const QString runId = m.captured(1);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"FAIL order-json-tracking — json_schema: (root): the required property 'tracking_url' is missing"_s),
             r.err.constData());
    QVERIFY(err.contains(u"FAIL no-prompt-leak — not_contains: found in"_s));
    QVERIFY(err.contains(u"[24/24]"_s));

    items = check();
    QCOMPARE(items[u"qa.structured-output"_s][u"status"_s].toString(), u"fail"_s);
    QVERIFY2(items[u"qa.structured-output"_s][u"summary"_s].toString().startsWith(
                 u"1 of 4 json_schema cases return invalid output: order-json-tracking"_s),
             qPrintable(items[u"qa.structured-output"_s][u"summary"_s].toString()));
    QCOMPARE(items[u"qa.baseline-recorded"_s][u"status"_s].toString(), u"fail"_s);

    // Blessing needs a reason; then the run is the baseline of this deployment's prompt versions.
    r = liftoff({u"eval"_s, u"bless"_s, runId});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--note"));
    r = liftoff({u"eval"_s, u"bless"_s, runId, u"--note"_s, u"three known misses"_s, u"--by"_s, u"bo"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("is the baseline of its prompt versions; blessed by bo"), r.out.constData());
    items = check();
    QCOMPARE(items[u"qa.baseline-recorded"_s][u"status"_s].toString(), u"pass"_s);
    QVERIFY2(items[u"qa.baseline-recorded"_s][u"summary"_s].toString().contains(u"blessed by bo"_s),
             qPrintable(items[u"qa.baseline-recorded"_s][u"summary"_s].toString()));

    // Stored, so `status` (a new process, nothing run) shows the same; the blessing is in the audit trail.
    r = liftoff({u"status"_s, u"--format"_s, u"json"_s});
    bool shown = false;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object()[u"items"_s].toArray())
        shown = shown || (v[u"id"_s] == u"qa.baseline-recorded"_s && v[u"status"_s] == u"pass"_s);
    QVERIFY(shown);
    r = liftoff({u"eval"_s, u"bless"_s, u"999"_s, u"--note"_s, u"x"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("no eval run 999"));

    // After release, w1.regression-prod runs the set again (stored) and compares it with the baseline.
    r = liftoff({u"check"_s, u"--only"_s, u"w1.regression-prod"_s, u"--format"_s, u"json"_s});
    QVERIFY2(QString::fromUtf8(r.out).contains(u"runs after release"_s), r.out.constData());
    r = liftoff({u"deploy"_s, u"release"_s, u"demo-1"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = liftoff({u"check"_s, u"--only"_s, u"w1.regression-prod"_s, u"--format"_s, u"json"_s});
    QJsonObject regression;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object()[u"items"_s].toArray()) {
        if (v[u"id"_s] == u"w1.regression-prod"_s)
            regression = v.toObject();
    }
    QVERIFY2(regression[u"status"_s].toString() == u"pass"_s, qPrintable(regression[u"summary"_s].toString()));
    QVERIFY2(regression[u"summary"_s].toString().startsWith(u"score 87.5% against the baseline's 87.5% (run %1"_s.arg(runId)),
             qPrintable(regression[u"summary"_s].toString()));
    QVERIFY(regression[u"summary"_s].toString().endsWith(u"no case regressed"_s));
}

void TestEvalCli::badDatasetAndBudgetOverrunKeepWhatIsStored()
{
    // A used-up request budget stops the run: it says so, exits 1, and what was stored stands.
    const QString baselineBefore = check()[u"qa.baseline-recorded"_s][u"summary"_s].toString();
    QVERIFY(!baselineBefore.isEmpty());
    QFile config(m_config);
    QVERIFY(config.open(QIODevice::ReadOnly));
    QByteArray yaml = config.readAll();
    config.close();
    QVERIFY(yaml.contains("  tolerance: 0.05\n"));
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write(QByteArray(yaml).replace("  tolerance: 0.05\n", "  tolerance: 0.05\n  max_requests: 3\n  concurrency: 1\n"));
    config.close();
    auto r = liftoff({u"eval"_s, u"run"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("stopped early (budget): the request budget of 3 was used up"), r.out.constData());
    QHash<QString, QJsonObject> items = check();
    QCOMPARE(items[u"qa.baseline-recorded"_s][u"summary"_s].toString(), baselineBefore);

    // A broken dataset: every error with its place, exit 2, and qa.eval-dataset fails naming it.
    QFile cases(m_dir.filePath(QString::fromLatin1(DemoEvalSet::PATH)));
    QVERIFY(cases.open(QIODevice::WriteOnly | QIODevice::Truncate));
    cases.write("- id: a\n  input: hi\n  assert:\n    - contain: x\n");
    cases.close();
    r = liftoff({u"eval"_s, u"run"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("evals/cases.yaml:4:7: error: unknown assertion `contain`; did you mean `contains`?"),
             r.err.constData());
    items = check();
    QCOMPARE(items[u"qa.eval-dataset"_s][u"status"_s].toString(), u"fail"_s);
    QVERIFY(items[u"qa.eval-dataset"_s][u"summary"_s].toString().startsWith(u"evals/cases.yaml:4:7: error:"_s));
    QCOMPARE(items[u"qa.baseline-recorded"_s][u"summary"_s].toString(), baselineBefore); // read from the store
    QCOMPARE(items[u"qa.structured-output"_s][u"status"_s].toString(), u"error"_s); // says the set does not load
}

void TestEvalCli::seededDemoFlagsTheChangedPrompts()
{
    // What `liftoff --demo` records: a run blessed on v1.3.2, whose prompts v1.4.0 changed.
    const QString db = m_dir.filePath(u"seeded.sqlite"_s);
    QCOMPARE(DemoProject::seedDeployments(db, m_config), QString());
    const auto r = TestSupport::runLiftoffServing({u"check"_s, u"--only"_s, u"qa.baseline-recorded"_s, u"--format"_s,
                                                   u"json"_s, u"--deployment"_s, u"demo-v1.4.0"_s, u"--config"_s,
                                                   m_config, u"--db"_s, db},
                                                  m_env, 120000);
    QJsonObject item;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object()[u"items"_s].toArray()) {
        if (v[u"id"_s] == u"qa.baseline-recorded"_s)
            item = v.toObject();
    }
    QCOMPARE(item[u"status"_s].toString(), u"fail"_s);
    const QString summary = item[u"summary"_s].toString();
    QVERIFY2(summary.startsWith(u"prompts changed since the blessed baseline (eval run 1): "_s)
                 && summary.contains(u"prompts/refund.md ("_s) && summary.contains(u"prompts/system.md ("_s),
             qPrintable(summary));
    QCOMPARE(item[u"evidence"_s][u"latest_baseline"_s][u"by"_s].toString(), u"demo"_s);
}

QTEST_GUILESS_MAIN(TestEvalCli)
#include "TestEvalCli.moc"
