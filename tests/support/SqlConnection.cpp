// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlConnection.h"

#include "store/StoreLocation.h"

#include <QAtomicInteger>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<quint64> s_counter;
}

SqlConnection::SqlConnection(const QString &path, int busyTimeoutMs)
    : m_name(u"test-raw-%1"_s.arg(s_counter.fetchAndAddRelaxed(1)))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeoutMs));
    if (!db.open())
        m_lastError = db.lastError().text();
}

SqlConnection::SqlConnection(const StoreLocation &location, int busyTimeoutMs)
    : m_name(u"test-raw-%1"_s.arg(s_counter.fetchAndAddRelaxed(1)))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(location.isPostgres() ? u"QPSQL"_s : u"QSQLITE"_s, m_name);
    if (location.isPostgres()) {
        db.setHostName(location.host());
        db.setPort(location.port());
        db.setUserName(location.user());
        db.setDatabaseName(location.database());
    } else {
        db.setDatabaseName(location.path());
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeoutMs));
    }
    if (!db.open()) {
        m_lastError = db.lastError().text();
        return;
    }
    if (location.isPostgres() && busyTimeoutMs > 0)
        exec(u"SET lock_timeout = %1"_s.arg(busyTimeoutMs));
}

SqlConnection::~SqlConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

bool SqlConnection::isOpen() const
{
    return database().isOpen();
}

QSqlDatabase SqlConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

bool SqlConnection::exec(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql)) {
        m_lastError = query.lastError().text();
        return false;
    }
    return true;
}

QVariant SqlConnection::scalar(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql)) {
        m_lastError = query.lastError().text();
        return {};
    }
    if (!query.next()) {
        m_lastError = u"no row"_s;
        return {};
    }
    return query.value(0);
}
