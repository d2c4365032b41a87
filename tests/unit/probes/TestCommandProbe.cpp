// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/CommandHash.h"
#include "probes/CommandProbe.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** The command probe: name matching as a pure function, then real scripts run through the engine. */
class TestCommandProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void findNames_data();
    void findNames();
    void hashCoversArgvFolderAndEnvNames();
    void scripts_data();
    void scripts();
    void timeoutStopsTheCommand();
    void unapprovedCommandNeverRuns();
    void missingExpectNamesIsAnError();

private:
    QString writeScript(const QString &name, const QByteArray &body);
    ProbeResult run(const QStringList &argv, const QStringList &expected, bool approve = true,
                    const QVariantMap &extra = {});

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
};

namespace {
const QByteArray SECRET_A = "sk-proj-VALUEthatMustNeverBeStored123";
const QByteArray SECRET_B = "postgres://app:hunter2secret@db.internal/app";
} // namespace

void TestCommandProbe::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestCommandProbe::writeScript(const QString &name, const QByteArray &body)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body);
    return path;
}

ProbeResult TestCommandProbe::run(const QStringList &argv, const QStringList &expected, bool approve,
                                  const QVariantMap &extra)
{
    ProbeRequest r;
    r.itemId = u"infra.env-vars"_s;
    r.spec.kind = u"command"_s;
    r.spec.params = {{u"argv"_s, argv}};
    if (!expected.isEmpty())
        r.spec.params.insert(u"expect_names"_s, expected);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        r.spec.params.insert(it.key(), it.value());
    r.deadlineMs = 20000;
    ProbeContext context;
    context.projectDir = m_dir.path();
    if (approve)
        context.approvedCommandHashes.insert(CommandProbe::approvalHash(r.spec, context));
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({r});
    if (spy.isEmpty() && !spy.wait(20000))
        return ProbeResult::error(r.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestCommandProbe::findNames_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("found");

    const QStringList ab {u"OPENAI_API_KEY"_s, u"DATABASE_URL"_s};
    QTest::newRow("json object") << QStringList {u"{\"OPENAI_API_KEY\": \"x\", \"DATABASE_URL\": \"y\"}"_s} << ab << ab;
    QTest::newRow("json pretty") << QStringList {u"{"_s, u"  \"DATABASE_URL\": \"y\""_s, u"}"_s} << ab
                                 << QStringList {u"DATABASE_URL"_s};
    QTest::newRow("json array of names") << QStringList {u"[{\"name\":\"OPENAI_API_KEY\",\"updatedAt\":\"2026\"}]"_s}
                                         << ab << QStringList {u"OPENAI_API_KEY"_s};
    QTest::newRow("json value is not a name") << QStringList {u"{\"NOTE\": \"DATABASE_URL\"}"_s} << ab << QStringList {};
    QTest::newRow("env lines") << QStringList {u"OPENAI_API_KEY=abc"_s, u"export DATABASE_URL = x"_s} << ab << ab;
    QTest::newRow("value after = ignored") << QStringList {u"NOTE=set DATABASE_URL later"_s} << ab << QStringList {};
    QTest::newRow("table") << QStringList {u"NAME            ENVIRONMENTS"_s, u"OPENAI_API_KEY  Production"_s,
                                           u"│ DATABASE_URL │ Preview │"_s}
                           << ab << ab;
    QTest::newRow("quoted tokens") << QStringList {u"set: 'DATABASE_URL', \"OPENAI_API_KEY\""_s} << ab << ab;
    QTest::newRow("whole names only") << QStringList {u"DATABASE_URL_REPLICA=1"_s, u"MY_OPENAI_API_KEY x"_s,
                                                      u"OPENAI_API_KEY2"_s}
                                      << ab << QStringList {};
    QTest::newRow("pipe table") << QStringList {u"| DATABASE_URL | secret |"_s} << ab << QStringList {u"DATABASE_URL"_s};
    QTest::newRow("empty output") << QStringList {} << ab << QStringList {};
}

void TestCommandProbe::findNames()
{
    QFETCH(QStringList, lines);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, found);
    QCOMPARE(CommandProbe::findNames(lines, expected), found);
}

void TestCommandProbe::hashCoversArgvFolderAndEnvNames()
{
    const QString h = CommandHash::of({u"railway"_s, u"variables"_s}, u"/srv/app"_s, {});
    QCOMPARE(h.size(), 64);
    QCOMPARE(CommandHash::of({u"railway"_s, u"variables"_s}, u"/srv/app"_s, {}), h);
    QVERIFY(CommandHash::of({u"railway variables"_s}, u"/srv/app"_s, {}) != h);
    QVERIFY(CommandHash::of({u"railway"_s, u"variables"_s}, u"/srv/other"_s, {}) != h);
    QVERIFY(CommandHash::of({u"railway"_s, u"variables"_s}, u"/srv/app"_s, {u"TOKEN"_s}) != h);
    QCOMPARE(CommandHash::of({u"x"_s}, u"/"_s, {u"B"_s, u"A"_s}), CommandHash::of({u"x"_s}, u"/"_s, {u"A"_s, u"B"_s}));
}

void TestCommandProbe::scripts_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summaryContains");

    QTest::newRow("json listing") << QByteArray("printf '{\"OPENAI_API_KEY\":\"" + SECRET_A + "\",\"DATABASE_URL\":\"" + SECRET_B
                                                + "\"}\\n'\n")
                                  << Status::Pass << u"all 2 expected names listed"_s;
    QTest::newRow("NAME=value lines") << QByteArray("echo 'OPENAI_API_KEY=" + SECRET_A + "'\necho 'DATABASE_URL=" + SECRET_B
                                                    + "'\necho 'UNRELATED=1'\n")
                                      << Status::Pass << u"all 2 expected names listed"_s;
    QTest::newRow("missing name") << QByteArray("echo 'OPENAI_API_KEY=" + SECRET_A + "'\necho 'DATABASE_URL_REPLICA="
                                                + SECRET_B + "'\n")
                                  << Status::Fail << u"missing: DATABASE_URL (1 of 2 listed"_s;
    QTest::newRow("stderr too") << QByteArray("echo 'OPENAI_API_KEY=" + SECRET_A + "' >&2\necho 'DATABASE_URL=x'\n")
                                << Status::Pass << u"all 2"_s;
    QTest::newRow("exit code") << QByteArray("echo 'OPENAI_API_KEY=" + SECRET_A + "'\necho 'not logged in'\nexit 3\n")
                               << Status::Error << u"exited with 3"_s;
}

void TestCommandProbe::scripts()
{
    QFETCH(QByteArray, body);
    QFETCH(Status, expected);
    QFETCH(QString, summaryContains);
    const QString script = writeScript(u"%1.sh"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')), body);
    QVERIFY(!script.isEmpty());
    const ProbeResult r = run({u"/bin/sh"_s, script}, {u"OPENAI_API_KEY"_s, u"DATABASE_URL"_s});
    QVERIFY2(r.summary.contains(summaryContains), qPrintable(r.summary));
    QCOMPARE(r.status, expected);
    const QByteArray stored = QJsonDocument(r.evidence).toJson() + r.summary.toUtf8()
        + QJsonDocument(r.conditions).toJson();
    QVERIFY2(!stored.contains(SECRET_A) && !stored.contains("hunter2"), stored.constData());
    QVERIFY(!stored.contains("not logged in")); // no output line is kept
    if (expected != Status::Error) {
        QVERIFY(r.evidence.contains(u"found"_s));
        QVERIFY(r.evidence.contains(u"missing"_s));
        QCOMPARE(r.evidence.value(u"exitCode"_s).toInt(), 0);
    }
}

void TestCommandProbe::timeoutStopsTheCommand()
{
    const QString marker = m_dir.filePath(u"after-sleep"_s);
    const QString script = writeScript(u"slow.sh"_s, "sleep 30\ntouch '" + marker.toUtf8() + "'\n");
    const ProbeResult r = run({u"/bin/sh"_s, script}, {u"A"_s}, true, {{u"timeout"_s, 300}});
    QCOMPARE(r.status, Status::Error);
    QVERIFY2(r.summary.contains(u"timed out after 300 ms"_s), qPrintable(r.summary));
    QVERIFY(!QFile::exists(marker));
}

void TestCommandProbe::unapprovedCommandNeverRuns()
{
    const QString marker = m_dir.filePath(u"ran"_s);
    const QString script = writeScript(u"unapproved.sh"_s, "touch '" + marker.toUtf8() + "'\necho A=1\n");
    const ProbeResult r = run({u"/bin/sh"_s, script}, {u"A"_s}, false);
    QCOMPARE(r.status, Status::Error);
    QCOMPARE(r.summary, u"command not approved: run `liftoff check --approve` or approve it in the GUI"_s);
    QCOMPARE(r.evidence.value(u"hash"_s).toString().size(), 64);
    QVERIFY(!QFile::exists(marker));
}

void TestCommandProbe::missingExpectNamesIsAnError()
{
    const ProbeResult r = run({u"/bin/true"_s}, {});
    QCOMPARE(r.status, Status::Error);
    QVERIFY2(r.summary.contains(u"expect_names"_s), qPrintable(r.summary));
}

QTEST_GUILESS_MAIN(TestCommandProbe)
#include "TestCommandProbe.moc"
