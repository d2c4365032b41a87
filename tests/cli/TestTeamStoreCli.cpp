// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "TestSupport.h"

#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/Store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using TestSupport::runLiftoffServing;

/**
 * The built binary on a team's store, as a CI runner or a second person runs it (no display): the
 * store comes from --db, LIFTOFF_DB or the `store` user setting, a SQLite path or (with
 * LIFTOFF_TEST_STORE_BACKEND=postgresql) a postgresql:// URL of a real server. What the CLI writes,
 * a console open on the same store shows without a reload, and what the console writes, `liftoff
 * status` prints.
 */
class TestTeamStoreCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cliAndConsoleShareOneChecklist();
    void storeComesFromEnvironmentOrUserSettings();
    void badLocationsExitThreeWithoutEchoingAPassword();

private:
    QMap<QString, QString> env() const;
    TestSupport::ProcessResult liftoff(const QStringList &args, const QMap<QString, QString> &extra = {});
    QJsonObject item(const QJsonObject &report, const QString &id) const;

    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_location;
};

void TestTeamStoreCli::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestTeamStoreCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(u"liftoff.yaml"_s);
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Port 1 of the loopback refuses at once: a probe run by `liftoff check` fails fast, and is stored.
    file.write("version: 1\nproject: shop-bot\nenvironments:\n  production:\n    url: http://127.0.0.1:1\n");
    file.close();
    m_location = m_dir->filePath(u"team/liftoff.sqlite"_s);
    if (m_postgres) {
        m_location = m_postgres->createFreshDatabase();
        QVERIFY2(!m_location.isEmpty(), qPrintable(m_postgres->errorString()));
    }
}

void TestTeamStoreCli::cleanup()
{
    m_dir.reset();
}

QMap<QString, QString> TestTeamStoreCli::env() const
{
    // The user's settings live here, not in the home folder of whoever runs the tests.
    return {{u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s)}, {u"USER"_s, u"ci-runner"_s}};
}

TestSupport::ProcessResult TestTeamStoreCli::liftoff(const QStringList &args, const QMap<QString, QString> &extra)
{
    QMap<QString, QString> all = env();
    all.insert(extra);
    return runLiftoffServing(args, all);
}

QJsonObject TestTeamStoreCli::item(const QJsonObject &report, const QString &id) const
{
    for (const QJsonValue &value : report.value(u"items"_s).toArray()) {
        if (value.toObject().value(u"id"_s).toString() == id)
            return value.toObject();
    }
    return {};
}

void TestTeamStoreCli::cliAndConsoleShareOneChecklist()
{
    auto r = liftoff({u"--db"_s, m_location, u"--config"_s, m_config, u"deploy"_s, u"new"_s, u"--env"_s,
                      u"production"_s, u"--version"_s, u"v3.1.0"_s, u"--name"_s, u"prod-3"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // A console on the same store.
    Store store;
    QSignalSpy opened(&store, &Store::opened);
    store.open(m_location);
    QVERIFY(opened.wait(10000));
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), u"shop-bot"_s, m_config, {}, u"alice"_s);
    document.open();
    QTRY_COMPARE_WITH_TIMEOUT(document.currentDeployment().name, u"prod-3"_s, 10000);
    QTRY_VERIFY(!document.isBusy());

    // The CLI ticks (the global options after the subcommand, as CI files write them).
    r = liftoff({u"mark"_s, u"w1.user-feedback"_s, u"--status"_s, u"pass"_s, u"--note"_s, u"read 40 tickets"_s,
                 u"--by"_s, u"carol"_s, u"--db"_s, m_location, u"--config"_s, m_config});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(document.model()->state(u"w1.user-feedback"_s).status, Status::Pass, 10000);
    QCOMPARE(document.model()->state(u"w1.user-feedback"_s).by, u"carol"_s);

    // The console ticks; `liftoff status` prints it, and the same verdict.
    QCOMPARE(document.mark(u"infra.health"_s, {MarkRequest::Action::Fail, u"503 from /health"_s, {}, {}, {}}), QString());
    QTRY_COMPARE(document.model()->state(u"infra.health"_s).status, Status::Fail);
    QTRY_VERIFY(!document.isBusy());
    r = liftoff({u"--db"_s, m_location, u"--config"_s, m_config, u"status"_s, u"--format"_s, u"json"_s});
    QCOMPARE(r.exitCode, 1); // No-Go
    const QJsonObject report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(item(report, u"infra.health"_s).value(u"status"_s).toString(), u"fail"_s);
    QCOMPARE(item(report, u"infra.health"_s).value(u"by"_s).toString(), u"alice"_s);
    QCOMPARE(item(report, u"w1.user-feedback"_s).value(u"by"_s).toString(), u"carol"_s);
    QCOMPARE(report.value(u"verdict"_s).toString(), u"no-go"_s);
    QCOMPARE(document.verdict().kind, VerdictKind::NoGo);

    // `liftoff check` runs a probe and stores its result; the console shows it as it lands.
    const qint64 before = document.model()->state(u"infra.hosting"_s).revision;
    r = liftoff({u"check"_s, u"--only"_s, u"infra.hosting"_s, u"--db"_s, m_location, u"--config"_s, m_config});
    QCOMPARE(r.exitCode, 1);
    QTRY_COMPARE_WITH_TIMEOUT(document.model()->state(u"infra.hosting"_s).source, StatusSource::Probe, 10000);
    const ItemState probed = document.model()->state(u"infra.hosting"_s);
    QVERIFY(probed.revision > before);
    QVERIFY2(probed.status == Status::Fail || probed.status == Status::Error, qPrintable(probed.summary));

    // Who: the CLI's tick carries its OS account (the runner's USER) beside the name given.
    Database database;
    QVERIFY(!database.open(m_location).isError());
    ChecklistRepository repository(database);
    QList<AuditEvent> events;
    QVERIFY(!repository.audit(document.currentDeployment().id, u"w1.user-feedback"_s, &events).isError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().who, u"carol"_s);
    QVERIFY2(events.first().account.startsWith(u"ci-runner@"_s), qPrintable(events.first().account));
    if (m_postgres)
        QCOMPARE(events.first().dbRole, m_postgres->user());
    else
        QCOMPARE(events.first().dbRole, QString());
}

void TestTeamStoreCli::storeComesFromEnvironmentOrUserSettings()
{
    // LIFTOFF_DB names the store when --db does not.
    auto r = liftoff({u"--config"_s, m_config, u"deploy"_s, u"new"_s, u"--env"_s, u"production"_s, u"--version"_s,
                      u"v1"_s, u"--name"_s, u"from-env"_s},
                     {{u"LIFTOFF_DB"_s, m_location}});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // The `store` and `name` keys of the user's settings, when neither is given.
    const QString settingsDir = m_dir->filePath(u"config/Liftoff"_s);
    QVERIFY(QDir().mkpath(settingsDir));
    QFile settings(settingsDir + u"/liftoff.conf"_s);
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write("[General]\nstore=" + m_location.toUtf8() + "\nname=Carol Jones\n");
    settings.close();
    r = liftoff({u"--config"_s, m_config, u"mark"_s, u"w1.user-feedback"_s, u"--status"_s, u"pass"_s, u"--note"_s,
                 u"read them"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = liftoff({u"--config"_s, m_config, u"status"_s, u"--format"_s, u"json"_s});
    const QJsonObject report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(report.value(u"deployment"_s).toObject().value(u"name"_s).toString(), u"from-env"_s);
    QCOMPARE(item(report, u"w1.user-feedback"_s).value(u"by"_s).toString(), u"Carol Jones"_s);
    // Nothing was written to the app data folder's default store instead.
    QVERIFY(!QFile::exists(m_dir->filePath(u"data/Liftoff/liftoff/liftoff.sqlite"_s)));
}

void TestTeamStoreCli::badLocationsExitThreeWithoutEchoingAPassword()
{
    struct Row
    {
        QString location;
        QByteArray says;
    };
    const QList<Row> rows {
        {u"postgresql://rm:hunter2hunter2@127.0.0.1:1/liftoff"_s, "the URL holds a password"},
        {u"postgresql://rm@127.0.0.1:1/liftoff?password=hunter2hunter2"_s, "must be env:NAME or keychain:NAME"},
        {u"postgresql://rm@127.0.0.1:1/liftoff?sslmod=require"_s, "unknown option 'sslmod'"},
        {u"mysql://rm@db/liftoff"_s, "unsupported store 'mysql://'"},
        {u"postgresql://rm@127.0.0.1:1/liftoff"_s, "cannot connect"},
    };
    for (const Row &row : rows) {
        const auto r = liftoff({u"--db"_s, row.location, u"--config"_s, m_config, u"status"_s});
        QVERIFY2(r.exitCode == 3, qPrintable(row.location + u": "_s + QString::fromUtf8(r.err)));
        QVERIFY2(r.err.contains(row.says), r.err.constData());
        QVERIFY2(!r.err.contains("hunter2") && !r.out.contains("hunter2"), r.err.constData());
    }
    // No folder named after a URL appeared anywhere a relative path would have put it.
    QVERIFY(!QFileInfo::exists(u"postgresql:"_s) && !QFileInfo::exists(u"mysql:"_s));
}

QTEST_GUILESS_MAIN(TestTeamStoreCli)
#include "TestTeamStoreCli.moc"
