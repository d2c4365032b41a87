// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"

#include <QSqlDatabase>
#include <QString>

/**
 * One SQLite connection, opened on the calling thread under its own name, checked and migrated.
 * A file that is not a database, is from a newer schema, is read-only or locked is refused with a
 * StoreError before anything is written to it.
 */
class Database
{
public:
    static constexpr int SCHEMA_VERSION = 8;

    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /** Opens (creating when missing) and migrates. busyTimeoutMs bounds the wait for a lock. */
    StoreError open(const QString &path, int busyTimeoutMs = 3000);
    void close();
    bool isOpen() const { return !m_connectionName.isEmpty(); }
    /** An Io error that says to open the database first, when it is not open; else none. */
    StoreError ensureOpen() const;

    QSqlDatabase connection() const;
    QString path() const { return m_path; }

    /** Classifies a driver error into a StoreError with a message that says what to do. */
    static StoreError classify(const QSqlError &error, const QString &path, const QString &what);
    /** The default database file: LIFTOFF_DB, else the app data folder's liftoff.sqlite. */
    static QString defaultPath();

private:
    /** Checks the version and the schema, sets the pragmas, migrates; no write before the checks. */
    StoreError configure();
    StoreError migrate();
    QString m_connectionName;
    QString m_path;
    int m_busyTimeoutMs = 3000;
};
