// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/CostRepository.h"

#include "store/Database.h"
#include "store/WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
QString isoText(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIsoText(const QVariant &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QString text(const QString &value)
{
    return value.isNull() ? QString(u""_s) : value;
}
} // namespace

CostRepository::CostRepository(Database &database) : m_database(database) {}

StoreError CostRepository::checkOpen() const
{
    return m_database.ensureOpen();
}

StoreError CostRepository::projectOf(qint64 deploymentId, qint64 *projectId)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT project_id FROM deployments WHERE id = ?"_s);
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the deployment"_s);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound, u"no deployment with id %1"_s.arg(deploymentId));
    *projectId = q.value(0).toLongLong();
    return {};
}

StoreError CostRepository::projection(qint64 deploymentId, std::optional<Projection> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT made_at, projected_nano_usd, mtd_nano_usd, source FROM cost_projections "
              u"WHERE deployment_id = ?"_s);
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the cost projection"_s);
    out->reset();
    if (q.next()) {
        Projection p;
        p.deploymentId = deploymentId;
        p.madeAt = fromIsoText(q.value(0));
        p.projectedNanoUsd = q.value(1).toLongLong();
        p.monthToDateNanoUsd = q.value(2).toLongLong();
        p.source = q.value(3).toString();
        *out = p;
    }
    return {};
}

StoreError CostRepository::recordProjectionOnce(const Projection &projection, Projection *stored)
{
    qint64 projectId = 0;
    if (StoreError e = projectOf(projection.deploymentId, &projectId); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO cost_projections(deployment_id, made_at, projected_nano_usd, mtd_nano_usd, source) "
              u"VALUES(?, ?, ?, ?, ?) ON CONFLICT(deployment_id) DO NOTHING"_s);
    q.addBindValue(projection.deploymentId);
    q.addBindValue(isoText(projection.madeAt));
    q.addBindValue(projection.projectedNanoUsd);
    q.addBindValue(projection.monthToDateNanoUsd);
    q.addBindValue(text(projection.source));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the cost projection"_s);
    std::optional<Projection> current;
    if (StoreError e = this->projection(projection.deploymentId, &current); e.isError())
        return e;
    if (!current)
        return StoreError::make(StoreError::Kind::Io, u"the cost projection was not stored"_s);
    *stored = *current;
    return {};
}

StoreError CostRepository::firedAlerts(qint64 projectId, const QString &month, QList<FiredAlert> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT threshold, fired_at, spend_nano_usd, budget_nano_usd, delivery FROM budget_alerts "
              u"WHERE project_id = ? AND month = ? ORDER BY threshold"_s);
    q.addBindValue(projectId);
    q.addBindValue(month);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the budget alerts"_s);
    out->clear();
    while (q.next()) {
        FiredAlert a;
        a.projectId = projectId;
        a.month = month;
        a.threshold = q.value(0).toDouble();
        a.firedAt = fromIsoText(q.value(1));
        a.spendNanoUsd = q.value(2).toLongLong();
        a.budgetNanoUsd = q.value(3).toLongLong();
        a.delivery = q.value(4).toString();
        out->append(a);
    }
    return {};
}

StoreError CostRepository::claimAlert(const FiredAlert &alert, bool *claimed)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO budget_alerts(project_id, month, threshold, fired_at, spend_nano_usd, budget_nano_usd, "
              u"delivery) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(project_id, month, threshold) DO NOTHING"_s);
    q.addBindValue(alert.projectId);
    q.addBindValue(text(alert.month));
    q.addBindValue(alert.threshold);
    q.addBindValue(isoText(alert.firedAt));
    q.addBindValue(alert.spendNanoUsd);
    q.addBindValue(alert.budgetNanoUsd);
    q.addBindValue(text(alert.delivery));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the budget alert"_s);
    *claimed = q.numRowsAffected() == 1;
    return {};
}

StoreError CostRepository::claimAlerts(qint64 projectId, const QString &month, const QList<FiredAlert> &candidates,
                                       QList<double> *claimed, QList<double> *earlier)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    claimed->clear();
    earlier->clear();
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"claim the budget alerts"_s);
    QList<FiredAlert> fired;
    if (StoreError e = firedAlerts(projectId, month, &fired); e.isError())
        return e;
    for (const FiredAlert &alert : std::as_const(fired))
        earlier->append(alert.threshold);
    for (FiredAlert alert : candidates) {
        if (earlier->contains(alert.threshold) || claimed->contains(alert.threshold))
            continue;
        alert.projectId = projectId;
        alert.month = month;
        bool mine = false;
        if (StoreError e = claimAlert(alert, &mine); e.isError())
            return e;
        (mine ? claimed : earlier)->append(alert.threshold);
    }
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"claim the budget alerts"_s);
    return {};
}

StoreError CostRepository::setAlertDelivery(qint64 projectId, const QString &month, double threshold,
                                            const QString &delivery)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"UPDATE budget_alerts SET delivery = ? WHERE project_id = ? AND month = ? AND threshold = ?"_s);
    q.addBindValue(text(delivery));
    q.addBindValue(projectId);
    q.addBindValue(month);
    q.addBindValue(threshold);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"note the budget alert's delivery"_s);
    return {};
}

StoreError CostRepository::recordCounterMarks(const QString &counter, const QMap<QDate, qint64> &marks,
                                              const QDateTime &recorded)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    if (marks.isEmpty())
        return {};
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), u"record cost counter readings"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(m_database.dialect().replaceInto(u"cost_marks"_s,
                                               {u"counter"_s, u"day"_s, u"counter_nano_usd"_s, u"recorded"_s},
                                               {u"counter"_s, u"day"_s}));
    for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
        q.addBindValue(counter);
        q.addBindValue(it.key().toString(Qt::ISODate));
        q.addBindValue(it.value());
        q.addBindValue(isoText(recorded));
        if (!q.exec())
            return Database::classify(q.lastError(), m_database.path(), u"record cost counter readings"_s);
    }
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), u"record cost counter readings"_s);
    return {};
}

StoreError CostRepository::counterMarks(const QString &counter, const QDate &from, QMap<QDate, qint64> *out)
{
    if (StoreError e = checkOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT day, counter_nano_usd FROM cost_marks WHERE counter = ? AND day >= ? ORDER BY day"_s);
    q.addBindValue(counter);
    q.addBindValue(from.toString(Qt::ISODate));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read cost counter readings"_s);
    out->clear();
    while (q.next()) {
        const QDate day = QDate::fromString(q.value(0).toString(), Qt::ISODate);
        if (day.isValid())
            out->insert(day, q.value(1).toLongLong());
    }
    return {};
}
