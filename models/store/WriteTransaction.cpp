// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/WriteTransaction.h"

#include "store/SqlDialect.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

WriteTransaction::WriteTransaction(QSqlDatabase db) : m_db(std::move(db)) {}

WriteTransaction::~WriteTransaction()
{
    if (m_active)
        QSqlQuery(m_db).exec(u"ROLLBACK"_s);
}

bool WriteTransaction::begin()
{
    QSqlQuery q(m_db);
    const QStringList statements = SqlDialect::forConnection(m_db).beginWrite();
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const bool ok = q.exec(statements.at(i));
        // Once BEGIN went through, the destructor must roll back even if taking the lock failed.
        if (i == 0)
            m_active = ok;
        m_error = q.lastError();
        if (!ok)
            return false;
    }
    return true;
}

bool WriteTransaction::commit()
{
    QSqlQuery q(m_db);
    for (const QString &statement : SqlDialect::forConnection(m_db).beforeCommit()) {
        // PostgreSQL: a transaction with a failed statement would COMMIT as a silent ROLLBACK; the
        // failed NOTIFY says so here instead.
        if (!q.exec(statement)) {
            m_error = q.lastError();
            return false;
        }
    }
    m_active = !q.exec(u"COMMIT"_s);
    m_error = q.lastError();
    return !m_active;
}
