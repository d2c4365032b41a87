// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<quint64> s_connectionCounter;

constexpr int INITDB_TIMEOUT_MS = 60000;
constexpr int PG_CTL_TIMEOUT_S = 30;
constexpr int START_ATTEMPTS = 5;

/** A port that was free on 127.0.0.1 a moment ago (the server's bind still may lose a race: start() retries). */
int freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool appendFile(const QString &path, const QByteArray &text, bool truncate = false)
{
    QFile file(path);
    const QIODevice::OpenMode mode = QIODevice::WriteOnly | (truncate ? QIODevice::Truncate : QIODevice::Append);
    return file.open(mode) && file.write(text) == text.size();
}

QString quoteConf(const QString &value)
{
    QString quoted = value;
    quoted.replace(u"'"_s, u"''"_s);
    return u"'"_s + quoted + u"'"_s;
}
} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    stop();
}

QString PostgresServer::binDir()
{
    const QString fromEnv = qEnvironmentVariable("LIFTOFF_PG_BINDIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // Debian keeps the server binaries out of PATH, one folder per major version.
    QDir versions(u"/usr/lib/postgresql"_s);
    const QStringList found = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    int best = -1;
    for (const QString &name : found) {
        bool ok = false;
        const int major = name.toInt(&ok);
        if (ok && major > best && QFileInfo::exists(versions.filePath(name + u"/bin/initdb"_s)))
            best = major;
    }
    return best < 0 ? QString() : versions.filePath(QString::number(best) + u"/bin"_s);
}

QString PostgresServer::unavailableReason()
{
    const QString dir = binDir();
    if (dir.isEmpty())
        return u"no PostgreSQL server binaries in /usr/lib/postgresql/N/bin (install the postgresql package: "
               u"installer/deps-debian.sh) and LIFTOFF_PG_BINDIR is not set"_s;
    for (const QString &tool : {u"initdb"_s, u"pg_ctl"_s, u"postgres"_s}) {
        const QFileInfo info(dir + u'/' + tool);
        if (!info.isFile() || !info.isExecutable())
            return u"%1 has no executable %2 (install the postgresql package: installer/deps-debian.sh)"_s.arg(dir, tool);
    }
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return u"the Qt PostgreSQL driver QPSQL is missing (install libqt6sql6-psql: installer/deps-debian.sh)"_s;
    return {};
}

QString PostgresServer::url(const QString &database) const
{
    return u"postgresql://%1@%2:%3/%4"_s.arg(user(), host()).arg(m_port).arg(database);
}

QString PostgresServer::log() const
{
    if (!m_dir)
        return {};
    QFile file(m_dir->filePath(u"server.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll().right(4000));
}

bool PostgresServer::fail(const QString &message)
{
    m_error = message;
    return false;
}

PostgresServer::Command PostgresServer::run(const QString &program, const QStringList &args, int timeoutMs)
{
    QProcess process;
    process.setProgram(binDir() + u'/' + program);
    process.setArguments(args);
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // A test environment's PG* variables must not point the tools at another server.
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PG"_s))
            env.remove(key);
    }
    env.insert(u"LC_ALL"_s, u"C"_s);
    env.insert(u"TZ"_s, u"UTC"_s);
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_dir->path());
#ifdef Q_OS_UNIX
    const int uid = m_uid;
    const int gid = m_gid;
    process.setChildProcessModifier([uid, gid] {
        // Between fork and exec: only async-signal-safe calls. pg_ctl leaves the postmaster running
        // after it returns; it must not inherit our descriptors (a build lock, a test server's socket).
#ifdef Q_OS_LINUX
        if (close_range(3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
#endif
        {
            for (int fd = 3; fd < 1024; ++fd)
                fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        if (uid >= 0) {
            // initdb and postgres refuse root: become the postgres user, groups first.
            if (setgroups(0, nullptr) != 0 || setgid(static_cast<gid_t>(gid)) != 0
                || setuid(static_cast<uid_t>(uid)) != 0)
                _exit(126);
        }
    });
#endif
    Command result;
    process.start();
    if (!process.waitForStarted(timeoutMs)) {
        result.output = u"cannot start %1: %2"_s.arg(process.program(), process.errorString());
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.output = u"%1 did not finish within %2 ms"_s.arg(program).arg(timeoutMs);
        return result;
    }
    result.output = QString::fromLocal8Bit(process.readAll());
    if (process.exitStatus() != QProcess::NormalExit)
        result.output += u"\n%1 crashed"_s.arg(program);
    else if (process.exitCode() == 126 && m_uid >= 0)
        result.output += u"\ncould not switch to the postgres user for %1"_s.arg(program);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

bool PostgresServer::start()
{
    if (m_running)
        return true;
    if (const QString missing = unavailableReason(); !missing.isEmpty())
        return fail(missing);
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid())
        return fail(u"cannot create a temporary folder: %1"_s.arg(m_dir->errorString()));
    const QString root = m_dir->path();
    m_dataDir = root + u"/data"_s;
    const QString socketDir = root + u"/socket"_s;
    if (!QDir().mkpath(socketDir))
        return fail(u"cannot create %1"_s.arg(socketDir));

#ifdef Q_OS_UNIX
    if (geteuid() == 0) {
        const passwd *pw = getpwnam("postgres");
        if (!pw)
            return fail(u"running as root, and there is no `postgres` user to run initdb as (the postgresql "
                        u"package creates it: installer/deps-debian.sh)"_s);
        m_uid = static_cast<int>(pw->pw_uid);
        m_gid = static_cast<int>(pw->pw_gid);
        // The folder becomes the postgres user's; root keeps access and QTemporaryDir still removes it.
        for (const QString &path : {root, socketDir}) {
            if (chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
                return fail(u"cannot hand %1 to the postgres user"_s.arg(path));
        }
        // Every folder above must let that user through (QTemporaryDir's parent normally does).
        for (QDir up(root); up.cdUp();) {
            if (!(QFileInfo(up.path()).permissions() & QFileDevice::ExeOther))
                return fail(u"the postgres user cannot enter %1 (set TMPDIR to a folder it can reach)"_s.arg(up.path()));
            if (up.isRoot())
                break;
        }
    }
#endif

    const Command init = run(u"initdb"_s,
                             {u"--pgdata"_s, m_dataDir, u"--username"_s, user(), u"--auth"_s, u"trust"_s,
                              u"--encoding"_s, u"UTF8"_s, u"--locale"_s, u"C"_s, u"--no-sync"_s,
                              u"--no-instructions"_s},
                             INITDB_TIMEOUT_MS);
    if (init.exitCode != 0)
        return fail(u"initdb failed (exit %1): %2"_s.arg(init.exitCode).arg(init.output.right(2000)));
    // Only TCP from 127.0.0.1, trusted; no socket or other host entries at all.
    if (!appendFile(m_dataDir + u"/pg_hba.conf"_s, "host all all 127.0.0.1/32 trust\n", true))
        return fail(u"cannot write pg_hba.conf"_s);

    for (int attempt = 0; attempt < START_ATTEMPTS; ++attempt) {
        m_port = freePort();
        if (m_port == 0)
            return fail(u"no free port on 127.0.0.1"_s);
        // Later settings win: each attempt appends its port. Durability is not under test here.
        const QByteArray conf = u"\nlisten_addresses = '127.0.0.1'\nport = %1\nunix_socket_directories = %2\n"
                                u"fsync = off\nfull_page_writes = off\nshared_buffers = 16MB\nmax_connections = 40\n"_s
                                    .arg(m_port)
                                    .arg(quoteConf(socketDir))
                                    .toUtf8();
        if (!appendFile(m_dataDir + u"/postgresql.conf"_s, conf))
            return fail(u"cannot write postgresql.conf"_s);
        const Command started = run(u"pg_ctl"_s,
                                    {u"start"_s, u"--pgdata"_s, m_dataDir, u"--wait"_s, u"--timeout"_s,
                                     QString::number(PG_CTL_TIMEOUT_S), u"--log"_s, root + u"/server.log"_s},
                                    (PG_CTL_TIMEOUT_S + 10) * 1000);
        if (started.exitCode == 0) {
            m_running = true;
            break;
        }
        // A port taken between freePort() and the bind is the one failure worth another try.
        if (!log().contains(u"could not bind"_s) && !log().contains(u"could not create any TCP/IP sockets"_s))
            return fail(u"pg_ctl start failed (exit %1): %2\nserver log:\n%3"_s.arg(started.exitCode)
                            .arg(started.output.right(2000), log()));
    }
    if (!m_running)
        return fail(u"pg_ctl start found no free port after %1 attempts:\n%2"_s.arg(START_ATTEMPTS).arg(log()));
    return createDatabase(u"liftoff"_s);
}

bool PostgresServer::createDatabase(const QString &name)
{
    if (!m_running)
        return fail(u"the PostgreSQL server is not running"_s);
    const QString connectionName = u"test-pg-admin-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
        db.setHostName(host());
        db.setPort(m_port);
        db.setUserName(user());
        db.setDatabaseName(u"postgres"_s);
        if (!db.open()) {
            m_error = u"cannot connect to the test server: %1"_s.arg(db.lastError().text());
        } else {
            QSqlQuery q(db);
            // An identifier cannot be bound: quote it, doubling quotes inside.
            QString quoted = name;
            quoted.replace(u"\""_s, u"\"\""_s);
            ok = q.exec(u"CREATE DATABASE \"%1\" TEMPLATE template0"_s.arg(quoted));
            if (!ok)
                m_error = u"cannot create the database %1: %2"_s.arg(name, q.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}

QString PostgresServer::createFreshDatabase()
{
    const QString name = u"store_%1"_s.arg(++m_databases);
    return createDatabase(name) ? url(name) : QString();
}

bool PostgresServer::storeTestsOnPostgres()
{
    return qEnvironmentVariable("LIFTOFF_TEST_STORE_BACKEND").compare(u"postgresql"_s, Qt::CaseInsensitive) == 0;
}

void PostgresServer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    const Command stopped = run(u"pg_ctl"_s,
                                {u"stop"_s, u"--pgdata"_s, m_dataDir, u"--mode"_s, u"immediate"_s, u"--wait"_s,
                                 u"--timeout"_s, QString::number(PG_CTL_TIMEOUT_S)},
                                (PG_CTL_TIMEOUT_S + 10) * 1000);
    if (stopped.exitCode == 0)
        return;
    qWarning("PostgresServer: pg_ctl stop failed: %s", qPrintable(stopped.output));
#ifdef Q_OS_UNIX
    // Never leave a server behind: SIGQUIT is the postmaster's immediate shutdown.
    QFile pidFile(m_dataDir + u"/postmaster.pid"_s);
    if (pidFile.open(QIODevice::ReadOnly)) {
        const qint64 pid = pidFile.readLine().trimmed().toLongLong();
        if (pid > 0)
            ::kill(static_cast<pid_t>(pid), SIGQUIT);
    }
#endif
}
