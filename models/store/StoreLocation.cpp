// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/StoreLocation.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
const QStringList ALLOWED_OPTIONS = {u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s,
                                     u"connect_timeout"_s, u"service"_s, u"application_name"_s};

/** libpq conninfo quoting: 'value' with \ and ' escaped. */
QString quoteConninfo(const QString &value)
{
    QString quoted = value;
    quoted.replace(u"\\"_s, u"\\\\"_s);
    quoted.replace(u"'"_s, u"\\'"_s);
    return u"'"_s + quoted + u"'"_s;
}

bool isPostgresScheme(const QString &scheme)
{
    return scheme.compare(u"postgresql"_s, Qt::CaseInsensitive) == 0
           || scheme.compare(u"postgres"_s, Qt::CaseInsensitive) == 0;
}
} // namespace

StoreLocation StoreLocation::sqlite(const QString &path)
{
    StoreLocation location;
    location.m_backend = Backend::Sqlite;
    location.m_path = path;
    return location;
}

std::optional<StoreLocation> StoreLocation::parse(const QString &value, QString *error)
{
    const auto refuse = [error](const QString &message) -> std::optional<StoreLocation> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return refuse(u"the store location is empty; pass a SQLite file or a postgresql:// URL with --db"_s);
    // A scheme is letters, digits, + - . before "://"; a Windows path (C:\) or a relative path has none.
    static const QRegularExpression schemePattern(u"^([A-Za-z][A-Za-z0-9+.-]*)://"_s);
    const QRegularExpressionMatch scheme = schemePattern.match(trimmed);
    if (!scheme.hasMatch())
        return sqlite(value);
    if (!isPostgresScheme(scheme.captured(1)))
        return refuse(u"unsupported store '%1://': pass a SQLite file path or a postgresql://USER@HOST:PORT/DATABASE "
                      u"URL"_s.arg(scheme.captured(1)));

    const QUrl url(trimmed, QUrl::StrictMode);
    // Never show what was typed after "user:" in any message: it may be the password.
    const QString shown = url.isValid() ? url.toString(QUrl::RemovePassword) : scheme.captured(0) + u"…"_s;
    if (!url.isValid())
        return refuse(u"%1: not a valid URL (%2); the form is postgresql://USER@HOST:PORT/DATABASE"_s.arg(
            shown, url.errorString().replace(trimmed, u"…"_s)));
    // Also "user:@host": an empty password is still the password's place in the URL.
    const QString authority = trimmed.mid(scheme.capturedLength()).section(QRegularExpression(u"[/?#]"_s), 0, 0);
    const qsizetype at = authority.lastIndexOf(u'@');
    if (!url.password(QUrl::FullyDecoded).isEmpty() || (at >= 0 && authority.left(at).contains(u':')))
        return refuse(u"%1: the URL holds a password; remove it and use ?password=env:NAME or ?password=keychain:NAME, "
                      u"or libpq's PGPASSFILE (~/.pgpass) or service file. A password in a URL ends up in shell "
                      u"history and settings"_s.arg(shown));
    if (!url.fragment().isEmpty())
        return refuse(u"%1: a store URL takes no #fragment"_s.arg(shown));

    StoreLocation location;
    location.m_backend = Backend::Postgres;
    location.m_user = url.userName(QUrl::FullyDecoded);
    location.m_host = url.host(QUrl::FullyDecoded);
    location.m_port = url.port(-1);
    if (url.port(-1) == 0)
        return refuse(u"%1: port 0 is not a server port"_s.arg(shown));
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (path.isEmpty())
        return refuse(u"%1: name the database after the host, e.g. postgresql://USER@HOST:5432/liftoff"_s.arg(shown));
    if (path.contains(u'/'))
        return refuse(u"%1: the database name '%2' holds a '/'; the form is postgresql://USER@HOST:PORT/DATABASE"_s.arg(
            shown, path));
    location.m_database = path;

    const QUrlQuery query(url);
    QStringList seen;
    for (const auto &[rawKey, rawValue] : query.queryItems(QUrl::FullyDecoded)) {
        const QString key = rawKey;
        const QString optionValue = rawValue;
        if (seen.contains(key))
            return refuse(u"%1: the option '%2' is given twice"_s.arg(shown, key));
        seen.append(key);
        if (key == u"password") {
            const std::optional<SecretRef> ref = SecretRef::parse(optionValue);
            if (!ref) {
                // Nothing of a value that is not a reference is shown: it may be the password.
                const QString hint = SecretRef::hasReferencePrefix(optionValue)
                                         ? u"'%1' is not a valid reference name"_s.arg(optionValue)
                                         : u"the value given is not a reference and is not shown"_s;
                return refuse(u"%1: password=… must be env:NAME or keychain:NAME, never the password itself; "
                              u"%2"_s.arg(url.toString(QUrl::RemovePassword | QUrl::RemoveQuery), hint));
            }
            location.m_password = ref;
            continue;
        }
        if (!ALLOWED_OPTIONS.contains(key))
            return refuse(u"%1: unknown option '%2'; a store URL takes password (env:NAME or keychain:NAME) and %3"_s.arg(
                url.toString(QUrl::RemovePassword | QUrl::RemoveQuery), key, ALLOWED_OPTIONS.join(u", "_s)));
        // QPSQL turns ';' in its options into spaces, which would split a value.
        if (optionValue.contains(u';') || optionValue.isEmpty())
            return refuse(u"%1: the option '%2' needs a value without ';'"_s.arg(
                url.toString(QUrl::RemovePassword | QUrl::RemoveQuery), key));
        location.m_options.append({key, optionValue});
    }
    return location;
}

QString StoreLocation::connectOptions() const
{
    QStringList parts;
    for (const auto &[key, optionValue] : m_options)
        parts.append(key + u'=' + quoteConninfo(optionValue));
    return parts.join(u';');
}

QString StoreLocation::display() const
{
    if (m_backend == Backend::Sqlite)
        return m_path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(m_user);
    url.setHost(m_host);
    url.setPort(m_port);
    url.setPath(u"/"_s + m_database);
    QUrlQuery query;
    if (m_password)
        query.addQueryItem(u"password"_s, m_password->toString());
    for (const auto &[key, optionValue] : m_options)
        query.addQueryItem(key, optionValue);
    url.setQuery(query);
    return url.toString();
}
