// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

/**
 * A throwaway PostgreSQL server for one test: initdb into a QTemporaryDir, pg_ctl start on a free
 * port of 127.0.0.1 (socket in the same folder, trust authentication for 127.0.0.1 only, no other
 * entry in pg_hba.conf), a superuser `liftoff`, and `pg_ctl stop -m immediate` in the destructor.
 * Every wait is pg_ctl's own (-w); nothing sleeps.
 *
 * initdb and postgres refuse to run as root, and CI runs as root: then both run as the `postgres`
 * system user that Debian's postgresql package creates (setgroups/setgid/setuid in the child
 * before exec, no shell), and the temporary folder is handed to that user.
 *
 * Tests use LIFTOFF_REQUIRE_POSTGRES(server): it skips with the reason when the binaries are
 * absent, but fails instead when the environment variable CI is set, so CI never silently skips.
 */
class PostgresServer
{
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    /** The folder with initdb, pg_ctl and postgres: LIFTOFF_PG_BINDIR, else Debian's newest /usr/lib/postgresql/N/bin. */
    static QString binDir();
    /** Empty when initdb and pg_ctl are there; else what is missing and which package brings it. */
    static QString unavailableReason();

    /** initdb, configure, start, and create the database `liftoff`; false with errorString(). */
    bool start();
    /** Stops the server now (pg_ctl stop -m immediate); also done by the destructor. */
    void stop();
    bool isRunning() const { return m_running; }

    /** A fresh empty database owned by the superuser; false with errorString(). */
    bool createDatabase(const QString &name);
    /** A fresh database with a name of its own, as a store URL; empty with errorString() on failure. */
    QString createFreshDatabase();

    /** True when LIFTOFF_TEST_STORE_BACKEND=postgresql: the store tests run against PostgreSQL. */
    static bool storeTestsOnPostgres();

    QString host() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    QString user() const { return QStringLiteral("liftoff"); }
    /** postgresql://liftoff@127.0.0.1:PORT/DATABASE (no password: trust authentication). */
    QString url(const QString &database = QStringLiteral("liftoff")) const;
    QString errorString() const { return m_error; }
    /** The server's log, for a failure message. */
    QString log() const;

private:
    struct Command
    {
        int exitCode = -1;
        QString output;
    };
    /** Runs a PostgreSQL binary (as `postgres` when we are root), waiting up to timeoutMs. */
    Command run(const QString &program, const QStringList &args, int timeoutMs);
    bool fail(const QString &message);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    int m_port = 0;
    int m_databases = 0;
    bool m_running = false;
    QString m_error;
    // The uid/gid the binaries run as; -1 when as ourselves.
    int m_uid = -1;
    int m_gid = -1;
};

/**
 * Starts `server` or ends the test: QSKIP when the PostgreSQL binaries are absent (and CI is not
 * set), QFAIL when they are absent under CI or the server does not start.
 */
#define LIFTOFF_REQUIRE_POSTGRES(server)                                                                               \
    do {                                                                                                               \
        const QString liftoffPgMissing = PostgresServer::unavailableReason();                                          \
        if (!liftoffPgMissing.isEmpty()) {                                                                             \
            if (qEnvironmentVariableIsSet("CI"))                                                                       \
                QFAIL(qPrintable(liftoffPgMissing + QStringLiteral("; CI is set, so this is a failure, not a skip"))); \
            QSKIP(qPrintable(liftoffPgMissing + QStringLiteral("; skipping the PostgreSQL backend")));                 \
        }                                                                                                              \
        QVERIFY2((server).start(), qPrintable((server).errorString()));                                                \
    } while (false)
