// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/AuditTrail.h"

#include "store/Actor.h"
#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
/** NOT NULL columns take "" for a null string. */
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}
} // namespace

StoreError AuditTrail::append(Database &database, const AuditEvent &event, qint64 *id)
{
    QSqlQuery q(database.connection());
    q.prepare(u"INSERT INTO audit(deployment_id, item_id, at, who, kind, from_status, to_status, note, account, db_role) "
              u"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, %1)"_s.arg(database.dialect().currentRole()));
    q.addBindValue(event.deploymentId);
    q.addBindValue(text(event.itemId));
    q.addBindValue((event.at.isValid() ? event.at : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(text(event.who));
    q.addBindValue(text(event.kind));
    q.addBindValue(text(event.fromStatus));
    q.addBindValue(text(event.toStatus));
    q.addBindValue(text(event.note));
    q.addBindValue(Actor::osAccount());
    if (!q.exec())
        return Database::classify(q.lastError(), database.path(), u"write the audit trail"_s);
    if (id)
        *id = q.lastInsertId().toLongLong();
    return {};
}
