// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/SqlDialect.h"
#include "store/StoreError.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

class StoreLocation;

/**
 * One store connection (a SQLite file, or a PostgreSQL database through QPSQL), opened on the
 * calling thread under its own name, checked and migrated from the one schema list. A file that is
 * not a database, a database from a newer schema, read-only or locked is refused with a StoreError
 * before anything is written to it.
 */
class Database
{
public:
    static constexpr int SCHEMA_VERSION = 9;
    /** PostgreSQL: how long a connection attempt may take when the URL gives no connect_timeout. */
    static constexpr int DEFAULT_CONNECT_TIMEOUT_S = 10;

    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /** Opens the SQLite file (creating when missing) and migrates. busyTimeoutMs bounds the wait for a lock. */
    StoreError open(const QString &path, int busyTimeoutMs = 3000);
    /**
     * Opens a SQLite file or a PostgreSQL database and migrates. For PostgreSQL the password is the
     * location's reference resolved now (or libpq's PGPASSFILE/service file), busyTimeoutMs becomes
     * lock_timeout, and the connection timeout is libpq's (connect_timeout in the URL).
     */
    StoreError open(const StoreLocation &location, int busyTimeoutMs = 3000);
    void close();
    bool isOpen() const { return !m_connectionName.isEmpty(); }
    /** An Io error that says to open the database first, when it is not open; else none. */
    StoreError ensureOpen() const;

    QSqlDatabase connection() const;
    /** The SQLite file, or the PostgreSQL URL as shown in messages (it never holds a password). */
    QString path() const { return m_path; }
    SqlDialect dialect() const { return SqlDialect(m_kind); }

    /**
     * Classifies a driver error into a StoreError with a message that says what to do. A
     * five-character code is a PostgreSQL SQLSTATE; SQLite's result codes have at most four digits.
     */
    static StoreError classify(const QSqlError &error, const QString &path, const QString &what);
    /** The key of the user's settings (~/.config/Liftoff/liftoff.conf) that names the store. */
    static constexpr char STORE_SETTING[] = "store";
    /**
     * The store when --db is not given: LIFTOFF_DB, else the `store` user setting (a SQLite path or
     * a postgresql:// URL), else the app data folder's liftoff.sqlite.
     */
    static QString defaultPath();
    /**
     * The tables of the schema list, in the order it creates them (not liftoff_schema, PostgreSQL's
     * version row): what a whole-store copy reads and writes, so a new table is copied without
     * anyone remembering to add it there.
     */
    static QStringList tableNames();

private:
    /** Checks the version and the schema, sets the pragmas, migrates; no write before the checks. */
    StoreError configure();
    /** The same for PostgreSQL: version and foreign tables checked before anything is created. */
    StoreError configurePostgres();
    StoreError migrate();
    QString m_connectionName;
    QString m_path;
    SqlDialect::Kind m_kind = SqlDialect::Kind::Sqlite;
    int m_busyTimeoutMs = 3000;
};
