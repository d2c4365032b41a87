// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"

#include "config/SecretResolver.h"
#include "store/StoreLocation.h"

#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<quint64> s_connectionCounter;

/** What a schema statement is: DDL for both backends (SqlDialect::ddl maps the types), DDL for one
 * backend only, or a table made append-only (SqlDialect::appendOnly writes the guard). */
enum class Statement { Both, SqliteOnly, AppendOnly };

struct SchemaStatement
{
    int version;      ///< the schema version that added it
    Statement kind;
    const char *text; ///< the DDL in SQLite's spelling; for AppendOnly, the table
    const char *message = nullptr; ///< AppendOnly: what a refused change says
};

// The one schema list, for every backend, in the order it is applied. A migration to version N
// runs the statements of every version above the database's, up to N, in one transaction.
const SchemaStatement SCHEMA[] = {
    {1, Statement::Both,
     "CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, config_path TEXT, created TEXT NOT NULL)"},
    {1, Statement::Both,
     "CREATE TABLE deployments (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
     " name TEXT NOT NULL, environment TEXT NOT NULL, version TEXT NOT NULL, commit_sha TEXT NOT NULL DEFAULT '',"
     " created TEXT NOT NULL, released TEXT, UNIQUE(project_id, name))"},
    {1, Statement::Both,
     "CREATE TABLE item_states (deployment_id INTEGER NOT NULL REFERENCES deployments(id), item_id TEXT NOT NULL,"
     " status TEXT NOT NULL, base_status TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '',"
     " note TEXT NOT NULL DEFAULT '', by TEXT NOT NULL DEFAULT '', checked_at TEXT, waiver_expires TEXT,"
     " evidence TEXT NOT NULL DEFAULT '{}', conditions TEXT NOT NULL DEFAULT '[]',"
     " PRIMARY KEY(deployment_id, item_id)) WITHOUT ROWID"},
    {1, Statement::Both,
     "CREATE TABLE probe_runs (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
     " item_id TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL, status TEXT NOT NULL,"
     " summary TEXT NOT NULL, conditions TEXT NOT NULL DEFAULT '[]', evidence TEXT NOT NULL DEFAULT '{}')"},
    {1, Statement::Both,
     "CREATE INDEX probe_runs_item ON probe_runs(deployment_id, item_id, started_at)"},
    {1, Statement::Both,
     "CREATE TABLE audit (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
     " item_id TEXT NOT NULL DEFAULT '', at TEXT NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL,"
     " from_status TEXT NOT NULL DEFAULT '', to_status TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '')"},
    {1, Statement::Both,
     "CREATE INDEX audit_item ON audit(deployment_id, item_id, id)"},
    // The audit trail is append-only: the database itself refuses edits.
    {1, Statement::AppendOnly, "audit", "audit trail is append-only"},
    // v2: INSERT OR REPLACE with an existing id deletes the old row without firing the delete trigger
    // (recursive_triggers is off), which silently rewrote history; refuse reusing an id.
    {2, Statement::SqliteOnly,
     "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit WHEN NEW.id IS NOT NULL AND EXISTS "
     "(SELECT 1 FROM audit WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"},
    // v3: cost tracking. The month's projection made at a deployment's first cost check (compared with
    // the actual spend of the week after, w1.cost-projection), and the budget alerts already sent, so
    // each threshold fires once per calendar month even across restarts. Money is integer nano-USD.
    {3, Statement::Both,
     "CREATE TABLE cost_projections (deployment_id INTEGER NOT NULL PRIMARY KEY REFERENCES deployments(id),"
     " made_at TEXT NOT NULL, projected_nano_usd INTEGER NOT NULL, mtd_nano_usd INTEGER NOT NULL,"
     " source TEXT NOT NULL DEFAULT '')"},
    {3, Statement::Both,
     "CREATE TABLE budget_alerts (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
     " month TEXT NOT NULL, threshold REAL NOT NULL, fired_at TEXT NOT NULL, spend_nano_usd INTEGER NOT NULL,"
     " budget_nano_usd INTEGER NOT NULL, delivery TEXT NOT NULL DEFAULT '', UNIQUE(project_id, month, threshold))"},
    // v4: rollbacks with their output and verification, command approvals keyed by hash, kill-switch
    // flips, the one-rollback-per-project lock (shared by every Liftoff process on the file), and the
    // time a deployment was rolled back.
    {4, Statement::Both,
     "ALTER TABLE deployments ADD COLUMN rolled_back TEXT"},
    {4, Statement::Both,
     "CREATE TABLE command_approvals (project_id INTEGER NOT NULL REFERENCES projects(id), hash TEXT NOT NULL,"
     " purpose TEXT NOT NULL, command TEXT NOT NULL, approved_by TEXT NOT NULL, approved_at TEXT NOT NULL,"
     " PRIMARY KEY(project_id, hash)) WITHOUT ROWID"},
    {4, Statement::Both,
     "CREATE TABLE rollbacks (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
     " from_deployment_id INTEGER REFERENCES deployments(id), to_deployment_id INTEGER REFERENCES deployments(id),"
     " from_version TEXT NOT NULL DEFAULT '', to_version TEXT NOT NULL DEFAULT '', dry_run INTEGER NOT NULL DEFAULT 0,"
     " who TEXT NOT NULL, reason TEXT NOT NULL, command TEXT NOT NULL, command_hash TEXT NOT NULL,"
     " started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL DEFAULT 'running', exit_code INTEGER,"
     " output TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', verification TEXT NOT NULL DEFAULT '[]',"
     " notifications TEXT NOT NULL DEFAULT '[]')"},
    {4, Statement::Both,
     "CREATE INDEX rollbacks_project ON rollbacks(project_id, id)"},
    {4, Statement::Both,
     "CREATE TABLE flag_flips (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),"
     " flag TEXT NOT NULL, source TEXT NOT NULL, from_value TEXT NOT NULL DEFAULT '', to_value TEXT NOT NULL,"
     " who TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, outcome TEXT NOT NULL, error TEXT NOT NULL DEFAULT '')"},
    {4, Statement::Both,
     "CREATE TABLE rollback_lock (project_id INTEGER PRIMARY KEY REFERENCES projects(id), token TEXT NOT NULL,"
     " pid INTEGER NOT NULL, host TEXT NOT NULL, who TEXT NOT NULL, acquired_at TEXT NOT NULL)"},
    // v5: the prompt version each deployment shipped (a commit for a git folder, a Langfuse version or label).
    {5, Statement::Both,
     "CREATE TABLE IF NOT EXISTS deployment_prompts (deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
     " prompt TEXT NOT NULL, source TEXT NOT NULL, version TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',"
     " recorded TEXT NOT NULL, PRIMARY KEY(deployment_id, prompt)) WITHOUT ROWID"},
    // v6: day-start readings of cost counters that keep no per-day history (OpenRouter's key usage),
    // so the days between two readings become exact history. Keyed by the counter's reference, never a key.
    {6, Statement::Both,
     "CREATE TABLE IF NOT EXISTS cost_marks (counter TEXT NOT NULL, day TEXT NOT NULL,"
     " counter_nano_usd INTEGER NOT NULL, recorded TEXT NOT NULL, PRIMARY KEY(counter, day)) WITHOUT ROWID"},
    // v7: eval runs (with the prompt versions they ran against), each case's answer and assertion
    // outcomes, and blessings (a run made the baseline of its prompt versions; append-only like the audit).
    {7, Statement::Both,
     "CREATE TABLE IF NOT EXISTS eval_runs (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
     " environment TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', dataset TEXT NOT NULL DEFAULT '', who TEXT NOT NULL,"
     " started_at TEXT NOT NULL, finished_at TEXT, state TEXT NOT NULL, stop_message TEXT NOT NULL DEFAULT '',"
     " cases_total INTEGER NOT NULL DEFAULT 0, cases_run INTEGER NOT NULL DEFAULT 0, cases_passed INTEGER NOT NULL DEFAULT 0,"
     " prompts TEXT NOT NULL DEFAULT '[]', prompt_key TEXT NOT NULL DEFAULT '')"},
    {7, Statement::Both,
     "CREATE INDEX IF NOT EXISTS eval_runs_deployment ON eval_runs(deployment_id, id)"},
    {7, Statement::Both,
     "CREATE TABLE IF NOT EXISTS eval_case_results (run_id INTEGER NOT NULL REFERENCES eval_runs(id), case_id TEXT NOT NULL,"
     " position INTEGER NOT NULL, passed INTEGER NOT NULL, http_status INTEGER NOT NULL, latency_ms INTEGER NOT NULL,"
     " attempts INTEGER NOT NULL, output TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', tokens INTEGER,"
     " cost_usd REAL, assertions TEXT NOT NULL DEFAULT '[]', PRIMARY KEY(run_id, case_id)) WITHOUT ROWID"},
    {7, Statement::Both,
     "CREATE TABLE IF NOT EXISTS eval_blessings (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES eval_runs(id),"
     " project_id INTEGER NOT NULL REFERENCES projects(id), prompt_key TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,"
     " note TEXT NOT NULL)"},
    {7, Statement::Both,
     "CREATE INDEX IF NOT EXISTS eval_blessings_key ON eval_blessings(project_id, prompt_key, id)"},
    {7, Statement::AppendOnly, "eval_blessings", "blessings are append-only"},
    // v8: review samples of h24.review-sample (seed, window) and each drawn call, masked, with its mark.
    {8, Statement::Both,
     "CREATE TABLE IF NOT EXISTS review_samples (id INTEGER PRIMARY KEY, deployment_id INTEGER NOT NULL REFERENCES deployments(id),"
     " seed TEXT NOT NULL, requested INTEGER NOT NULL, population INTEGER NOT NULL, window_from TEXT, window_to TEXT,"
     " created TEXT NOT NULL, created_by TEXT NOT NULL)"},
    {8, Statement::Both,
     "CREATE INDEX IF NOT EXISTS review_samples_deployment ON review_samples(deployment_id, id)"},
    {8, Statement::Both,
     "CREATE TABLE IF NOT EXISTS review_calls (sample_id INTEGER NOT NULL REFERENCES review_samples(id), position INTEGER NOT NULL,"
     " ref TEXT NOT NULL, call_time INTEGER, model TEXT NOT NULL DEFAULT '', prompt TEXT NOT NULL, response TEXT NOT NULL,"
     " verdict TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'good', 'bad')), note TEXT NOT NULL DEFAULT '',"
     " marked_by TEXT NOT NULL DEFAULT '', marked_at TEXT, PRIMARY KEY(sample_id, position)) WITHOUT ROWID"},
    // v9, team mode: a row version on each item state (a write that did not see the newest one is
    // refused, ChecklistRepository::applyChange), and who acted beyond the display name: the OS
    // account (user@host) and, on PostgreSQL, the database role, on every audited write.
    {9, Statement::Both, "ALTER TABLE item_states ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"},
    {9, Statement::Both, "ALTER TABLE audit ADD COLUMN account TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE audit ADD COLUMN db_role TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE rollbacks ADD COLUMN account TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE rollbacks ADD COLUMN db_role TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE command_approvals ADD COLUMN account TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE command_approvals ADD COLUMN db_role TEXT NOT NULL DEFAULT ''"},
    // v9, rollbacks across machines (issue 13): the lock names its holder's OS account and when it
    // was last renewed (a lock older than the rollback timeout plus a margin is taken over,
    // RollbackRepository::acquireLock); kill-switch flips record account and role like rollbacks;
    // a command may need approval by several distinct people (rollback.approvers), one row each,
    // starting from the one approval per command that earlier versions kept.
    {9, Statement::Both, "ALTER TABLE rollback_lock ADD COLUMN account TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE rollback_lock ADD COLUMN renewed_at TEXT"},
    {9, Statement::Both, "ALTER TABLE flag_flips ADD COLUMN account TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both, "ALTER TABLE flag_flips ADD COLUMN db_role TEXT NOT NULL DEFAULT ''"},
    {9, Statement::Both,
     "CREATE TABLE IF NOT EXISTS command_approvers (project_id INTEGER NOT NULL REFERENCES projects(id),"
     " hash TEXT NOT NULL, approved_by TEXT NOT NULL, approved_at TEXT NOT NULL, account TEXT NOT NULL DEFAULT '',"
     " db_role TEXT NOT NULL DEFAULT '', PRIMARY KEY(project_id, hash, approved_by)) WITHOUT ROWID"},
    // `WHERE true`: SQLite needs it to tell the upsert's ON CONFLICT from a join constraint.
    {9, Statement::Both,
     "INSERT INTO command_approvers(project_id, hash, approved_by, approved_at, account, db_role)"
     " SELECT project_id, hash, approved_by, approved_at, account, db_role FROM command_approvals WHERE true"
     " ON CONFLICT(project_id, hash, approved_by) DO NOTHING"},
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

StoreError newerSchema(const QString &path, int version, SqlDialect::Kind kind)
{
    const QString untouched = kind == SqlDialect::Kind::Postgres ? u"Nothing was changed."_s
                                                                 : u"The file was left untouched."_s;
    return StoreError::make(StoreError::Kind::NewerSchema,
                            u"%1: the database has schema version %2, newer than this Liftoff understands (%3); "
                            u"update Liftoff. %4"_s.arg(path).arg(version).arg(Database::SCHEMA_VERSION).arg(untouched));
}

/** PostgreSQL errors by SQLSTATE class and code (see Database::classify). */
StoreError classifyPostgres(const QString &state, const QString &text, const QString &path, const QString &what)
{
    // 55P03 lock_not_available (lock_timeout), 40P01 deadlock, 40001 serialization failure.
    if (state == u"55P03" || state == u"40P01" || state == u"40001")
        return StoreError::make(StoreError::Kind::Locked,
                                u"%1: the store is busy with another Liftoff's write while trying to %2; wait and try "
                                u"again. Nothing was changed."_s.arg(path, what));
    // 25006 read-only transaction (a standby, default_transaction_read_only), 42501 no privilege.
    if (state == u"25006" || state == u"42501")
        return StoreError::make(StoreError::Kind::ReadOnly,
                                u"%1: the database refuses this role's writes (%2: %3); ask its owner for the "
                                u"privileges or pass another --db. Nothing was changed."_s.arg(path, what, text));
    // Class 08: the connection failed or broke; 57P0x: the server is shutting down.
    if (state.startsWith(u"08") || state.startsWith(u"57P0"))
        return StoreError::make(StoreError::Kind::Io,
                                u"%1: lost the connection to the server while trying to %2 (%3); check that it runs "
                                u"and try again"_s.arg(path, what, text));
    // XX001 data_corrupted, XX002 index_corrupted.
    if (state == u"XX001" || state == u"XX002")
        return StoreError::make(StoreError::Kind::Corrupt,
                                u"%1: the server reports corrupt data (%2); ask its administrator to restore it. "
                                u"Nothing was changed."_s.arg(path, text));
    return StoreError::make(StoreError::Kind::Io, u"%1: could not %2: %3"_s.arg(path, what, text));
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
    // The team's shared store is a per-person setting, never liftoff.yaml (which is committed, and
    // would point everyone who clones the project at one server).
    const QString fromSettings = QSettings().value(QLatin1StringView(STORE_SETTING)).toString().trimmed();
    if (!fromSettings.isEmpty())
        return fromSettings;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir + u"/liftoff.sqlite"_s;
}

QStringList Database::tableNames()
{
    static const QRegularExpression createTable(u"^CREATE TABLE (?:IF NOT EXISTS )?(\\w+)"_s);
    QStringList names;
    for (const SchemaStatement &statement : SCHEMA) {
        if (statement.kind == Statement::AppendOnly)
            continue;
        const QRegularExpressionMatch match = createTable.match(QString::fromLatin1(statement.text));
        if (match.hasMatch() && match.captured(1) != u"liftoff_schema" && !names.contains(match.captured(1)))
            names.append(match.captured(1));
    }
    return names;
}

StoreError Database::classify(const QSqlError &error, const QString &path, const QString &what)
{
    const QString code = error.nativeErrorCode();
    const QString text = error.text();
    if (code.size() == 5)
        return classifyPostgres(code, text, path, what);
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
    m_kind = SqlDialect::Kind::Sqlite;
    // Every store location is a string (--db, LIFTOFF_DB, the `store` user setting, the path the GUI
    // hands to its workers): a URL is PostgreSQL, anything else a SQLite file. Without this check,
    // "postgresql://…" would become a folder and a file.
    static const QRegularExpression urlScheme(u"^[A-Za-z][A-Za-z0-9+.-]*://"_s);
    if (urlScheme.match(path).hasMatch()) {
        QString why;
        const std::optional<StoreLocation> location = StoreLocation::parse(path, &why);
        if (!location) {
            // The parse error never echoes a password; the URL itself might hold one.
            return StoreError::make(StoreError::Kind::Io, u"%1. Nothing was opened."_s.arg(why));
        }
        return open(*location, busyTimeoutMs);
    }
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

StoreError Database::open(const StoreLocation &location, int busyTimeoutMs)
{
    if (!location.isPostgres())
        return open(location.path(), busyTimeoutMs);
    close();
    m_path = location.display();
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return StoreError::make(StoreError::Kind::Io,
                                u"%1: this Liftoff has no PostgreSQL driver (QPSQL); install libqt6sql6-psql"_s.arg(m_path));
    QString password;
    if (const std::optional<SecretRef> ref = location.password()) {
        QString why;
        const std::optional<QString> value = SecretResolver::resolve(*ref, &why);
        if (!value)
            return StoreError::make(StoreError::Kind::Io,
                                    u"%1: cannot read the database password: %2"_s.arg(m_path, why));
        password = *value;
    }
    m_busyTimeoutMs = busyTimeoutMs;
    m_kind = SqlDialect::Kind::Postgres;
    m_connectionName = u"liftoff-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
        db.setHostName(location.host());
        db.setPort(location.port());
        db.setUserName(location.user());
        db.setPassword(password);
        db.setDatabaseName(location.database());
        QStringList options;
        if (const QString given = location.connectOptions(); !given.isEmpty())
            options.append(given);
        // Seen in pg_stat_activity, so an administrator can tell which sessions are consoles.
        bool named = false;
        for (const auto &option : location.options())
            named = named || option.first == u"application_name";
        if (!named)
            options.append(u"application_name='liftoff'"_s);
        // libpq waits for an unreachable host as long as TCP does (minutes); a console or a CI job
        // should hear within seconds that the server is not there. The URL's connect_timeout wins.
        bool timed = false;
        for (const auto &option : location.options())
            timed = timed || option.first == u"connect_timeout";
        if (!timed)
            options.append(u"connect_timeout=%1"_s.arg(DEFAULT_CONNECT_TIMEOUT_S));
        db.setConnectOptions(options.join(u';'));
        if (!db.open()) {
            // libpq's message names the host and the reason, never the password.
            const QString why = db.lastError().databaseText().trimmed();
            const StoreError error = StoreError::make(
                StoreError::Kind::Io,
                u"%1: cannot connect: %2; check the URL, that the server runs and accepts this role, and the "
                u"password reference or PGPASSFILE"_s.arg(m_path, why.isEmpty() ? db.lastError().text() : why));
            close();
            return error;
        }
    }
    if (StoreError error = configurePostgres(); error.isError()) {
        close();
        return error;
    }
    return {};
}

StoreError Database::configurePostgres()
{
    QSqlQuery query(connection());
    // A wait for a lock (another console's write, or its migration) gives up like SQLite's busy timeout.
    if (!query.exec(u"SET lock_timeout = %1"_s.arg(qMax(1, m_busyTimeoutMs))))
        return classify(query.lastError(), m_path, u"configure the connection"_s);
    // libpq prints the server's NOTICEs on stderr ("relation ... already exists, skipping" when two
    // consoles migrate at once); a script's stderr should hold only what went wrong.
    if (!query.exec(u"SET client_min_messages = warning"_s))
        return classify(query.lastError(), m_path, u"configure the connection"_s);
    // The version and the tables of the schema in use, read together before anything is written.
    if (!query.exec(u"SELECT to_regclass('liftoff_schema') IS NOT NULL, (SELECT count(*) FROM pg_catalog.pg_class c "
                    u"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                    u"AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))"_s)
        || !query.next()) {
        return classify(query.lastError(), m_path, u"read its schema version"_s);
    }
    const bool hasVersionTable = query.value(0).toBool();
    const qint64 objects = query.value(1).toLongLong();
    query.finish();
    int version = 0;
    if (hasVersionTable) {
        if (!query.exec(SqlDialect(m_kind).schemaVersionQuery()) || !query.next())
            return classify(query.lastError(), m_path, u"read its schema version"_s);
        version = query.value(0).toInt();
        query.finish();
    }
    if (version > SCHEMA_VERSION)
        return newerSchema(m_path, version, m_kind);
    if (version == 0 && objects > (hasVersionTable ? 1 : 0)) {
        return StoreError::make(StoreError::Kind::Corrupt,
                                u"%1: not a Liftoff database (its schema holds tables but no Liftoff schema version); "
                                u"pass another --db. Nothing was changed."_s.arg(m_path));
    }
    return version < SCHEMA_VERSION ? migrate() : StoreError {};
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
    if (version > SCHEMA_VERSION)
        return newerSchema(path, version, m_kind);
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
    const SqlDialect dialect(m_kind);
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    // SQLite: BEGIN IMMEDIATE takes the write lock up front, so two processes migrating do not
    // interleave; PostgreSQL: the same through the store's advisory write lock.
    const QStringList begin = dialect.beginMigration();
    for (qsizetype i = 0; i < begin.size(); ++i) {
        if (!query.exec(begin.at(i))) {
            const StoreError error = classify(query.lastError(), m_path, u"start the schema migration"_s);
            if (i > 0)
                query.exec(u"ROLLBACK"_s);
            return error;
        }
    }
    if (!query.exec(dialect.schemaVersionQuery()) || !query.next()) {
        const StoreError error = classify(query.lastError(), m_path, u"read the schema version"_s);
        query.exec(u"ROLLBACK"_s);
        return error;
    }
    const int from = query.value(0).toInt();
    query.finish();
    if (from > SCHEMA_VERSION) {
        // Another process upgraded it between our check and our lock.
        query.exec(u"ROLLBACK"_s);
        return newerSchema(m_path, from, m_kind);
    }
    // Every step runs inside this one transaction: a failure leaves the database at its old version.
    for (int version = from + 1; version <= SCHEMA_VERSION; ++version) {
        const QString what = version == 1 ? u"create the schema"_s : u"migrate the schema to version %1"_s.arg(version);
        for (const SchemaStatement &statement : SCHEMA) {
            if (statement.version != version)
                continue;
            QStringList sql;
            switch (statement.kind) {
            case Statement::Both:
                sql = {dialect.ddl(QString::fromLatin1(statement.text))};
                break;
            case Statement::SqliteOnly:
                if (!dialect.isPostgres())
                    sql = {QString::fromLatin1(statement.text)};
                break;
            case Statement::AppendOnly:
                sql = dialect.appendOnly(QString::fromLatin1(statement.text), QString::fromLatin1(statement.message));
                break;
            }
            for (const QString &one : std::as_const(sql)) {
                if (!query.exec(one)) {
                    const StoreError error = classify(query.lastError(), m_path, what);
                    query.exec(u"ROLLBACK"_s);
                    return error;
                }
            }
        }
    }
    if (from < SCHEMA_VERSION) {
        for (const QString &statement : dialect.setSchemaVersion(SCHEMA_VERSION)) {
            if (!query.exec(statement)) {
                const StoreError error = classify(query.lastError(), m_path, u"record the schema version"_s);
                query.exec(u"ROLLBACK"_s);
                return error;
            }
        }
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
