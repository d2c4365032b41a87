// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>

/**
 * One write transaction on a connection that rolls back unless committed, so no early return can
 * leave a transaction open. It takes the store's write lock up front (SqlDialect::beginWrite: BEGIN
 * IMMEDIATE on SQLite, an advisory lock on PostgreSQL): a busy store fails before anything is read twice.
 */
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    bool begin();
    bool commit();
    /** The error of the failed BEGIN or COMMIT (QSqlDatabase::lastError() does not see query errors). */
    QSqlError lastError() const { return m_error; }

private:
    QSqlDatabase m_db;
    QSqlError m_error;
    bool m_active = false;
};
