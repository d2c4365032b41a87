// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

class StoreLocation;

/**
 * A plain QSQLITE (or QPSQL) connection under a unique name, beside the store's own: for tests that
 * inspect the database, hold a lock on it or tamper with it. Closed and removed when it goes out of scope.
 */
class SqlConnection
{
public:
    explicit SqlConnection(const QString &path, int busyTimeoutMs = 0);
    /** A SQLite file as above, or a plain QPSQL connection to the location's database. */
    explicit SqlConnection(const StoreLocation &location, int busyTimeoutMs = 0);
    ~SqlConnection();
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;

    bool isOpen() const;
    QSqlDatabase database() const;
    /** Runs one statement; false (with lastError()) when it fails. */
    bool exec(const QString &sql);
    /** The first column of the first row, or an invalid QVariant when the statement fails. */
    QVariant scalar(const QString &sql);
    QString lastError() const { return m_lastError; }

private:
    QString m_name;
    QString m_lastError;
};
