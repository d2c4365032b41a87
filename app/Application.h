// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"

#include <QObject>

#include <memory>

class ChecklistDocument;
class DashboardModel;
class DemoService;
class KillSwitchController;
class RollbackController;
class RollbackDialogProvider;
class RollbackStore;
class MainWindow;
class ProbeRunController;
class QNetworkAccessManager;
class Store;
class WidgetDialogProvider;

/**
 * The GUI's composition root: builds the store, the checklist document and the main window for a
 * project (or the built-in demo), and rebuilds them when the user opens another project. Owns
 * everything it builds; nothing here is a singleton.
 */
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    explicit Application(QObject *parent = nullptr);
    ~Application() override;

    /**
     * Runs the GUI for the command line (no subcommand, `open [CONFIG]`, `--demo`): the demo, the
     * given project, or the last one opened (the demo on a first run). 0 on success.
     */
    int start(const QString &databasePath, const QString &configPath, bool demo);
    /** Opens a project file; on error shows it and returns false (the current project stays). */
    bool openProject(const QString &configPath);
    /** Starts the embedded demo service, writes the demo project and opens it. */
    bool openDemo();

    MainWindow *window() const { return m_window.get(); }
    ChecklistDocument *document() const { return m_document.get(); }

private:
    void askForProject();
    /** Opens configPath in a new window, leaving the demo (and its database) first if it is open. */
    void switchToProject(const QString &configPath);
    /** LIFTOFF_BENCH_STARTUP=1: print the time to the first paint and to the painted checklist, then quit. */
    void armStartupBenchmark();
    void showStartupError(const QString &title, const QString &text);

    std::unique_ptr<WidgetDialogProvider> m_dialogs;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<DemoService> m_demo;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
    std::unique_ptr<ProbeRunController> m_probes;
    std::unique_ptr<DashboardModel> m_dashboard;
    std::unique_ptr<RollbackDialogProvider> m_rollbackDialogs;
    std::unique_ptr<RollbackStore> m_rollbackStore;
    std::unique_ptr<RollbackController> m_rollback;
    std::unique_ptr<KillSwitchController> m_killSwitch;
    std::unique_ptr<MainWindow> m_window;
    std::optional<ProjectConfig> m_project;
    QString m_databasePath;
};
