// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "SqlConnection.h"
#include "TestSupport.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/StoreLocation.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * `liftoff store copy` as a person runs it, the built binary with no display and no liftoff.yaml:
 * a SQLite file to a throwaway PostgreSQL and back (exit 0, a line per table, the verified total),
 * a second copy onto the now full target (exit 3, nothing written), and the usage errors (exit 2)
 * that must create no file and never repeat a password.
 */
class TestStoreCopyCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void copiesToPostgresAndBack();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void storeErrorsExitThree();
    void helpNamesBothOptions();

private:
    QString file(const QString &name) const { return m_dir->filePath(name); }
    TestSupport::ProcessResult liftoff(const QStringList &args) const
    {
        return TestSupport::runLiftoff(args, m_dir->path(), {}, 120000);
    }
    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
/** A store with one project, one deployment and two ticks; returns its audit row count. */
qint64 seed(const QString &path)
{
    Database db;
    if (StoreError e = db.open(path); e.isError())
        qFatal("%s", qPrintable(e.message));
    ChecklistRepository checklist(db);
    qint64 projectId = 0;
    DeploymentRecord deployment {0, 0, u"prod-1"_s, u"production"_s, u"v1.0.0"_s, u"9fceb02"_s,
                                 QDateTime::currentDateTimeUtc(), {}};
    bool ok = !checklist.ensureProject(u"support-bot"_s, u"/srv/liftoff.yaml"_s, &projectId).isError();
    deployment.projectId = projectId;
    ok = ok && !checklist.createDeployment(&deployment, u"ana"_s).isError();
    for (const QString &item : {u"infra.tls"_s, u"infra.health"_s}) {
        ItemChange change;
        change.deploymentId = deployment.id;
        change.state.itemId = item;
        change.state.status = Status::Pass;
        change.state.source = StatusSource::Manual;
        change.state.by = u"ana"_s;
        change.kind = u"tick"_s;
        change.who = u"ana"_s;
        change.note = u"checked by hand"_s;
        AuditEvent event;
        ok = ok && !checklist.applyChange(change, &event).isError();
    }
    qint64 count = 0;
    ok = ok && !checklist.auditCount(&count).isError();
    if (!ok)
        qFatal("seeding %s failed", qPrintable(path));
    return count;
}

QStringList lines(const QByteArray &output)
{
    return QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts);
}
} // namespace

void TestStoreCopyCli::initTestCase()
{
    m_postgres = std::make_unique<PostgresServer>();
    LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
}

void TestStoreCopyCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStoreCopyCli::cleanup()
{
    m_dir.reset();
}

void TestStoreCopyCli::copiesToPostgresAndBack()
{
    const QString source = file(u"liftoff.sqlite"_s);
    const qint64 auditRows = seed(source);
    const QString url = m_postgres->createFreshDatabase();
    QVERIFY2(!url.isEmpty(), qPrintable(m_postgres->errorString()));

    auto r = liftoff({u"store"_s, u"copy"_s, u"--from"_s, source, u"--to"_s, url});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QStringList out = lines(r.out);
    const QStringList tables = Database::tableNames();
    QCOMPARE(out.size(), tables.size() + 1);
    QVERIFY2(out.contains(u"projects: 1 row"_s), r.out.constData());
    QVERIFY2(out.contains(u"deployments: 1 row"_s), r.out.constData());
    QVERIFY2(out.contains(u"item_states: 2 rows"_s), r.out.constData());
    QVERIFY2(out.contains(u"audit: %1 rows"_s.arg(auditRows)), r.out.constData());
    QVERIFY2(out.contains(u"cost_marks: 0 rows"_s), r.out.constData());
    const qint64 total = 1 + 1 + 2 + auditRows;
    QCOMPARE(out.constLast(), u"copied %1 rows in %2 tables from %3 to %4; counts verified"_s.arg(total).arg(tables.size()).arg(
                                  source, url));
    {
        SqlConnection raw(StoreLocation::parse(url, nullptr).value());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong(), auditRows);
        QCOMPARE(raw.scalar(u"SELECT max(id) FROM audit WHERE note = 'checked by hand'"_s).toLongLong(), auditRows);
    }

    // The target now holds rows: a second copy is refused and writes nothing.
    r = liftoff({u"store"_s, u"copy"_s, u"--from"_s, source, u"--to"_s, url});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(r.err.contains(QByteArray(url.toUtf8() + " already holds 1 deployment (")), r.err.constData());
    QVERIFY2(r.err.contains("copy into an empty store"), r.err.constData());
    {
        SqlConnection raw(StoreLocation::parse(url, nullptr).value());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong(), auditRows);
    }

    // Back to a new file in a folder that does not exist yet.
    const QString back = file(u"restored/liftoff.sqlite"_s);
    r = liftoff({u"--db"_s, file(u"ignored.sqlite"_s), u"store"_s, u"copy"_s, u"--from"_s, url, u"--to"_s, back});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(lines(r.out).constLast().endsWith(u"from %1 to %2; counts verified"_s.arg(url, back)), r.out.constData());
    QVERIFY(!QFileInfo::exists(file(u"ignored.sqlite"_s)));
    SqlConnection raw(back);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong(), auditRows);
    QCOMPARE(raw.scalar(u"SELECT name FROM deployments"_s).toString(), u"prod-1"_s);
}

void TestStoreCopyCli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no subcommand") << QStringList {u"store"_s} << u"liftoff store: which one? copy"_s;
    QTest::newRow("unknown subcommand") << QStringList {u"store"_s, u"move"_s} << u"unknown subcommand 'move'"_s;
    QTest::newRow("no --to") << QStringList {u"store"_s, u"copy"_s, u"--from"_s, u"a.sqlite"_s}
                             << u"liftoff store copy: give --to DB"_s;
    QTest::newRow("no --from") << QStringList {u"store"_s, u"copy"_s, u"--to"_s, u"b.sqlite"_s}
                               << u"liftoff store copy: give --from DB"_s;
    QTest::newRow("stray word") << QStringList {u"store"_s, u"copy"_s, u"--from"_s, u"a.sqlite"_s, u"--to"_s,
                                                u"b.sqlite"_s, u"c.sqlite"_s}
                                << u"unexpected argument 'c.sqlite'"_s;
    QTest::newRow("same store") << QStringList {u"store"_s, u"copy"_s, u"--from"_s, u"a.sqlite"_s, u"--to"_s, u"./a.sqlite"_s}
                                << u"--from and --to are the same store"_s;
    QTest::newRow("password in the URL")
        << QStringList {u"store"_s, u"copy"_s, u"--from"_s, u"a.sqlite"_s, u"--to"_s,
                        u"postgresql://ana:hunter2-secret@db.example/liftoff"_s}
        << u"liftoff store copy: --to: "_s;
    QTest::newRow("not a store URL") << QStringList {u"store"_s, u"copy"_s, u"--from"_s, u"mysql://db/x"_s, u"--to"_s, u"b.sqlite"_s}
                                     << u"unsupported store 'mysql://'"_s;
}

void TestStoreCopyCli::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto r = liftoff(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY2(r.err.contains("liftoff store copy --from DB --to DB"), r.err.constData()); // the usage line
    QVERIFY2(!r.err.contains("hunter2"), r.err.constData());
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestStoreCopyCli::storeErrorsExitThree()
{
    // A missing source is not created.
    auto r = liftoff({u"store"_s, u"copy"_s, u"--from"_s, file(u"nope.sqlite"_s), u"--to"_s, file(u"b.sqlite"_s)});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("nope.sqlite: no such store file"), r.err.constData());
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());

    // A server that is not there.
    const QString source = file(u"liftoff.sqlite"_s);
    seed(source);
    r = liftoff({u"store"_s, u"copy"_s, u"--from"_s, source, u"--to"_s, u"postgresql://liftoff@127.0.0.1:1/liftoff"_s});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("postgresql://liftoff@127.0.0.1:1/liftoff: cannot connect"), r.err.constData());

    // A file that is not a store.
    QFile junk(file(u"notes.txt"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a database at all, just some notes\n");
    junk.close();
    r = liftoff({u"store"_s, u"copy"_s, u"--from"_s, file(u"notes.txt"_s), u"--to"_s, file(u"b.sqlite"_s)});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("not a Liftoff database"), r.err.constData());
    QVERIFY(!QFileInfo::exists(file(u"b.sqlite"_s)));
}

void TestStoreCopyCli::helpNamesBothOptions()
{
    for (const QStringList &args : {QStringList {u"store"_s, u"copy"_s, u"--help"_s}, QStringList {u"help"_s, u"store"_s}}) {
        const auto r = liftoff(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("Usage: liftoff store copy --from DB --to DB\n"), r.out.constData());
    }
    const auto r = liftoff({u"--help"_s});
    QVERIFY2(r.out.contains("  store copy --from --to "), r.out.constData());
}

QTEST_GUILESS_MAIN(TestStoreCopyCli)
#include "TestStoreCopyCli.moc"
