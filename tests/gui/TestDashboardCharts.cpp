// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/DashboardPage.h"
#include "charts/ModelUsageChartView.h"
#include "charts/SpendChartView.h"
#include "charts/TimeSeriesChartView.h"
#include "itemmodels/DashboardModel.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {
const QDateTime NOW(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
constexpr qint64 HOUR_MS = 3600 * 1000;
} // namespace

/** The Dashboard charts show the series they are given: points, axes, budget lines, release markers. */
class TestDashboardCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void timeChartShowsItsLines();
    void dashboardShowsTheCallLog();

private:
    QTemporaryDir m_dir;
};

void TestDashboardCharts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // 48 hourly calls before NOW (every 10th failed), and one call at 10:00 on each earlier day of November.
    QFile file(m_dir.filePath(u"calls.jsonl"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int h = 0; h < 48; ++h) {
        const QDateTime ts = NOW.addSecs(-(qint64(h) * 3600 + 1800));
        file.write(u"{\"ts\":\"%1\",\"model\":\"%2\",\"input_tokens\":1000,\"output_tokens\":200,\"latency_ms\":%3,"
                   "\"cost_usd\":0.5,\"status\":\"%4\"}\n"_s
                       .arg(ts.toString(Qt::ISODate), h % 2 ? u"gpt-4o-mini-2024-07-18"_s : u"gpt-4o-2024-08-06"_s)
                       .arg(1000 + h * 10)
                       .arg(h % 10 == 0 ? u"error"_s : u"ok"_s)
                       .toUtf8());
    }
    for (int day = 1; day < 18; ++day) {
        const QDateTime ts(QDate(2026, 11, day), QTime(10, 0), Qt::UTC);
        file.write(u"{\"ts\":\"%1\",\"model\":\"gpt-4o-2024-08-06\",\"input_tokens\":10,\"output_tokens\":10,\"latency_ms\":900,"
                   "\"cost_usd\":1.0,\"status\":\"ok\"}\n"_s.arg(ts.toString(Qt::ISODate)).toUtf8());
    }
}

void TestDashboardCharts::timeChartShowsItsLines()
{
    TimeSeriesChartView view(u"Latency"_s, u"ms"_s);
    const qint64 from = NOW.toMSecsSinceEpoch() - 24 * HOUR_MS;
    const qint64 to = NOW.toMSecsSinceEpoch();
    DashboardModel::TimeSeries p50 {u"P50"_s, {{double(from + HOUR_MS), 100}, {double(from + 2 * HOUR_MS), 300}}};
    DashboardModel::TimeSeries p95 {u"P95"_s, {{double(from + HOUR_MS), 900}, {double(from + 2 * HOUR_MS), 1200}}};
    view.setData({p50, p95}, from, to, {{from + 3 * HOUR_MS, u"v2"_s}, {from - HOUR_MS, u"too early"_s}});
    QCOMPARE(view.seriesNames(), (QStringList {u"P50"_s, u"P95"_s}));
    QCOMPARE(view.points(u"P95"_s), p95.points);
    QCOMPARE(view.releaseMarkerCount(), 1); // the one inside the range
    QCOMPARE(view.timeRange(), std::make_pair(from, to));
    QCOMPARE(view.valueRange().first, 0.0);
    QVERIFY(view.valueRange().second >= 1200);
}

void TestDashboardCharts::dashboardShowsTheCallLog()
{
    ProjectConfig project;
    project.configDir = m_dir.path();
    CallSourceConfig source;
    source.kind = CallSourceConfig::Kind::Jsonl;
    source.path = u"calls.jsonl"_s;
    project.sources.calls = {source};
    BudgetConfig budget;
    budget.monthlyUsd = 100;
    budget.alertPercents = {50, 75, 90};
    project.budget = budget;
    QNetworkAccessManager nam;
    DashboardModel model(&nam, project);
    model.setNow(NOW);
    const qint64 release = NOW.toMSecsSinceEpoch() - 6 * HOUR_MS;
    model.setReleases({{release, u"v1.4.0"_s}});
    DashboardPage page(&model);
    page.resize(1200, 800);
    page.show();
    QSignalSpy loading(&model, &DashboardModel::loadingChanged);
    model.load();
    QTRY_COMPARE(loading.size(), 2);
    QVERIFY(model.errorString().isEmpty());

    // 7 d (default): one point per hour with calls.
    QCOMPARE(model.range(), DashboardModel::Range::Week);
    auto *latency = page.findChild<TimeSeriesChartView *>(u"latencyChartView"_s);
    QVERIFY(latency);
    QCOMPARE(latency->seriesNames(), (QStringList {u"P50"_s, u"P95"_s, u"P99"_s}));
    QCOMPARE(latency->points(u"P50"_s).size(), 48 + 4); // and the daily calls of the 14th to the 17th
    QCOMPARE(latency->timeRange(), std::make_pair(NOW.toMSecsSinceEpoch() - 7 * 24 * HOUR_MS, NOW.toMSecsSinceEpoch()));
    QCOMPARE(latency->releaseMarkerCount(), 1);
    QVERIFY(latency->valueRange().second >= 1000 + 47 * 10);
    auto *errors = page.findChild<TimeSeriesChartView *>(u"errorRateChartView"_s);
    QCOMPARE(errors->points(u"Error rate"_s).size(), 48 + 4);
    QCOMPARE(errors->releaseMarkerCount(), 1);
    // Hour 0 before NOW (11:30) failed: 100 %.
    QCOMPARE(errors->points(u"Error rate"_s).last().y(), 100.0);

    // Spend: every day of November, cumulative up to the 20th, budget and alert lines, projection.
    auto *spend = page.findChild<SpendChartView *>(u"spendChartView"_s);
    QCOMPARE(spend->barCount(), 30);
    const QList<double> bars = spend->barValues();
    QCOMPARE(bars.at(0), 1.0);                   // the 1st: one call at $1
    QCOMPARE(bars.at(18), 24 * 0.5);   // the 19th: 24 hourly calls
    QCOMPARE(spend->cumulativePoints().size(), 20);
    const double monthToDate = 17 * 1.0 + 48 * 0.5;
    QCOMPARE(spend->cumulativePoints().last().y(), monthToDate);
    const QList<std::pair<QString, double>> lines = spend->budgetLines();
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0).second, 50.0);
    QCOMPARE(lines.at(1).second, 75.0);
    QCOMPARE(lines.at(2).second, 90.0);
    QCOMPARE(lines.at(3).second, 100.0);
    QVERIFY(lines.at(3).first.startsWith(u"Budget"_s));
    const QList<QPointF> projection = spend->projectionPoints();
    QCOMPARE(projection.size(), 2);
    QCOMPARE(projection.last(), QPointF(29, DashboardModel::projectMonthEnd(monthToDate, NOW)));
    QCOMPARE(spend->releaseMarkerCount(), 1);
    QVERIFY(spend->totalAxisRange().second >= 100.0);

    // Models: both, most expensive first.
    auto *models = page.findChild<ModelUsageChartView *>(u"modelUsageChartView"_s);
    QCOMPARE(models->models(), (QStringList {u"gpt-4o-2024-08-06"_s, u"gpt-4o-mini-2024-07-18"_s}));
    QCOMPARE(models->costUsd(), (QList<double> {24 * 0.5 + 4 * 1.0, 24 * 0.5}));

    // 24 h: the selector re-draws with the day's hours only.
    auto *day = page.findChild<QToolButton *>(u"range24hButton"_s);
    QVERIFY(day);
    QTest::mouseClick(day, Qt::LeftButton);
    QCOMPARE(model.range(), DashboardModel::Range::Day);
    QCOMPARE(latency->points(u"P95"_s).size(), 24);
    QCOMPARE(latency->timeRange(), std::make_pair(NOW.toMSecsSinceEpoch() - 24 * HOUR_MS, NOW.toMSecsSinceEpoch()));
    QCOMPARE(models->costUsd(), (QList<double> {12 * 0.5, 12 * 0.5}));
}

QTEST_MAIN(TestDashboardCharts)
#include "TestDashboardCharts.moc"
