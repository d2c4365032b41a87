// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/WriteTransaction.h"

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
    m_active = q.exec(u"BEGIN IMMEDIATE"_s);
    m_error = q.lastError();
    return m_active;
}

bool WriteTransaction::commit()
{
    QSqlQuery q(m_db);
    m_active = !q.exec(u"COMMIT"_s);
    m_error = q.lastError();
    return !m_active;
}
