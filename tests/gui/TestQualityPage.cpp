// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "ItemDetailPanel.h"
#include "MainWindow.h"
#include "QualityPage.h"
#include "SectionPage.h"
#include "checklist/ChecklistTemplate.h"
#include "config/ConfigLoader.h"
#include "evals/EvalRunRepository.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/EvalCaseTableModel.h"
#include "itemmodels/EvalRunListModel.h"
#include "itemmodels/QualityController.h"
#include "store/Database.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * The Eval Runs tab end to end: a real chat app on 127.0.0.1 (QHttpServer) whose answers the test
 * changes between runs, the real SQLite store. Run replays the set off the GUI thread and lists the
 * run; Bless (with a reason) makes it the baseline; the next run shows which cases regressed and
 * which were fixed; Cancel keeps the finished cases; a broken set says where; a new controller on the
 * same file (a restart) lists every run.
 */
class TestQualityPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runBlessCompareCancel();
    void withoutEvalsSaysWhatToAdd();

private:
    void writeCases(const QByteArray &yaml);
    QTemporaryDir m_dir;
    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, QString> m_replies;
    std::vector<std::unique_ptr<QHttpServerResponder>> m_held; ///< answers never sent ("hold")
};

void TestQualityPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_server.route(u"/chat"_s, [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const QString message = QJsonDocument::fromJson(request.body()).object().value(u"message"_s).toString();
        if (message == u"hold") {
            m_held.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
            return;
        }
        responder.write(QJsonDocument(QJsonObject {{u"reply"_s, m_replies.value(message, u"echo "_s + message)}}));
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
}

void TestQualityPage::writeCases(const QByteArray &yaml)
{
    QFile file(m_dir.filePath(u"cases.yaml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(yaml);
}

void TestQualityPage::runBlessCompareCancel()
{
    const QString configPath = m_dir.filePath(u"liftoff.yaml"_s);
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(u"version: 1\nproject: quality-gui\nenvironments:\n  production:\n    url: http://127.0.0.1:%1\n"
                 u"evals:\n  dataset: cases.yaml\n  concurrency: 1\n"
                 u"  target: {url: \"{url}/chat\", method: POST, body: {message: \"{input}\"}, output: \"[BODY].reply\"}\n"_s
                     .arg(m_port)
                     .toUtf8());
    config.close();
    writeCases("- {id: alpha, input: alpha, assert: [{contains: ok}]}\n"
               "- {id: beta, input: beta, assert: [{contains: ok}]}\n"
               "- {id: gamma, input: gamma, assert: [{contains: ok}]}\n"
               "- {id: delta, input: delta, assert: [{contains: ok}]}\n");
    m_replies = {{u"alpha"_s, u"ok"_s}, {u"beta"_s, u"no"_s}, {u"gamma"_s, u"ok"_s}, {u"delta"_s, u"ok"_s}};
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));

    const QString dbPath = m_dir.filePath(u"liftoff.sqlite"_s);
    Store store;
    store.open(dbPath);
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), loaded.project->name, configPath, {}, u"alice"_s);
    CannedDialogProvider dialogs;
    MainWindow window(&document, &dialogs, {u"production"_s}, u"v1"_s);
    auto *controller = new QualityController(&document, *loaded.project, &window);
    QAbstractItemModelTester runsTester(controller->runModel());
    QAbstractItemModelTester casesTester(controller->caseModel());
    window.attachQuality(controller);
    controller->reload();
    window.show();
    auto *page = window.findChild<QualityPage *>();
    QVERIFY(page);
    QSignalSpy opened(&document, &ChecklistDocument::projectLoaded);
    document.open();
    QVERIFY(opened.wait(10000));
    QVERIFY(document.createDeployment(u"production"_s, u"v1"_s, u"prod-1"_s).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(document.hasDeployment(), 10000);

    auto *runButton = page->findChild<QPushButton *>(u"evalRunButton"_s);
    auto *cancelButton = page->findChild<QPushButton *>(u"evalCancelButton"_s);
    auto *blessButton = page->findChild<QPushButton *>(u"evalBlessButton"_s);
    auto *summary = page->findChild<QLabel *>(u"evalCaseSummaryLabel"_s);
    auto *baseline = page->findChild<QLabel *>(u"qualityBaselineLabel"_s);
    auto *message = page->findChild<QLabel *>(u"qualityMessageLabel"_s);
    auto *detail = page->findChild<QPlainTextEdit *>(u"evalCaseDetail"_s);
    auto *casesView = page->findChild<QTableView *>(u"evalCasesView"_s);
    QVERIFY(runButton && cancelButton && blessButton && summary && baseline && message && detail && casesView);
    QTRY_COMPARE(summary->text(), u"No eval run for this deployment yet: press Run Eval Set."_s);
    // An eval item's detail panel leads here.
    SectionPage *section = nullptr;
    for (SectionPage *candidate : window.findChildren<SectionPage *>()) {
        if (candidate->selectItem(u"qa.baseline-recorded"_s))
            section = candidate;
    }
    QVERIFY(section);
    auto *evalRunsButton = section->detailPanel()->findChild<QPushButton *>(u"evalRunsButton"_s);
    QVERIFY(evalRunsButton && !evalRunsButton->isHidden());
    evalRunsButton->click();
    QCOMPARE(window.findChild<QTabWidget *>()->currentWidget(), page);
    QVERIFY(section->selectItem(u"qa.timeout-handling"_s)); // same section, not an eval item
    QVERIFY(evalRunsButton->isHidden());
    QVERIFY(baseline->text().startsWith(u"No baseline yet"_s));
    QVERIFY(runButton->isEnabled());
    QVERIFY(!blessButton->isEnabled());

    // First run: 3 of 4 pass; no baseline to compare with.
    QSignalSpy finished(controller, &QualityController::runFinished);
    QSignalSpy evidence(controller, &QualityController::evidenceChanged);
    runButton->click();
    QVERIFY(controller->isRunning());
    QVERIFY(!runButton->isEnabled());
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().first().toString().contains(u"3 of 4 cases pass (75.0%) against production"_s),
             qPrintable(finished.last().first().toString()));
    QCOMPARE(evidence.size(), 1);
    QCOMPARE(evidence.first().first().toStringList(), QualityController::evalItems());
    QTRY_COMPARE(controller->runModel()->rowCount(), 1);
    QTRY_COMPARE(controller->caseModel()->rowCount(), 4);
    const qint64 firstRun = controller->runModel()->index(0, 0).data(EvalRunListModel::RunIdRole).toLongLong();
    QCOMPARE(controller->caseModel()->index(1, EvalCaseTableModel::BaselineColumn).data().toString(), u"no baseline"_s);
    QCOMPARE(controller->caseModel()->index(1, EvalCaseTableModel::ReasonColumn).data().toString().left(9), u"contains:"_s);
    QCOMPARE(summary->text(), u"3 of 4 cases pass"_s);

    // Bless it, with a reason asked through the dialog seam.
    QTRY_VERIFY(blessButton->isEnabled());
    dialogs.textAnswers = {u"first good run"_s};
    QSignalSpy blessed(controller, &QualityController::blessed);
    blessButton->click();
    QVERIFY(blessed.wait(10000));
    QCOMPARE(evidence.size(), 2);
    QTRY_VERIFY2(baseline->text().contains(u"Baseline: run %1"_s.arg(firstRun)) && baseline->text().contains(u"alice"_s)
                     && baseline->text().contains(u"first good run"_s),
                 qPrintable(baseline->text()));
    QVERIFY(baseline->text().contains(u"It is the baseline of this deployment's prompt versions"_s));
    QTRY_VERIFY(!blessButton->isEnabled()); // it is the baseline already
    QTRY_COMPARE(controller->caseModel()->index(0, EvalCaseTableModel::BaselineColumn).data().toString(), u"this run"_s);
    {
        Database db;
        QVERIFY(!db.open(dbPath).isError());
        EvalBlessing blessing;
        bool found = false;
        QVERIFY(!EvalRunRepository(db).latestBlessing(document.currentDeployment().projectId, &blessing, &found).isError());
        QVERIFY(found);
        QCOMPARE(blessing.runId, firstRun);
        QCOMPARE(blessing.note, u"first good run"_s);
        QCOMPARE(blessing.who, u"alice"_s);
    }

    // The app changes: alpha now fails, beta now passes. The second run shows both flips.
    m_replies[u"alpha"_s] = u"no"_s;
    m_replies[u"beta"_s] = u"ok"_s;
    runButton->click();
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE(controller->runModel()->rowCount(), 2);
    QTRY_VERIFY2(summary->text() == u"3 of 4 cases pass · 1 regressed · 1 fixed"_s, qPrintable(summary->text()));
    const auto changeOf = [controller](const QString &caseId) {
        EvalCaseTableModel *cases = controller->caseModel();
        for (int i = 0; i < cases->rowCount(); ++i) {
            if (cases->rowAt(i)->caseId == caseId)
                return cases->index(i, EvalCaseTableModel::ChangeColumn).data().toString();
        }
        return QString();
    };
    QCOMPARE(changeOf(u"alpha"_s), u"regressed"_s);
    QCOMPARE(changeOf(u"beta"_s), u"fixed"_s);
    QCOMPARE(changeOf(u"gamma"_s), u"still passes"_s);
    QVERIFY(controller->runModel()->index(1, 0).data(EvalRunListModel::IsBaselineRole).toBool());
    QVERIFY(controller->runModel()->index(1, 0).data().toString().contains(u"baseline"_s));
    auto *filter = page->findChild<QComboBox *>(u"evalCaseFilterComboBox"_s);
    filter->setCurrentIndex(filter->findData(int(EvalCaseTableModel::Filter::Flipped)));
    QCOMPARE(controller->caseModel()->rowCount(), 2);
    casesView->selectRow(0);
    QTRY_VERIFY2(detail->toPlainText().startsWith(u"alpha — regressed"_s), qPrintable(detail->toPlainText()));
    QVERIFY(detail->toPlainText().contains(u"This run: FAIL"_s));
    QVERIFY(detail->toPlainText().contains(u"Baseline: pass"_s));
    QVERIFY(detail->toPlainText().contains(u"✗ contains"_s));
    QTRY_COMPARE(controller->runModel()->index(0, EvalRunListModel::StateColumn).data().toString(), u"complete"_s);
    QTRY_VERIFY(blessButton->isEnabled()); // complete and not the baseline
    const QByteArray screenshot = qgetenv("LIFTOFF_QUALITY_SCREENSHOT");
    if (!screenshot.isEmpty()) {
        window.resize(1400, 860);
        window.findChild<QTabWidget *>()->setCurrentWidget(page);
        QVERIFY(window.grab().save(QString::fromLocal8Bit(screenshot)));
    }
    filter->setCurrentIndex(0);

    // Cancel: the second case is never answered; the first stays stored, the run says cancelled.
    writeCases("- {id: alpha, input: alpha, assert: [{contains: ok}]}\n"
               "- {id: stuck, input: hold, assert: [{contains: ok}]}\n"
               "- {id: gamma, input: gamma, assert: [{contains: ok}]}\n");
    QSignalSpy progress(controller, &QualityController::progressChanged);
    runButton->click();
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() == 1, 20000);
    QTRY_VERIFY(!cancelButton->isHidden());
    // The run is listed while it runs, its counts live.
    QTRY_COMPARE(controller->runModel()->index(0, EvalRunListModel::StateColumn).data().toString(), u"running (1 of 3)"_s);
    auto *bar = page->findChild<QProgressBar *>(u"evalProgressBar"_s);
    QVERIFY2(!bar->isHidden() && bar->format().contains(u"1 of 3 cases"_s), qPrintable(bar->format()));
    cancelButton->click();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.last().first().toString().contains(u"stopped early (cancelled)"_s),
             qPrintable(finished.last().first().toString()));
    QTRY_COMPARE(controller->runModel()->rowCount(), 3);
    const auto stateOfNewest = [controller] {
        return controller->runModel()->index(0, EvalRunListModel::StateColumn).data().toString();
    };
    QTRY_VERIFY2(stateOfNewest().startsWith(u"cancelled after 1 of 3"_s), qPrintable(stateOfNewest()));
    QVERIFY(!controller->canBless(controller->runModel()->index(0, 0).data(EvalRunListModel::RunIdRole).toLongLong()));
    QTRY_VERIFY(!blessButton->isEnabled());
    QVERIFY(cancelButton->isHidden());

    // A broken set: the message says where; nothing stored is lost.
    writeCases("- {id: alpha, input: alpha, assert: [{contains: ok}]\n");
    QSignalSpy failed(controller, &QualityController::failed);
    runButton->click();
    QVERIFY(failed.wait(10000));
    QVERIFY2(!message->isHidden() && message->text().contains(u"cases.yaml:"_s), qPrintable(message->text()));
    QTRY_VERIFY(runButton->isEnabled());
    QCOMPARE(controller->runModel()->rowCount(), 3);

    // A restart: a new controller on the same file lists the same runs and the same baseline.
    QualityController again(&document, *loaded.project);
    QSignalSpy listed(&again, &QualityController::runsChanged);
    again.reload();
    QVERIFY(listed.wait(10000));
    QCOMPARE(again.runModel()->rowCount(), 3);
    QVERIFY(again.baseline().has_value());
    QCOMPARE(again.baseline()->runId, firstRun);
}

void TestQualityPage::withoutEvalsSaysWhatToAdd()
{
    QTemporaryDir dir;
    const QString configPath = dir.filePath(u"liftoff.yaml"_s);
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("version: 1\nproject: no-evals\nenvironments:\n  production:\n    url: http://127.0.0.1:1\n");
    config.close();
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    Store store;
    store.open(dir.filePath(u"liftoff.sqlite"_s));
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), loaded.project->name, configPath, {}, u"bob"_s);
    CannedDialogProvider dialogs;
    MainWindow window(&document, &dialogs, {u"production"_s}, u"v1"_s);
    auto *controller = new QualityController(&document, *loaded.project, &window);
    window.attachQuality(controller);
    controller->reload();
    auto *page = window.findChild<QualityPage *>();
    QVERIFY(page->findChild<QLabel *>(u"qualityStatusLabel"_s)->text().startsWith(u"No `evals:` in "_s));
    QVERIFY(!page->findChild<QPushButton *>(u"evalRunButton"_s)->isEnabled());
    QVERIFY(page->findChild<QLabel *>(u"qualityBaselineLabel"_s)->isHidden());
}

QTEST_MAIN(TestQualityPage)
#include "TestQualityPage.moc"
