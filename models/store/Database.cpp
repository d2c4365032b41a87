// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"

#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<quint64> s_connectionCounter;

const char *const SCHEMA_V1[] = {
    "CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, config_path TEXT, created TEXT NOT NULL)",
    "CREATE TABLE deployments (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
    " name TEXT NOT NULL, environment TEXT NOT NULL, version TEXT NOT NULL, commit_sha TEXT NOT NULL DEFAULT '',"
    " created TEXT NOT NULL, released TEXT, UNIQUE(project_id, name))",
    "CREATE TABLE item_states (deployment_id INTEGER NOT NULL REFERENCES deployments(id), item_id TEXT NOT NULL,"
    " status TEXT NOT NULL, base_status TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '',"
    " note TEXT NOT NULL DEFAULT '', by TEXT NOT NULL DEFAULT '', checked_at TEXT, waiver_expires TEXT,"
    " evidence TEXT NOT NULL DEFAULT '{}', conditions TEXT NOT NULL DEFAULT '[]',"
    " PRIMARY KEY(deployment_id, item_id)) WITHOUT ROWID",
    "CREATE TABLE probe_runs (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
    " item_id TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL, status TEXT NOT NULL,"
    " summary TEXT NOT NULL, conditions TEXT NOT NULL DEFAULT '[]', evidence TEXT NOT NULL DEFAULT '{}')",
    "CREATE INDEX probe_runs_item ON probe_runs(deployment_id, item_id, started_at)",
    "CREATE TABLE audit (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
    " item_id TEXT NOT NULL DEFAULT '', at TEXT NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL,"
    " from_status TEXT NOT NULL DEFAULT '', to_status TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX audit_item ON audit(deployment_id, item_id, id)",
    // The audit trail is append-only: the database itself refuses edits.
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
};

// v2: INSERT OR REPLACE with an existing id deletes the old row without firing the delete trigger
// (recursive_triggers is off), which silently rewrote history; refuse reusing an id.
const char *const SCHEMA_V2[] = {
    "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit WHEN NEW.id IS NOT NULL AND EXISTS "
    "(SELECT 1 FROM audit WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
};

// v3: cost tracking. The month's projection made at a deployment's first cost check (compared with
// the actual spend of the week after, w1.cost-projection), and the budget alerts already sent, so
// each threshold fires once per calendar month even across restarts. Money is integer nano-USD.
const char *const SCHEMA_V3[] = {
    "CREATE TABLE cost_projections (deployment_id INTEGER NOT NULL PRIMARY KEY REFERENCES deployments(id),"
    " made_at TEXT NOT NULL, projected_nano_usd INTEGER NOT NULL, mtd_nano_usd INTEGER NOT NULL,"
    " source TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE budget_alerts (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
    " month TEXT NOT NULL, threshold REAL NOT NULL, fired_at TEXT NOT NULL, spend_nano_usd INTEGER NOT NULL,"
    " budget_nano_usd INTEGER NOT NULL, delivery TEXT NOT NULL DEFAULT '', UNIQUE(project_id, month, threshold))",
};

// v4: rollbacks with their output and verification, command approvals keyed by hash, kill-switch
// flips, the one-rollback-per-project lock (shared by every Liftoff process on the file), and the
// time a deployment was rolled back.
const char *const SCHEMA_V4[] = {
    "ALTER TABLE deployments ADD COLUMN rolled_back TEXT",
    "CREATE TABLE command_approvals (project_id INTEGER NOT NULL REFERENCES projects(id), hash TEXT NOT NULL,"
    " purpose TEXT NOT NULL, command TEXT NOT NULL, approved_by TEXT NOT NULL, approved_at TEXT NOT NULL,"
    " PRIMARY KEY(project_id, hash)) WITHOUT ROWID",
    "CREATE TABLE rollbacks (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
    " from_deployment_id INTEGER REFERENCES deployments(id), to_deployment_id INTEGER REFERENCES deployments(id),"
    " from_version TEXT NOT NULL DEFAULT '', to_version TEXT NOT NULL DEFAULT '', dry_run INTEGER NOT NULL DEFAULT 0,"
    " who TEXT NOT NULL, reason TEXT NOT NULL, command TEXT NOT NULL, command_hash TEXT NOT NULL,"
    " started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL DEFAULT 'running', exit_code INTEGER,"
    " output TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', verification TEXT NOT NULL DEFAULT '[]',"
    " notifications TEXT NOT NULL DEFAULT '[]')",
    "CREATE INDEX rollbacks_project ON rollbacks(project_id, id)",
    "CREATE TABLE flag_flips (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
    " flag TEXT NOT NULL, source TEXT NOT NULL, from_value TEXT NOT NULL DEFAULT '', to_value TEXT NOT NULL,"
    " who TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, outcome TEXT NOT NULL, error TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE rollback_lock (project_id INTEGER PRIMARY KEY REFERENCES projects(id), token TEXT NOT NULL,"
    " pid INTEGER NOT NULL, host TEXT NOT NULL, who TEXT NOT NULL, acquired_at TEXT NOT NULL)",
};

// v5: the prompt version each deployment shipped (a commit for a git folder, a Langfuse version or label).
const char *const SCHEMA_V5[] = {
    "CREATE TABLE IF NOT EXISTS deployment_prompts (deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
    " prompt TEXT NOT NULL, source TEXT NOT NULL, version TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',"
    " recorded TEXT NOT NULL, PRIMARY KEY(deployment_id, prompt)) WITHOUT ROWID",
};

// v6: day-start readings of cost counters that keep no per-day history (OpenRouter's key usage),
// so the days between two readings become exact history. Keyed by the counter's reference, never a key.
const char *const SCHEMA_V6[] = {
    "CREATE TABLE IF NOT EXISTS cost_marks (counter TEXT NOT NULL, day TEXT NOT NULL,"
    " counter_nano_usd INTEGER NOT NULL, recorded TEXT NOT NULL, PRIMARY KEY(counter, day)) WITHOUT ROWID",
};

// v7: eval runs (with the prompt versions they ran against), each case's answer and assertion
// outcomes, and blessings (a run made the baseline of its prompt versions; append-only like the audit).
const char *const SCHEMA_V7[] = {
    "CREATE TABLE IF NOT EXISTS eval_runs (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
    " environment TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', dataset TEXT NOT NULL DEFAULT '', who TEXT NOT NULL,"
    " started_at TEXT NOT NULL, finished_at TEXT, state TEXT NOT NULL, stop_message TEXT NOT NULL DEFAULT '',"
    " cases_total INTEGER NOT NULL DEFAULT 0, cases_run INTEGER NOT NULL DEFAULT 0, cases_passed INTEGER NOT NULL DEFAULT 0,"
    " prompts TEXT NOT NULL DEFAULT '[]', prompt_key TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX IF NOT EXISTS eval_runs_deployment ON eval_runs(deployment_id, id)",
    "CREATE TABLE IF NOT EXISTS eval_case_results (run_id INTEGER NOT NULL REFERENCES eval_runs(id), case_id TEXT NOT NULL,"
    " position INTEGER NOT NULL, passed INTEGER NOT NULL, http_status INTEGER NOT NULL, latency_ms INTEGER NOT NULL,"
    " attempts INTEGER NOT NULL, output TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', tokens INTEGER,"
    " cost_usd REAL, assertions TEXT NOT NULL DEFAULT '[]', PRIMARY KEY(run_id, case_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS eval_blessings (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES eval_runs(id),"
    " project_id INTEGER NOT NULL REFERENCES projects(id), prompt_key TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,"
    " note TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS eval_blessings_key ON eval_blessings(project_id, prompt_key, id)",
    "CREATE TRIGGER IF NOT EXISTS eval_blessings_no_update BEFORE UPDATE ON eval_blessings BEGIN SELECT RAISE(ABORT, 'blessings are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS eval_blessings_no_delete BEFORE DELETE ON eval_blessings BEGIN SELECT RAISE(ABORT, 'blessings are append-only'); END",
};

// v8: review samples of h24.review-sample (seed, window) and each drawn call, masked, with its mark.
const char *const SCHEMA_V8[] = {
    "CREATE TABLE IF NOT EXISTS review_samples (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
    " seed TEXT NOT NULL, requested INTEGER NOT NULL, population INTEGER NOT NULL, window_from TEXT, window_to TEXT,"
    " created TEXT NOT NULL, created_by TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS review_samples_deployment ON review_samples(deployment_id, id)",
    "CREATE TABLE IF NOT EXISTS review_calls (sample_id INTEGER NOT NULL REFERENCES review_samples(id), position INTEGER NOT NULL,"
    " ref TEXT NOT NULL, call_time INTEGER, model TEXT NOT NULL DEFAULT '', prompt TEXT NOT NULL, response TEXT NOT NULL,"
    " verdict TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'good', 'bad')), note TEXT NOT NULL DEFAULT '',"
    " marked_by TEXT NOT NULL DEFAULT '', marked_at TEXT, PRIMARY KEY(sample_id, position)) WITHOUT ROWID",
};

bool hasSqliteHeader(const QString &path, bool *empty)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *empty = false;
        return false;
    }
    const QByteArray header = file.read(16);
    *empty = header.isEmpty();
    return header == QByteArray("SQLite format 3\0", 16);
}
} // namespace

Database::~Database()
{
    close();
}

QString Database::defaultPath()
{
    const QString fromEnv = qEnvironmentVariable("LIFTOFF_DB");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir + u"/liftoff.sqlite"_s;
}

StoreError Database::classify(const QSqlError &error, const QString &path, const QString &what)
{
    const QString code = error.nativeErrorCode();
    const QString text = error.text();
    // SQLite primary result codes: 5 BUSY, 6 LOCKED, 8 READONLY, 11 CORRUPT, 26 NOTADB, 14 CANTOPEN.
    const int primary = code.toInt() & 0xff;
    if (primary == 5 || primary == 6 || text.contains(u"locked"))
        return StoreError::make(StoreError::Kind::Locked,
                                u"%1: the database is locked by another process while trying to %2; close the other "
                                u"Liftoff or wait and try again. Nothing was changed."_s.arg(path, what));
    if (primary == 8 || text.contains(u"readonly") || text.contains(u"read-only"))
        return StoreError::make(StoreError::Kind::ReadOnly,
                                u"%1: the database is read-only (%2); check the file's permissions or pass another "
                                u"--db. Nothing was changed."_s.arg(path, what));
    if (primary == 11 || primary == 26 || text.contains(u"malformed") || text.contains(u"not a database"))
        return StoreError::make(StoreError::Kind::Corrupt,
                                u"%1: the database is corrupt (%2); restore it from a backup or pass another --db. "
                                u"The file was left untouched."_s.arg(path, text));
    return StoreError::make(StoreError::Kind::Io, u"%1: could not %2: %3"_s.arg(path, what, text));
}

StoreError Database::open(const QString &path, int busyTimeoutMs)
{
    close();
    m_path = path;
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile())
            return StoreError::make(StoreError::Kind::Io, u"%1: not a file; pass a database file with --db"_s.arg(path));
        bool empty = false;
        if (!hasSqliteHeader(path, &empty) && !empty)
            return StoreError::make(StoreError::Kind::Corrupt,
                                    u"%1: not a Liftoff database (no SQLite header); restore it from a backup or pass "
                                    u"another --db. The file was left untouched."_s.arg(path));
        if (!info.isWritable())
            return StoreError::make(StoreError::Kind::ReadOnly,
                                    u"%1: the database file is read-only; check its permissions or pass another --db. "
                                    u"Nothing was changed."_s.arg(path));
    } else {
        const QString dir = info.absolutePath();
        if (!QDir().mkpath(dir))
            return StoreError::make(StoreError::Kind::Io, u"%1: cannot create the folder %2"_s.arg(path, dir));
    }

    m_busyTimeoutMs = busyTimeoutMs;
    m_connectionName = u"liftoff-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeoutMs));
        if (!db.open()) {
            const StoreError error = classify(db.lastError(), path, u"open it"_s);
            close();
            return error;
        }
    }
    // The queries live in configure(), so none is alive when close() removes the connection.
    if (StoreError error = configure(); error.isError()) {
        close();
        return error;
    }
    return {};
}

StoreError Database::configure()
{
    const QString &path = m_path;
    QSqlQuery query(connection());
    // One statement, one snapshot: the version and the schema are read together, so another process
    // migrating the file at the same moment cannot make it look foreign. Reading the schema parses
    // page 1, so a damaged file fails here, before anything is written.
    if (!query.exec(u"SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"_s)
        || !query.next()) {
        return classify(query.lastError(), path, u"read its schema version"_s);
    }
    const int version = query.value(0).toInt();
    const int objects = query.value(1).toInt();
    query.finish();
    if (version > SCHEMA_VERSION) {
        return StoreError::make(StoreError::Kind::NewerSchema,
                                u"%1: the database has schema version %2, newer than this Liftoff understands (%3); "
                                u"update Liftoff. The file was left untouched."_s.arg(path).arg(version).arg(SCHEMA_VERSION));
    }
    if (version == 0 && objects > 0) {
        return StoreError::make(StoreError::Kind::Corrupt,
                                u"%1: not a Liftoff database (it holds tables but no Liftoff schema version); pass "
                                u"another --db. The file was left untouched."_s.arg(path));
    }
    // Durability first: a tick reported as saved must survive a kill -9 a moment later.
    for (const QString &pragma : {u"PRAGMA foreign_keys = ON"_s, u"PRAGMA synchronous = FULL"_s}) {
        if (!query.exec(pragma)) {
            return classify(query.lastError(), path, u"configure the connection"_s);
        }
    }
    if (!query.exec(u"PRAGMA journal_mode"_s) || !query.next()) {
        return classify(query.lastError(), path, u"read the journal mode"_s);
    }
    bool isWal = query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) == 0;
    query.finish();
    if (!isWal) {
        // Switching needs an exclusive lock, and SQLite does not call the busy handler for it (the
        // pragma already holds a read lock): when another process is reading or migrating a fresh
        // file at the same moment, retry until the busy timeout is spent.
        QElapsedTimer waited;
        waited.start();
        for (int delayMs = 1;; delayMs = qMin(delayMs * 2, 50)) {
            if (query.exec(u"PRAGMA journal_mode = WAL"_s) && query.next())
                break;
            const StoreError error = classify(query.lastError(), path, u"switch to WAL"_s);
            query.finish();
            if (error.kind != StoreError::Kind::Locked || waited.elapsed() >= m_busyTimeoutMs)
                return error;
            QThread::msleep(static_cast<unsigned long>(delayMs));
        }
        // The pragma answers with the mode in force; a refused switch is not an SQL error.
        isWal = query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) == 0;
        query.finish();
        if (!isWal) {
            return StoreError::make(StoreError::Kind::Io,
                                    u"%1: could not switch the database to WAL mode; check that its folder is "
                                    u"writable"_s.arg(path));
        }
    }
    query.finish();
    return version < SCHEMA_VERSION ? migrate() : StoreError {};
}

StoreError Database::migrate()
{
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    // BEGIN IMMEDIATE takes the write lock up front, so two processes migrating do not interleave.
    if (!query.exec(u"BEGIN IMMEDIATE"_s))
        return classify(query.lastError(), m_path, u"start the schema migration"_s);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        const StoreError error = classify(query.lastError(), m_path, u"read the schema version"_s);
        query.exec(u"ROLLBACK"_s);
        return error;
    }
    const int from = query.value(0).toInt();
    query.finish();
    if (from > SCHEMA_VERSION) {
        // Another process upgraded it between our check and our lock.
        query.exec(u"ROLLBACK"_s);
        return StoreError::make(StoreError::Kind::NewerSchema,
                                u"%1: the database has schema version %2, newer than this Liftoff understands (%3); "
                                u"update Liftoff. The file was left untouched."_s.arg(m_path).arg(from).arg(SCHEMA_VERSION));
    }
    // Every step runs inside this one transaction: a failure leaves the file at its old version.
    const auto runStep = [&](const auto &statements, const QString &what) -> StoreError {
        for (const char *statement : statements) {
            if (!query.exec(QString::fromLatin1(statement))) {
                const StoreError error = classify(query.lastError(), m_path, what);
                query.exec(u"ROLLBACK"_s);
                return error;
            }
        }
        return {};
    };
    if (from < 1) {
        if (StoreError error = runStep(SCHEMA_V1, u"create the schema"_s); error.isError())
            return error;
    }
    if (from < 2) {
        if (StoreError error = runStep(SCHEMA_V2, u"migrate the schema to version 2"_s); error.isError())
            return error;
    }
    if (from < 3) {
        if (StoreError error = runStep(SCHEMA_V3, u"migrate the schema to version 3"_s); error.isError())
            return error;
    }
    if (from < 4) {
        if (StoreError error = runStep(SCHEMA_V4, u"migrate the schema to version 4"_s); error.isError())
            return error;
    }
    if (from < 5) {
        if (StoreError error = runStep(SCHEMA_V5, u"migrate the schema to version 5"_s); error.isError())
            return error;
    }
    if (from < 6) {
        if (StoreError error = runStep(SCHEMA_V6, u"migrate the schema to version 6"_s); error.isError())
            return error;
    }
    if (from < 7) {
        if (StoreError error = runStep(SCHEMA_V7, u"migrate the schema to version 7"_s); error.isError())
            return error;
    }
    if (from < 8) {
        if (StoreError error = runStep(SCHEMA_V8, u"migrate the schema to version 8"_s); error.isError())
            return error;
    }
    if (from < SCHEMA_VERSION && !query.exec(u"PRAGMA user_version = %1"_s.arg(SCHEMA_VERSION))) {
        const StoreError error = classify(query.lastError(), m_path, u"record the schema version"_s);
        query.exec(u"ROLLBACK"_s);
        return error;
    }
    if (!query.exec(u"COMMIT"_s)) {
        const StoreError error = classify(query.lastError(), m_path, u"commit the schema migration"_s);
        query.exec(u"ROLLBACK"_s);
        return error;
    }
    return {};
}

StoreError Database::ensureOpen() const
{
    if (isOpen())
        return {};
    return StoreError::make(StoreError::Kind::Io, u"the store is not open (%1); open the database first"_s.arg(m_path));
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}
