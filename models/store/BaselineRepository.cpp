// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/BaselineRepository.h"

#include "checklist/ItemState.h"
#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

BaselineRepository::BaselineRepository(Database &database) : m_database(database) {}

StoreError BaselineRepository::blessings(qint64 projectId, const QString &itemId, QList<BaselineBlessing> *out)
{
    out->clear();
    if (!m_database.isOpen())
        return StoreError::make(StoreError::Kind::Io, u"the store is not open; open the database first"_s);
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT s.deployment_id, s.by, s.checked_at, s.note FROM item_states s"
              u" JOIN deployments d ON d.id = s.deployment_id"
              u" WHERE d.project_id = ? AND s.item_id = ? AND s.status = ? AND s.source = ?"_s);
    q.addBindValue(projectId);
    q.addBindValue(itemId);
    q.addBindValue(StatusText::toString(Status::Pass));
    q.addBindValue(StatusSourceText::toString(StatusSource::Manual));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the blessed baselines"_s);
    while (q.next()) {
        BaselineBlessing b;
        b.deploymentId = q.value(0).toLongLong();
        b.by = q.value(1).toString();
        b.at = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs).toUTC();
        b.note = q.value(3).toString();
        out->append(b);
    }
    return {};
}
