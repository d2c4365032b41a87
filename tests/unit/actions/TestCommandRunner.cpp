// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/CommandRunner.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <csignal>

using namespace Qt::StringLiterals;

/** Runs real processes: success, failure, timeouts that must stop the whole tree, floods, secrets. */
class TestCommandRunner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<CommandResult>(); }
    void succeedsAndStreamsLines();
    void reportsExitCode();
    void failsToStartWithAClearError();
    void timeoutStopsTheWholeTree();
    void cancelStopsTheWholeTree();
    void boundsAFloodOfOutput();
    void redactsSecretsInOutput();
    void passesEnvironmentWithoutShell();

private:
    CommandResult run(const CommandSpec &spec, const QStringList &secrets = {}, int waitMs = 30000);
};

namespace {
/** True when pid no longer runs (gone, or a zombie waiting to be reaped by init). */
bool processGone(qint64 pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        return true;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) == "Z";
}
} // namespace

CommandResult TestCommandRunner::run(const CommandSpec &spec, const QStringList &secrets, int waitMs)
{
    CommandRunner runner;
    runner.setSecrets(secrets);
    QSignalSpy spy(&runner, &CommandRunner::finished);
    runner.start(spec);
    if (spy.isEmpty() && !spy.wait(waitMs))
        return {};
    return spy.first().first().value<CommandResult>();
}

void TestCommandRunner::succeedsAndStreamsLines()
{
    CommandRunner runner;
    QSignalSpy lines(&runner, &CommandRunner::lineRead);
    QSignalSpy done(&runner, &CommandRunner::finished);
    runner.start({{u"/bin/sh"_s, u"-c"_s, u"echo one; echo two; printf three"_s}, {}, {}, 10000});
    QVERIFY(done.wait(10000));
    const CommandResult r = done.first().first().value<CommandResult>();
    QVERIFY(r.succeeded());
    QCOMPARE(r.lines, (QStringList {u"one"_s, u"two"_s, u"three"_s}));
    QCOMPARE(lines.size(), 3);
}

void TestCommandRunner::reportsExitCode()
{
    const CommandResult r = run({{u"/bin/sh"_s, u"-c"_s, u"echo failing >&2; exit 7"_s}, {}, {}, 10000});
    QCOMPARE(r.outcome, CommandResult::Outcome::Finished);
    QCOMPARE(r.exitCode, 7);
    QVERIFY(!r.succeeded());
    QCOMPARE(r.lines, QStringList {u"failing"_s});
}

void TestCommandRunner::failsToStartWithAClearError()
{
    const CommandResult r = run({{u"/nonexistent/tool"_s, u"--flag"_s}, {}, {}, 10000});
    QCOMPARE(r.outcome, CommandResult::Outcome::FailedToStart);
    QVERIFY2(r.error.contains(u"could not start /nonexistent/tool"_s), qPrintable(r.error));
}

void TestCommandRunner::timeoutStopsTheWholeTree()
{
    // The shell starts a grandchild that ignores nothing and would outlive a plain kill of the shell.
    const QString script = u"sleep 300 & echo $!; sleep 300; wait"_s;
    const CommandResult r = run({{u"/bin/sh"_s, u"-c"_s, script}, {}, {}, 300, 500}, {}, 20000);
    QCOMPARE(r.outcome, CommandResult::Outcome::TimedOut);
    QVERIFY(r.error.contains(u"timed out"_s));
    QCOMPARE(r.lines.size(), 1);
    const qint64 child = r.lines.first().toLongLong();
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 10000);
}

void TestCommandRunner::cancelStopsTheWholeTree()
{
    CommandRunner runner;
    QSignalSpy lines(&runner, &CommandRunner::lineRead);
    QSignalSpy done(&runner, &CommandRunner::finished);
    // The grandchild ignores SIGTERM: only the SIGKILL after the grace period stops it.
    runner.start({{u"/bin/sh"_s, u"-c"_s, u"(trap '' TERM; sleep 300) & echo $!; wait"_s}, {}, {}, 60000, 300});
    QVERIFY(lines.wait(10000));
    const qint64 child = lines.first().first().toString().toLongLong();
    QVERIFY(runner.isRunning());
    runner.cancel();
    QVERIFY(done.wait(10000));
    QCOMPARE(done.first().first().value<CommandResult>().outcome, CommandResult::Outcome::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 10000);
}

void TestCommandRunner::boundsAFloodOfOutput()
{
    CommandSpec spec {{u"/bin/sh"_s, u"-c"_s, u"yes 0123456789012345678901234567890123456789 | head -n 200000"_s},
                      {}, {}, 30000};
    spec.maxOutputBytes = 256 * 1024;
    const CommandResult r = run(spec);
    QCOMPARE(r.outcome, CommandResult::Outcome::Finished);
    QVERIFY(r.outputTruncated);
    QVERIFY(r.lines.size() < 10000);
    QVERIFY(r.lines.last().startsWith(u"[output truncated"_s));
}

void TestCommandRunner::redactsSecretsInOutput()
{
    const QString secret = u"sk-test-51HzQ9pLmNoPqRsTuVwXyZ1234"_s;
    CommandSpec spec {{u"/bin/sh"_s, u"-c"_s, u"echo token=$DEPLOY_TOKEN; echo done"_s}, {},
                      {{u"DEPLOY_TOKEN"_s, secret}}, 10000};
    const CommandResult r = run(spec, {secret});
    QVERIFY(r.succeeded());
    QCOMPARE(r.lines.first(), u"token=••••1234"_s);
    for (const QString &line : r.lines)
        QVERIFY(!line.contains(secret));
}

void TestCommandRunner::passesEnvironmentWithoutShell()
{
    // Arguments are passed verbatim: no shell expands them.
    const CommandResult r = run({{u"/bin/echo"_s, u"$HOME;"_s, u"*"_s}, {}, {}, 10000});
    QVERIFY(r.succeeded());
    QCOMPARE(r.lines, QStringList {u"$HOME; *"_s});
}

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "TestCommandRunner.moc"
