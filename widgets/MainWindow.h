// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/MarkRules.h"
#include "store/StoreError.h"

#include <QMainWindow>
#include <QStringList>

class ChecklistDocument;
class DialogProvider;
class OverviewPage;
class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QTabWidget;
class SectionPage;

/**
 * The main window of one project's checklist: menus, the project and deployment bar, the
 * Overview tab and one tab per section, and a status bar that says what is running or was last
 * saved. It shows the ChecklistDocument and forwards the user's requests to it; every dialog
 * and message box goes through the DialogProvider.
 */
class KillSwitchController;
class ProbeActions;
class ProbeRunController;
class DashboardModel;
class DashboardPage;
class RollbackActions;
class RollbackController;
class RollbackDialogProvider;
class PromptsController;
class QualityController;
class ReportExporter;
class ReviewController;
class ReportActions;
class SecretsController;
class QMenu;
class ProjectSettingsController;
class QHBoxLayout;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(ChecklistDocument *document, DialogProvider *dialogs, QStringList environments,
               QString defaultVersion, QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Shows an item: switches to its section's tab and selects it. */
    bool showItem(const QString &itemId);
    /** Adds the Checks menu, the Run all button and probe progress, driving runner. */
    void attachProbeRunner(ProbeRunController *runner);
    /** Adds the Dashboard tab (charts of the call log and spend) showing model, with release markers,
     *  and the matching chart to the detail panel of the latency, error-rate and cost items. */
    void attachDashboard(DashboardModel *model);
    DashboardPage *dashboardPage() const { return m_dashboard; }
    /** Adds the always-visible Rollback button (top bar, right), the Rollback menu and the kill switch. */
    void attachRollback(RollbackController *rollback, KillSwitchController *killSwitch,
                        RollbackDialogProvider *dialogs);
    /** Adds the Prompts tab (prompt versions side by side) fed by controller. */
    void attachPrompts(PromptsController *controller);
    /** Adds the Eval Runs tab (eval runs, cases against the baseline, Run and Bless) fed by controller; not
     *  called "Quality", which is the checklist section's tab. */
    void attachQuality(QualityController *controller);
    /** Adds File ▸ Export Report… (the report file written off the GUI thread by exporter). */
    void attachReportExporter(ReportExporter *exporter);
    /** The Review sample… button of h24.review-sample opens the review queue of controller. */
    void attachReview(ReviewController *controller);
    /** Adds Settings ▸ Secrets… (the OS keychain entries of keychain:NAME references) driven by controller. */
    void attachSecrets(SecretsController *controller);
    /** Adds File ▸ New Project… and Settings ▸ Project… (the project form, saved through controller; its
     *  "Store in keychain…" buttons use secrets). Call after attachSecrets, whose Settings menu it joins. */
    void attachProjectSettings(ProjectSettingsController *controller, SecretsController *secrets);
    /**
     * Adds Settings ▸ Your Name… (the display name every tick, waiver and approval records) and a
     * permanent status-bar label naming the store: a team's shared PostgreSQL store says so, so that
     * nobody mistakes it for a private file. currentName is the name in use now.
     */
    void attachIdentity(const QString &storeDisplay, bool sharedStore, const QString &currentName);
    /** Writes geometry, window state, splitter sizes and the selected tab to QSettings. */
    void saveSettings() const;

signals:
    /** Settings ▸ Your Name… was answered; empty means "use the OS user name". */
    void displayNameChosen(const QString &name);
    /** File → Open project… (the app decides what to open and builds a new window). */
    void openProjectRequested();
    /** The project form wrote configPath (a new project, or saved settings): the app opens it again. */
    void projectWritten(const QString &configPath);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createCentralWidget();
    void restoreSettings();
    SectionPage *currentSectionPage() const;
    void markCurrentItem(MarkRequest::Action action);
    void markItem(const QString &itemId, MarkRequest::Action action);
    void newDeployment();
    void showProjectSettings(ProjectSettingsController *controller, SecretsController *secrets, bool created);
    void releaseDeployment();
    void handleDeploymentActivated(int index);
    void handleCurrentDeploymentChanged();
    void handleTabChanged(int index);
    void handleStoreError(const StoreError &error);
    void updateActions();

    ChecklistDocument *m_document;
    DialogProvider *m_dialogs;
    QStringList m_environments;
    QString m_defaultVersion;
    QTabWidget *m_tabs = nullptr;
    OverviewPage *m_overview = nullptr;
    QList<SectionPage *> m_sectionPages;
    QComboBox *m_deploymentCombo = nullptr;
    QLabel *m_projectLabel = nullptr;
    QHBoxLayout *m_topBar = nullptr;
    ProbeActions *m_probeActions = nullptr;
    DashboardPage *m_dashboard = nullptr;
    RollbackActions *m_rollbackActions = nullptr;
    ReportActions *m_reportActions = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QLabel *m_verdictStatusLabel = nullptr;
    QLabel *m_storeLabel = nullptr;
    QString m_displayName;
    int m_lastTab = 0;

    QAction *m_openProjectAction = nullptr;
    QAction *m_newDeploymentAction = nullptr;
    QAction *m_releaseAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QList<QAction *> m_itemActions; // Pass, Fail, Waive, N/A, Note
    QAction *m_overviewAction = nullptr;
    QAction *m_nextTabAction = nullptr;
    QAction *m_previousTabAction = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_aboutAction = nullptr;
};
