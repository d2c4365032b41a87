// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "checklist/ChecklistTemplate.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using TestSupport::runLiftoff;

/** Runs the built liftoff binary as a user would, against a real project folder and store. */
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void versionAndHelp();
    void initWritesLoadableConfigAndNeverOverwrites();
    void configErrorsExitTwoWithLocation();
    void deployNewListRelease();
    void deployVersionDefaultsToGitDescribe();
    void statusJsonFollowsTheSchema();
    void statusJunitAndMarkdown();
    void markRules();
    void verdictGoesFromNoGoToGoAndBackOnRelease();
    void corruptDatabaseExitsThreeUntouched();
    void newerSchemaExitsThreeUntouched();
    void lockedDatabaseExitsThree();

private:
    QStringList common() const { return {u"--config"_s, m_config, u"--db"_s, m_db}; }
    void writeConfig(const QByteArray &yaml);
    QJsonObject statusJson();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_db;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(u"liftoff.yaml"_s);
    m_db = m_dir->filePath(u"store/liftoff.sqlite"_s);
    writeConfig("version: 1\nproject: shop-bot\nenvironments:\n  production:\n    url: https://shop.example.test\n"
                "  staging:\n    url: https://staging.shop.example.test\n");
}

void TestCli::writeConfig(const QByteArray &yaml)
{
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(yaml);
}

QJsonObject TestCli::statusJson()
{
    const auto r = runLiftoff(QStringList {u"status"_s, u"--format"_s, u"json"_s} + common());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << r.out << r.err;
    return doc.object();
}

void TestCli::versionAndHelp()
{
    auto r = runLiftoff({u"--version"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("liftoff " LIFTOFF_VERSION));
    r = runLiftoff({u"mark"_s, u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--expires"));
    r = runLiftoff({u"frobnicate"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("unknown command 'frobnicate'"));
}

void TestCli::initWritesLoadableConfigAndNeverOverwrites()
{
    const QString dir = m_dir->filePath(u"fresh-app"_s);
    auto r = runLiftoff({u"init"_s, dir});
    QCOMPARE(r.exitCode, 0);
    const QString written = dir + u"/liftoff.yaml"_s;
    QVERIFY(QFile::exists(written));
    const QByteArray before = TestSupport::readFile(written);
    r = runLiftoff({u"init"_s, dir});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("never overwrites"));
    QCOMPARE(TestSupport::readFile(written), before);
    // What init writes loads: a deployment can be recorded against it straight away.
    r = runLiftoff({u"deploy"_s, u"new"_s, u"--version"_s, u"v0.1.0"_s, u"--config"_s, written, u"--db"_s, m_db});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestCli::configErrorsExitTwoWithLocation()
{
    writeConfig("version: 1\nproject: shop-bot\nenvironments:\n  production:\n    url: https://x.test\n"
                "checks:\n  infra.helth: na\n  infra.health:\n    http: {url: \"{url}/health\", timout: 5s}\n");
    const auto r = runLiftoff(QStringList {u"status"_s} + common());
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(m_config + u":7:3: error:"_s), qPrintable(err));
    QVERIFY2(err.contains(u"infra.health"_s), qPrintable(err));
    QVERIFY2(err.contains(m_config + u":9:"_s), qPrintable(err)); // all errors at once
    QVERIFY2(err.contains(u"timeout"_s), qPrintable(err));
    QVERIFY(!QFile::exists(m_db)); // nothing was created for a broken project
}

void TestCli::deployNewListRelease()
{
    auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--env"_s, u"staging"_s, u"--version"_s, u"v1.2.0"_s,
                                     u"--name"_s, u"stg-1"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--env"_s, u"prodution"_s, u"--version"_s, u"v1"_s} + common());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("did you mean `production`?"));
    r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--env"_s, u"staging"_s, u"--version"_s, u"v1.2.1"_s,
                                u"--name"_s, u"stg-1"_s} + common());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("exists already"));
    r = runLiftoff(QStringList {u"deploy"_s, u"list"_s, u"--format"_s, u"json"_s} + common());
    QCOMPARE(r.exitCode, 0);
    const QJsonArray list = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0)[u"version"_s].toString(), u"v1.2.0"_s);
    QVERIFY(list.at(0)[u"released"_s].isNull());
    r = runLiftoff(QStringList {u"deploy"_s, u"release"_s, u"stg-1"_s} + common());
    QCOMPARE(r.exitCode, 0);
    r = runLiftoff(QStringList {u"deploy"_s, u"release"_s, u"stg-1"_s} + common());
    QCOMPARE(r.exitCode, 2);
    r = runLiftoff(QStringList {u"deploy"_s, u"list"_s} + common());
    QVERIFY(r.out.contains("stg-1"));
    QVERIFY(!r.out.contains("  -\n"));
}

void TestCli::deployVersionDefaultsToGitDescribe()
{
    // A real repository made with the git binary: one commit, tagged.
    const QString repo = m_dir->path();
    auto git = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(repo);
        p.start(u"git"_s, QStringList {u"-c"_s, u"user.name=Test"_s, u"-c"_s, u"user.email=t@example.test"_s} + args);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
    };
    git({u"init"_s, u"-q"_s});
    git({u"add"_s, u"liftoff.yaml"_s});
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"first"_s});
    git({u"tag"_s, u"v2.0.0"_s});
    auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--name"_s, u"p1"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("(production, v2.0.0)"));
    const QJsonObject report = statusJson();
    QCOMPARE(report[u"deployment"_s][u"version"_s].toString(), u"v2.0.0"_s);
    QCOMPARE(report[u"deployment"_s][u"commit"_s].toString().size(), 40);
}

void TestCli::statusJsonFollowsTheSchema()
{
    auto r = runLiftoff(QStringList {u"status"_s} + common());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("no deployment yet"));
    r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1.0.0"_s, u"--name"_s, u"d1"_s} + common());
    QCOMPARE(r.exitCode, 0);
    r = runLiftoff(QStringList {u"status"_s, u"--format"_s, u"json"_s} + common());
    QCOMPARE(r.exitCode, 1); // nothing checked yet: No-Go
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o[u"project"_s].toString(), u"shop-bot"_s);
    QCOMPARE(o[u"verdict"_s].toString(), u"no-go"_s);
    QCOMPARE(o[u"deployment"_s][u"name"_s].toString(), u"d1"_s);
    QCOMPARE(o[u"deployment"_s][u"environment"_s].toString(), u"production"_s);
    const QJsonArray items = o[u"items"_s].toArray();
    QCOMPARE(items.size(), 45);
    const QStringList keys {u"id"_s, u"title"_s, u"phase"_s, u"section"_s, u"level"_s, u"mvp"_s, u"status"_s,
                            u"source"_s, u"checkedAt"_s, u"summary"_s, u"conditions"_s, u"evidence"_s,
                            u"note"_s, u"by"_s, u"waiverExpires"_s};
    for (const QJsonValue &v : items) {
        for (const QString &k : keys)
            QVERIFY2(v.toObject().contains(k), qPrintable(k));
    }
    const QJsonObject health = items.at(ChecklistTemplate::builtIn().ids().indexOf(u"infra.health"_s)).toObject();
    QCOMPARE(health[u"status"_s].toString(), u"pending"_s);
    const QJsonObject evalItem = items.at(ChecklistTemplate::builtIn().ids().indexOf(u"qa.eval-dataset"_s)).toObject();
    QCOMPARE(evalItem[u"status"_s].toString(), u"pending"_s); // the eval kind runs; it has not yet
    const QJsonObject keysItem = items.at(ChecklistTemplate::builtIn().ids().indexOf(u"api.keys-in-env"_s)).toObject();
    QCOMPARE(keysItem[u"status"_s].toString(), u"pending"_s); // the secrets kind runs; it has not yet
    int total = 0;
    const QJsonObject counts = o[u"counts"_s].toObject();
    for (const QString &k : {u"pass"_s, u"warn"_s, u"fail"_s, u"error"_s, u"not-reported"_s, u"pending"_s, u"na"_s,
                             u"waived"_s})
        total += counts[k].toInt();
    QCOMPARE(total, 45);
    QVERIFY(o[u"blocking"_s].toArray().contains(u"api.model-pinned"_s));
    // Post-deployment items show but do not block before release.
    QVERIFY(!o[u"blocking"_s].toArray().contains(u"h24.error-rate"_s));
}

void TestCli::statusJunitAndMarkdown()
{
    QCOMPARE(runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common()).exitCode, 0);
    auto r = runLiftoff(QStringList {u"status"_s, u"--format"_s, u"junit"_s} + common());
    QCOMPARE(r.exitCode, 1);
    QXmlStreamReader xml(r.out);
    int testcases = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"testcase")
            ++testcases;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(testcases, 45);
    r = runLiftoff(QStringList {u"status"_s, u"--format"_s, u"markdown"_s} + common());
    QVERIFY(r.out.contains("**Verdict: No-Go**"));
    QVERIFY(r.out.contains("| pending | `qa.eval-dataset` |"));
    QVERIFY(r.out.contains("| pending | `infra.health` |"));
    r = runLiftoff(QStringList {u"status"_s, u"--format"_s, u"yaml"_s} + common());
    QCOMPARE(r.exitCode, 2);
}

void TestCli::markRules()
{
    QCOMPARE(runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common()).exitCode, 0);
    auto mark = [&](const QStringList &args) { return runLiftoff(QStringList {u"mark"_s} + args + common()); };
    auto r = mark({u"w1.user-feedback"_s, u"--status"_s, u"pass"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("needs a note"));
    r = mark({u"w1.user-feedbak"_s, u"--status"_s, u"pass"_s, u"--note"_s, u"x"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("did you mean `w1.user-feedback`?"));
    r = mark({u"w1.user-feedback"_s, u"--status"_s, u"pass"_s, u"--note"_s, u"read 40 tickets"_s, u"--by"_s, u"ana"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("pending → pass by ana"));
    r = mark({u"sec.red-team-done"_s, u"--status"_s, u"pass"_s, u"--note"_s, u"done"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("needs evidence"));
    r = mark({u"sec.red-team-done"_s, u"--status"_s, u"pass"_s, u"--note"_s, u"report https://tickets.example.test/RT-9"_s});
    QCOMPARE(r.exitCode, 0);
    r = mark({u"cost.rate-limiting"_s, u"--status"_s, u"waived"_s, u"--note"_s, u"limiter ships next week"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("expiry"));
    r = mark({u"cost.rate-limiting"_s, u"--status"_s, u"waived"_s, u"--note"_s, u"limiter ships next week"_s,
              u"--expires"_s, u"2001-01-01"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("not in the future"));
    const QString future = QDate::currentDate().addDays(10).toString(Qt::ISODate);
    r = mark({u"cost.rate-limiting"_s, u"--status"_s, u"waived"_s, u"--note"_s, u"limiter ships next week"_s,
              u"--expires"_s, future});
    QCOMPARE(r.exitCode, 0);
    r = mark({u"rb.migrations-reversible"_s, u"--status"_s, u"na"_s, u"--note"_s, u"no database"_s});
    QCOMPARE(r.exitCode, 0);

    const QJsonObject o = statusJson();
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue &v : o[u"items"_s].toArray())
        byId.insert(v[u"id"_s].toString(), v.toObject());
    QCOMPARE(byId[u"w1.user-feedback"_s][u"status"_s].toString(), u"pass"_s);
    QCOMPARE(byId[u"w1.user-feedback"_s][u"by"_s].toString(), u"ana"_s);
    QCOMPARE(byId[u"w1.user-feedback"_s][u"source"_s].toString(), u"manual"_s);
    QCOMPARE(byId[u"cost.rate-limiting"_s][u"status"_s].toString(), u"waived"_s);
    QVERIFY(byId[u"cost.rate-limiting"_s][u"waiverExpires"_s].toString().startsWith(future));
    QCOMPARE(byId[u"rb.migrations-reversible"_s][u"status"_s].toString(), u"na"_s);
    QCOMPARE(byId[u"sec.red-team-done"_s][u"status"_s].toString(), u"pass"_s);
}

void TestCli::verdictGoesFromNoGoToGoAndBackOnRelease()
{
    QCOMPARE(runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s, u"--name"_s, u"r1"_s} + common())
                 .exitCode,
             0);
    for (const ChecklistItem &item : ChecklistTemplate::builtIn().items()) {
        if (item.phase == Phase::Post)
            continue;
        const auto r = runLiftoff(QStringList {u"mark"_s, item.id, u"--status"_s, u"pass"_s, u"--note"_s,
                                               u"checked by hand, see https://wiki.example.test/release"_s}
                                  + common());
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    auto r = runLiftoff(QStringList {u"status"_s} + common());
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Verdict: Go"));
    QCOMPARE(runLiftoff(QStringList {u"deploy"_s, u"release"_s, u"r1"_s} + common()).exitCode, 0);
    r = runLiftoff(QStringList {u"status"_s} + common());
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("Verdict: No-Go"));
    QVERIFY(r.out.contains("h24.error-rate"));
}

namespace {
QByteArray sha(const QString &path)
{
    return QCryptographicHash::hash(TestSupport::readFile(path), QCryptographicHash::Sha256);
}
} // namespace

void TestCli::corruptDatabaseExitsThreeUntouched()
{
    QDir().mkpath(QFileInfo(m_db).absolutePath());
    QFile file(m_db);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    const QByteArray before = sha(m_db);
    const auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common());
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains("not a Liftoff database"));
    QCOMPARE(sha(m_db), before);
}

void TestCli::newerSchemaExitsThreeUntouched()
{
    QDir().mkpath(QFileInfo(m_db).absolutePath());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"newer"_s);
        db.setDatabaseName(m_db);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE future(x)"_s));
        QVERIFY(q.exec(u"PRAGMA user_version = 99"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"newer"_s);
    const QByteArray before = sha(m_db);
    const auto r = runLiftoff(QStringList {u"status"_s} + common());
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains("schema version 99"));
    QCOMPARE(sha(m_db), before);
}

void TestCli::lockedDatabaseExitsThree()
{
    QCOMPARE(runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common()).exitCode, 0);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"locker"_s);
        db.setDatabaseName(m_db);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"BEGIN EXCLUSIVE"_s));
        const auto r = runLiftoff(QStringList {u"mark"_s, u"w1.user-feedback"_s, u"--status"_s, u"pass"_s,
                                               u"--note"_s, u"ok"_s} + common());
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("locked"), r.err.constData());
        QVERIFY(q.exec(u"ROLLBACK"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"locker"_s);
    const QJsonObject o = statusJson();
    for (const QJsonValue &v : o[u"items"_s].toArray()) {
        if (v[u"id"_s] == u"w1.user-feedback"_s)
            QCOMPARE(v[u"status"_s].toString(), u"pending"_s);
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
