// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "MainWindow.h"
#include "PostgresServer.h"
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

#include <memory>

using namespace Qt::StringLiterals;

/**
 * Two whole windows, as two people run them, on one store (a SQLite file, or a real PostgreSQL
 * server with LIFTOFF_TEST_STORE_BACKEND=postgresql): a tick through one window's buttons shows in
 * the other's table and audit without a reload; a tick made on a stale view is refused with who
 * and when, and the window then shows what is stored.
 */
class TestTeamWindows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void tickShowsInTheOtherWindow();
    void staleTickIsRefusedAndTheWindowRefreshes();
    void storeLabelAndDisplayName();

private:
    struct Console
    {
        std::unique_ptr<Store> store;
        std::unique_ptr<ChecklistDocument> document;
        std::unique_ptr<CannedDialogProvider> dialogs;
        std::unique_ptr<MainWindow> window;
    };
    void openConsole(Console &console, const QString &user);
    static SectionPage *selectItem(const Console &console, const QString &itemId);
    static void click(SectionPage *page, const QString &buttonName);
    static QString statusText(const Console &console, const QString &itemId);

    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
    Console m_alice;
    Console m_bob;
};

void TestTeamWindows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LiftoffTests"_s);
    QCoreApplication::setApplicationName(u"TestTeamWindows"_s);
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestTeamWindows::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_location = m_dir->filePath(u"team.sqlite"_s);
    if (m_postgres) {
        m_location = m_postgres->createFreshDatabase();
        QVERIFY2(!m_location.isEmpty(), qPrintable(m_postgres->errorString()));
    }
    openConsole(m_alice, u"alice"_s);
    openConsole(m_bob, u"bob"_s);
    m_alice.dialogs->deploymentAnswers.append({u"production"_s, u"v1.4.0"_s, u"production-1"_s});
    QTest::mouseClick(m_alice.window->findChild<QPushButton *>(u"newDeploymentButton"_s), Qt::LeftButton);
    QTRY_COMPARE(m_alice.document->currentDeployment().name, u"production-1"_s);
    // Bob's window had no deployment; the one Alice recorded appears there and is selected.
    auto *bobsCombo = m_bob.window->findChild<QComboBox *>(u"deploymentComboBox"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bobsCombo->currentText(), u"production-1 · v1.4.0 · production · not released"_s, 10000);
    QTRY_VERIFY(!m_bob.document->isBusy());
}

void TestTeamWindows::cleanup()
{
    for (Console *console : {&m_alice, &m_bob}) {
        if (console->window)
            console->window->close();
        console->window.reset();
        console->document.reset();
        console->dialogs.reset();
        console->store.reset();
    }
    m_dir.reset();
}

void TestTeamWindows::openConsole(Console &console, const QString &user)
{
    console.store = std::make_unique<Store>();
    console.store->open(m_location);
    console.document = std::make_unique<ChecklistDocument>(console.store.get(), ChecklistTemplate::builtIn(),
                                                           u"acme-chat"_s, u"/srv/acme/liftoff.yaml"_s,
                                                           QHash<QString, qint64> {}, user);
    console.dialogs = std::make_unique<CannedDialogProvider>();
    console.window = std::make_unique<MainWindow>(console.document.get(), console.dialogs.get(),
                                                  QStringList {u"production"_s}, u"v1.4.0"_s);
    console.window->attachIdentity(m_location, m_postgres != nullptr, user);
    console.window->show();
    QSignalSpy loaded(console.document.get(), &ChecklistDocument::projectLoaded);
    console.document->open();
    QVERIFY(loaded.wait(10000));
}

SectionPage *TestTeamWindows::selectItem(const Console &console, const QString &itemId)
{
    const ChecklistItem *item = ChecklistTemplate::builtIn().find(itemId);
    auto *page = console.window->findChild<SectionPage *>(SectionPage::objectNameFor(item->section));
    console.window->findChild<QTabWidget *>(u"sectionTabWidget"_s)->setCurrentWidget(page);
    auto *table = page->findChild<QTableView *>(u"checklistTableView"_s);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, 0);
        if (index.data(ChecklistModel::ItemIdRole).toString() == itemId)
            table->setCurrentIndex(index);
    }
    return page;
}

void TestTeamWindows::click(SectionPage *page, const QString &buttonName)
{
    auto *button = page->findChild<QPushButton *>(buttonName);
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

QString TestTeamWindows::statusText(const Console &console, const QString &itemId)
{
    const ChecklistItem *item = ChecklistTemplate::builtIn().find(itemId);
    auto *page = console.window->findChild<SectionPage *>(SectionPage::objectNameFor(item->section));
    const QAbstractItemModel *model = page->findChild<QTableView *>(u"checklistTableView"_s)->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ChecklistModel::ItemIdRole).toString() == itemId)
            return model->index(row, ChecklistModel::StatusColumn).data().toString();
    }
    return {};
}

void TestTeamWindows::tickShowsInTheOtherWindow()
{
    // Bob is looking at the item when Alice ticks it.
    SectionPage *bobsPage = selectItem(m_bob, u"infra.health"_s);
    auto *bobsAudit = bobsPage->findChild<QTableView *>(u"auditTableView"_s);
    QTRY_COMPARE(bobsAudit->model()->rowCount(), 0);

    SectionPage *page = selectItem(m_alice, u"infra.health"_s);
    m_alice.dialogs->markAnswers.append({MarkRequest::Action::Pass, u"GET /health: 200"_s, {}, {}, {}});
    click(page, u"passButton"_s);
    QTRY_COMPARE(statusText(m_alice, u"infra.health"_s), u"Pass"_s);

    QTRY_COMPARE_WITH_TIMEOUT(statusText(m_bob, u"infra.health"_s), u"Pass"_s, 10000);
    // The detail panel he has open follows: the audit row, with who did it.
    QTRY_COMPARE_WITH_TIMEOUT(bobsAudit->model()->rowCount(), 1, 10000);
    QCOMPARE(bobsAudit->model()->index(0, 1).data().toString(), u"alice"_s);
    QVERIFY2(bobsAudit->model()->index(0, 1).data(Qt::ToolTipRole).toString().contains(u"OS account "_s),
             qPrintable(bobsAudit->model()->index(0, 1).data(Qt::ToolTipRole).toString()));
    QCOMPARE(m_bob.window->findChild<QLabel *>(u"verdictLabel"_s)->text(),
             m_alice.window->findChild<QLabel *>(u"verdictLabel"_s)->text());
}

void TestTeamWindows::staleTickIsRefusedAndTheWindowRefreshes()
{
    m_bob.store->setWatching(false); // Bob's window keeps showing what it showed
    SectionPage *page = selectItem(m_alice, u"infra.health"_s);
    m_alice.dialogs->markAnswers.append({MarkRequest::Action::Pass, u"GET /health: 200"_s, {}, {}, {}});
    click(page, u"passButton"_s);
    QTRY_COMPARE(statusText(m_alice, u"infra.health"_s), u"Pass"_s);
    QTRY_VERIFY(!m_alice.document->isBusy());
    QCOMPARE(statusText(m_bob, u"infra.health"_s), u"Not reported"_s);

    SectionPage *bobsPage = selectItem(m_bob, u"infra.health"_s);
    m_bob.dialogs->markAnswers.append({MarkRequest::Action::Fail, u"503 from the load balancer"_s, {}, {}, {}});
    click(bobsPage, u"failButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_bob.dialogs->errors.size(), 1, 10000);
    const QString error = m_bob.dialogs->errors.first();
    QVERIFY2(error.contains(u"infra.health was changed by alice ("_s), qPrintable(error));
    QVERIFY2(error.contains(u"since you looked"_s), qPrintable(error));
    QVERIFY2(error.contains(u"The checklist now shows what is stored."_s), qPrintable(error));
    QTRY_COMPARE(statusText(m_bob, u"infra.health"_s), u"Pass"_s);
    QCOMPARE(m_bob.document->model()->state(u"infra.health"_s).by, u"alice"_s);
}

void TestTeamWindows::storeLabelAndDisplayName()
{
    auto *label = m_alice.window->findChild<QLabel *>(u"storeLabel"_s);
    QVERIFY(label);
    QCOMPARE(label->text(), m_postgres ? u"Shared store"_s : u"Local store"_s);
    QVERIFY(label->toolTip().contains(m_location));

    // Settings ▸ Your Name… asks, and forwards the answer for the app to store.
    QSignalSpy chosen(m_alice.window.get(), &MainWindow::displayNameChosen);
    auto *action = m_alice.window->findChild<QAction *>(u"displayNameAction"_s);
    QVERIFY(action);
    m_alice.dialogs->textAnswers.append(u"  Alice Martin "_s);
    action->trigger();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().first().toString(), u"Alice Martin"_s);
    QVERIFY(m_alice.dialogs->askedTexts.last().contains(u"(now: alice)"_s));
}

QTEST_MAIN(TestTeamWindows)
#include "TestTeamWindows.moc"
