// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlConnection.h"
#include "TestSupport.h"
#include "demo/DemoService.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * The same eval cases run by Liftoff and by the real promptfoo agree case by case: the demo's
 * cases.yaml is run by `liftoff eval run` against the embedded demo service, the output.json that
 * promptfoo 0.120.0 wrote for the same cases against the same service (tests/data/promptfoo) is
 * brought in with `liftoff eval import`, and every case passes or fails in both.
 */
class TestPromptfooAgreement : public QObject
{
    Q_OBJECT

private slots:
    void liftoffAndPromptfooAgreeCaseByCase();

private:
    static QHash<QString, bool> outcomes(const QString &db, int runId);
};

QHash<QString, bool> TestPromptfooAgreement::outcomes(const QString &db, int runId)
{
    SqlConnection sql(db);
    QHash<QString, bool> passed;
    QSqlQuery q(sql.database());
    q.prepare(u"SELECT case_id, passed FROM eval_case_results WHERE run_id = ?"_s);
    q.addBindValue(runId);
    if (!q.exec())
        return passed;
    while (q.next())
        passed.insert(q.value(0).toString(), q.value(1).toBool());
    return passed;
}

void TestPromptfooAgreement::liftoffAndPromptfooAgreeCaseByCase()
{
    DemoServiceOptions options;
    options.rateLimitCapacity = 500; // the eval run is no burst test
    DemoService service(options);
    QVERIFY2(service.start(0), qPrintable(service.errorString()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(u"evals"_s));
    QVERIFY(QFile::copy(TestSupport::dataPath(u"promptfoo/cases.yaml"_s), dir.filePath(u"evals/cases.yaml"_s)));
    const QString config = dir.filePath(u"liftoff.yaml"_s);
    const QString db = dir.filePath(u"liftoff.sqlite"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(u"version: 1\nproject: agreement\nenvironments:\n  production:\n    url: %1\n"
               "evals:\n  dataset: evals/cases.yaml\n"
               "  target: {url: \"{url}/v1/chat\", method: POST, body: {message: \"{input}\"}, output: \"[BODY].reply\","
               " timeout: 10s}\n"_s.arg(service.baseUrl().toString(QUrl::StripTrailingSlash))
                   .toUtf8());
    file.close();
    const QStringList common {u"--config"_s, config, u"--db"_s, db};
    auto r = TestSupport::runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = TestSupport::runLiftoffServing(QStringList {u"eval"_s, u"run"_s} + common, {}, 120000);
    QVERIFY2(r.out.contains("eval run 1: 21 of 24 cases pass"), QByteArray(r.out + r.err).constData());
    r = TestSupport::runLiftoff(QStringList {u"eval"_s, u"import"_s, TestSupport::dataPath(u"promptfoo/output.json"_s)}
                                + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("eval run 2 imported from promptfoo"), r.out.constData());

    const QHash<QString, bool> liftoff = outcomes(db, 1);
    const QHash<QString, bool> promptfoo = outcomes(db, 2);
    QCOMPARE(liftoff.size(), 24);
    QCOMPARE(promptfoo.size(), 24);
    for (auto it = liftoff.begin(); it != liftoff.end(); ++it) {
        QVERIFY2(promptfoo.contains(it.key()), qPrintable(it.key()));
        QVERIFY2(promptfoo.value(it.key()) == it.value(),
                 qPrintable(u"%1: Liftoff %2, promptfoo %3"_s.arg(it.key()).arg(it.value()).arg(promptfoo.value(it.key()))));
    }
    QCOMPARE(liftoff.value(u"order-json-tracking"_s), false);
    QCOMPARE(liftoff.value(u"refund-30-days"_s), true);
}

QTEST_GUILESS_MAIN(TestPromptfooAgreement)
#include "TestPromptfooAgreement.moc"
