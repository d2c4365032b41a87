// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/LatencyHistogram.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

/** Nearest-rank percentiles from the counting histogram equal those of a full sort. */
class TestLatencyHistogram : public QObject
{
    Q_OBJECT

private slots:
    void percentile_data();
    void percentile();
    void emptyHasNoPercentile();
    void matchesSortedReference();
    void mergeIsExact();
    void ignoresNegativeValues();
};

namespace {
// The definition of spec/cli.md, written the obvious way.
qint64 referencePercentile(QList<qint64> values, int p)
{
    std::sort(values.begin(), values.end());
    const auto rank = std::max<qsizetype>(1, qsizetype(std::ceil(p / 100.0 * double(values.size()))));
    return values.at(rank - 1);
}
} // namespace

void TestLatencyHistogram::percentile_data()
{
    QTest::addColumn<QList<qint64>>("values");
    QTest::addColumn<int>("p");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("n=1 p50") << QList<qint64> {42} << 50 << qint64(42);
    QTest::newRow("n=1 p99") << QList<qint64> {42} << 99 << qint64(42);
    QTest::newRow("n=1 p100") << QList<qint64> {42} << 100 << qint64(42);
    QTest::newRow("n=1 p0") << QList<qint64> {42} << 0 << qint64(42);
    QTest::newRow("n=2 p50 is the lower") << QList<qint64> {20, 10} << 50 << qint64(10);
    QTest::newRow("n=2 p51") << QList<qint64> {20, 10} << 51 << qint64(20);
    QTest::newRow("n=2 p95") << QList<qint64> {20, 10} << 95 << qint64(20);
    QTest::newRow("n=2 p100") << QList<qint64> {20, 10} << 100 << qint64(20);
    QTest::newRow("ties p50") << QList<qint64> {3, 3, 3, 9} << 50 << qint64(3);
    QTest::newRow("ties p75") << QList<qint64> {3, 9, 3, 3} << 75 << qint64(3);
    QTest::newRow("ties p76") << QList<qint64> {3, 9, 3, 3} << 76 << qint64(9);
    QTest::newRow("all equal p99") << QList<qint64> {7, 7, 7, 7, 7} << 99 << qint64(7);
    QTest::newRow("zero latency") << QList<qint64> {0, 0, 5} << 50 << qint64(0);
    QTest::newRow("n=20 p95 rank 19") << QList<qint64> {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
                                      << 95 << qint64(19);
    QTest::newRow("n=10 p95 rank 10") << QList<qint64> {1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 95 << qint64(10);
    QTest::newRow("sparse above dense limit") << QList<qint64> {10, 70000, 100000} << 50 << qint64(70000);
    QTest::newRow("sparse p100") << QList<qint64> {10, 70000, 100000, 65535} << 100 << qint64(100000);
    QTest::newRow("dense edge 65535") << QList<qint64> {65535, 65536} << 50 << qint64(65535);
}

void TestLatencyHistogram::percentile()
{
    QFETCH(QList<qint64>, values);
    QFETCH(int, p);
    QFETCH(qint64, expected);
    LatencyHistogram h;
    for (qint64 v : values)
        h.add(v);
    QCOMPARE(h.count(), quint64(values.size()));
    QCOMPARE(h.percentile(p), std::optional<qint64>(expected));
    QCOMPARE(expected, referencePercentile(values, p));
}

void TestLatencyHistogram::emptyHasNoPercentile()
{
    QVERIFY(!LatencyHistogram().percentile(50));
    QCOMPARE(LatencyHistogram::nearestRank(1000000, 95), quint64(950000));
    QCOMPARE(LatencyHistogram::nearestRank(1000001, 95), quint64(950001));
    QCOMPARE(LatencyHistogram::nearestRank(3, 0), quint64(1));
}

void TestLatencyHistogram::matchesSortedReference()
{
    QRandomGenerator random(7);
    QList<qint64> values;
    LatencyHistogram h;
    for (int i = 0; i < 20001; ++i) {
        // Log-normal-ish with a long tail past the dense limit.
        const qint64 v = qint64(std::exp(random.generateDouble() * 12.0));
        values.append(v);
        h.add(v);
    }
    for (int p : {0, 1, 10, 50, 90, 95, 99, 100})
        QCOMPARE(*h.percentile(p), referencePercentile(values, p));
}

void TestLatencyHistogram::mergeIsExact()
{
    LatencyHistogram a, b, all;
    QList<qint64> values;
    for (qint64 v = 0; v < 5000; v += 7) {
        (v % 2 ? a : b).add(v * 31 % 90000);
        all.add(v * 31 % 90000);
        values.append(v * 31 % 90000);
    }
    a.merge(b);
    QCOMPARE(a.count(), all.count());
    for (int p = 0; p <= 100; ++p)
        QCOMPARE(a.percentile(p), all.percentile(p));
    QCOMPARE(*a.percentile(95), referencePercentile(values, 95));
}

void TestLatencyHistogram::ignoresNegativeValues()
{
    LatencyHistogram h;
    h.add(-5);
    QCOMPARE(h.count(), quint64(0));
}

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "TestLatencyHistogram.moc"
