// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/StoreCopier.h"

#include "store/Database.h"
#include "store/WriteTransaction.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {
// Bound values per statement at most: SQLite's historic limit (newer builds allow 32766,
// PostgreSQL 65535), so one statement shape fits every backend.
constexpr int MAX_BOUND_VALUES = 999;

/** What a column holds, from its declared type: decides how a source value is converted. */
enum class Affinity { Integer, Real, Text, Other };

struct Column
{
    QString name;
    Affinity affinity = Affinity::Other;
    int keyPosition = 0; ///< 1-based place in the primary key; 0 when not part of it
};

/** SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1) on a declared type. */
Affinity sqliteAffinity(const QString &declared)
{
    const QString type = declared.toUpper();
    if (type.contains(u"INT"))
        return Affinity::Integer;
    if (type.contains(u"CHAR") || type.contains(u"CLOB") || type.contains(u"TEXT"))
        return Affinity::Text;
    if (type.contains(u"REAL") || type.contains(u"FLOA") || type.contains(u"DOUB"))
        return Affinity::Real;
    return Affinity::Other;
}

Affinity postgresAffinity(const QString &type)
{
    if (type == u"bigint" || type == u"integer" || type == u"smallint")
        return Affinity::Integer;
    if (type == u"double precision" || type == u"real")
        return Affinity::Real;
    if (type == u"text" || type.startsWith(u"character"))
        return Affinity::Text;
    return Affinity::Other;
}

QString quoted(const Database &db, const QString &identifier)
{
    return db.connection().driver()->escapeIdentifier(identifier, QSqlDriver::FieldName);
}

/** The table's columns in table order; empty when the table does not exist. */
StoreError readColumns(const Database &db, const QString &table, QList<Column> *out)
{
    QSqlQuery q(db.connection());
    const bool postgres = db.dialect().isPostgres();
    // PostgreSQL: the primary key's place of each column from pg_index (indkey is 0-based, array_position 1-based).
    q.prepare(postgres ? u"SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
                         u"COALESCE(array_position(i.indkey::int2[], a.attnum), 0) FROM pg_catalog.pg_attribute a "
                         u"LEFT JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
                         u"WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"_s
                       : u"SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid"_s);
    q.addBindValue(table);
    if (!q.exec())
        return Database::classify(q.lastError(), db.path(), u"read the columns of %1"_s.arg(table));
    out->clear();
    while (q.next()) {
        const QString type = q.value(1).toString();
        out->append(Column {q.value(0).toString(), postgres ? postgresAffinity(type) : sqliteAffinity(type),
                            q.value(2).toInt()});
    }
    return {};
}

/** The other tables that `table` references, from the target's own foreign keys. */
StoreError readReferences(const Database &db, const QString &table, QStringList *out)
{
    QSqlQuery q(db.connection());
    q.prepare(db.dialect().isPostgres()
                  ? u"SELECT DISTINCT c.relname FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c "
                    u"ON c.oid = k.confrelid WHERE k.contype = 'f' AND k.conrelid = to_regclass(?)"_s
                  : u"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)"_s);
    q.addBindValue(table);
    if (!q.exec())
        return Database::classify(q.lastError(), db.path(), u"read the foreign keys of %1"_s.arg(table));
    out->clear();
    while (q.next()) {
        if (const QString referenced = q.value(0).toString(); referenced != table)
            out->append(referenced);
    }
    return {};
}

/**
 * The tables in the schema's order, each moved after the tables it references: the schema list
 * creates them in that order today, but a later ALTER TABLE ... REFERENCES need not.
 */
StoreError foreignKeySafeOrder(const Database &target, const QStringList &tables, QStringList *out)
{
    QHash<QString, QStringList> references;
    for (const QString &table : tables) {
        if (StoreError e = readReferences(target, table, &references[table]); e.isError())
            return e;
    }
    QStringList pending = tables;
    out->clear();
    while (!pending.isEmpty()) {
        qsizetype next = -1;
        for (qsizetype i = 0; i < pending.size() && next < 0; ++i) {
            bool ready = true;
            for (const QString &referenced : std::as_const(references[pending.at(i)]))
                ready = ready && (out->contains(referenced) || !tables.contains(referenced));
            if (ready)
                next = i;
        }
        if (next < 0)
            return StoreError::make(StoreError::Kind::Io,
                                    u"%1: the foreign keys of %2 reference each other in a cycle, so no copy order "
                                    u"inserts every row after the rows it references. Nothing was written."_s.arg(
                                        target.path(), pending.join(u", "_s)));
        out->append(pending.takeAt(next));
    }
    return {};
}

/** A value for a message: short, on one line. The store holds no secrets (they are redacted before). */
QString shown(const QVariant &value)
{
    QString text = value.toString();
    text.replace(u'\n', u"\\n"_s);
    if (text.size() > 40)
        text = text.left(40) + u"…"_s;
    return u"'"_s + text + u"'"_s;
}

bool isIntegerType(int type)
{
    return type == QMetaType::LongLong || type == QMetaType::Int || type == QMetaType::UInt
           || type == QMetaType::Short || type == QMetaType::UShort || type == QMetaType::Bool;
}

/**
 * A source value as the target column stores it, or false with *what naming the value. Integers
 * stay 64-bit and doubles exact; text in an integer column (SQLite keeps what it cannot convert,
 * '' or '0x2A') is taken only when it is a whole decimal number, never guessed.
 */
bool convert(const QVariant &value, Affinity affinity, bool toPostgres, QVariant *out, QString *what)
{
    const int type = value.metaType().id();
    switch (affinity) {
    case Affinity::Integer:
        if (isIntegerType(type)) {
            *out = value.toLongLong();
            return true;
        }
        if (type == QMetaType::ULongLong && value.toULongLong() <= quint64(std::numeric_limits<qint64>::max())) {
            *out = value.toLongLong();
            return true;
        }
        if (type == QMetaType::Double) {
            // 2^63 is exactly representable; every double below it and above -2^63 fits.
            const double d = value.toDouble();
            if (std::isfinite(d) && std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
                *out = qlonglong(d);
                return true;
            }
            *what = u"the number %1"_s.arg(QString::number(d, 'g', QLocale::FloatingPointShortest));
            return false;
        }
        if (type == QMetaType::QString) {
            bool ok = false;
            const qlonglong n = value.toString().trimmed().toLongLong(&ok, 10);
            if (ok) {
                *out = n;
                return true;
            }
            *what = u"the text %1"_s.arg(shown(value));
            return false;
        }
        break;
    case Affinity::Real:
        if (type == QMetaType::Double || type == QMetaType::Float || isIntegerType(type) || type == QMetaType::ULongLong) {
            *out = value.toDouble();
            return true;
        }
        if (type == QMetaType::QString) {
            bool ok = false;
            const double d = value.toString().trimmed().toDouble(&ok);
            if (ok) {
                *out = d;
                return true;
            }
            *what = u"the text %1"_s.arg(shown(value));
            return false;
        }
        break;
    case Affinity::Text: {
        QString text;
        if (type == QMetaType::QString) {
            text = value.toString();
        } else if (isIntegerType(type) || type == QMetaType::ULongLong) {
            text = value.toString();
        } else if (type == QMetaType::Double) {
            text = QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
        } else if (type == QMetaType::QByteArray) {
            const QByteArray bytes = value.toByteArray();
            text = QString::fromUtf8(bytes);
            if (text.toUtf8() != bytes) {
                *what = u"%1 bytes of binary data"_s.arg(bytes.size());
                return false;
            }
        } else {
            break;
        }
        // PostgreSQL's text cannot hold U+0000; SQLite's can.
        if (toPostgres && text.contains(QChar(0))) {
            *what = u"text with a NUL character"_s;
            return false;
        }
        *out = text;
        return true;
    }
    case Affinity::Other:
        *out = value;
        return true;
    }
    *what = u"a value of type %1"_s.arg(QString::fromLatin1(value.metaType().name()));
    return false;
}

QString affinityName(Affinity affinity)
{
    switch (affinity) {
    case Affinity::Integer:
        return u"an integer"_s;
    case Affinity::Real:
        return u"a number"_s;
    case Affinity::Text:
        return u"text"_s;
    case Affinity::Other:
        break;
    }
    return u"a value"_s;
}

/** A typed NULL, so each backend binds the column's own kind of NULL. */
QVariant nullOf(Affinity affinity)
{
    switch (affinity) {
    case Affinity::Integer:
        return QVariant(QMetaType::fromType<qlonglong>());
    case Affinity::Real:
        return QVariant(QMetaType::fromType<double>());
    case Affinity::Text:
        return QVariant(QMetaType::fromType<QString>());
    case Affinity::Other:
        break;
    }
    return {};
}

struct TableStats
{
    qint64 rows = 0;
    qint64 maxId = 0;
};

StoreError readStats(const Database &db, const QString &table, bool hasId, TableStats *stats)
{
    QSqlQuery q(db.connection());
    const QString sql = hasId ? u"SELECT count(*), COALESCE(max(id), 0) FROM %1"_s : u"SELECT count(*), 0 FROM %1"_s;
    if (!q.exec(sql.arg(quoted(db, table))) || !q.next())
        return Database::classify(q.lastError(), db.path(), u"count the rows of %1"_s.arg(table));
    *stats = TableStats {q.value(0).toLongLong(), q.value(1).toLongLong()};
    return {};
}

/** "1 row", "2 rows". */
QString counted(qint64 n, const QString &noun)
{
    return u"%1 %2%3"_s.arg(n).arg(noun, n == 1 ? QString() : u"s"_s);
}

bool hasColumn(const QList<Column> &columns, const QString &name)
{
    for (const Column &c : columns) {
        if (c.name == name)
            return true;
    }
    return false;
}
/** "id 17", "run_id 3, case_id c-1": the row a message is about, by its primary key. */
QString rowName(const QSqlQuery &read, const QList<int> &keyFields, const QStringList &names)
{
    QStringList parts;
    for (int field : keyFields)
        parts.append(names.at(field) + u' ' + read.value(field).toString());
    return parts.isEmpty() ? u"a row"_s : u"row "_s + parts.join(u", "_s);
}

/**
 * Streams one table from source to target: the columns both have, in primary-key order, through
 * one prepared multi-row INSERT reused for every full batch (and one for the rest), so neither
 * side ever holds more than a batch. The caller's write transaction is open on the target.
 */
StoreError copyRows(const Database &source, const Database &target, const QString &table,
                    const QList<Column> &sourceColumns, const QList<Column> &targetColumns, int batchRows)
{
    QHash<QString, Affinity> targetAffinity;
    for (const Column &c : targetColumns)
        targetAffinity.insert(c.name, c.affinity);
    QStringList names;
    QList<Affinity> affinities;
    QList<QPair<int, int>> keyOrder; // (place in the key, field in the SELECT)
    for (const Column &c : sourceColumns) {
        if (!targetAffinity.contains(c.name))
            continue; // copy the columns both sides have: the same schema version has them all
        if (c.keyPosition > 0)
            keyOrder.append({c.keyPosition, int(names.size())});
        names.append(c.name);
        affinities.append(targetAffinity.value(c.name));
    }
    std::sort(keyOrder.begin(), keyOrder.end());
    QList<int> keyFields;
    QStringList orderBy;
    for (const auto &[position, field] : std::as_const(keyOrder)) {
        keyFields.append(field);
        orderBy.append(quoted(source, names.at(field)));
    }
    QStringList selected;
    QStringList inserted;
    for (const QString &name : std::as_const(names)) {
        selected.append(quoted(source, name));
        inserted.append(quoted(target, name));
    }
    const qsizetype width = names.size();
    const int rowsPerStatement = int(qBound(qsizetype(1), MAX_BOUND_VALUES / width, qsizetype(batchRows)));
    const QString oneRow = u"("_s + QStringList(width, u"?"_s).join(u", "_s) + u")"_s;
    // Returns QString: a QStringBuilder would refer to temporaries gone by the time it is used.
    const auto insertSql = [&](int rows) -> QString {
        return u"INSERT INTO %1 (%2) VALUES "_s.arg(quoted(target, table), inserted.join(u", "_s))
               + QStringList(rows, oneRow).join(u", "_s);
    };

    QSqlQuery read(source.connection());
    // Forward-only: SQLite steps its cursor and QPSQL fetches in single-row mode, so a table of
    // any size streams instead of landing in memory.
    read.setForwardOnly(true);
    const QString select = u"SELECT %1 FROM %2"_s.arg(selected.join(u", "_s), quoted(source, table))
                           + (orderBy.isEmpty() ? QString() : u" ORDER BY "_s + orderBy.join(u", "_s));
    if (!read.exec(select))
        return Database::classify(read.lastError(), source.path(), u"read %1"_s.arg(table));

    QSqlQuery fullBatch(target.connection());
    bool fullPrepared = false;
    QVariantList pending;
    pending.reserve(rowsPerStatement * width);
    const auto flush = [&](QSqlQuery &insert) -> StoreError {
        for (qsizetype i = 0; i < pending.size(); ++i)
            insert.bindValue(int(i), pending.at(i));
        if (!insert.exec())
            return Database::classify(insert.lastError(), target.path(), u"copy the rows of %1"_s.arg(table));
        pending.clear();
        return {};
    };
    const bool toPostgres = target.dialect().isPostgres();
    while (read.next()) {
        for (qsizetype i = 0; i < width; ++i) {
            if (read.isNull(int(i))) {
                pending.append(nullOf(affinities.at(i)));
                continue;
            }
            QVariant value;
            QString what;
            if (!convert(read.value(int(i)), affinities.at(i), toPostgres, &value, &what))
                return StoreError::make(StoreError::Kind::Corrupt,
                                        u"%1: %2 of %3 holds %4 in %5, where %6 belongs; correct or delete that row "
                                        u"in the source and copy again. Nothing was written to %7."_s.arg(
                                            source.path(), rowName(read, keyFields, names), table, what, names.at(i),
                                            affinityName(affinities.at(i)), target.path()));
            pending.append(value);
        }
        if (pending.size() == rowsPerStatement * width) {
            if (!fullPrepared && !fullBatch.prepare(insertSql(rowsPerStatement)))
                return Database::classify(fullBatch.lastError(), target.path(), u"copy the rows of %1"_s.arg(table));
            fullPrepared = true;
            if (StoreError e = flush(fullBatch); e.isError())
                return e;
        }
    }
    if (read.lastError().isValid())
        return Database::classify(read.lastError(), source.path(), u"read %1"_s.arg(table));
    if (!pending.isEmpty()) {
        QSqlQuery rest(target.connection());
        if (!rest.prepare(insertSql(int(pending.size() / width))))
            return Database::classify(rest.lastError(), target.path(), u"copy the rows of %1"_s.arg(table));
        if (StoreError e = flush(rest); e.isError())
            return e;
    }
    return {};
}
} // namespace

qint64 StoreCopier::Result::totalRows() const
{
    qint64 total = 0;
    for (const TableCount &t : tables)
        total += t.rows;
    return total;
}

StoreCopier::StoreCopier(StoreLocation from, StoreLocation to) : m_from(std::move(from)), m_to(std::move(to)) {}

bool StoreCopier::sameStore(const StoreLocation &a, const StoreLocation &b)
{
    if (a.isPostgres() != b.isPostgres())
        return false;
    if (!a.isPostgres()) {
        const auto canonical = [](const QString &path) {
            const QFileInfo info(path);
            return info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
        };
        return canonical(a.path()) == canonical(b.path());
    }
    const auto port = [](const StoreLocation &l) { return l.port() < 0 ? 5432 : l.port(); };
    return a.display() == b.display()
           || (a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b)
               && a.database() == b.database() && !a.database().isEmpty());
}

StoreError StoreCopier::copy(Result *result)
{
    const QString from = m_from.display();
    const QString to = m_to.display();
    if (sameStore(m_from, m_to))
        return StoreError::make(StoreError::Kind::Conflict,
                                u"%1 is both the source and the target; copy into another, empty store"_s.arg(from));
    // Database::open would create a missing file; a source that is not there is a typo.
    if (!m_from.isPostgres() && !QFileInfo(m_from.path()).isFile())
        return StoreError::make(StoreError::Kind::NotFound,
                                u"%1: no such store file; check the path of the store to copy from. Nothing was "
                                u"created."_s.arg(from));

    Database source;
    if (StoreError e = source.open(m_from); e.isError())
        return e;
    Database target;
    if (StoreError e = target.open(m_to); e.isError())
        return e;
    const bool toPostgres = target.dialect().isPostgres();

    // One snapshot of the source: the rows read and the counts checked afterwards are the same,
    // whatever another Liftoff writes there meanwhile.
    QSqlQuery snapshot(source.connection());
    if (!snapshot.exec(source.dialect().isPostgres() ? u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s
                                                     : u"BEGIN"_s))
        return Database::classify(snapshot.lastError(), from, u"start reading"_s);
    const auto endSnapshot = qScopeGuard([&snapshot] { snapshot.exec(u"ROLLBACK"_s); });

    WriteTransaction transaction(target.connection());
    if (!transaction.begin())
        return Database::classify(transaction.lastError(), to, u"start the copy"_s);

    QStringList tables;
    if (StoreError e = foreignKeySafeOrder(target, Database::tableNames(), &tables); e.isError())
        return e;
    QHash<QString, QList<Column>> sourceColumns;
    QHash<QString, QList<Column>> targetColumns;
    for (const QString &table : std::as_const(tables)) {
        if (StoreError e = readColumns(source, table, &sourceColumns[table]); e.isError())
            return e;
        if (StoreError e = readColumns(target, table, &targetColumns[table]); e.isError())
            return e;
        if (sourceColumns[table].isEmpty() || targetColumns[table].isEmpty())
            return StoreError::make(StoreError::Kind::Corrupt,
                                    u"%1: the table %2 of the Liftoff schema is missing; restore the store from a "
                                    u"backup. Nothing was written."_s.arg(sourceColumns[table].isEmpty() ? from : to, table));
    }

    // Refused before anything is written: a copy never merges two stores.
    QStringList held;
    qint64 heldDeployments = 0;
    qint64 heldRows = 0;
    for (const QString &table : std::as_const(tables)) {
        TableStats stats;
        if (StoreError e = readStats(target, table, false, &stats); e.isError())
            return e;
        if (stats.rows == 0)
            continue;
        held.append(u"%1: %2"_s.arg(table).arg(stats.rows));
        heldRows += stats.rows;
        if (table == u"deployments")
            heldDeployments = stats.rows;
    }
    if (!held.isEmpty()) {
        const QString what = heldDeployments > 0 ? counted(heldDeployments, u"deployment"_s) : counted(heldRows, u"row"_s);
        return StoreError::make(StoreError::Kind::Conflict,
                                u"%1 already holds %2 (%3); copy into an empty store. Nothing was written."_s.arg(
                                    to, what, held.join(u", "_s)));
    }

    for (const QString &table : std::as_const(tables)) {
        if (StoreError e = copyRows(source, target, table, sourceColumns[table], targetColumns[table], m_batchRows);
            e.isError())
            return e;
    }

    // Verified inside the transaction: a difference rolls everything back.
    QList<TableCount> counts;
    for (const QString &table : std::as_const(tables)) {
        const bool hasId = hasColumn(sourceColumns[table], u"id"_s) && hasColumn(targetColumns[table], u"id"_s);
        TableStats inSource;
        TableStats inTarget;
        if (StoreError e = readStats(source, table, hasId, &inSource); e.isError())
            return e;
        if (StoreError e = readStats(target, table, hasId, &inTarget); e.isError())
            return e;
        if (inSource.rows != inTarget.rows || inSource.maxId != inTarget.maxId) {
            const QString ids = hasId ? u" (highest id %1 in the source, %2 in the target)"_s.arg(inSource.maxId).arg(inTarget.maxId) : QString();
            return StoreError::make(StoreError::Kind::Io,
                                    u"%1: table %2 has %3 after the copy but %4 in %5%6; the copy was rolled back "
                                    u"and nothing was written. Check %1 for triggers or rules that drop or add "
                                    u"rows."_s.arg(to, table, counted(inTarget.rows, u"row"_s),
                                                   QString::number(inSource.rows), from, ids));
        }
        counts.append(TableCount {table, inTarget.rows});
    }

    // Rows inserted with their ids leave PostgreSQL's identity sequences at 1: the next new row
    // would collide. setval is not transactional, so it runs only once the counts are verified.
    if (toPostgres) {
        for (const QString &table : std::as_const(tables)) {
            if (!hasColumn(targetColumns[table], u"id"_s))
                continue;
            QSqlQuery q(target.connection());
            q.prepare(u"SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM %1"_s.arg(
                quoted(target, table)));
            q.addBindValue(table);
            if (!q.exec())
                return Database::classify(q.lastError(), to, u"move the id sequence of %1 past the copied rows"_s.arg(table));
        }
    }
    if (!transaction.commit())
        return Database::classify(transaction.lastError(), to, u"commit the copy"_s);
    if (result)
        *result = Result {from, to, counts};
    return {};
}
