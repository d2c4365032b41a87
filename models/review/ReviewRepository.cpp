// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewRepository.h"

#include "review/ReviewOutcome.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/WriteTransaction.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {
QVariant isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant(QMetaType::fromType<QString>());
}

/** Qt binds a null QString as SQL NULL; the NOT NULL text columns take "" instead. */
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

QDateTime fromIso(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}
} // namespace

ReviewRepository::ReviewRepository(Database &database) : m_database(database) {}

StoreError ReviewRepository::create(ReviewSample *sample)
{
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    const QString what = u"store the review sample"_s;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), what);
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO review_samples(deployment_id, seed, requested, population, window_from, window_to, created,"
              u" created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(sample->deploymentId);
    q.addBindValue(QString::number(sample->seed)); // TEXT: a 64-bit seed does not fit SQLite's signed INTEGER
    q.addBindValue(sample->requested);
    q.addBindValue(sample->population);
    q.addBindValue(isoOrNull(sample->windowFrom));
    q.addBindValue(isoOrNull(sample->windowTo));
    q.addBindValue(isoOrNull(sample->created));
    q.addBindValue(text(sample->createdBy));
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), what);
    const qint64 id = q.lastInsertId().toLongLong();
    q.prepare(u"INSERT INTO review_calls(sample_id, position, ref, call_time, model, prompt, response)"
              u" VALUES(?, ?, ?, ?, ?, ?, ?)"_s);
    for (const ReviewCall &call : std::as_const(sample->calls)) {
        q.addBindValue(id);
        q.addBindValue(call.position);
        q.addBindValue(text(call.ref));
        q.addBindValue(call.timeMs ? QVariant(*call.timeMs) : QVariant(QMetaType::fromType<qint64>()));
        q.addBindValue(text(call.model));
        q.addBindValue(text(call.prompt));
        q.addBindValue(text(call.response));
        if (!q.exec())
            return Database::classify(q.lastError(), m_database.path(), what);
    }
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), what);
    sample->id = id;
    return {};
}

StoreError ReviewRepository::latest(qint64 deploymentId, ReviewSample *out, bool *found)
{
    *found = false;
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT id FROM review_samples WHERE deployment_id = ? ORDER BY id DESC LIMIT 1"_s);
    q.addBindValue(deploymentId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), u"read the review sample"_s);
    if (!q.next())
        return {};
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    if (StoreError e = load(id, out); e.isError())
        return e;
    *found = true;
    return {};
}

StoreError ReviewRepository::load(qint64 sampleId, ReviewSample *out)
{
    const QString what = u"read the review sample"_s;
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT deployment_id, seed, requested, population, window_from, window_to, created, created_by"
              u" FROM review_samples WHERE id = ?"_s);
    q.addBindValue(sampleId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), what);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound, u"no review sample #%1"_s.arg(sampleId));
    ReviewSample s;
    s.id = sampleId;
    s.deploymentId = q.value(0).toLongLong();
    s.seed = q.value(1).toString().toULongLong();
    s.requested = q.value(2).toInt();
    s.population = q.value(3).toLongLong();
    s.windowFrom = fromIso(q.value(4));
    s.windowTo = fromIso(q.value(5));
    s.created = fromIso(q.value(6));
    s.createdBy = q.value(7).toString();
    q.finish();
    q.prepare(u"SELECT position, ref, call_time, model, prompt, response, verdict, note, marked_by, marked_at"
              u" FROM review_calls WHERE sample_id = ? ORDER BY position"_s);
    q.addBindValue(sampleId);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), what);
    while (q.next()) {
        ReviewCall c;
        c.position = q.value(0).toInt();
        c.ref = q.value(1).toString();
        if (!q.value(2).isNull())
            c.timeMs = q.value(2).toLongLong();
        c.model = q.value(3).toString();
        c.prompt = q.value(4).toString();
        c.response = q.value(5).toString();
        c.verdict = ReviewVerdictText::fromString(q.value(6).toString()).value_or(ReviewVerdict::Unmarked);
        c.note = q.value(7).toString();
        c.markedBy = q.value(8).toString();
        c.markedAt = fromIso(q.value(9));
        s.calls.append(std::move(c));
    }
    *out = std::move(s);
    return {};
}

StoreError ReviewRepository::mark(qint64 sampleId, int position, ReviewVerdict verdict, const QString &note,
                                  const QString &who, const QDateTime &at)
{
    if (StoreError e = m_database.ensureOpen(); e.isError())
        return e;
    if (verdict == ReviewVerdict::Unmarked)
        return StoreError::make(StoreError::Kind::Conflict, u"a mark is good or bad"_s);
    const QString what = u"save the review mark"_s;
    WriteTransaction tx(m_database.connection());
    if (!tx.begin())
        return Database::classify(tx.lastError(), m_database.path(), what);
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT s.deployment_id, c.ref, c.verdict FROM review_calls c JOIN review_samples s ON s.id = c.sample_id"
              u" WHERE c.sample_id = ? AND c.position = ?"_s);
    q.addBindValue(sampleId);
    q.addBindValue(position);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), what);
    if (!q.next())
        return StoreError::make(StoreError::Kind::NotFound,
                                u"review sample #%1 has no call #%2; nothing was saved"_s.arg(sampleId).arg(position));
    const qint64 deploymentId = q.value(0).toLongLong();
    const QString ref = q.value(1).toString();
    const QString before = q.value(2).toString();
    q.finish();
    q.prepare(u"UPDATE review_calls SET verdict = ?, note = ?, marked_by = ?, marked_at = ?"
              u" WHERE sample_id = ? AND position = ?"_s);
    q.addBindValue(ReviewVerdictText::toString(verdict));
    q.addBindValue(text(note));
    q.addBindValue(text(who));
    q.addBindValue(isoOrNull(at));
    q.addBindValue(sampleId);
    q.addBindValue(position);
    if (!q.exec())
        return Database::classify(q.lastError(), m_database.path(), what);
    AuditEvent event;
    event.deploymentId = deploymentId;
    event.itemId = QString::fromLatin1(ReviewOutcome::ITEM);
    event.at = at;
    event.who = who;
    event.kind = u"review"_s;
    event.note = u"call #%1 (%2) of review sample #%3: %4%5%6"_s.arg(position)
                     .arg(ref)
                     .arg(sampleId)
                     .arg(ReviewVerdictText::toString(verdict))
                     .arg(note.isEmpty() ? QString() : u" — "_s + note)
                     .arg(before.isEmpty() ? QString() : u" (was %1)"_s.arg(before));
    ChecklistRepository checklist(m_database);
    if (StoreError e = checklist.appendAudit(event, &event.id); e.isError())
        return e;
    if (!tx.commit())
        return Database::classify(tx.lastError(), m_database.path(), what);
    return {};
}
