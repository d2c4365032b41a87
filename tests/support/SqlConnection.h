// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

/**
 * A plain QSQLITE connection under a unique name, beside the store's own: for tests that inspect
 * the file, hold a lock on it or tamper with it. Closed and removed when it goes out of scope.
 */
class SqlConnection
{
public:
    explicit SqlConnection(const QString &path, int busyTimeoutMs = 0);
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
