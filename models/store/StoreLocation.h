// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

/**
 * Where the store lives, parsed from a `--db` / LIFTOFF_DB value: a SQLite file path, or a
 * PostgreSQL URL
 *
 *     postgresql://[USER@][HOST][:PORT]/DATABASE[?OPTION=VALUE&...]     (also postgres://)
 *
 * The URL never carries a password: `user:secret@host` is refused (a URL ends up in shell history,
 * settings files and error messages). The password comes from a reference in the `password`
 * option, `?password=env:NAME` or `?password=keychain:NAME` (resolved at connect time through
 * SecretResolver), or, with no such option, from libpq's own ways: PGPASSFILE or ~/.pgpass, a
 * `service` in the service file, or the server's trust/peer/certificate authentication. A
 * password option that is not a reference is refused too.
 *
 * The other options allowed are the libpq keywords a team needs (sslmode, sslrootcert, sslcert,
 * sslkey, connect_timeout, service, application_name); an unknown one is refused, so that a typo
 * in `sslmode` cannot silently connect without TLS. Percent-encoding is decoded. Any other
 * `scheme://` is refused as an unsupported store; everything else is a SQLite path.
 */
class StoreLocation
{
public:
    enum class Backend { Sqlite, Postgres };

    /** The location, or nullopt with *error saying what is wrong (never echoing a password). */
    static std::optional<StoreLocation> parse(const QString &value, QString *error);
    static StoreLocation sqlite(const QString &path);

    Backend backend() const { return m_backend; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }
    /** The SQLite file; empty for PostgreSQL. */
    QString path() const { return m_path; }
    /** PostgreSQL: empty user/host mean libpq's defaults; port -1 means 5432 (or the service's). */
    QString user() const { return m_user; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString database() const { return m_database; }
    /** The `password` option's reference, when given. */
    std::optional<SecretRef> password() const { return m_password; }
    /** The allowed libpq options other than password, in the order given. */
    QList<QPair<QString, QString>> options() const { return m_options; }
    /** libpq keywords for QSqlDatabase::setConnectOptions ("k=v;k=v"); values are quoted for libpq. */
    QString connectOptions() const;
    /** What messages show: the path, or the URL (no password is ever in it). */
    QString display() const;

private:
    Backend m_backend = Backend::Sqlite;
    QString m_path;
    QString m_user;
    QString m_host;
    int m_port = -1;
    QString m_database;
    std::optional<SecretRef> m_password;
    QList<QPair<QString, QString>> m_options;
};
