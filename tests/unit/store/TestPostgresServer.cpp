// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#ifdef Q_OS_UNIX
#include <signal.h>
#endif

#ifdef Q_OS_LINUX
#include <cerrno>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

/**
 * The test harness's PostgreSQL: it starts (also as root), listens on 127.0.0.1 only, trusts the
 * superuser there, creates databases, and leaves no server behind when it stops.
 */
class TestPostgresServer : public QObject
{
    Q_OBJECT

private slots:
    void startsOnLoopbackAndStopsCompletely();
    void createsFreshDatabases();
    void twoServersRunSideBySide();
};

namespace {
/** Runs one query on a QPSQL connection to the server; the first column of the first row. */
QVariant scalar(const PostgresServer &server, const QString &database, const QString &sql, QString *error = nullptr)
{
    static int counter = 0;
    const QString name = u"test-pg-%1"_s.arg(++counter);
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(server.host());
        db.setPort(server.port());
        db.setUserName(server.user());
        db.setDatabaseName(database);
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0);
            else if (error)
                *error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

qint64 postmasterPid(const QString &dataDirParent)
{
    QFile file(dataDirParent);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}
} // namespace

void TestPostgresServer::startsOnLoopbackAndStopsCompletely()
{
    PostgresServer server;
    LIFTOFF_REQUIRE_POSTGRES(server);
    QVERIFY(server.isRunning());
    QVERIFY(server.port() > 0);
    QCOMPARE(server.url(), u"postgresql://liftoff@127.0.0.1:%1/liftoff"_s.arg(server.port()));
    QString error;
    QCOMPARE(scalar(server, u"liftoff"_s, u"SHOW listen_addresses"_s, &error).toString(), u"127.0.0.1"_s);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(scalar(server, u"liftoff"_s, u"SELECT current_user"_s).toString(), u"liftoff"_s);
    // Trust for 127.0.0.1 only: pg_hba.conf holds that one rule and nothing else.
    QCOMPARE(scalar(server, u"liftoff"_s, u"SELECT count(*) FROM pg_hba_file_rules"_s).toInt(), 1);
    QCOMPARE(scalar(server, u"liftoff"_s, u"SELECT address FROM pg_hba_file_rules"_s).toString(), u"127.0.0.1"_s);
    const QString dataDir = scalar(server, u"liftoff"_s, u"SHOW data_directory"_s).toString();
    const qint64 pid = postmasterPid(dataDir + u"/postmaster.pid"_s);
    QVERIFY(pid > 0);

    server.stop();
    QVERIFY(!server.isRunning());
    // pg_ctl stop --wait returns after the postmaster is gone (its lock file with it). It was
    // pg_ctl's child, so init reaps it: until then it may linger as a zombie, which runs nothing.
    QVERIFY(!QFile::exists(dataDir + u"/postmaster.pid"_s));
#ifdef Q_OS_LINUX
    // The postmaster removes its lock file on the way out, so pg_ctl may return a moment before the
    // process has exited: wait for the exit itself (a pidfd turns readable when the process
    // terminates, zombie or reaped), bounded.
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
    if (pidfd >= 0) {
        pollfd watched {pidfd, POLLIN, 0};
        const int ready = ::poll(&watched, 1, 10000);
        ::close(pidfd);
        QVERIFY2(ready == 1, "the postmaster still runs 10 s after stop()");
    } else {
        QCOMPARE(errno, ESRCH); // already gone
    }
#endif
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, static_cast<quint16>(server.port()));
    QVERIFY(!socket.waitForConnected(2000));
}

void TestPostgresServer::createsFreshDatabases()
{
    PostgresServer server;
    LIFTOFF_REQUIRE_POSTGRES(server);
    QVERIFY2(server.createDatabase(u"second"_s), qPrintable(server.errorString()));
    QString error;
    QCOMPARE(scalar(server, u"second"_s, u"SELECT current_database()"_s, &error).toString(), u"second"_s);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(scalar(server, u"second"_s, u"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"_s).toInt(), 0);
    QVERIFY(!server.createDatabase(u"second"_s));
    QVERIFY(server.errorString().contains(u"already exists"_s));
}

void TestPostgresServer::twoServersRunSideBySide()
{
    PostgresServer first;
    LIFTOFF_REQUIRE_POSTGRES(first);
    PostgresServer second;
    LIFTOFF_REQUIRE_POSTGRES(second);
    QVERIFY(first.port() != second.port());
    QCOMPARE(scalar(first, u"liftoff"_s, u"SELECT 1"_s).toInt(), 1);
    QCOMPARE(scalar(second, u"liftoff"_s, u"SELECT 1"_s).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestPostgresServer)
#include "TestPostgresServer.moc"
