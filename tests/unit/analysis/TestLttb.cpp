// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/Lttb.h"

#include <QTest>

#include <cmath>

/** LTTB downsampling: table cases worked out by hand, and shape keeping on a long series. */
class TestLttb : public QObject
{
    Q_OBJECT

private slots:
    void downsample_data();
    void downsample();
    void keepsASpikeOfALongSeries();
};

void TestLttb::downsample_data()
{
    using Points = QList<QPointF>;
    QTest::addColumn<Points>("input");
    QTest::addColumn<int>("threshold");
    QTest::addColumn<Points>("expected");
    const Points zigzag {{0, 0}, {1, 1}, {2, 0}, {3, 5}, {4, 0}, {5, 1}, {6, 0}};
    QTest::newRow("empty") << Points {} << 3 << Points {};
    QTest::newRow("threshold above size") << zigzag << 10 << zigzag;
    QTest::newRow("threshold equal to size") << zigzag << 7 << zigzag;
    QTest::newRow("threshold below 3 keeps all") << zigzag << 2 << zigzag;
    // every = 5/2: buckets {1,2} and {3,4,5}; (2,0) spans the larger triangle towards the next
    // bucket's average (4,2), then the peak (3,5) towards the last point.
    QTest::newRow("zigzag to 4") << zigzag << 4 << Points {{0, 0}, {2, 0}, {3, 5}, {6, 0}};
    // One bucket of all middle points: the one farthest from the line first-last wins.
    QTest::newRow("zigzag to 3") << zigzag << 3 << Points {{0, 0}, {3, 5}, {6, 0}};
    const Points line {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}};
    // On a straight line every triangle is flat: the first point of each bucket is kept.
    QTest::newRow("straight line") << line << 3 << Points {{0, 0}, {1, 1}, {4, 4}};
}

void TestLttb::downsample()
{
    using Points = QList<QPointF>;
    QFETCH(Points, input);
    QFETCH(int, threshold);
    QFETCH(Points, expected);
    QCOMPARE(Lttb::downsample(input, threshold), expected);
}

void TestLttb::keepsASpikeOfALongSeries()
{
    QList<QPointF> points;
    for (int i = 0; i < 10000; ++i)
        points.append({double(i), std::sin(double(i) / 300.0) * 10.0 + (i == 5003 ? 100.0 : 0.0)});
    const QList<QPointF> out = Lttb::downsample(points, 100);
    QCOMPARE(out.size(), 100);
    QCOMPARE(out.first(), points.first());
    QCOMPARE(out.last(), points.last());
    QVERIFY(out.contains(QPointF(5003, points.at(5003).y())));
    for (qsizetype i = 1; i < out.size(); ++i)
        QVERIFY(out.at(i).x() > out.at(i - 1).x());
}

QTEST_APPLESS_MAIN(TestLttb)
#include "TestLttb.moc"
