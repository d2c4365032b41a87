// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"
#include "evals/EvalRunRepository.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

/**
 * Ctrl-C during `liftoff eval run`: the built binary, the demo service answering slowly, SIGINT after
 * the first finished case. Nothing new starts, the finished cases are stored, the run says it was
 * cancelled (exit 1) and cannot be blessed.
 */
class TestEvalInterruptCli : public QObject
{
    Q_OBJECT

private slots:
    void interruptKeepsTheFinishedCases();
};

void TestEvalInterruptCli::interruptKeepsTheFinishedCases()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DemoServiceOptions options;
    options.slowDelayMs = 1500;
    DemoService service(options);
    QVERIFY2(service.start(0), qPrintable(service.errorString()));
    QCOMPARE(DemoProject::write(dir.path(), service.baseUrl(), QStringLiteral(LIFTOFF_BINARY)), QString());
    const QString config = dir.filePath(u"liftoff.yaml"_s);
    const QString db = dir.filePath(u"liftoff.sqlite"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray yaml = file.readAll();
    file.close();
    const QByteArray target = "evals:\n  dataset: evals/cases.yaml\n  target: {url: \"{url}/v1/chat\"";
    QVERIFY(yaml.contains(target));
    yaml.replace(target, "evals:\n  dataset: evals/cases.yaml\n  target: {url: \"{url}/v1/chat?simulate=slow\"");
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(yaml);
    file.close();
    const QMap<QString, QString> env {{QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE), options.adminToken}};
    const auto deployed = TestSupport::runLiftoffServing(
        {u"deploy"_s, u"new"_s, u"--name"_s, u"d1"_s, u"--config"_s, config, u"--db"_s, db}, env);
    QVERIFY2(deployed.exitCode == 0, deployed.err.constData());

    QProcess run;
    QProcessEnvironment processEnv = QProcessEnvironment::systemEnvironment();
    TestSupport::headless(processEnv);
    for (auto it = env.begin(); it != env.end(); ++it)
        processEnv.insert(it.key(), it.value());
    run.setProcessEnvironment(processEnv);
    QByteArray err;
    connect(&run, &QProcess::readyReadStandardError, this, [&] { err += run.readAllStandardError(); });
    run.start(QStringLiteral(LIFTOFF_BINARY), {u"eval"_s, u"run"_s, u"--config"_s, config, u"--db"_s, db});
    QVERIFY(run.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(err.contains("[1/24]"), 30000);
    ::kill(pid_t(run.processId()), SIGINT);
    QTRY_VERIFY_WITH_TIMEOUT(run.state() == QProcess::NotRunning, 30000);
    const QByteArray out = run.readAllStandardOutput();
    QCOMPARE(run.exitStatus(), QProcess::NormalExit);
    QCOMPARE(run.exitCode(), 1);
    QVERIFY2(out.contains("stopped early (cancelled): cancelled after "), out.constData());

    Database database;
    QVERIFY(!database.open(db).isError());
    ChecklistRepository checklist(database);
    qint64 projectId = 0;
    QVERIFY(!checklist.ensureProject(u"demo-support-bot"_s, config, &projectId).isError());
    DeploymentRecord deployment;
    QVERIFY(!checklist.findDeployment(projectId, u"d1"_s, &deployment).isError());
    EvalRunRepository runs(database);
    QList<EvalRunRecord> list;
    QVERIFY(!runs.runs(deployment.id, &list).isError());
    QCOMPARE(list.size(), 1);
    const EvalRunRecord &stored = list.first();
    QCOMPARE(stored.state, u"cancelled"_s);
    QVERIFY2(stored.casesRun >= 1 && stored.casesRun < 24, qPrintable(QString::number(stored.casesRun)));
    QList<EvalCaseResult> cases;
    QVERIFY(!runs.caseResults(stored.id, &cases).isError());
    QCOMPARE(cases.size(), stored.casesRun);
    EvalBlessing blessing;
    QCOMPARE(runs.bless(stored.id, projectId, u"ana"_s, u"x"_s, &blessing).kind, StoreError::Kind::Conflict);
}

QTEST_GUILESS_MAIN(TestEvalInterruptCli)
#include "TestEvalInterruptCli.moc"
