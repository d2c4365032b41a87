// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/StoreLocation.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** StoreLocation: SQLite paths, PostgreSQL URLs, and the passwords and options it refuses. */
class TestStoreLocation : public QObject
{
    Q_OBJECT

private slots:
    void sqlitePaths_data();
    void sqlitePaths();
    void postgresUrls_data();
    void postgresUrls();
    void refuses_data();
    void refuses();
    void displayRoundTrips();
};

void TestStoreLocation::sqlitePaths_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("absolute") << u"/var/lib/liftoff/liftoff.sqlite"_s;
    QTest::newRow("relative") << u"team.sqlite"_s;
    QTest::newRow("windows") << u"C:\\Users\\rm\\liftoff.sqlite"_s;
    QTest::newRow("colon in name") << u"./backup:monday.sqlite"_s;
    QTest::newRow("postgres-like file name") << u"postgresql.sqlite"_s;
}

void TestStoreLocation::sqlitePaths()
{
    QFETCH(QString, value);
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(value, &error);
    QVERIFY2(location, qPrintable(error));
    QCOMPARE(location->backend(), StoreLocation::Backend::Sqlite);
    QCOMPARE(location->path(), value);
    QCOMPARE(location->display(), value);
}

void TestStoreLocation::postgresUrls_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("connectOptions");
    QTest::newRow("full") << u"postgresql://rm@db.example.test:5433/liftoff"_s << u"rm"_s << u"db.example.test"_s
                          << 5433 << u"liftoff"_s << QString() << QString();
    QTest::newRow("postgres scheme, no port") << u"postgres://rm@db/liftoff"_s << u"rm"_s << u"db"_s << -1
                                              << u"liftoff"_s << QString() << QString();
    QTest::newRow("scheme case") << u"PostgreSQL://rm@db/liftoff"_s << u"rm"_s << u"db"_s << -1 << u"liftoff"_s
                                 << QString() << QString();
    QTest::newRow("no user") << u"postgresql://db:5432/team"_s << QString() << u"db"_s << 5432 << u"team"_s
                             << QString() << QString();
    QTest::newRow("no host: libpq default socket") << u"postgresql:///team"_s << QString() << QString() << -1
                                                   << u"team"_s << QString() << QString();
    QTest::newRow("ipv6") << u"postgresql://rm@[::1]:6000/team"_s << u"rm"_s << u"::1"_s << 6000 << u"team"_s
                          << QString() << QString();
    QTest::newRow("percent-encoded") << u"postgresql://release%20bot@db/team%2Dstore"_s << u"release bot"_s
                                     << u"db"_s << -1 << u"team-store"_s << QString() << QString();
    QTest::newRow("password from env") << u"postgresql://rm@db/liftoff?password=env:LIFTOFF_PG_PASSWORD"_s << u"rm"_s
                                       << u"db"_s << -1 << u"liftoff"_s << u"env:LIFTOFF_PG_PASSWORD"_s << QString();
    QTest::newRow("password from keychain, sslmode")
        << u"postgresql://rm@db/liftoff?password=keychain:team-db&sslmode=verify-full"_s << u"rm"_s << u"db"_s << -1
        << u"liftoff"_s << u"keychain:team-db"_s << u"sslmode='verify-full'"_s;
    QTest::newRow("service and timeout") << u"postgresql:///liftoff?service=team&connect_timeout=5"_s << QString()
                                         << QString() << -1 << u"liftoff"_s << QString()
                                         << u"service='team';connect_timeout='5'"_s;
    QTest::newRow("quote in option value") << u"postgresql://rm@db/liftoff?sslrootcert=/etc/o'brien.pem"_s << u"rm"_s
                                           << u"db"_s << -1 << u"liftoff"_s << QString()
                                           << u"sslrootcert='/etc/o\\'brien.pem'"_s;
}

void TestStoreLocation::postgresUrls()
{
    QFETCH(QString, value);
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, password);
    QFETCH(QString, connectOptions);
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(value, &error);
    QVERIFY2(location, qPrintable(error));
    QCOMPARE(location->backend(), StoreLocation::Backend::Postgres);
    QVERIFY(location->path().isEmpty());
    QCOMPARE(location->user(), user);
    QCOMPARE(location->host(), host);
    QCOMPARE(location->port(), port);
    QCOMPARE(location->database(), database);
    QCOMPARE(location->password() ? location->password()->toString() : QString(), password);
    QCOMPARE(location->connectOptions(), connectOptions);
}

void TestStoreLocation::refuses_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<QString>("secret"); // must never appear in the message
    QTest::newRow("empty") << u"  "_s << u"empty"_s << QString();
    QTest::newRow("password in URL") << u"postgresql://rm:hunter2hunter2@db/liftoff"_s << u"holds a password"_s
                                     << u"hunter2"_s;
    QTest::newRow("empty password in URL") << u"postgresql://rm:@db/liftoff"_s << u"holds a password"_s << QString();
    QTest::newRow("literal password option") << u"postgresql://rm@db/liftoff?password=hunter2hunter2"_s
                                             << u"never the password itself"_s << u"hunter2"_s;
    QTest::newRow("bad reference name") << u"postgresql://rm@db/liftoff?password=env:1BAD"_s
                                        << u"not a valid reference name"_s << QString();
    QTest::newRow("unknown option") << u"postgresql://rm@db/liftoff?sslmod=require"_s << u"unknown option 'sslmod'"_s
                                    << QString();
    QTest::newRow("option twice") << u"postgresql://rm@db/liftoff?sslmode=require&sslmode=disable"_s
                                  << u"given twice"_s << QString();
    QTest::newRow("semicolon in value") << u"postgresql://rm@db/liftoff?application_name=a;b"_s << u"without ';'"_s
                                        << QString();
    QTest::newRow("no database") << u"postgresql://rm@db:5432"_s << u"name the database"_s << QString();
    QTest::newRow("nested path") << u"postgresql://rm@db/a/b"_s << u"holds a '/'"_s << QString();
    QTest::newRow("bad port") << u"postgresql://rm@db:99999/liftoff"_s << u"not a valid URL"_s << QString();
    QTest::newRow("bad port with password") << u"postgresql://rm:hunter2hunter2@db:99999/liftoff"_s
                                            << u"not a valid URL"_s << u"hunter2"_s;
    QTest::newRow("other scheme") << u"mysql://rm@db/liftoff"_s << u"unsupported store 'mysql://'"_s << QString();
    QTest::newRow("fragment") << u"postgresql://rm@db/liftoff#x"_s << u"no #fragment"_s << QString();
}

void TestStoreLocation::refuses()
{
    QFETCH(QString, value);
    QFETCH(QString, messagePart);
    QFETCH(QString, secret);
    QString error;
    QVERIFY(!StoreLocation::parse(value, &error));
    QVERIFY2(error.contains(messagePart), qPrintable(error));
    if (!secret.isEmpty())
        QVERIFY2(!error.contains(secret), qPrintable(error));
}

void TestStoreLocation::displayRoundTrips()
{
    const QString value = u"postgresql://rm@db.example.test:5433/liftoff?password=env:PGPW&sslmode=require"_s;
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(value, &error);
    QVERIFY2(location, qPrintable(error));
    QCOMPARE(location->display(), value);
    const std::optional<StoreLocation> again = StoreLocation::parse(location->display(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->display(), value);
}

QTEST_APPLESS_MAIN(TestStoreLocation)
#include "TestStoreLocation.moc"
