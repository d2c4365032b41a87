// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "ItemDetailPanel.h"
#include "MainWindow.h"
#include "SectionPage.h"
#include "SqlConnection.h"
#include "UptimeSparkline.h"
#include "config/ConfigLoader.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/ProbeRunController.h"
#include "itemmodels/ReportExporter.h"
#include "probes/StandardProbeFactory.h"
#include "probes/UptimeMonitor.h"
#include "store/Store.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * The checks from the GUI against the embedded demo service: Run all through the button, live
 * status updates, conditions with actual values in the detail panel, the uptime sparkline, cancel.
 */
class TestProbeGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void runAllUpdatesItemsAndShowsConditions();
    void runOneItemFromTheDetailPanel();
    void cancelStopsARun();
    void releaseTakesTheMonthEndProjection();
    void exportReportWritesTheChosenFile();

private:
    Status status(const QString &itemId) const;
    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    std::optional<ProjectConfig> m_project;
    QNetworkAccessManager m_nam;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
    std::unique_ptr<ProbeRunController> m_runner;
    std::unique_ptr<CannedDialogProvider> m_dialogs;
    std::unique_ptr<MainWindow> m_window;
    int m_round = 0;
};

void TestProbeGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    DemoServiceOptions options;
    options.slowDelayMs = 5000; // long enough to cancel qa.timeout-handling mid-run
    m_service = std::make_unique<DemoService>(options);
    QVERIFY(m_service->start(0));
    QCOMPARE(DemoProject::write(m_dir.path(), m_service->baseUrl(), u"/bin/true"_s), QString());
    DemoProject::exportEnvironment(m_service->baseUrl(), options.adminToken);
    const ConfigLoadResult loaded = ConfigLoader::loadFile(m_dir.filePath(u"liftoff.yaml"_s));
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    m_project = loaded.project;
}

void TestProbeGui::init()
{
    m_store = std::make_unique<Store>();
    m_store->open(m_dir.filePath(u"gui-%1.sqlite"_s.arg(++m_round)));
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), m_project->effectiveTemplate(), m_project->name,
                                                     m_project->configPath, QHash<QString, qint64> {}, u"ana"_s);
    m_document->setRunnableProbeKinds(StandardProbeFactory::kinds());
    m_runner = std::make_unique<ProbeRunController>(m_document.get(), &m_nam, *m_project);
    m_dialogs = std::make_unique<CannedDialogProvider>();
    m_window = std::make_unique<MainWindow>(m_document.get(), m_dialogs.get(), QStringList {u"demo"_s}, u"v1.4.0"_s);
    m_window->attachProbeRunner(m_runner.get());
    m_window->show();
    QSignalSpy loaded(m_document.get(), &ChecklistDocument::projectLoaded);
    m_document->open();
    QVERIFY(loaded.wait(5000));
    m_dialogs->deploymentAnswers.append({u"demo"_s, u"v1.4.0"_s, u"demo-1"_s});
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"newDeploymentButton"_s), Qt::LeftButton);
    QTRY_COMPARE(m_document->currentDeployment().name, u"demo-1"_s);
}

void TestProbeGui::cleanup()
{
    m_window.reset();
    m_runner.reset();
    m_document.reset();
    m_dialogs.reset();
    m_store.reset();
}

Status TestProbeGui::status(const QString &itemId) const
{
    const ChecklistModel *model = m_document->model();
    return model->evaluated(model->rowOf(itemId)).effective;
}

void TestProbeGui::runAllUpdatesItemsAndShowsConditions()
{
    QSignalSpy running(m_runner.get(), &ProbeRunController::runningChanged);
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"runAllButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!running.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(status(u"infra.health"_s), Status::Pass, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(status(u"infra.cors"_s), Status::Fail, 20000); // the demo's look-alike defect
    QTRY_COMPARE_WITH_TIMEOUT(status(u"cost.rate-limiting"_s), Status::Pass, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(status(u"mon.error-alerting"_s), Status::Pass, 20000);
    QVERIFY(!m_service->webhookMessages().isEmpty()); // the test alert reached the demo's room
    QTRY_VERIFY_WITH_TIMEOUT(!m_runner->isRunning(), 30000);
    QVERIFY(m_window->findChild<QWidget *>(u"probeProgressWidget"_s)->isHidden());

    QVERIFY(m_window->showItem(u"infra.health"_s));
    auto *page = m_window->findChild<SectionPage *>(SectionPage::objectNameFor(u"Infrastructure"_s));
    auto *conditions = page->findChild<QLabel *>(u"conditionsLabel"_s);
    QTRY_VERIFY(conditions->text().contains(u"[STATUS] == 200"_s));
    QVERIFY(conditions->text().contains(u"✓"_s));
    // The uptime monitor polls the health endpoint and the sparkline shows it.
    auto *sparkline = page->findChild<UptimeSparkline *>(u"uptimeSparkline"_s);
    QVERIFY(sparkline->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(sparkline->sampleCount() >= 1, 10000);
    QVERIFY(m_runner->uptimeMonitor()->samples().first().ok);
}

void TestProbeGui::runOneItemFromTheDetailPanel()
{
    QVERIFY(m_window->showItem(u"infra.hosting"_s));
    auto *page = m_window->findChild<SectionPage *>(SectionPage::objectNameFor(u"Infrastructure"_s));
    auto *run = page->findChild<QPushButton *>(u"runItemButton"_s);
    QTRY_VERIFY(run->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(status(u"infra.hosting"_s), Status::Pass, 10000);
    QCOMPARE(status(u"infra.health"_s), Status::Pending); // only the one item ran
}

void TestProbeGui::cancelStopsARun()
{
    QVERIFY(m_window->showItem(u"qa.timeout-handling"_s));
    m_runner->runItems({u"qa.timeout-handling"_s});
    QTRY_VERIFY(m_runner->isRunning());
    auto *cancel = m_window->findChild<QPushButton *>(u"cancelChecksButton"_s);
    QTRY_VERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_runner->isRunning(), 10000);
    QTRY_COMPARE(status(u"qa.timeout-handling"_s), Status::Error);
    const ChecklistModel *model = m_document->model();
    QCOMPARE(model->evaluated(model->rowOf(u"qa.timeout-handling"_s)).summary, u"cancelled"_s);
}

void TestProbeGui::releaseTakesTheMonthEndProjection()
{
    QSignalSpy finished(m_runner.get(), &ProbeRunController::releaseProjectionFinished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"releaseButton"_s), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), true);
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(u"month-end projection at release: $"_s));
    QVERIFY(m_document->currentDeployment().isReleased());
    SqlConnection sql(m_document->databasePath());
    QVERIFY(sql.isOpen());
    const QString madeAt = sql.scalar(u"SELECT made_at FROM cost_projections WHERE deployment_id = %1"_s.arg(
                                          m_document->currentDeployment().id)).toString();
    QCOMPARE(QDateTime::fromString(madeAt, Qt::ISODateWithMs), m_document->currentDeployment().released);
}

void TestProbeGui::exportReportWritesTheChosenFile()
{
    auto *exporter = new ReportExporter(m_document.get(), *m_project, m_window.get());
    m_window->attachReportExporter(exporter);
    auto *action = m_window->findChild<QAction *>(u"exportReportAction"_s);
    QVERIFY(action && action->isEnabled());
    // Cancelled: nothing happens.
    action->trigger();
    QVERIFY(!exporter->isBusy());
    QVERIFY(m_dialogs->suggestedSavePaths.last().endsWith(u"demo-1-report.pdf"_s));

    const QString path = m_dir.filePath(u"gui-report-%1.pdf"_s.arg(m_round));
    m_dialogs->saveFileAnswers.append(path);
    QSignalSpy finished(exporter, &ReportExporter::finished);
    action->trigger();
    QVERIFY(!action->isEnabled()); // one export at a time
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(1).toString(), QString());
    QTRY_VERIFY(m_window->statusBar()->currentMessage().startsWith(u"Wrote the report to"_s));
    QVERIFY(action->isEnabled());
    QFile pdf(path);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");

    // A folder that does not exist: an error dialog names the path.
    m_dialogs->saveFileAnswers.append(m_dir.filePath(u"missing/dir/report.md"_s));
    action->trigger();
    QVERIFY(finished.wait(30000));
    QTRY_COMPARE(m_dialogs->errors.size(), 1);
    QVERIFY2(m_dialogs->errors.first().contains(u"cannot write"_s), qPrintable(m_dialogs->errors.first()));
}

QTEST_MAIN(TestProbeGui)
#include "TestProbeGui.moc"
