// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
constexpr auto NAME = "LIFTOFF_TEST_BEARER";
/** What the tests allow a failing keychain command: the 3 s bound plus process start and exit. */
constexpr qint64 FAIL_FAST_MS = 2000;
constexpr qint64 BOUNDED_MS = 3000 + 2500;
} // namespace

/**
 * `liftoff secret set|list|delete` against a real Secret Service (GNOME Keyring on a private bus:
 * tests/cli/with-secret-service.sh), and a `keychain:NAME` header reaching the demo service through
 * `liftoff check`, the value nowhere but in the keychain. Without a Secret Service, or with one
 * that never answers, every command answers within the bound, in one line, pointing at `env:`.
 */
class TestSecretCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void missingEntrySaysHowToStoreIt();
    void setIsUsedByAProbeAndDeleteRemovesIt();
    void valueGivenAsArgumentIsRefusedUnechoed();
    void emptyStdinIsAUsageError();
    void noSessionBusFailsFastInOneLine();
    void silentSecretServiceIsBounded();

private:
    TestSupport::ProcessResult liftoff(const QStringList &args, const QMap<QString, QString> &env = {},
                                       const QByteArray &stdinData = {});
    QJsonObject dashboardItem(const QMap<QString, QString> &env = {});
    /** Every byte the commands of this test printed, to check no value leaked. */
    void remember(const TestSupport::ProcessResult &r) { m_printed += r.out + r.err; }

    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    QString m_token;
    QString m_config;
    QString m_db;
    QByteArray m_printed;
};

void TestSecretCli::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("LIFTOFF_TEST_SECRET_SERVICE") == u"gnome-keyring",
             "run through tests/cli/with-secret-service.sh: it starts the private Secret Service");
    QVERIFY(m_dir.isValid());
    m_token = u"sk-kc-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DemoServiceOptions options;
    options.adminToken = m_token;
    options.slowDelayMs = 100;
    m_service = std::make_unique<DemoService>(options);
    QVERIFY2(m_service->start(0), qPrintable(m_service->errorString()));
    QCOMPARE(DemoProject::write(m_dir.path(), m_service->baseUrl(), QStringLiteral(LIFTOFF_BINARY)), QString());
    m_config = m_dir.filePath(u"liftoff.yaml"_s);
    m_db = m_dir.filePath(u"liftoff.sqlite"_s);
    // mon.dashboard sends `Authorization: env:LIFTOFF_DEMO_BEARER`; read it from the keychain instead.
    QString yaml = QString::fromUtf8(TestSupport::readFile(m_config));
    QCOMPARE(yaml.count(u"env:LIFTOFF_DEMO_BEARER"_s), 1);
    yaml.replace(u"env:LIFTOFF_DEMO_BEARER"_s, u"keychain:"_s + QLatin1StringView(NAME));
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(yaml.toUtf8());
    file.close();
    const auto r = liftoff({u"deploy"_s, u"new"_s, u"--config"_s, m_config, u"--db"_s, m_db});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

TestSupport::ProcessResult TestSecretCli::liftoff(const QStringList &args, const QMap<QString, QString> &env,
                                                  const QByteArray &stdinData)
{
    // Serving: the demo service in this process answers the child.
    TestSupport::ProcessResult result = TestSupport::runLiftoffServing(args, env, 60000, stdinData);
    remember(result);
    return result;
}

QJsonObject TestSecretCli::dashboardItem(const QMap<QString, QString> &env)
{
    const auto r = liftoff({u"check"_s, u"--only"_s, u"mon.dashboard"_s, u"--format"_s, u"json"_s, u"--config"_s,
                            m_config, u"--db"_s, m_db},
                           env);
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object()[u"items"_s].toArray()) {
        if (v[u"id"_s].toString() == u"mon.dashboard")
            return v.toObject();
    }
    qWarning("no mon.dashboard in: %s %s", r.out.constData(), r.err.constData());
    return {};
}

void TestSecretCli::missingEntrySaysHowToStoreIt()
{
    const QJsonObject item = dashboardItem();
    QVERIFY(item[u"status"_s].toString() != u"pass");
    const QString summary = item[u"summary"_s].toString();
    QVERIFY2(summary.contains(u"keychain:LIFTOFF_TEST_BEARER"_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"liftoff secret set LIFTOFF_TEST_BEARER"_s), qPrintable(summary));
}

void TestSecretCli::setIsUsedByAProbeAndDeleteRemovesIt()
{
    const QString name = QLatin1StringView(NAME);
    const QByteArray value = "Bearer " + m_token.toUtf8();
    auto r = liftoff({u"secret"_s, u"set"_s, name}, {}, value + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("stored keychain:LIFTOFF_TEST_BEARER"));

    r = liftoff({u"secret"_s, u"list"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.split('\n').contains(name.toUtf8()));

    // Where it lives: service "liftoff", key NAME, as the README says (libsecret: server, user).
    QProcess lookup;
    lookup.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, u"liftoff"_s, u"user"_s, name});
    QVERIFY(lookup.waitForFinished(10000));
    QCOMPARE(lookup.readAllStandardOutput(), value); // the trailing newline of the pipe is not part of it

    const QJsonObject passed = dashboardItem();
    QCOMPARE(passed[u"status"_s].toString(), u"pass"_s);

    r = liftoff({u"secret"_s, u"delete"_s, name});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = liftoff({u"secret"_s, u"list"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains(name.toUtf8()));
    QProcess gone;
    gone.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, u"liftoff"_s, u"user"_s, name});
    QVERIFY(gone.waitForFinished(10000));
    QVERIFY(gone.readAllStandardOutput().isEmpty());
    QVERIFY(dashboardItem()[u"status"_s].toString() != u"pass");
    r = liftoff({u"secret"_s, u"delete"_s, name});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("no such entry"));

    // The value appears in no output and in no file of the store (the database, its WAL).
    const QByteArray token = m_token.toUtf8();
    QVERIFY(!m_printed.contains(token));
    QVERIFY(!m_printed.contains(token.right(8)));
    QDirIterator files(m_dir.path(), QDir::Files, QDirIterator::Subdirectories);
    int storeFiles = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(u"liftoff.sqlite"_s))
            ++storeFiles;
        QVERIFY2(!TestSupport::readFile(path).contains(token), qPrintable(path));
    }
    QVERIFY(storeFiles >= 1);
}

void TestSecretCli::valueGivenAsArgumentIsRefusedUnechoed()
{
    const auto r = liftoff({u"secret"_s, u"set"_s, u"OTHER"_s, u"sk-pasted-by-mistake-1234"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.contains("sk-pasted"));
    QVERIFY(!r.err.contains("1234"));
    QVERIFY(r.err.contains("stdin"));
}

void TestSecretCli::emptyStdinIsAUsageError()
{
    const auto r = liftoff({u"secret"_s, u"set"_s, u"OTHER"_s}, {}, "\n");
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("no value"));
    QVERIFY(!liftoff({u"secret"_s, u"list"_s}).out.contains("OTHER"));
}

void TestSecretCli::noSessionBusFailsFastInOneLine()
{
    const QMap<QString, QString> env {
        {u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + m_dir.filePath(u"no-such-bus"_s)}};
    QElapsedTimer timer;
    timer.start();
    auto r = liftoff({u"secret"_s, u"list"_s}, env);
    const qint64 listMs = timer.elapsed();
    QCOMPARE(r.exitCode, 5);
    qInfo("secret list with no session bus: exit 5 after %lld ms", listMs);
    QVERIFY2(listMs < FAIL_FAST_MS, qPrintable(QString::number(listMs)));
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("not available") && r.err.contains("env:"), r.err.constData());

    r = liftoff({u"secret"_s, u"set"_s, u"OTHER"_s}, env, "sk-never-stored-5678");
    QCOMPARE(r.exitCode, 5);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(r.err.contains("env:OTHER"));
    QVERIFY(!r.err.contains("5678"));

    const QString summary = dashboardItem(env)[u"summary"_s].toString();
    QVERIFY2(summary.contains(u"env:LIFTOFF_TEST_BEARER"_s), qPrintable(summary));
}

void TestSecretCli::silentSecretServiceIsBounded()
{
    // A bus of its own whose org.freedesktop.secrets takes every call and never answers.
    QProcess bus;
    bus.start(u"dbus-daemon"_s, {u"--session"_s, u"--nofork"_s, u"--print-address=1"_s});
    QVERIFY(bus.waitForStarted(10000));
    QVERIFY(bus.waitForReadyRead(10000));
    const QString address = QString::fromUtf8(bus.readLine()).trimmed();
    QVERIFY(address.startsWith(u"unix:"_s));
    QProcess silent;
    QProcessEnvironment silentEnv = QProcessEnvironment::systemEnvironment();
    silentEnv.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, address);
    silent.setProcessEnvironment(silentEnv);
    silent.start(QStringLiteral(LIFTOFF_HUNG_SECRET_SERVICE));
    QVERIFY(silent.waitForStarted(10000));
    QVERIFY(silent.waitForReadyRead(10000));
    QCOMPARE(silent.readLine().trimmed(), QByteArray("ready"));

    const QMap<QString, QString> env {{u"DBUS_SESSION_BUS_ADDRESS"_s, address}};
    QElapsedTimer timer;
    timer.start();
    auto r = liftoff({u"secret"_s, u"list"_s}, env);
    const qint64 listMs = timer.elapsed();
    QCOMPARE(r.exitCode, 5);
    qInfo("secret list with a silent Secret Service: exit 5 after %lld ms", listMs);
    QVERIFY2(listMs < BOUNDED_MS, qPrintable(QString::number(listMs)));
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("did not answer within 3000 ms") && r.err.contains("env:"), r.err.constData());

    // A check stays bounded too, and says the same in the item's summary.
    timer.restart();
    const QString summary = dashboardItem(env)[u"summary"_s].toString();
    qInfo("check --only mon.dashboard with a silent Secret Service: %lld ms", timer.elapsed());
    QVERIFY2(timer.elapsed() < BOUNDED_MS + 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(summary.contains(u"did not answer"_s) && summary.contains(u"env:LIFTOFF_TEST_BEARER"_s),
             qPrintable(summary));

    silent.kill();
    silent.waitForFinished();
    bus.kill();
    bus.waitForFinished();
}

QTEST_GUILESS_MAIN(TestSecretCli)
#include "TestSecretCli.moc"
