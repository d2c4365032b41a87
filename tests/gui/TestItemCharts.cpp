// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "ItemDetailPanel.h"
#include "MainWindow.h"
#include "SectionPage.h"
#include "charts/ItemChartPanel.h"
#include "charts/ModelUsageChartView.h"
#include "charts/SpendChartView.h"
#include "charts/TimeSeriesChartView.h"
#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/DashboardModel.h"
#include "store/Store.h"

#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QDateTime NOW(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
constexpr qint64 HOUR_MS = 3600 * 1000;
const QString RELEASE_LABEL = u"v1.4.0"_s;
} // namespace

/**
 * The whole window with a Dashboard model read from a real JSONL call log: selecting h24.latency,
 * h24.error-rate, a cost item or a token item shows the matching chart with the log's values and
 * the release marker in the item's detail panel; other items show no chart; without a call source
 * the panel says what to configure.
 */
class TestItemCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void chartForItem_data();
    void chartForItem();
    void latencyItemShowsPercentiles();
    void errorRateItemShowsErrorRate();
    void costItemsShowSpendAgainstBudget_data();
    void costItemsShowSpendAgainstBudget();
    void tokenItemShowsModels();
    void otherItemsShowNoChart();
    void rangeIsSharedWithTheDashboard();
    void chartLeavesRoomForEvidenceAndHistory();
    void withoutCallSourceSaysWhatToConfigure();

private:
    void openWindow(bool withCalls);
    ItemChartPanel *selectItem(const QString &itemId);

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
    std::unique_ptr<CannedDialogProvider> m_dialogs;
    std::unique_ptr<DashboardModel> m_model;
    std::unique_ptr<MainWindow> m_window;
    int m_round = 0;
};

void TestItemCharts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LiftoffTests"_s);
    QCoreApplication::setApplicationName(u"TestItemCharts"_s);
    QVERIFY(m_dir.isValid());
    // 48 hourly calls before NOW (every 10th failed) alternating two models, and one call at 10:00
    // on each earlier day of November: the same log as TestDashboardCharts.
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
        file.write(u"{\"ts\":\"%1\",\"model\":\"gpt-4o-2024-08-06\",\"input_tokens\":10,\"output_tokens\":10,"
                   "\"latency_ms\":900,\"cost_usd\":1.0,\"status\":\"ok\"}\n"_s.arg(ts.toString(Qt::ISODate))
                       .toUtf8());
    }
}

void TestItemCharts::init()
{
    QSettings().clear();
    const bool withCalls = QByteArray(QTest::currentTestFunction()) != "withoutCallSourceSaysWhatToConfigure";
    openWindow(withCalls);
}

void TestItemCharts::cleanup()
{
    m_window.reset();
    m_model.reset();
    m_document.reset();
    m_dialogs.reset();
    m_store.reset();
}

void TestItemCharts::openWindow(bool withCalls)
{
    ProjectConfig project;
    project.configDir = m_dir.path();
    if (withCalls) {
        CallSourceConfig source;
        source.kind = CallSourceConfig::Kind::Jsonl;
        source.path = u"calls.jsonl"_s;
        project.sources.calls = {source};
    }
    BudgetConfig budget;
    budget.monthlyUsd = 100;
    budget.alertPercents = {50, 75, 90};
    project.budget = budget;

    m_store = std::make_unique<Store>();
    m_store->open(m_dir.filePath(u"charts-%1.sqlite"_s.arg(++m_round)));
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), ChecklistTemplate::builtIn(), u"acme-chat"_s,
                                                     u"/srv/acme/liftoff.yaml"_s, QHash<QString, qint64> {},
                                                     u"alice"_s);
    m_dialogs = std::make_unique<CannedDialogProvider>();
    m_window = std::make_unique<MainWindow>(m_document.get(), m_dialogs.get(), QStringList {u"production"_s},
                                            u"v1.4.0"_s);
    m_model = std::make_unique<DashboardModel>(&m_nam, project);
    m_model->setNow(NOW);
    m_window->attachDashboard(m_model.get());
    m_window->resize(1280, 820);
    m_window->show();
    QSignalSpy opened(m_document.get(), &ChecklistDocument::projectLoaded);
    m_document->open();
    QVERIFY(opened.wait(5000));
    // After the document loaded its (here: no) released deployments, whose markers the window sets.
    m_model->setReleases({{NOW.toMSecsSinceEpoch() - 6 * HOUR_MS, RELEASE_LABEL}});
    if (withCalls) {
        QSignalSpy loading(m_model.get(), &DashboardModel::loadingChanged);
        m_model->load();
        QTRY_COMPARE(loading.size(), 2);
        QVERIFY(m_model->errorString().isEmpty());
    } else {
        m_model->load();
    }
}

ItemChartPanel *TestItemCharts::selectItem(const QString &itemId)
{
    if (!m_window->showItem(itemId))
        return nullptr;
    auto *page = qobject_cast<SectionPage *>(m_window->findChild<QTabWidget *>()->currentWidget());
    if (!page || page->currentItemId() != itemId)
        return nullptr;
    return page->detailPanel()->chartPanel();
}

void TestItemCharts::chartForItem_data()
{
    QTest::addColumn<QString>("itemId");
    QTest::addColumn<ItemChartPanel::Chart>("expected");
    QTest::newRow("latency") << u"h24.latency"_s << ItemChartPanel::Chart::Latency;
    QTest::newRow("error rate") << u"h24.error-rate"_s << ItemChartPanel::Chart::ErrorRate;
    QTest::newRow("cost in range") << u"h24.cost-in-range"_s << ItemChartPanel::Chart::Spend;
    QTest::newRow("spend limit") << u"cost.spend-limit"_s << ItemChartPanel::Chart::Spend;
    QTest::newRow("cost projection") << u"w1.cost-projection"_s << ItemChartPanel::Chart::Spend;
    QTest::newRow("token budget") << u"cost.token-budget"_s << ItemChartPanel::Chart::ModelUsage;
    QTest::newRow("per-request cost") << u"cost.per-request-logged"_s << ItemChartPanel::Chart::ModelUsage;
    QTest::newRow("health") << u"infra.health"_s << ItemChartPanel::Chart::None;
    QTest::newRow("rate limiting") << u"cost.rate-limiting"_s << ItemChartPanel::Chart::None;
    QTest::newRow("empty") << QString() << ItemChartPanel::Chart::None;
}

void TestItemCharts::chartForItem()
{
    QFETCH(QString, itemId);
    QFETCH(ItemChartPanel::Chart, expected);
    QCOMPARE(ItemChartPanel::chartFor(itemId), expected);
    if (!itemId.isEmpty())
        QVERIFY2(ChecklistTemplate::builtIn().find(itemId), qPrintable(itemId)); // the id is the template's
}

void TestItemCharts::latencyItemShowsPercentiles()
{
    ItemChartPanel *panel = selectItem(u"h24.latency"_s);
    QVERIFY(panel);
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->chart(), ItemChartPanel::Chart::Latency);
    QCOMPARE(panel->message(), QString());
    TimeSeriesChartView *view = panel->latencyChart();
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QCOMPARE(view->objectName(), u"itemLatencyChartView"_s);
    QCOMPARE(view->seriesNames(), (QStringList {u"P50"_s, u"P95"_s, u"P99"_s}));
    // 7 d: the 48 hourly calls and the daily calls of the 14th to the 17th.
    QCOMPARE(view->points(u"P50"_s).size(), 48 + 4);
    QCOMPARE(view->points(u"P99"_s), m_model->latencySeries().at(2).points);
    // The newest hour (11:00 to 12:00) had one call of 1000 ms.
    QCOMPARE(view->points(u"P50"_s).last(), QPointF(double(NOW.toMSecsSinceEpoch() - HOUR_MS / 2), 1000.0));
    QCOMPARE(view->timeRange(), std::make_pair(NOW.toMSecsSinceEpoch() - 7 * 24 * HOUR_MS, NOW.toMSecsSinceEpoch()));
    QCOMPARE(view->releaseMarkerCount(), 1);
    QVERIFY(view->height() >= ItemChartPanel::CHART_MIN_HEIGHT);
    // Views are built when first needed (h24.error-rate, the section's first item, was selected before).
    QVERIFY(!panel->errorRateChart()->isVisible());
    QVERIFY(!panel->spendChart());
    QVERIFY(!panel->modelChart());
}

void TestItemCharts::errorRateItemShowsErrorRate()
{
    ItemChartPanel *panel = selectItem(u"h24.error-rate"_s);
    QVERIFY(panel);
    QVERIFY(panel->isVisible());
    TimeSeriesChartView *view = panel->errorRateChart();
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QCOMPARE(view->seriesNames(), QStringList {u"Error rate"_s});
    const QList<QPointF> points = view->points(u"Error rate"_s);
    QCOMPARE(points.size(), 48 + 4);
    QCOMPARE(points.last().y(), 100.0); // hour 0 before NOW failed
    QCOMPARE(points.at(points.size() - 2).y(), 0.0);
    QCOMPARE(view->releaseMarkerCount(), 1);
}

void TestItemCharts::costItemsShowSpendAgainstBudget_data()
{
    QTest::addColumn<QString>("itemId");
    QTest::newRow("h24.cost-in-range") << u"h24.cost-in-range"_s;
    QTest::newRow("cost.spend-limit") << u"cost.spend-limit"_s;
    QTest::newRow("w1.cost-projection") << u"w1.cost-projection"_s;
}

void TestItemCharts::costItemsShowSpendAgainstBudget()
{
    QFETCH(QString, itemId);
    ItemChartPanel *panel = selectItem(itemId);
    QVERIFY(panel);
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->chart(), ItemChartPanel::Chart::Spend);
    SpendChartView *view = panel->spendChart();
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QCOMPARE(view->barCount(), 30); // every day of November
    QCOMPARE(view->barValues().at(0), 1.0);
    QCOMPARE(view->barValues().at(18), 24 * 0.5);
    const double monthToDate = 17 * 1.0 + 48 * 0.5;
    QCOMPARE(view->cumulativePoints().size(), 20);
    QCOMPARE(view->cumulativePoints().last().y(), monthToDate);
    const QList<std::pair<QString, double>> lines = view->budgetLines();
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0).second, 50.0);
    QCOMPARE(lines.at(1).second, 75.0);
    QCOMPARE(lines.at(2).second, 90.0);
    QCOMPARE(lines.at(3).second, 100.0);
    QCOMPARE(view->projectionPoints().last(), QPointF(29, DashboardModel::projectMonthEnd(monthToDate, NOW)));
    QCOMPARE(view->releaseMarkerCount(), 1);
    // Spend is the calendar month: no range to pick.
    QVERIFY(!panel->findChild<QToolButton *>(u"itemRange24hButton"_s)->isVisible());
}

void TestItemCharts::tokenItemShowsModels()
{
    ItemChartPanel *panel = selectItem(u"cost.token-budget"_s);
    QVERIFY(panel);
    QVERIFY(panel->isVisible());
    ModelUsageChartView *view = panel->modelChart();
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QCOMPARE(view->models(), (QStringList {u"gpt-4o-2024-08-06"_s, u"gpt-4o-mini-2024-07-18"_s}));
    QCOMPARE(view->costUsd(), (QList<double> {24 * 0.5 + 4 * 1.0, 24 * 0.5}));
    QCOMPARE(view->inputTokensK(), (QList<double> {(24 * 1000 + 4 * 10) / 1000.0, 24 * 1000 / 1000.0}));

    // The other token item in the same section shows the same chart.
    panel = selectItem(u"cost.per-request-logged"_s);
    QVERIFY(panel);
    QCOMPARE(panel->chart(), ItemChartPanel::Chart::ModelUsage);
    QVERIFY(panel->modelChart()->isVisible());
}

void TestItemCharts::otherItemsShowNoChart()
{
    // A chart item first, then an item without a chart on the same page: the chart goes away.
    QVERIFY(selectItem(u"cost.spend-limit"_s));
    ItemChartPanel *panel = selectItem(u"cost.rate-limiting"_s);
    QVERIFY(panel);
    QCOMPARE(panel->chart(), ItemChartPanel::Chart::None);
    QVERIFY(panel->isHidden());
    QVERIFY(!panel->spendChart()->isVisible());
    // No room is kept for it: the details fit the page again without scrolling.
    auto *scroll = panel->window()->findChild<SectionPage *>(SectionPage::objectNameFor(u"Cost Protection"_s))
                       ->findChild<QScrollArea *>(u"itemDetailScrollArea"_s);
    QVERIFY(scroll);
    QTRY_VERIFY(!scroll->verticalScrollBar()->isVisible());

    panel = selectItem(u"infra.health"_s);
    QVERIFY(panel);
    QVERIFY(panel->isHidden());
    QVERIFY(!panel->currentView());
    QVERIFY(!panel->spendChart()); // never built on this page
}

void TestItemCharts::rangeIsSharedWithTheDashboard()
{
    ItemChartPanel *panel = selectItem(u"h24.latency"_s);
    QVERIFY(panel);
    auto *day = panel->findChild<QToolButton *>(u"itemRange24hButton"_s);
    QVERIFY(day);
    QVERIFY(day->isVisible());
    QVERIFY(panel->findChild<QToolButton *>(u"itemRange7dButton"_s)->isChecked());
    QTest::mouseClick(day, Qt::LeftButton);
    QCOMPARE(m_model->range(), DashboardModel::Range::Day);
    QVERIFY(day->isChecked());
    QCOMPARE(panel->latencyChart()->points(u"P95"_s).size(), 24);
    QCOMPARE(panel->latencyChart()->timeRange(),
             std::make_pair(NOW.toMSecsSinceEpoch() - 24 * HOUR_MS, NOW.toMSecsSinceEpoch()));
    // The Dashboard tab follows.
    auto *dashboardLatency = m_window->findChild<TimeSeriesChartView *>(u"latencyChartView"_s);
    QVERIFY(dashboardLatency);
    QCOMPARE(dashboardLatency->points(u"P95"_s), panel->latencyChart()->points(u"P95"_s));
    QVERIFY(m_window->findChild<QToolButton *>(u"range24hButton"_s)->isChecked());

    // And the other way round.
    QTest::mouseClick(m_window->findChild<QToolButton *>(u"range30dButton"_s), Qt::LeftButton);
    QVERIFY(panel->findChild<QToolButton *>(u"itemRange30dButton"_s)->isChecked());
    QCOMPARE(panel->latencyChart()->timeRange().first, NOW.toMSecsSinceEpoch() - 30 * 24 * HOUR_MS);
}

void TestItemCharts::chartLeavesRoomForEvidenceAndHistory()
{
    ItemChartPanel *panel = selectItem(u"h24.latency"_s);
    QVERIFY(panel);
    ItemDetailPanel *details = qobject_cast<SectionPage *>(m_window->findChild<QTabWidget *>()->currentWidget())
                                   ->detailPanel();
    QVERIFY(details->isVisible());
    QTRY_VERIFY(panel->latencyChart()->height() >= ItemChartPanel::CHART_MIN_HEIGHT);
    auto *evidence = details->findChild<QPlainTextEdit *>(u"evidenceTextEdit"_s);
    auto *history = details->findChild<QTableView *>(u"auditTableView"_s);
    QVERIFY(evidence->isVisible());
    QVERIFY(history->isVisible());
    QVERIFY(evidence->height() >= evidence->minimumHeight());
    QVERIFY(evidence->minimumHeight() >= 60);
    QVERIFY(history->height() >= 100);
    // The chart sits between the conditions and the evidence, without overlapping either.
    const QPoint chartTop = panel->mapTo(details, QPoint(0, 0));
    const QPoint evidenceTop = evidence->mapTo(details, QPoint(0, 0));
    const QPoint historyTop = history->mapTo(details, QPoint(0, 0));
    QVERIFY(chartTop.y() + panel->height() <= evidenceTop.y());
    QVERIFY(evidenceTop.y() + evidence->height() <= historyTop.y());
}

void TestItemCharts::withoutCallSourceSaysWhatToConfigure()
{
    QVERIFY(!m_model->errorString().isEmpty());
    for (const QString &itemId : {u"h24.latency"_s, u"h24.error-rate"_s, u"h24.cost-in-range"_s, u"cost.token-budget"_s}) {
        ItemChartPanel *panel = selectItem(itemId);
        QVERIFY2(panel, qPrintable(itemId));
        QVERIFY(panel->isVisible());
        QVERIFY2(panel->message().contains(u"sources.calls"_s), qPrintable(panel->message()));
        auto *label = panel->findChild<QLabel *>(u"itemChartMessageLabel"_s);
        QVERIFY(label->isVisible());
        QVERIFY(!panel->currentView()); // no empty chart
        QVERIFY(!panel->findChild<QToolButton *>(u"itemRange7dButton"_s)->isVisible()); // nothing to range over
    }
}

QTEST_MAIN(TestItemCharts)
#include "TestItemCharts.moc"
