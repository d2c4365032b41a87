// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "MainWindow.h"
#include "RollbackDialogProvider.h"
#include "actions/KillSwitchController.h"
#include "actions/RollbackController.h"
#include "config/ConfigLoader.h"
#include "demo/DemoService.h"
#include "itemmodels/ChecklistDocument.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/Actor.h"
#include "store/RollbackStore.h"
#include "store/Store.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
/** The real rollback dialogs (they open without blocking); a canned answer for the kill-switch question. */
class CannedRollbackDialogs final : public RollbackDialogProvider
{
public:
    QDialog *openRollback(QWidget *parent, RollbackController *controller, const DeploymentRecord &from,
                          const QString &who) override
    {
        lastRollback = RollbackDialogProvider::openRollback(parent, controller, from, who);
        ++rollbackOpened;
        return lastRollback;
    }
    QDialog *openRollbacks(QWidget *parent, RollbackController *controller) override
    {
        lastList = RollbackDialogProvider::openRollbacks(parent, controller);
        return lastList;
    }
    std::optional<FlagFlipRequest> askFlagFlip(QWidget *, const QString &flag, const QString &, std::optional<bool> current) override
    {
        askedFlag = flag;
        askedCurrent = current;
        return flipAnswer;
    }

    QPointer<QDialog> lastRollback;
    QPointer<QDialog> lastList;
    int rollbackOpened = 0;
    QString askedFlag;
    std::optional<bool> askedCurrent;
    std::optional<FlagFlipRequest> flipAnswer;
};
} // namespace

/**
 * Walks the rollback through the main window offscreen: the always-visible button, the dialog that
 * shows the command and asks for its approval, a reason, the live output and the outcome with
 * verification against the demo service; the deployment before becomes current again; the
 * Rollbacks list and the kill switch. Real Store, SQLite file, processes and demo service.
 */
class TestRollbackDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void walksARollbackThroughTheDialog();
    void rollbackNeedsAReasonAndApproval();
    void showsWhoseApprovalIsMissing();
    void killSwitchFlipsAfterConfirmation();

private:
    template<typename T> T *child(QObject *parent, const QString &name)
    {
        T *found = parent->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DemoService> m_demo;
    QNetworkAccessManager m_nam;
    std::optional<ProjectConfig> m_project;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
    std::unique_ptr<CannedDialogProvider> m_dialogs;
    std::unique_ptr<CannedRollbackDialogs> m_rollbackDialogs;
    std::unique_ptr<RollbackStore> m_rollbackStore;
    std::unique_ptr<RollbackController> m_rollback;
    std::unique_ptr<KillSwitchController> m_killSwitch;
    std::unique_ptr<MainWindow> m_window;
};

void TestRollbackDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LiftoffTests"_s);
    QCoreApplication::setApplicationName(u"TestRollbackDialog"_s);
    qRegisterMetaType<RollbackRecord>();
}

void TestRollbackDialog::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_demo = std::make_unique<DemoService>(DemoServiceOptions {});
    QVERIFY(m_demo->start(0));
    // Four eyes for the test about it; one approver (the default) for the others.
    const int approvers = QByteArray(QTest::currentTestFunction()) == "showsWhoseApprovalIsMissing" ? 2 : 1;
    const QString yaml = uR"(version: 1
project: gui-rollback
environments:
  demo: {url: "%1"}
rollback:
  command: [/bin/sh, -c, "echo switching {url} back; echo done"]
  dry_run: [/bin/sh, -c, "echo would switch"]
  timeout: 30s
  verify: [infra.health]
  approvers: %2
flags:
  ofrep: {base_url: "%1", flag: ai-enabled}
checks:
  infra.health:
    http: {url: "{url}/health", timeout: 5s}
)"_s.arg(m_demo->baseUrl().toString()).arg(approvers);
    const QString configPath = m_dir->filePath(u"liftoff.yaml"_s);
    QFile file(configPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(yaml.toUtf8());
    file.close();
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    m_project = loaded.project;

    // Two deployments: v1.3.2 released a week ago, v1.4.0 now.
    const QString dbPath = m_dir->filePath(u"liftoff.sqlite"_s);
    {
        Database db;
        QVERIFY(!db.open(dbPath).isError());
        ChecklistRepository repo(db);
        qint64 projectId = 0;
        QVERIFY(!repo.ensureProject(m_project->name, m_project->configPath, &projectId).isError());
        DeploymentRecord previous {0, projectId, u"demo-1"_s, u"demo"_s, u"v1.3.2"_s, {},
                                   QDateTime::currentDateTimeUtc().addDays(-7), {}, {}};
        QVERIFY(!repo.createDeployment(&previous, u"seed"_s).isError());
        QVERIFY(!repo.releaseDeployment(previous.id, QDateTime::currentDateTimeUtc().addDays(-7), u"seed"_s).isError());
        DeploymentRecord current {0, projectId, u"demo-2"_s, u"demo"_s, u"v1.4.0"_s, {},
                                  QDateTime::currentDateTimeUtc(), {}, {}};
        QVERIFY(!repo.createDeployment(&current, u"seed"_s).isError());
    }
    m_store = std::make_unique<Store>();
    m_store->open(dbPath);
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), m_project->effectiveTemplate(), m_project->name,
                                                     m_project->configPath, QHash<QString, qint64> {}, u"alice"_s);
    m_dialogs = std::make_unique<CannedDialogProvider>();
    m_rollbackDialogs = std::make_unique<CannedRollbackDialogs>();
    m_window = std::make_unique<MainWindow>(m_document.get(), m_dialogs.get(), QStringList {u"demo"_s}, u"v1.4.0"_s);
    m_rollbackStore = std::make_unique<RollbackStore>(dbPath);
    m_rollback = std::make_unique<RollbackController>(m_rollbackStore.get(), &m_nam, *m_project);
    m_killSwitch = std::make_unique<KillSwitchController>(m_rollbackStore.get(), &m_nam, *m_project, u"demo"_s);
    m_window->attachRollback(m_rollback.get(), m_killSwitch.get(), m_rollbackDialogs.get());
    m_window->show();
    QSignalSpy current(m_document.get(), &ChecklistDocument::currentDeploymentChanged);
    m_document->open();
    QVERIFY(current.wait(5000));
    QCOMPARE(m_document->currentDeployment().version, u"v1.4.0"_s);
}

void TestRollbackDialog::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_rollback.reset();
    m_killSwitch.reset();
    m_rollbackStore.reset();
    m_document.reset();
    m_dialogs.reset();
    m_rollbackDialogs.reset();
    m_store.reset();
    m_demo.reset();
    m_dir.reset();
}

void TestRollbackDialog::walksARollbackThroughTheDialog()
{
    auto *bar = child<QPushButton>(m_window.get(), u"rollbackBarButton"_s);
    QVERIFY(bar);
    QVERIFY(bar->isVisible());
    QTRY_VERIFY(bar->isEnabled());
    QTest::mouseClick(bar, Qt::LeftButton);
    QDialog *dialog = m_rollbackDialogs->lastRollback;
    QVERIFY(dialog);
    auto *approval = child<QLabel>(dialog, u"approvalLabel"_s);
    auto *approve = child<QPushButton>(dialog, u"approveButton"_s);
    auto *rollback = child<QPushButton>(dialog, u"rollbackButton"_s);
    auto *reason = child<QLineEdit>(dialog, u"reasonLineEdit"_s);
    auto *output = child<QPlainTextEdit>(dialog, u"outputTextEdit"_s);
    auto *outcome = child<QLabel>(dialog, u"outcomeLabel"_s);
    QVERIFY(approval && approve && rollback && reason && output && outcome);

    // The exact command, the versions and what stays, before anything runs.
    QTRY_VERIFY(approval->text().contains(u"not approved"_s));
    QVERIFY(child<QLabel>(dialog, u"commandLabel"_s)->text().contains(u"echo switching {url} back; echo done"_s));
    QVERIFY(child<QLabel>(dialog, u"versionsLabel"_s)->text().contains(u"v1.3.2"_s));
    QVERIFY(child<QLabel>(dialog, u"staysLabel"_s)->text().contains(u"Environment variables"_s));
    QVERIFY(approve->isVisible());
    QVERIFY(!rollback->isEnabled());

    QTest::mouseClick(approve, Qt::LeftButton);
    QTRY_VERIFY2(approval->text().contains(u"approved by alice"_s), qPrintable(approval->text()));
    QVERIFY(!approve->isVisible()); // one approver is all this project asks for
    QVERIFY(!rollback->isEnabled()); // still needs a reason
    QTest::keyClicks(reason, u"error rate above 5% after the prompt change"_s);
    QTRY_VERIFY(rollback->isEnabled());

    QTest::mouseClick(rollback, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome->text().contains(u"Rollback succeeded"_s), 20000);
    QVERIFY(output->toPlainText().contains(u"switching %1 back"_s.arg(m_demo->baseUrl().toString())));
    QVERIFY2(outcome->text().contains(u"infra.health pass"_s), qPrintable(outcome->text()));
    QVERIFY(!rollback->isEnabled()); // this deployment is rolled back now

    // The previous deployment is current again, and the selector says the other was rolled back.
    QTRY_COMPARE_WITH_TIMEOUT(m_document->currentDeployment().version, u"v1.3.2"_s, 10000);
    auto *combo = m_window->findChild<QComboBox *>(u"deploymentComboBox"_s);
    QVERIFY(combo);
    QTRY_VERIFY(combo->currentText().contains(u"v1.3.2"_s));
    bool markedInSelector = false;
    for (int i = 0; i < combo->count(); ++i)
        markedInSelector = markedInSelector || (combo->itemText(i).contains(u"v1.4.0"_s) && combo->itemText(i).contains(u"rolled back"_s));
    QVERIFY(markedInSelector);

    // A second rollback of the same (now rolled back) deployment cannot start from this dialog.
    child<QPushButton>(dialog, u"closeButton"_s)->click();
    QTRY_VERIFY(m_rollbackDialogs->lastRollback.isNull() || !m_rollbackDialogs->lastRollback->isVisible());

    // The Rollbacks list shows the record with its output and verification.
    m_window->findChild<QAction *>(u"rollbacksAction"_s)->trigger();
    QDialog *list = m_rollbackDialogs->lastList;
    QVERIFY(list);
    auto *table = child<QTableWidget>(list, u"rollbacksTable"_s);
    QTRY_COMPARE(table->rowCount(), 1);
    QVERIFY(table->item(0, 4)->text().startsWith(u"succeeded"_s));
    const QString details = child<QPlainTextEdit>(list, u"rollbackDetailsTextEdit"_s)->toPlainText();
    QVERIFY(details.contains(u"error rate above 5%"_s));
    QVERIFY(details.contains(u"verify infra.health: pass"_s));
    QVERIFY(details.contains(u"done"_s));
    // Who: the display name with the OS account the store recorded.
    QVERIFY2(table->item(0, 2)->text().startsWith(u"alice (%1"_s.arg(Actor::osAccount())),
             qPrintable(table->item(0, 2)->text()));
    QVERIFY(details.contains(u"by alice (%1"_s.arg(Actor::osAccount())));
}

void TestRollbackDialog::rollbackNeedsAReasonAndApproval()
{
    m_window->findChild<QAction *>(u"rollbackAction"_s)->trigger();
    QDialog *dialog = m_rollbackDialogs->lastRollback;
    QVERIFY(dialog);
    auto *approval = child<QLabel>(dialog, u"approvalLabel"_s);
    QTRY_VERIFY(approval->text().contains(u"not approved"_s));
    QTest::keyClicks(child<QLineEdit>(dialog, u"reasonLineEdit"_s), u"because"_s);
    QVERIFY(!child<QPushButton>(dialog, u"rollbackButton"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(dialog, u"dryRunButton"_s)->isEnabled());
    // The controller refuses an unapproved start too (the dialog is not the only guard).
    QSignalSpy refused(m_rollback.get(), &RollbackController::refused);
    m_rollback->start(m_document->currentDeployment(), {false, u"because"_s, u"alice"_s});
    QVERIFY(refused.wait(10000));
    QVERIFY(refused.first().first().toString().contains(u"not approved"_s));
    QVERIFY(child<QLabel>(dialog, u"outcomeLabel"_s)->text().contains(u"not approved"_s));
}

void TestRollbackDialog::showsWhoseApprovalIsMissing()
{
    // rollback.approvers: 2. alice (this console's user) approves; the dialog says whose approval
    // is missing, and a second person approves under their own name.
    m_window->findChild<QAction *>(u"rollbackAction"_s)->trigger();
    QDialog *dialog = m_rollbackDialogs->lastRollback;
    QVERIFY(dialog);
    auto *approval = child<QLabel>(dialog, u"approvalLabel"_s);
    auto *approve = child<QPushButton>(dialog, u"approveButton"_s);
    auto *approver = child<QLineEdit>(dialog, u"approverLineEdit"_s);
    auto *rollback = child<QPushButton>(dialog, u"rollbackButton"_s);
    QVERIFY(approval && approve && approver && rollback);
    QTRY_VERIFY(approval->text().contains(u"not approved"_s));
    QVERIFY2(approval->text().contains(u"2 different people"_s), qPrintable(approval->text()));
    QCOMPARE(approver->text(), u"alice"_s);
    QTest::keyClicks(child<QLineEdit>(dialog, u"reasonLineEdit"_s), u"error rate above 5%"_s);

    QTest::mouseClick(approve, Qt::LeftButton);
    QTRY_VERIFY2(approval->text().contains(u"Approved by alice; waiting for a second approver"_s),
                 qPrintable(approval->text()));
    QVERIFY(!rollback->isEnabled());      // one of two
    QVERIFY(approve->isVisible());        // a second person can approve here
    QVERIFY(!approve->isEnabled());       // but not alice again
    QVERIFY2(approval->text().contains(u"alice approved already"_s), qPrintable(approval->text()));

    approver->clear();
    QTest::keyClicks(approver, u"bob"_s);
    QVERIFY(approve->isEnabled());
    QVERIFY(!approval->text().contains(u"approved already"_s));
    QTest::mouseClick(approve, Qt::LeftButton);
    QTRY_VERIFY2(approval->text().contains(u"approved by alice, bob"_s), qPrintable(approval->text()));
    QTRY_VERIFY(rollback->isEnabled());
    QVERIFY(!approve->isVisible());
    QVERIFY(!approver->isVisible());
}

void TestRollbackDialog::killSwitchFlipsAfterConfirmation()
{
    m_rollbackDialogs->flipAnswer = FlagFlipRequest {false, u"answers leak internal notes"_s};
    QSignalSpy flipped(m_killSwitch.get(), &KillSwitchController::flipFinished);
    auto *action = m_window->findChild<QAction *>(u"killSwitchAction"_s);
    QVERIFY(action && action->isEnabled());
    action->trigger();
    QVERIFY(flipped.wait(10000));
    QCOMPARE(m_rollbackDialogs->askedFlag, u"ai-enabled"_s);
    QCOMPARE(m_rollbackDialogs->askedCurrent, std::optional<bool>(true));
    QCOMPARE(m_demo->flagValue(u"ai-enabled"_s), std::optional<bool>(false));

    m_rollbackDialogs->flipAnswer.reset(); // cancelled: nothing changes
    QSignalSpy read(m_killSwitch.get(), &KillSwitchController::valueRead);
    action->trigger();
    QVERIFY(read.wait(10000));
    QCOMPARE(m_rollbackDialogs->askedCurrent, std::optional<bool>(false));
    QCOMPARE(m_demo->flagValue(u"ai-enabled"_s), std::optional<bool>(false));
}

QTEST_MAIN(TestRollbackDialog)
#include "TestRollbackDialog.moc"
