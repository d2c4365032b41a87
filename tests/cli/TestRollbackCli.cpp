// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"
#include "store/Actor.h"
#include "store/Database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

/**
 * `liftoff rollback` and `liftoff flag` end to end: the built binary against the demo service (the
 * demo project's rollback command is `liftoff demo-server --rollback`, so the health item then reports
 * the older version), approval (by two people where rollback.approvers asks for it), confirmation
 * without a terminal, exit code 4, two liftoff processes rolling back the same project at once, and
 * the lock of a liftoff killed mid-rollback taken over by the next one.
 */
class TestRollbackCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void refusesAnUnapprovedCommand();
    void dryRunWithApprovalChangesNothing();
    void checkPassesRollbackAndFlagItems();
    void refusesWithoutTerminalOrYes();
    void rollsBackTheDemoAndVerifies();
    void flagGetAndSet();
    void twoProcessesOneRollback();
    void printedKeysReachNoOutputStoreOrReport();
    void lockOfAKilledConsoleIsTakenOver();
    void fourEyesFromTheCommandLine();
    void oneCommandItemWaitsForTheSecondApprover();

private:
    TestSupport::ProcessResult liftoff(const QStringList &args);

    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    QString m_config;
    QString m_db;
    QMap<QString, QString> m_env;
};

void TestRollbackCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_service = std::make_unique<DemoService>(DemoServiceOptions {});
    QVERIFY2(m_service->start(0), qPrintable(m_service->errorString()));
    QCOMPARE(DemoProject::write(m_dir.path(), m_service->baseUrl(), QStringLiteral(LIFTOFF_BINARY)), QString());
    m_config = m_dir.filePath(u"liftoff.yaml"_s);
    m_db = m_dir.filePath(u"liftoff.sqlite"_s);
    QCOMPARE(DemoProject::seedDeployments(m_db, m_config), QString());
    m_env.insert(QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE), m_service->options().adminToken);
    m_env.insert(QString::fromLatin1(DemoProject::SLACK_URL_VARIABLE),
                 m_service->baseUrl().toString() + u"/webhooks/release-room"_s);
}

TestSupport::ProcessResult TestRollbackCli::liftoff(const QStringList &args)
{
    return TestSupport::runLiftoffServing(args + QStringList {u"--config"_s, m_config, u"--db"_s, m_db}, m_env);
}

void TestRollbackCli::refusesAnUnapprovedCommand()
{
    const auto r = liftoff({u"rollback"_s, u"--reason"_s, u"latency"_s, u"--yes"_s});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("not approved"), r.err.constData());
    QVERIFY(r.out.contains("demo-server --rollback --url {url}")); // the exact command was shown
    QCOMPARE(m_service->currentVersion(), u"v1.4.0"_s);
}

void TestRollbackCli::dryRunWithApprovalChangesNothing()
{
    const auto r = liftoff({u"rollback"_s, u"--dry-run"_s, u"--approve"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("would switch"), r.out.constData());
    QVERIFY(r.out.contains("from v1.4.0 to v1.3.2"));
    QVERIFY(r.out.contains("Approved by"));
    QCOMPARE(m_service->currentVersion(), u"v1.4.0"_s);
}

void TestRollbackCli::checkPassesRollbackAndFlagItems()
{
    const auto r = liftoff({u"check"_s, u"--only"_s, u"rb.one-command,rb.feature-flags"_s, u"--format"_s, u"json"_s});
    const QJsonArray items = QJsonDocument::fromJson(r.out).object().value(u"items"_s).toArray();
    QHash<QString, QString> status;
    for (const QJsonValue &item : items)
        status.insert(item[u"id"].toString(), item[u"status"].toString() + u": "_s + item[u"summary"].toString());
    QVERIFY2(status.value(u"rb.one-command"_s).startsWith(u"pass"_s), qPrintable(status.value(u"rb.one-command"_s)));
    QVERIFY2(status.value(u"rb.feature-flags"_s).startsWith(u"pass"_s), qPrintable(status.value(u"rb.feature-flags"_s)));
}

void TestRollbackCli::refusesWithoutTerminalOrYes()
{
    const auto r = liftoff({u"rollback"_s, u"--reason"_s, u"latency"_s});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("no terminal"), r.err.constData());
    const auto noReason = liftoff({u"rollback"_s, u"--yes"_s});
    QCOMPARE(noReason.exitCode, 2);
    QCOMPARE(m_service->currentVersion(), u"v1.4.0"_s);
}

void TestRollbackCli::rollsBackTheDemoAndVerifies()
{
    const auto r = liftoff({u"rollback"_s, u"--reason"_s, u"p95 doubled"_s, u"--yes"_s, u"--by"_s, u"oncall"_s});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("rolled back"), r.out.constData());
    QVERIFY(r.out.contains("Rollback succeeded (exit 0)"));
    QVERIFY(r.out.contains("verify infra.health: pass"));
    QCOMPARE(m_service->currentVersion(), u"v1.3.2"_s);
    QVERIFY2(r.out.contains("notify release-room: delivered"), r.out.constData());
    bool announced = false;
    for (const auto &[channel, body] : m_service->webhookMessages())
        announced = announced || (channel == u"release-room" && body.contains(u"p95 doubled"_s) && body.contains(u"oncall"_s));
    QVERIFY(announced);
    // The deployment before is the current one again: status runs against it.
    const auto list = liftoff({u"deploy"_s, u"list"_s, u"--format"_s, u"json"_s});
    QVERIFY2(list.exitCode == 0, list.err.constData());
    // Rolling back again from the now-current deployment has nothing to go back to, and says so (exit 4).
    const auto again = liftoff({u"rollback"_s, u"--reason"_s, u"again"_s, u"--yes"_s});
    QCOMPARE(again.exitCode, 4);
}

void TestRollbackCli::flagGetAndSet()
{
    auto r = liftoff({u"flag"_s, u"get"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("ai-enabled = true (ofrep)"));
    r = liftoff({u"flag"_s, u"set"_s, u"off"_s});
    QCOMPARE(r.exitCode, 2); // a flip needs a reason
    r = liftoff({u"flag"_s, u"set"_s, u"off"_s, u"--reason"_s, u"prompt injection in the wild"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("ai-enabled: true -> false"));
    QCOMPARE(m_service->flagValue(u"ai-enabled"_s), std::optional<bool>(false));
    r = liftoff({u"flag"_s, u"get"_s});
    QVERIFY(r.out.contains("ai-enabled = false"));
}

void TestRollbackCli::twoProcessesOneRollback()
{
    // A project whose rollback takes a moment; two liftoff processes start it at the same time.
    QTemporaryDir dir;
    const QString config = dir.filePath(u"liftoff.yaml"_s);
    const QString db = dir.filePath(u"liftoff.sqlite"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"(version: 1
project: two-processes
environments:
  prod: {url: "http://127.0.0.1:9"}
rollback:
  command: [/bin/sh, -c, "echo started; sleep 3; echo finished"]
  timeout: 30s
)");
    file.close();
    const QStringList common {u"--config"_s, config, u"--db"_s, db};
    auto r = TestSupport::runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v2"_s} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = TestSupport::runLiftoff(QStringList {u"rollback"_s, u"--reason"_s, u"approve only"_s, u"--approve"_s} + common);
    QCOMPARE(r.exitCode, 4); // approved, then refused: no terminal and no --yes
    QList<QProcess *> processes;
    QSignalSpy *spies[2] = {};
    for (int i = 0; i < 2; ++i) {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        TestSupport::headless(env);
        p->setProcessEnvironment(env);
        spies[i] = new QSignalSpy(p, &QProcess::finished);
        p->start(QStringLiteral(LIFTOFF_BINARY),
                 QStringList {u"rollback"_s, u"--reason"_s, u"race %1"_s.arg(i), u"--yes"_s} + common);
        processes.append(p);
    }
    for (int i = 0; i < 2; ++i)
        QVERIFY(spies[i]->count() > 0 || spies[i]->wait(30000));
    QList<int> codes {processes.at(0)->exitCode(), processes.at(1)->exitCode()};
    std::sort(codes.begin(), codes.end());
    const QByteArray errors = processes.at(0)->readAllStandardError() + processes.at(1)->readAllStandardError();
    QCOMPARE(codes, (QList<int> {0, 4}));
    QVERIFY2(errors.contains("already running"), errors.constData());
    for (int i = 0; i < 2; ++i)
        delete spies[i];
    qDeleteAll(processes);
}

void TestRollbackCli::printedKeysReachNoOutputStoreOrReport()
{
    // A rollback whose argv and output carry an Anthropic key (the dry run prints it in two
    // pieces with a pause, the command in its argv on stdout and on stderr): only the last four may show.
    QString body;
    for (int i = 0; i < 93; ++i)
        body += QChar(u"aB3_x-Q9"[i % 8]);
    const QString key = u"sk-ant-api03-"_s + body + u"AA"_s;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = dir.filePath(u"liftoff.yaml"_s);
    const QString db = dir.filePath(u"keys.sqlite"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(u"version: 1\nproject: keys-bot\nenvironments:\n  production:\n    url: http://127.0.0.1:1\n"
               "rollback:\n  command: [/bin/sh, -c, \"echo using %1; cat key.txt >&2\"]\n"
               "  dry_run: [/bin/sh, -c, \"head -c 30 key.txt; sleep 0.2; tail -c +31 key.txt\"]\n"
               "  cwd: %2\n  timeout: 20s\n"_s
                   .arg(key, dir.path())
                   .toUtf8());
    file.close();
    QFile keyFile(dir.filePath(u"key.txt"_s));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(key.toUtf8() + "\n");
    keyFile.close();
    const QStringList common {u"--config"_s, config, u"--db"_s, db};
    QByteArray seen;
    for (const QStringList &words : {QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s, u"--name"_s, u"one"_s},
                                     QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v2"_s, u"--name"_s, u"two"_s},
                                     QStringList {u"rollback"_s, u"--dry-run"_s, u"--reason"_s, u"try"_s, u"--approve"_s},
                                     QStringList {u"rollback"_s, u"--reason"_s, u"keys"_s, u"--yes"_s, u"--approve"_s},
                                     QStringList {u"report"_s, u"--format"_s, u"json"_s}}) {
        const auto r = TestSupport::runLiftoff(words + common);
        QVERIFY2(r.exitCode == 0 || words.first() == u"report", r.err.constData());
        seen += r.out + r.err;
    }
    QVERIFY2(seen.contains(key.right(4).toUtf8()), seen.constData()); // the output itself is there
    QVERIFY2(!seen.contains(body.left(40).toUtf8()), seen.constData());
    QFile store(db);
    QVERIFY(store.open(QIODevice::ReadOnly));
    const QByteArray stored = store.readAll();
    QVERIFY(stored.contains("keys-bot"));
    QVERIFY(!stored.contains(body.left(40).toUtf8()));
    QVERIFY(!stored.contains(body.mid(20, 40).toUtf8()));
}

namespace {
/** Writes a liftoff.yaml into dir with the given rollback section lines. */
QString writeProject(const QTemporaryDir &dir, const QByteArray &name, const QByteArray &rollback)
{
    QFile file(dir.filePath(u"liftoff.yaml"_s));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("version: 1\nproject: " + name + "\nenvironments:\n  prod: {url: \"http://127.0.0.1:9\"}\nrollback:\n"
               + rollback);
    return file.fileName();
}

/** The notes of the store's audit trail, oldest first. */
QStringList auditNotes(const QString &db)
{
    Database database;
    if (database.open(db).isError())
        return {u"<cannot open the store>"_s};
    QStringList notes;
    QSqlQuery q(database.connection());
    if (!q.exec(u"SELECT note FROM audit ORDER BY id"_s))
        return {u"<no audit>"_s};
    while (q.next())
        notes.append(q.value(0).toString());
    return notes;
}
} // namespace

void TestRollbackCli::lockOfAKilledConsoleIsTakenOver()
{
    // The first rollback blocks in its command (it prints its pid, then becomes `sleep 30`); the
    // second finds the marker and finishes at once.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = writeProject(
        dir, "killed-console",
        "  command: [/bin/sh, -c, \"if [ -e taken ]; then echo second run; else touch taken; echo holder-pid-$$; "
        "exec sleep 30; fi\"]\n  timeout: 60s\n");
    QVERIFY(!config.isEmpty());
    const QString db = dir.filePath(u"liftoff.sqlite"_s);
    const QStringList common {u"--config"_s, config, u"--db"_s, db};
    auto r = TestSupport::runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v2"_s} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = TestSupport::runLiftoff(QStringList {u"rollback"_s, u"--approve"_s, u"--by"_s, u"alice"_s} + common);
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());

    QProcess first;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    TestSupport::headless(env);
    first.setProcessEnvironment(env);
    QByteArray firstOut;
    connect(&first, &QProcess::readyReadStandardOutput, this, [&] { firstOut += first.readAllStandardOutput(); });
    first.start(QStringLiteral(LIFTOFF_BINARY),
                QStringList {u"rollback"_s, u"--reason"_s, u"first"_s, u"--yes"_s, u"--by"_s, u"alice"_s} + common);
    QVERIFY(first.waitForStarted());
    const qint64 consolePid = first.processId();
    // "holder-pid-PID" comes from the command, which runs only once the lock is held (the preview
    // before shows the command with a literal $$).
    static const QRegularExpression marker(u"holder-pid-(\\d+)\\n"_s);
    QTRY_VERIFY_WITH_TIMEOUT(marker.match(QString::fromUtf8(firstOut)).hasMatch(), 30000);
    const qint64 commandPid = marker.match(QString::fromUtf8(firstOut)).captured(1).toLongLong();
    QVERIFY(commandPid > 0);
    first.kill(); // SIGKILL: no cleanup, the lock row stays
    QVERIFY(first.waitForFinished());
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    ::kill(static_cast<pid_t>(commandPid), SIGKILL); // the command runs in its own process group

    r = TestSupport::runLiftoff(QStringList {u"rollback"_s, u"--reason"_s, u"second"_s, u"--yes"_s, u"--by"_s,
                                             u"bob"_s} + common);
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("second run"), r.out.constData());
    const QStringList notes = auditNotes(db);
    QString takeover;
    for (const QString &note : notes) {
        if (note.startsWith(u"rollback lock of "_s))
            takeover = note;
    }
    for (const QString &part : QStringList {u"rollback lock of alice ("_s + Actor::osAccount(),
                                u"process %1 on %2"_s.arg(consolePid).arg(QSysInfo::machineHostName()),
                                u"taken over by bob"_s, u"its process %1 on %2 is gone"_s.arg(consolePid).arg(
                                                            QSysInfo::machineHostName())})
        QVERIFY2(takeover.contains(part), qPrintable(part + u" not in: "_s + notes.join(u'\n')));
    // The killed console's record is closed, not left running.
    Database database;
    QVERIFY(!database.open(db).isError());
    QSqlQuery q(database.connection());
    QVERIFY(q.exec(u"SELECT outcome, reason FROM rollbacks ORDER BY id"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"interrupted"_s);
    QCOMPARE(q.value(1).toString(), u"first"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"succeeded"_s);
}

void TestRollbackCli::fourEyesFromTheCommandLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = writeProject(dir, "four-eyes",
                                        "  command: [/bin/sh, -c, \"echo rolled back\"]\n  timeout: 20s\n"
                                        "  approvers: 2\n");
    const QStringList common {u"--config"_s, config, u"--db"_s, dir.filePath(u"liftoff.sqlite"_s)};
    const auto run = [&common](const QStringList &words) { return TestSupport::runLiftoff(words + common); };
    auto r = run({u"deploy"_s, u"new"_s, u"--version"_s, u"v2"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // alice approves: recorded, and one more person is needed.
    r = run({u"rollback"_s, u"--approve"_s, u"--by"_s, u"alice"_s});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("Approved by alice"), r.out.constData());
    QVERIFY2(r.out.contains("needs approval by 1 more person (approved by alice)"), r.out.constData());

    // One approval does not run it, whoever asks; exit 4, saying whose approval is missing.
    r = run({u"rollback"_s, u"--reason"_s, u"errors"_s, u"--yes"_s, u"--by"_s, u"alice"_s});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("needs approval by 1 more person (approved by alice)"), r.err.constData());
    QVERIFY2(r.err.contains("liftoff rollback --approve --by NAME"), r.err.constData());
    QVERIFY(!r.out.contains("Rollback succeeded"));
    QVERIFY(r.out.contains("approved: alice (1 of 2 needed)"));

    // alice cannot be the second person.
    r = run({u"rollback"_s, u"--approve"_s, u"--by"_s, u"Alice"_s});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("Alice approved this command already"), r.err.constData());

    r = run({u"rollback"_s, u"--approve"_s, u"--by"_s, u"bob"_s});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("Approved by alice, bob: the rollback can run."), r.out.constData());

    // Anyone may start it now; the record names who, with the OS account.
    r = run({u"rollback"_s, u"--reason"_s, u"errors"_s, u"--yes"_s, u"--by"_s, u"carol"_s});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY(r.out.contains("approved: alice, bob (2 of 2 needed)"));
    QVERIFY2(r.out.contains("Rollback succeeded (exit 0)"), r.out.constData());
    QVERIFY2(r.out.contains(u"by carol (%1)"_s.arg(Actor::osAccount()).toUtf8()), r.out.constData());

    // The help names the approve-only form.
    r = TestSupport::runLiftoff({u"rollback"_s, u"--help"_s});
    QVERIFY(r.out.contains("liftoff rollback --approve [--by NAME]"));
}

void TestRollbackCli::oneCommandItemWaitsForTheSecondApprover()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = writeProject(dir, "four-eyes-check",
                                        "  command: [/bin/sh, -c, \"echo rolled back\"]\n"
                                        "  dry_run: [/bin/sh, -c, \"echo would roll back\"]\n"
                                        "  timeout: 20s\n  approvers: 2\n");
    const QStringList common {u"--config"_s, config, u"--db"_s, dir.filePath(u"liftoff.sqlite"_s)};
    const auto run = [&common](const QStringList &words) { return TestSupport::runLiftoff(words + common); };
    const auto oneCommand = [&run]() -> QString {
        const auto r = run({u"check"_s, u"--only"_s, u"rb.one-command"_s, u"--format"_s, u"json"_s});
        for (const QJsonValue &item : QJsonDocument::fromJson(r.out).object().value(u"items"_s).toArray()) {
            if (item[u"id"].toString() == u"rb.one-command")
                return item[u"status"].toString() + u": "_s + item[u"summary"].toString();
        }
        return u"missing: "_s + QString::fromUtf8(r.err);
    };
    auto r = run({u"deploy"_s, u"new"_s, u"--version"_s, u"v2"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run({u"rollback"_s, u"--dry-run"_s, u"--approve"_s, u"--by"_s, u"alice"_s});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    // The dry run works, but the rollback itself would be refused when it is needed.
    QString item = oneCommand();
    QVERIFY2(item.startsWith(u"fail: the rollback command is approved by 1 of the 2 people"_s), qPrintable(item));
    QVERIFY2(item.contains(u"liftoff rollback --approve --by NAME"_s), qPrintable(item));
    r = run({u"rollback"_s, u"--approve"_s, u"--by"_s, u"bob"_s});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    item = oneCommand();
    QVERIFY2(item.startsWith(u"pass"_s), qPrintable(item));
}

QTEST_GUILESS_MAIN(TestRollbackCli)
#include "TestRollbackCli.moc"
