// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/IsoTimestamp.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;

/** The hot-path timestamp parser agrees with QDateTime and rejects what is not a timestamp. */
class TestIsoTimestamp : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void formatsWholeSecondsUtc();
};

void TestIsoTimestamp::parses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("micros");
    auto ms = [](const char *iso) {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch() * 1000;
    };
    QTest::newRow("litellm micros Z") << QByteArray("2026-10-02T12:12:13.686271Z") << ms("2026-10-02T12:12:13.686Z") + 271;
    QTest::newRow("langfuse millis") << QByteArray("2026-01-02T10:15:30.123Z") << ms("2026-01-02T10:15:30.123Z");
    QTest::newRow("no fraction") << QByteArray("2026-01-02T10:15:30Z") << ms("2026-01-02T10:15:30Z");
    QTest::newRow("offset") << QByteArray("2026-01-02T12:15:30+02:00") << ms("2026-01-02T10:15:30Z");
    QTest::newRow("negative offset compact") << QByteArray("2026-01-02T05:15:30-0500") << ms("2026-01-02T10:15:30Z");
    QTest::newRow("postgres space, no zone") << QByteArray("2026-01-02 10:15:30.5") << ms("2026-01-02T10:15:30.500Z");
    QTest::newRow("date only") << QByteArray("2026-02-28") << ms("2026-02-28T00:00:00Z");
    QTest::newRow("leap day") << QByteArray("2024-02-29T23:59:59Z") << ms("2024-02-29T23:59:59Z");
    QTest::newRow("nanoseconds truncated") << QByteArray("1970-01-01T00:00:00.123456789Z") << qint64(123456);
    QTest::newRow("before epoch") << QByteArray("1969-12-31T23:59:59Z") << qint64(-1000000);
}

void TestIsoTimestamp::parses()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, micros);
    const auto parsed = IsoTimestamp::parseMicros(std::string_view(text.constData(), std::size_t(text.size())));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, micros);
}

void TestIsoTimestamp::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("words") << QByteArray("yesterday");
    QTest::newRow("month 13") << QByteArray("2026-13-01T00:00:00Z");
    QTest::newRow("feb 29 non-leap") << QByteArray("2026-02-29");
    QTest::newRow("hour 24") << QByteArray("2026-01-01T24:00:00Z");
    QTest::newRow("trailing junk") << QByteArray("2026-01-01T00:00:00Zx");
    QTest::newRow("empty fraction") << QByteArray("2026-01-01T00:00:00.Z");
    QTest::newRow("truncated") << QByteArray("2026-01-0");
}

void TestIsoTimestamp::rejects()
{
    QFETCH(QByteArray, text);
    QVERIFY(!IsoTimestamp::parseMicros(std::string_view(text.constData(), std::size_t(text.size()))).has_value());
}

void TestIsoTimestamp::formatsWholeSecondsUtc()
{
    QCOMPARE(IsoTimestamp::formatSeconds(0), std::string("1970-01-01T00:00:00Z"));
    QCOMPARE(IsoTimestamp::formatSeconds(1767348930123), std::string("2026-01-02T10:15:30Z"));
    QCOMPARE(IsoTimestamp::formatSeconds(-1), std::string("1969-12-31T23:59:59Z"));
}

QTEST_APPLESS_MAIN(TestIsoTimestamp)
#include "TestIsoTimestamp.moc"
