// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "MainWindow.h"
#include "SectionPage.h"
#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "store/Store.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * The whole window on a real Store and SQLite file: record a deployment, pass with a note, waive,
 * mark n/a and undo through the widgets; then a new window on the same file shows what was saved.
 */
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void marksThroughWidgetsPersist();
    void verdictBannerFollowsTheChecklist();
    void itemShortcutsAreScopedToTheTable();
    void storeErrorsAreShownAndStateKept();
    void overviewJumpsToBlockingItem();
    void remembersSelectedTab();

private:
    void openWindow();
    void closeWindow();
    void recordDeployment(const QString &name);
    SectionPage *selectItem(const QString &itemId);
    void clickOnPage(SectionPage *page, const QString &buttonName);
    Status status(const QString &itemId) const;
    QString statusText(const QString &itemId) const;
    QString verdictText() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
    std::unique_ptr<CannedDialogProvider> m_dialogs;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LiftoffTests"_s);
    QCoreApplication::setApplicationName(u"TestMainWindow"_s);
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"liftoff.sqlite"_s);
    openWindow();
}

void TestMainWindow::cleanup()
{
    closeWindow();
    m_dir.reset();
}

void TestMainWindow::openWindow()
{
    m_store = std::make_unique<Store>();
    m_store->open(m_path);
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), ChecklistTemplate::builtIn(), u"acme-chat"_s,
                                                     u"/srv/acme/liftoff.yaml"_s, QHash<QString, qint64> {},
                                                     u"alice"_s);
    m_dialogs = std::make_unique<CannedDialogProvider>();
    m_window = std::make_unique<MainWindow>(m_document.get(), m_dialogs.get(),
                                            QStringList {u"production"_s, u"staging"_s}, u"v1.4.0"_s);
    m_window->show();
    QSignalSpy loaded(m_document.get(), &ChecklistDocument::projectLoaded);
    m_document->open();
    QVERIFY(loaded.wait(5000));
}

void TestMainWindow::closeWindow()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_document.reset();
    m_dialogs.reset();
    m_store.reset(); // waits for queued writes
}

void TestMainWindow::recordDeployment(const QString &name)
{
    m_dialogs->deploymentAnswers.append({u"production"_s, u"v1.4.0"_s, name});
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"newDeploymentButton"_s), Qt::LeftButton);
    QTRY_COMPARE(m_document->currentDeployment().name, name);
    auto *combo = m_window->findChild<QComboBox *>(u"deploymentComboBox"_s);
    QTRY_COMPARE(combo->currentText(), u"%1 · v1.4.0 · production · not released"_s.arg(name));
}

SectionPage *TestMainWindow::selectItem(const QString &itemId)
{
    const ChecklistItem *item = ChecklistTemplate::builtIn().find(itemId);
    auto *page = m_window->findChild<SectionPage *>(SectionPage::objectNameFor(item->section));
    auto *tabs = m_window->findChild<QTabWidget *>(u"sectionTabWidget"_s);
    tabs->setCurrentWidget(page);
    auto *table = page->findChild<QTableView *>(u"checklistTableView"_s);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, 0);
        if (index.data(ChecklistModel::ItemIdRole).toString() == itemId)
            table->setCurrentIndex(index);
    }
    return page;
}

void TestMainWindow::clickOnPage(SectionPage *page, const QString &buttonName)
{
    auto *button = page->findChild<QPushButton *>(buttonName);
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

Status TestMainWindow::status(const QString &itemId) const
{
    const ChecklistModel *model = m_document->model();
    return model->index(model->rowOf(itemId), 0).data(ChecklistModel::StatusRole).value<Status>();
}

QString TestMainWindow::statusText(const QString &itemId) const
{
    const ChecklistItem *item = ChecklistTemplate::builtIn().find(itemId);
    auto *page = m_window->findChild<SectionPage *>(SectionPage::objectNameFor(item->section));
    const QAbstractItemModel *model = page->findChild<QTableView *>(u"checklistTableView"_s)->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ChecklistModel::ItemIdRole).toString() == itemId)
            return model->index(row, ChecklistModel::StatusColumn).data().toString();
    }
    return {};
}

QString TestMainWindow::verdictText() const
{
    return m_window->findChild<QLabel *>(u"verdictLabel"_s)->text();
}

void TestMainWindow::marksThroughWidgetsPersist()
{
    QCOMPARE(verdictText(), u"No deployment"_s);
    recordDeployment(u"production-1"_s);
    QTRY_COMPARE(verdictText(), u"No-Go"_s);

    // Pass with a note.
    SectionPage *page = selectItem(u"infra.health"_s);
    QCOMPARE(page->currentItemId(), u"infra.health"_s);
    m_dialogs->markAnswers.append({MarkRequest::Action::Pass, u"GET /health: 200"_s, {}, {}, {}});
    clickOnPage(page, u"passButton"_s);
    QCOMPARE(m_dialogs->askedActions.last(), MarkRequest::Action::Pass);
    QTRY_COMPARE(statusText(u"infra.health"_s), u"Pass"_s);
    QTRY_COMPARE(m_window->statusBar()->currentMessage(), u"Saved pass on infra.health"_s);
    QTRY_COMPARE(page->findChild<QTableView *>(u"auditTableView"_s)->model()->rowCount(), 1);

    // Waive with a reason and an expiry.
    page = selectItem(u"api.keys-scoped"_s);
    MarkRequest waiver {MarkRequest::Action::Waive, u"scoped keys land next sprint"_s, {}, {}, {}};
    waiver.expires = QDateTime::currentDateTime().addDays(7);
    m_dialogs->markAnswers.append(waiver);
    clickOnPage(page, u"waiveButton"_s);
    QTRY_COMPARE(statusText(u"api.keys-scoped"_s), u"Waived"_s);

    // Not applicable, then undo it through the Edit menu's action.
    page = selectItem(u"rb.migrations-reversible"_s);
    m_dialogs->markAnswers.append({MarkRequest::Action::Na, u"the app has no database"_s, {}, {}, {}});
    clickOnPage(page, u"naButton"_s);
    QTRY_COMPARE(status(u"rb.migrations-reversible"_s), Status::Na);
    auto *undo = m_window->findChild<QAction *>(u"undoAction"_s);
    QTRY_VERIFY(undo->isEnabled());
    QCOMPARE(undo->text(), u"&Undo Mark n/a rb.migrations-reversible"_s);
    undo->trigger();
    QTRY_COMPARE(status(u"rb.migrations-reversible"_s), Status::NotReported);
    QTRY_VERIFY(!m_document->isBusy());

    // A cancelled dialog changes nothing.
    page = selectItem(u"infra.cors"_s);
    clickOnPage(page, u"failButton"_s);
    QCOMPARE(m_document->undoStack()->index(), 2);
    QVERIFY(m_dialogs->errors.isEmpty());

    closeWindow();
    openWindow();
    QTRY_COMPARE(m_document->currentDeployment().name, u"production-1"_s);
    QTRY_COMPARE(statusText(u"infra.health"_s), u"Pass"_s);
    QCOMPARE(statusText(u"api.keys-scoped"_s), u"Waived"_s);
    QCOMPARE(m_document->model()->state(u"rb.migrations-reversible"_s).status, Status::Pending);
    QCOMPARE(m_document->model()->state(u"infra.health"_s).note, u"GET /health: 200"_s);
    QCOMPARE(m_document->model()->state(u"infra.health"_s).by, u"alice"_s);
    QCOMPARE(verdictText(), u"No-Go"_s);
    QVERIFY(m_window->findChild<QLabel *>(u"verdictReasonLabel"_s)->text().contains(u"must items block"_s));
}

void TestMainWindow::verdictBannerFollowsTheChecklist()
{
    recordDeployment(u"production-1"_s);
    // Every pre-deployment and deployment item passes (post items do not count before release).
    for (const ChecklistItem &item : ChecklistTemplate::builtIn().items()) {
        if (item.phase == Phase::Post)
            continue;
        const QString evidence = item.binding.kind == BindingKind::ManualEvidence ? u"https://tickets.test/1"_s : QString();
        QCOMPARE(m_document->mark(item.id, {MarkRequest::Action::Pass, u"checked"_s, {}, {}, evidence}), QString());
    }
    QTRY_COMPARE(verdictText(), u"Go"_s);
    QTRY_VERIFY(!m_document->isBusy());

    SectionPage *page = selectItem(u"mon.uptime"_s);
    MarkRequest waiver {MarkRequest::Action::Waive, u"external monitor next week"_s, {}, {}, {}};
    waiver.expires = QDateTime::currentDateTime().addDays(7);
    m_dialogs->markAnswers.append(waiver);
    clickOnPage(page, u"waiveButton"_s);
    QTRY_COMPARE(verdictText(), u"Conditional Go"_s);
    QVERIFY(m_window->findChild<QLabel *>(u"verdictReasonLabel"_s)->text().contains(u"waiver"_s));

    // Releasing makes the (pending) post-deployment must items count.
    m_window->findChild<QAction *>(u"releaseDeploymentAction"_s)->trigger();
    QCOMPARE(m_dialogs->confirmations.size(), 1);
    QTRY_COMPARE(verdictText(), u"No-Go"_s);
    QTRY_VERIFY(!m_window->findChild<QAction *>(u"releaseDeploymentAction"_s)->isEnabled());
    QVERIFY(!m_window->findChild<QLabel *>(u"releasedLabel"_s)->text().contains(u"not released"_s));
}

void TestMainWindow::itemShortcutsAreScopedToTheTable()
{
    const QList<std::pair<QString, QKeySequence>> expected {
        {u"passAction"_s, QKeySequence(Qt::Key_Space)}, {u"failAction"_s, QKeySequence(Qt::Key_F)},
        {u"waiveAction"_s, QKeySequence(Qt::Key_W)},    {u"naAction"_s, QKeySequence(Qt::Key_N)},
        {u"noteAction"_s, QKeySequence(Qt::Key_E)},
    };
    auto *table = m_window->findChild<SectionPage *>()->findChild<QTableView *>(u"checklistTableView"_s);
    for (const auto &[name, shortcut] : expected) {
        auto *action = m_window->findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QCOMPARE(action->shortcut(), shortcut);
        QCOMPARE(action->shortcutContext(), Qt::WidgetWithChildrenShortcut);
        QVERIFY(table->actions().contains(action));
        QVERIFY(!action->isEnabled()); // no deployment yet
    }
    QCOMPARE(m_window->findChild<QAction *>(u"redoAction"_s)->shortcut(), QKeySequence(u"Ctrl+Shift+Z"_s));
    recordDeployment(u"production-1"_s);
    selectItem(u"w1.user-feedback"_s);
    QTRY_VERIFY(m_window->findChild<QAction *>(u"passAction"_s)->isEnabled());
    m_dialogs->markAnswers.append({MarkRequest::Action::Note, u"two users asked for dark mode"_s, {}, {}, {}});
    m_window->findChild<QAction *>(u"noteAction"_s)->trigger();
    QTRY_COMPARE(m_document->model()->state(u"w1.user-feedback"_s).note, u"two users asked for dark mode"_s);

    // The keys themselves, when the table has focus (needs an active window; skipped where the
    // platform cannot activate one).
    SectionPage *page = selectItem(u"w1.document-issues"_s);
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window.get()))
        QSKIP("the platform does not activate windows");
    auto *view = page->findChild<QTableView *>(u"checklistTableView"_s);
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    m_dialogs->markAnswers.append({MarkRequest::Action::Pass, u"issues filed as #12, #13"_s, {}, {}, {}});
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(m_dialogs->askedActions.last(), MarkRequest::Action::Pass);
    QTRY_COMPARE(status(u"w1.document-issues"_s), Status::Pass);
    QTest::keyClick(view, Qt::Key_W); // cancelled: the canned queue is empty
    QCOMPARE(m_dialogs->askedActions.last(), MarkRequest::Action::Waive);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(status(u"w1.document-issues"_s), Status::Pending);
}

void TestMainWindow::storeErrorsAreShownAndStateKept()
{
    recordDeployment(u"production-1"_s);
    SectionPage *page = selectItem(u"infra.health"_s);
    m_dialogs->markAnswers.append({MarkRequest::Action::Pass, u"200"_s, {}, {}, {}});
    clickOnPage(page, u"passButton"_s);
    QTRY_COMPARE(status(u"infra.health"_s), Status::Pass);

    m_dialogs->deploymentAnswers.append({u"production"_s, u"v1.4.0"_s, u"production-1"_s}); // taken
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"newDeploymentButton"_s), Qt::LeftButton);
    QTRY_COMPARE(m_dialogs->errors.size(), 1);
    QVERIFY(m_dialogs->errors.first().contains(u"exists already"_s));
    QCOMPARE(m_document->currentDeployment().name, u"production-1"_s);
    QCOMPARE(status(u"infra.health"_s), Status::Pass);

    // A rule refusal (a tick without evidence) is shown too, and nothing is pushed.
    page = selectItem(u"sec.red-team-done"_s);
    m_dialogs->markAnswers.append({MarkRequest::Action::Pass, u"looked fine"_s, {}, {}, {}});
    clickOnPage(page, u"passButton"_s);
    QCOMPARE(m_dialogs->errors.size(), 2);
    QVERIFY(m_dialogs->errors.last().contains(u"evidence"_s));
    QCOMPARE(m_document->undoStack()->count(), 1);
}

void TestMainWindow::overviewJumpsToBlockingItem()
{
    recordDeployment(u"production-1"_s);
    auto *blocking = m_window->findChild<QTableView *>(u"blockingTableView"_s);
    QTRY_VERIFY(blocking->model()->rowCount() > 0);
    const QModelIndex first = blocking->model()->index(0, ChecklistModel::TitleColumn);
    const QString id = first.data(ChecklistModel::ItemIdRole).toString();
    emit blocking->activated(first); // what a double-click or Enter sends
    auto *tabs = m_window->findChild<QTabWidget *>(u"sectionTabWidget"_s);
    auto *page = qobject_cast<SectionPage *>(tabs->currentWidget());
    QVERIFY(page);
    QCOMPARE(page->currentItemId(), id);
}

void TestMainWindow::remembersSelectedTab()
{
    auto *tabs = m_window->findChild<QTabWidget *>(u"sectionTabWidget"_s);
    QCOMPARE(tabs->count(), 1 + ChecklistTemplate::builtIn().sections().size());
    QCOMPARE(tabs->tabText(0), u"Overview"_s);
    QCOMPARE(tabs->tabText(1), u"API && Model Configuration"_s); // "&&" shows as one "&"
    QCOMPARE(tabs->tabToolTip(1), u"Pre-deployment"_s);
    tabs->setCurrentIndex(6);
    closeWindow();
    openWindow();
    QCOMPARE(m_window->findChild<QTabWidget *>(u"sectionTabWidget"_s)->currentIndex(), 6);
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
