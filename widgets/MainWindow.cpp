// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ItemDetailPanel.h"
#include "ReviewDialog.h"
#include "SecretsDialog.h"
#include "ProjectSettingsDialog.h"
#include "config/ProjectSettingsController.h"
#include "ProbeActions.h"
#include "ReportActions.h"
#include "RollbackActions.h"
#include "itemmodels/ProbeRunController.h"

#include "DialogProvider.h"
#include "OverviewPage.h"
#include "PromptsPage.h"
#include "QualityPage.h"
#include "SectionPage.h"
#include "charts/DashboardPage.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/DeploymentListModel.h"
#include "itemmodels/StatusStyle.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
const QString GEOMETRY_KEY = u"mainWindow/geometry"_s;
const QString STATE_KEY = u"mainWindow/state"_s;
const QString SPLITTER_KEY = u"mainWindow/sectionSplitter"_s;
const QString TAB_KEY = u"mainWindow/tab"_s;
constexpr int DEFAULT_WIDTH = 1280;
constexpr int DEFAULT_HEIGHT = 820;
} // namespace

MainWindow::MainWindow(ChecklistDocument *document, DialogProvider *dialogs, QStringList environments,
                       QString defaultVersion, QWidget *parent)
    : QMainWindow(parent), m_document(document), m_dialogs(dialogs), m_environments(std::move(environments))
    , m_defaultVersion(std::move(defaultVersion))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Liftoff — %1"_s.arg(document->projectName()));
    resize(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    createActions();
    createMenus();
    setCentralWidget(createCentralWidget());

    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(u"busyProgressBar"_s);
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setMaximumHeight(14);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    m_verdictStatusLabel = new QLabel(this);
    m_verdictStatusLabel->setObjectName(u"verdictStatusLabel"_s);
    statusBar()->setObjectName(u"mainStatusBar"_s);
    statusBar()->addPermanentWidget(m_busyBar);
    statusBar()->addPermanentWidget(m_verdictStatusLabel);

    connect(m_document, &ChecklistDocument::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message);
    });
    connect(m_document, &ChecklistDocument::busyChanged, m_busyBar, &QWidget::setVisible);
    connect(m_document, &ChecklistDocument::storeError, this, &MainWindow::handleStoreError);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &MainWindow::handleCurrentDeploymentChanged);
    connect(m_document, &ChecklistDocument::projectLoaded, this, &MainWindow::handleCurrentDeploymentChanged);
    connect(m_document, &ChecklistDocument::verdictChanged, this, &MainWindow::updateActions);
    restoreSettings();
    handleCurrentDeploymentChanged(); // the document may have loaded before the window existed
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    const auto make = [this](const QString &text, const QString &objectName, const QKeySequence &shortcut = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(objectName);
        action->setShortcut(shortcut);
        return action;
    };
    m_openProjectAction = make(u"&Open Project…"_s, u"openProjectAction"_s, QKeySequence::Open);
    connect(m_openProjectAction, &QAction::triggered, this, &MainWindow::openProjectRequested);
    m_newDeploymentAction = make(u"&New Deployment…"_s, u"newDeploymentAction"_s, QKeySequence::New);
    connect(m_newDeploymentAction, &QAction::triggered, this, &MainWindow::newDeployment);
    m_releaseAction = make(u"&Release Deployment…"_s, u"releaseDeploymentAction"_s);
    connect(m_releaseAction, &QAction::triggered, this, &MainWindow::releaseDeployment);
    m_quitAction = make(u"&Quit"_s, u"quitAction"_s, QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = m_document->undoStack()->createUndoAction(this, u"&Undo"_s);
    m_undoAction->setObjectName(u"undoAction"_s);
    m_undoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_redoAction = m_document->undoStack()->createRedoAction(this, u"&Redo"_s);
    m_redoAction->setObjectName(u"redoAction"_s);
    m_redoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));

    // Single-key shortcuts only while the checklist table (or its page) has focus.
    const QList<std::tuple<QString, QString, QKeySequence, MarkRequest::Action>> items {
        {u"&Pass"_s, u"passAction"_s, QKeySequence(Qt::Key_Space), MarkRequest::Action::Pass},
        {u"&Fail"_s, u"failAction"_s, QKeySequence(Qt::Key_F), MarkRequest::Action::Fail},
        {u"&Waive…"_s, u"waiveAction"_s, QKeySequence(Qt::Key_W), MarkRequest::Action::Waive},
        {u"Not &Applicable…"_s, u"naAction"_s, QKeySequence(Qt::Key_N), MarkRequest::Action::Na},
        {u"Add &Note…"_s, u"noteAction"_s, QKeySequence(Qt::Key_E), MarkRequest::Action::Note},
    };
    for (const auto &[text, objectName, shortcut, markAction] : items) {
        QAction *action = make(text, objectName, shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, [this, markAction] { markCurrentItem(markAction); });
        m_itemActions.append(action);
    }

    m_overviewAction = make(u"&Overview"_s, u"overviewAction"_s, QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(m_overviewAction, &QAction::triggered, this, [this] { m_tabs->setCurrentIndex(0); });
    m_nextTabAction = make(u"&Next Section"_s, u"nextTabAction"_s, QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(m_nextTabAction, &QAction::triggered, this,
            [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
    m_previousTabAction = make(u"&Previous Section"_s, u"previousTabAction"_s, QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(m_previousTabAction, &QAction::triggered, this,
            [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count()); });
    m_reloadAction = make(u"&Reload from Store"_s, u"reloadAction"_s, QKeySequence::Refresh);
    connect(m_reloadAction, &QAction::triggered, m_document, &ChecklistDocument::reload);
    m_aboutAction = make(u"&About Liftoff"_s, u"aboutAction"_s);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, [this] { m_dialogs->showAbout(this); });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    m_fileMenu = file;
    file->addActions({m_openProjectAction, m_newDeploymentAction, m_releaseAction});
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu *edit = menuBar()->addMenu(u"&Edit"_s);
    edit->addActions({m_undoAction, m_redoAction});
    QMenu *item = menuBar()->addMenu(u"&Item"_s);
    item->addActions(m_itemActions);
    QMenu *view = menuBar()->addMenu(u"&View"_s);
    view->addActions({m_overviewAction, m_nextTabAction, m_previousTabAction});
    view->addSeparator();
    view->addAction(m_reloadAction);
    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    help->addAction(m_aboutAction);
}

QWidget *MainWindow::createCentralWidget()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->setSpacing(8);

    auto *bar = new QHBoxLayout;
    m_topBar = bar;
    bar->setSpacing(8);
    m_projectLabel = new QLabel(u"Project: <b>%1</b>"_s.arg(m_document->projectName().toHtmlEscaped()), central);
    m_projectLabel->setObjectName(u"projectLabel"_s);
    m_projectLabel->setToolTip(m_document->configPath());
    auto *deploymentCaption = new QLabel(u"&Deployment:"_s, central);
    m_deploymentCombo = new QComboBox(central);
    m_deploymentCombo->setObjectName(u"deploymentComboBox"_s);
    m_deploymentCombo->setModel(m_document->deployments());
    m_deploymentCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_deploymentCombo->setMinimumContentsLength(32);
    m_deploymentCombo->setPlaceholderText(u"No deployment yet"_s);
    deploymentCaption->setBuddy(m_deploymentCombo);
    connect(m_deploymentCombo, &QComboBox::activated, this, &MainWindow::handleDeploymentActivated);
    auto *newButton = new QPushButton(u"New Deployment…"_s, central);
    newButton->setObjectName(u"newDeploymentButton"_s);
    connect(newButton, &QPushButton::clicked, m_newDeploymentAction, &QAction::trigger);
    auto *releaseButton = new QPushButton(u"Release…"_s, central);
    releaseButton->setObjectName(u"releaseButton"_s);
    releaseButton->setToolTip(u"Mark the deployment released: post-deployment items start to count"_s);
    connect(releaseButton, &QPushButton::clicked, m_releaseAction, &QAction::trigger);
    connect(m_releaseAction, &QAction::enabledChanged, releaseButton, &QWidget::setEnabled);
    bar->addWidget(m_projectLabel);
    bar->addSpacing(16);
    bar->addWidget(deploymentCaption);
    bar->addWidget(m_deploymentCombo);
    bar->addWidget(newButton);
    bar->addWidget(releaseButton);
    bar->addStretch(1);
    layout->addLayout(bar);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(u"sectionTabWidget"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);
    m_overview = new OverviewPage(m_document, m_tabs);
    m_tabs->addTab(m_overview, u"Overview"_s);
    m_tabs->setTabToolTip(0, u"Verdict, blocking items and the MVP five"_s);
    connect(m_overview, &OverviewPage::itemActivated, this, &MainWindow::showItem);
    for (const QString &section : m_document->checklist().sections()) {
        auto *page = new SectionPage(m_document, section, m_tabs);
        page->tableView()->addActions(m_itemActions);
        connect(page, &SectionPage::currentItemChanged, this, &MainWindow::updateActions);
        connect(page, &SectionPage::markRequested, this, &MainWindow::markItem);
        // '&' would be taken as a mnemonic marker ("API & Model Configuration").
        const int index = m_tabs->addTab(page, QString(section).replace(u"&"_s, u"&&"_s));
        const ChecklistItem *first = nullptr;
        for (const ChecklistItem &item : m_document->checklist().items()) {
            if (item.section == section) {
                first = &item;
                break;
            }
        }
        m_tabs->setTabToolTip(index, first ? ChecklistText::phaseTitle(first->phase) : QString());
        m_sectionPages.append(page);
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::handleTabChanged);
    layout->addWidget(m_tabs, 1);
    return central;
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(GEOMETRY_KEY).toByteArray());
    restoreState(settings.value(STATE_KEY).toByteArray());
    const QByteArray splitter = settings.value(SPLITTER_KEY).toByteArray();
    for (SectionPage *page : std::as_const(m_sectionPages))
        page->restoreSplitterState(splitter);
    m_tabs->setCurrentIndex(qBound(0, settings.value(TAB_KEY, 0).toInt(), m_tabs->count() - 1));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GEOMETRY_KEY, saveGeometry());
    settings.setValue(STATE_KEY, saveState());
    const SectionPage *page = currentSectionPage();
    if (!page && !m_sectionPages.isEmpty())
        page = m_sectionPages.value(qMax(0, m_lastTab - 1), m_sectionPages.first());
    if (page)
        settings.setValue(SPLITTER_KEY, page->splitter()->saveState());
    settings.setValue(TAB_KEY, m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

SectionPage *MainWindow::currentSectionPage() const
{
    return qobject_cast<SectionPage *>(m_tabs->currentWidget());
}

void MainWindow::attachProbeRunner(ProbeRunController *runner)
{
    m_probeActions = new ProbeActions(
        runner, [this] { return currentSectionPage() ? currentSectionPage()->currentItemId() : QString(); },
        [this] { return currentSectionPage() ? currentSectionPage()->section() : QString(); }, this);
    connect(m_probeActions, &ProbeActions::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 8000);
    });
    const QList<QAction *> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.value(menus.size() - 1), m_probeActions->createMenu(this));
    m_topBar->insertWidget(m_topBar->count() - 1, m_probeActions->createRunAllButton(this));
    statusBar()->insertPermanentWidget(0, m_probeActions->createProgressWidget(this));
    for (SectionPage *page : std::as_const(m_sectionPages)) {
        connect(page, &SectionPage::runRequested, m_probeActions, &ProbeActions::runItem);
        page->detailPanel()->setUptimeMonitor(runner->uptimeMonitor());
    }
}

void MainWindow::attachReview(ReviewController *controller)
{
    for (SectionPage *page : std::as_const(m_sectionPages)) {
        connect(page, &SectionPage::reviewRequested, this, [this, controller] {
            auto *dialog = new ReviewDialog(controller, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        });
    }
}

void MainWindow::attachSecrets(SecretsController *controller)
{
    auto *secrets = new QAction(tr("&Secrets…"), this);
    secrets->setObjectName(u"secretsAction"_s);
    secrets->setStatusTip(tr("Store, replace or delete the OS keychain entries that keychain:NAME references read"));
    connect(secrets, &QAction::triggered, this, [this, controller] {
        auto *dialog = new SecretsDialog(controller, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    // Settings sits just before Help, whatever menus were added before it.
    QMenu *settings = new QMenu(tr("&Settings"), this);
    m_settingsMenu = settings;
    settings->setObjectName(u"settingsMenu"_s);
    settings->addAction(secrets);
    const QList<QAction *> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.value(menus.size() - 1), settings);
}

void MainWindow::attachIdentity(const QString &storeDisplay, bool sharedStore, const QString &currentName)
{
    m_displayName = currentName;
    m_storeLabel = new QLabel(this);
    m_storeLabel->setObjectName(u"storeLabel"_s);
    m_storeLabel->setText(sharedStore ? tr("Shared store") : tr("Local store"));
    m_storeLabel->setToolTip(sharedStore ? tr("Team store on PostgreSQL: %1\nOther consoles' changes appear here as "
                                              "they are made.").arg(storeDisplay)
                                         : tr("Store file: %1").arg(storeDisplay));
    statusBar()->insertPermanentWidget(0, m_storeLabel);

    auto *name = new QAction(tr("Your &Name…"), this);
    name->setObjectName(u"displayNameAction"_s);
    name->setStatusTip(tr("The name your ticks, waivers, approvals and rollbacks are recorded with"));
    connect(name, &QAction::triggered, this, [this] {
        const std::optional<QString> answer = m_dialogs->askText(
            this, tr("Your name"),
            tr("The name the audit trail records for your changes (now: %1).\nLeave it empty to use your OS user "
               "name. Your OS account and, on a shared store, the database role are recorded beside it.")
                .arg(m_displayName));
        if (!answer)
            return;
        emit displayNameChosen(answer->trimmed());
    });
    // Queued: the app stores the name and updates the document first, then this says what is in force.
    connect(this, &MainWindow::displayNameChosen, this, [this](const QString &) {
        m_displayName = m_document->userName();
        statusBar()->showMessage(tr("Your changes are now recorded as %1").arg(m_displayName), 8000);
    }, Qt::QueuedConnection);
    if (!m_settingsMenu) {
        m_settingsMenu = new QMenu(tr("&Settings"), this);
        m_settingsMenu->setObjectName(u"settingsMenu"_s);
        const QList<QAction *> menus = menuBar()->actions();
        menuBar()->insertMenu(menus.value(menus.size() - 1), m_settingsMenu);
    }
    m_settingsMenu->addAction(name);
}

void MainWindow::attachProjectSettings(ProjectSettingsController *controller, SecretsController *secrets)
{
    auto *newProject = new QAction(tr("&New Project…"), this);
    newProject->setObjectName(u"newProjectAction"_s);
    newProject->setShortcut(QKeySequence(u"Ctrl+Shift+N"_s)); // Ctrl+N is New Deployment
    newProject->setStatusTip(tr("Write a new liftoff.yaml from the commented template, then fill it in with the project form"));
    connect(newProject, &QAction::triggered, this, [this, controller, secrets] {
        const std::optional<NewProjectRequest> request = m_dialogs->askNewProject(this);
        if (!request)
            return;
        if (const QString error = controller->createProject(request->folder, request->name); !error.isEmpty()) {
            m_dialogs->showError(this, tr("New project"), error);
            return;
        }
        showProjectSettings(controller, secrets, true);
    });
    m_fileMenu->insertAction(m_openProjectAction, newProject);

    auto *settings = new QAction(tr("&Project…"), this);
    settings->setObjectName(u"projectSettingsAction"_s);
    settings->setStatusTip(tr("Edit liftoff.yaml with a form; comments and key order are kept, an invalid file is never written"));
    connect(settings, &QAction::triggered, this, [this, controller, secrets] {
        if (const QString error = controller->open(m_document->configPath()); !error.isEmpty()) {
            m_dialogs->showError(this, tr("Project settings"), error);
            return;
        }
        showProjectSettings(controller, secrets, false);
    });
    if (!m_settingsMenu) {
        m_settingsMenu = new QMenu(tr("&Settings"), this);
        m_settingsMenu->setObjectName(u"settingsMenu"_s);
        const QList<QAction *> menus = menuBar()->actions();
        menuBar()->insertMenu(menus.value(menus.size() - 1), m_settingsMenu);
    }
    const QList<QAction *> existing = m_settingsMenu->actions();
    m_settingsMenu->insertAction(existing.value(0), settings);
}

void MainWindow::showProjectSettings(ProjectSettingsController *controller, SecretsController *secrets, bool created)
{
    auto *dialog = new ProjectSettingsDialog(controller, secrets, m_dialogs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Reopening the project rebuilds this window, so it waits until the dialog is closed.
    connect(dialog, &QDialog::finished, this, [this, controller, created](int result) {
        if (created || result == QDialog::Accepted)
            emit projectWritten(controller->configPath());
    });
    dialog->open();
}

void MainWindow::attachReportExporter(ReportExporter *exporter)
{
    m_reportActions = new ReportActions(m_document, exporter, m_dialogs, this);
    connect(m_reportActions, &ReportActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    // Its own group between the deployment actions and Quit.
    m_fileMenu->insertAction(m_quitAction, m_reportActions->exportAction());
    m_fileMenu->insertSeparator(m_quitAction);
}

void MainWindow::attachDashboard(DashboardModel *model)
{
    // Last tab: the tab indices of the sections stay as they are.
    m_dashboard = new DashboardPage(model, m_tabs);
    m_dashboard->setObjectName(u"dashboardPage"_s);
    const int index = m_tabs->addTab(m_dashboard, u"Dashboard"_s);
    m_tabs->setTabToolTip(index, u"Spend against budget, latency, error rate, tokens and cost by model"_s);
    if (QSettings().value(TAB_KEY).toInt() == index)
        m_tabs->setCurrentIndex(index); // restoreSettings() ran before this tab existed
    const auto updateReleases = [this, model] {
        model->setReleases(DashboardModel::releasesFrom(m_document->deployments()->deployments()));
    };
    DeploymentListModel *deployments = m_document->deployments();
    connect(deployments, &QAbstractItemModel::modelReset, model, updateReleases);
    connect(deployments, &QAbstractItemModel::rowsInserted, model, updateReleases);
    connect(deployments, &QAbstractItemModel::dataChanged, model, updateReleases);
    updateReleases();
    // The items about latency, errors and cost show the same charts beside their details.
    for (SectionPage *page : std::as_const(m_sectionPages))
        page->detailPanel()->setDashboard(model);
}

void MainWindow::attachRollback(RollbackController *rollback, KillSwitchController *killSwitch,
                                RollbackDialogProvider *dialogs)
{
    m_rollbackActions = new RollbackActions(m_document, rollback, killSwitch, dialogs, this);
    connect(m_rollbackActions, &RollbackActions::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 8000);
    });
    const QList<QAction *> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.value(menus.size() - 1), m_rollbackActions->createMenu(this));
    m_topBar->addWidget(m_rollbackActions->createRollbackButton(this)); // right side, always visible
}

void MainWindow::attachPrompts(PromptsController *controller)
{
    auto *page = new PromptsPage(controller, m_tabs);
    page->setObjectName(u"promptsPage"_s);
    const int index = m_tabs->addTab(page, tr("Prompts"));
    m_tabs->setTabToolTip(index, tr("Prompt versions side by side: what changed since the previous deployment"));
    // The tab did not exist yet when the selected tab was restored.
    if (QSettings().value(TAB_KEY, 0).toInt() == index)
        m_tabs->setCurrentIndex(index);
}

void MainWindow::attachQuality(QualityController *controller)
{
    auto *page = new QualityPage(controller, m_dialogs, m_tabs);
    page->setObjectName(u"qualityPage"_s);
    const int index = m_tabs->addTab(page, tr("Eval Runs"));
    m_tabs->setTabToolTip(index, tr("Eval runs of this deployment against the baseline: what regressed, what was fixed"));
    for (SectionPage *section : std::as_const(m_sectionPages)) {
        section->detailPanel()->setEvalRunsAvailable(true);
        connect(section, &SectionPage::evalRunsRequested, this, [this, page] { m_tabs->setCurrentWidget(page); });
    }
    // The tab did not exist yet when the selected tab was restored.
    if (QSettings().value(TAB_KEY, 0).toInt() == index)
        m_tabs->setCurrentIndex(index);
}

bool MainWindow::showItem(const QString &itemId)
{
    const ChecklistItem *item = m_document->checklist().find(itemId);
    for (int i = 0; item && i < m_sectionPages.size(); ++i) {
        if (m_sectionPages.at(i)->section() == item->section) {
            m_tabs->setCurrentWidget(m_sectionPages.at(i));
            return m_sectionPages.at(i)->selectItem(itemId);
        }
    }
    return false;
}

void MainWindow::markCurrentItem(MarkRequest::Action action)
{
    const SectionPage *page = currentSectionPage();
    if (!page || page->currentItemId().isEmpty()) {
        statusBar()->showMessage(u"Select an item first"_s);
        return;
    }
    markItem(page->currentItemId(), action);
}

void MainWindow::markItem(const QString &itemId, MarkRequest::Action action)
{
    const ChecklistItem *item = m_document->checklist().find(itemId);
    if (!item)
        return;
    const std::optional<MarkRequest> request = m_dialogs->askMark(this, *item, action);
    if (!request)
        return;
    const QString error = m_document->mark(itemId, *request);
    if (!error.isEmpty())
        m_dialogs->showError(this, u"Cannot change %1"_s.arg(itemId), error);
}

void MainWindow::newDeployment()
{
    const std::optional<NewDeploymentRequest> request =
        m_dialogs->askNewDeployment(this, m_environments, m_defaultVersion);
    if (!request)
        return;
    const QString error = m_document->createDeployment(request->environment, request->version, request->name);
    if (!error.isEmpty())
        m_dialogs->showError(this, u"Cannot create the deployment"_s, error);
}

void MainWindow::releaseDeployment()
{
    const DeploymentRecord current = m_document->currentDeployment();
    if (!m_dialogs->confirm(this, u"Release deployment"_s,
                            u"Mark %1 as released? Post-deployment items count from now on, and this cannot be "
                            u"undone."_s.arg(current.name)))
        return;
    const QString error = m_document->releaseCurrentDeployment();
    if (!error.isEmpty())
        m_dialogs->showError(this, u"Cannot release the deployment"_s, error);
}

void MainWindow::handleDeploymentActivated(int index)
{
    const qint64 id = m_deploymentCombo->itemData(index, DeploymentListModel::DeploymentIdRole).toLongLong();
    if (id != m_document->currentDeployment().id)
        m_document->selectDeployment(id);
}

void MainWindow::handleCurrentDeploymentChanged()
{
    m_deploymentCombo->setCurrentIndex(m_document->deployments()->rowOf(m_document->currentDeployment().id));
    updateActions();
}

void MainWindow::handleTabChanged(int index)
{
    // Keep the detail panel where the user left it on the previous section.
    const auto *previous = qobject_cast<SectionPage *>(m_tabs->widget(m_lastTab));
    if (SectionPage *page = currentSectionPage(); page && previous && page != previous)
        page->restoreSplitterState(previous->splitter()->saveState());
    m_lastTab = index;
    updateActions();
}

void MainWindow::handleStoreError(const StoreError &error)
{
    m_dialogs->showError(this, u"Store error"_s, error.message);
}

void MainWindow::updateActions()
{
    const bool hasDeployment = m_document->hasDeployment();
    const SectionPage *page = currentSectionPage();
    const bool hasItem = hasDeployment && page && !page->currentItemId().isEmpty();
    for (QAction *action : std::as_const(m_itemActions))
        action->setEnabled(hasItem);
    m_releaseAction->setEnabled(hasDeployment && !m_document->currentDeployment().isReleased());
    const VerdictResult &verdict = m_document->verdict();
    m_verdictStatusLabel->setText(hasDeployment ? u"Verdict: <b style='color:%1'>%2</b>"_s.arg(
                                                      StatusStyle::verdictColor(verdict.kind).name(),
                                                      VerdictRules::displayName(verdict.kind))
                                                : QString());
}
