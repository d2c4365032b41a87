// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/PromptVersionRepository.h"

#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

PromptVersionRepository::PromptVersionRepository(Database &database) : m_database(database) {}

StoreError PromptVersionRepository::record(const DeploymentPromptRecord &record)
{
    if (!m_database.isOpen())
        return StoreError::make(StoreError::Kind::Io, u"the store is not open; open the database first"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO deployment_prompts(deployment_id, prompt, source, version, label, recorded)"
              u" VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(deployment_id, prompt) DO UPDATE SET"
              u" source = excluded.source, version = excluded.version, label = excluded.label,"
              u" recorded = excluded.recorded"_s);
    q.addBindValue(record.deploymentId);
    // A null QString binds as SQL NULL; these columns are NOT NULL with '' for "none".
    const auto text = [](const QString &s) { return s.isNull() ? u""_s : s; };
    q.addBindValue(text(record.prompt));
    q.addBindValue(text(record.source));
    q.addBindValue(text(record.version));
    q.addBindValue(text(record.label));
    const QDateTime at = record.recorded.isValid() ? record.recorded : QDateTime::currentDateTimeUtc();
    q.addBindValue(at.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"record the deployment's prompt version"_s);
    return {};
}

StoreError PromptVersionRepository::versions(qint64 deploymentId, QList<DeploymentPromptRecord> *out)
{
    out->clear();
    if (!m_database.isOpen())
        return StoreError::make(StoreError::Kind::Io, u"the store is not open; open the database first"_s);
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT prompt, source, version, label, recorded FROM deployment_prompts WHERE deployment_id = ?"
              u" ORDER BY prompt"_s);
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the deployment's prompt versions"_s);
    while (q.next()) {
        DeploymentPromptRecord r;
        r.deploymentId = deploymentId;
        r.prompt = q.value(0).toString();
        r.source = q.value(1).toString();
        r.version = q.value(2).toString();
        r.label = q.value(3).toString();
        r.recorded = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
        out->append(r);
    }
    return {};
}
