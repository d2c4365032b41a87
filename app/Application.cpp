// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"

#include "CliSession.h"
#include "MainWindow.h"
#include "RollbackDialogProvider.h"
#include "actions/KillSwitchController.h"
#include "actions/RollbackController.h"
#include "WidgetDialogProvider.h"
#include "config/ConfigLoader.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"
#include "git/GitDescription.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/DashboardModel.h"
#include "itemmodels/ProbeRunController.h"
#include "itemmodels/ReportExporter.h"
#include "itemmodels/ReviewController.h"
#include "itemmodels/PromptsController.h"
#include "itemmodels/QualityController.h"
#include "config/KeychainCache.h"
#include "config/ProjectSettingsController.h"
#include "config/SecretsController.h"
#include "store/Actor.h"
#include "probes/StandardProbeFactory.h"
#include "store/Database.h"
#include "store/RollbackStore.h"
#include "store/Store.h"

#include <QApplication>
#include <QEvent>
#include <QFile>

#include <cstdio>
#include <unistd.h>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {
const QString LAST_PROJECT_KEY = u"session/lastProject"_s;
} // namespace

Application::Application(QObject *parent)
    : QObject(parent)
    , m_dialogs(std::make_unique<WidgetDialogProvider>())
    , m_nam(std::make_unique<QNetworkAccessManager>())
    , m_rollbackDialogs(std::make_unique<RollbackDialogProvider>())
{
}

Application::~Application()
{
    // Window first, store last: the window and document talk to the store until they are gone.
    m_window.reset();
    m_dashboard.reset();
    m_rollback.reset();
    m_killSwitch.reset();
    m_rollbackStore.reset();
    m_probes.reset();
    m_document.reset();
    m_store.reset();
    m_demo.reset();
}

void Application::showStartupError(const QString &title, const QString &text)
{
    m_dialogs->showError(m_window.get(), title, text);
}

int Application::start(const QString &databasePath, const QString &configPath, bool demo)
{
    m_databasePath = databasePath.isEmpty() ? Database::defaultPath() : databasePath;
    // keychain: references are read ahead on the keychain's own thread; the GUI thread never waits for it.
    KeychainCache::setNonBlockingThread(thread());
    KeychainCache::prime(this);
    if (demo)
        return openDemo() ? 0 : 1;
    QString config = configPath;
    if (config.isEmpty())
        config = QSettings().value(LAST_PROJECT_KEY).toString();
    if (config.isEmpty() || !QFileInfo::exists(config))
        return openDemo() ? 0 : 1; // first run: the demo shows what Liftoff does
    return openProject(config) ? 0 : 1;
}

bool Application::openProject(const QString &configPath)
{
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    if (!loaded.ok()) {
        showStartupError(tr("Cannot open the project"),
                         tr("%1 has errors; fix them and open it again:\n\n%2")
                             .arg(QDir::toNativeSeparators(configPath), loaded.errorText()));
        return false;
    }
    m_project = loaded.project;
    const ProjectConfig &project = *m_project;

    m_window.reset();
    m_dashboard.reset();
    m_rollback.reset();
    m_killSwitch.reset();
    m_rollbackStore.reset();
    m_probes.reset();
    m_document.reset();
    if (!m_store) {
        m_store = std::make_unique<Store>();
        m_store->open(m_databasePath);
    }
    QHash<QString, qint64> freshness;
    QHash<QString, QString> notApplicable;
    for (auto it = project.checks.begin(); it != project.checks.end(); ++it) {
        if (it->freshnessMs)
            freshness.insert(it.key(), *it->freshnessMs / 1000);
        if (it->notApplicable)
            notApplicable.insert(it.key(), it->why);
    }
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), project.effectiveTemplate(), project.name,
                                                     project.configPath, freshness, CliSession::currentUser());
    m_document->setRunnableProbeKinds(StandardProbeFactory::kinds());
    m_document->setNotApplicable(notApplicable);
    // New deployments record HEAD and the prompt versions they ship, read off the GUI thread.
    m_document->setPromptSource(m_nam.get(), project.prompts, project.repoPath);

    QStringList environments;
    for (const EnvironmentConfig &e : project.environments)
        environments.append(e.name);
    const GitDescription git = GitDescription::of(project.repoPath);
    m_window = std::make_unique<MainWindow>(m_document.get(), m_dialogs.get(), environments,
                                            git.ok ? git.describe : QString());
    m_window->setWindowTitle(tr("%1 — Liftoff").arg(project.name));
    connect(m_window.get(), &MainWindow::openProjectRequested, this, &Application::askForProject);
    m_probes = std::make_unique<ProbeRunController>(m_document.get(), m_nam.get(), project);
    m_window->attachProbeRunner(m_probes.get());
    // Owned by the window, so it goes before the document it reads.
    auto *prompts = new PromptsController(m_document.get(), m_nam.get(), project, m_databasePath, m_window.get());
    m_window->attachPrompts(prompts);
    prompts->reload(); // and again whenever the document selects a deployment
    if (qEnvironmentVariableIsSet("LIFTOFF_BENCH_STARTUP"))
        armStartupBenchmark();
    m_dashboard = std::make_unique<DashboardModel>(m_nam.get(), project);
    m_window->attachDashboard(m_dashboard.get());
    m_window->attachReportExporter(new ReportExporter(m_document.get(), project, m_window.get()));
    m_window->attachReview(new ReviewController(m_document.get(), project, m_nam.get(), m_window.get()));
    auto *quality = new QualityController(m_document.get(), project, m_window.get());
    m_window->attachQuality(quality);
    quality->reload(); // and again whenever the document selects a deployment
    // A new run or blessing is new evidence for the items that read them: judge them again.
    connect(quality, &QualityController::evidenceChanged, m_probes.get(), &ProbeRunController::runItems);
    m_dashboard->load();
    // Rollback and kill switch: their own store connection (off the GUI thread), shared by window and probes.
    m_rollbackStore = std::make_unique<RollbackStore>(m_databasePath);
    m_rollback = std::make_unique<RollbackController>(m_rollbackStore.get(), m_nam.get(), project);
    m_killSwitch = std::make_unique<KillSwitchController>(
        m_rollbackStore.get(), m_nam.get(), project,
        project.defaultEnvironment() ? project.defaultEnvironment()->name : QString());
    m_window->attachRollback(m_rollback.get(), m_killSwitch.get(), m_rollbackDialogs.get());
    auto *secrets = new SecretsController(m_window.get());
    m_window->attachSecrets(secrets); // last menu before Help
    m_window->attachProjectSettings(new ProjectSettingsController(m_window.get()), secrets);
    m_window->attachIdentity(m_databasePath, m_databasePath.contains(u"://"_s), m_document->userName());
    // The window only forwards the answer; the setting and the document are changed here, before
    // the window's own handler reads the new name back.
    connect(m_window.get(), &MainWindow::displayNameChosen, m_document.get(), [this](const QString &name) {
        if (name.isEmpty())
            QSettings().remove(QLatin1StringView(Actor::NAME_SETTING));
        else
            QSettings().setValue(QLatin1StringView(Actor::NAME_SETTING), name.left(200));
        m_document->setUserName(Actor::displayName());
    });
    // Queued: reopening destroys the window that emits it.
    connect(m_window.get(), &MainWindow::projectWritten, this, &Application::switchToProject, Qt::QueuedConnection);
    connect(m_rollback.get(), &RollbackController::approvalsLoaded, m_probes.get(),
            &ProbeRunController::setApprovedCommandHashes);
    connect(m_rollback.get(), &RollbackController::approvalRecorded, m_probes.get(),
            &ProbeRunController::setApprovedCommandHashes);
    connect(m_rollback.get(), &RollbackController::approverCountsChanged, m_probes.get(),
            &ProbeRunController::setCommandApproverCounts);
    m_rollback->loadApprovals();
    m_window->show();
    m_document->open();
    if (!m_demo)
        QSettings().setValue(LAST_PROJECT_KEY, QFileInfo(configPath).absoluteFilePath());
    return true;
}

bool Application::openDemo()
{
    if (!m_demo) {
        m_demo = std::make_unique<DemoService>(DemoServiceOptions {});
        if (!m_demo->start(0)) {
            showStartupError(tr("Cannot start the demo"), m_demo->errorString());
            m_demo.reset();
            return false;
        }
    }
    // The demo project reads the service's admin key from the environment, like a real project would.
    DemoProject::exportEnvironment(m_demo->baseUrl(), m_demo->options().adminToken);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/demo"_s;
    const QString error = DemoProject::write(dir, m_demo->baseUrl(), QCoreApplication::applicationFilePath());
    if (!error.isEmpty()) {
        showStartupError(tr("Cannot write the demo project"), error);
        return false;
    }
    if (m_databasePath == Database::defaultPath())
        m_databasePath = dir + u"/liftoff.sqlite"_s; // keep the demo's history apart from real projects
    const QString configPath = dir + u"/liftoff.yaml"_s;
    // Two deployments on first run (the store is written off the GUI thread), then open and run the checks.
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, configPath] {
        watcher->deleteLater();
        if (const QString seedError = watcher->result(); !seedError.isEmpty()) {
            showStartupError(tr("Cannot prepare the demo"), seedError);
            return;
        }
        if (!openProject(configPath))
            return;
        connect(m_document.get(), &ChecklistDocument::currentDeploymentChanged, m_probes.get(),
                [probes = m_probes.get()] { probes->runAll(); }, Qt::SingleShotConnection);
    });
    watcher->setFuture(QtConcurrent::run(&DemoProject::seedDeployments, m_databasePath, configPath));
    return true;
}

void Application::askForProject()
{
    const QString start = m_project ? m_project->configDir : QDir::homePath();
    const QString path = QFileDialog::getOpenFileName(m_window.get(), tr("Open project"), start,
                                                      tr("Liftoff project (liftoff.yaml *.yaml *.yml)"));
    if (path.isEmpty())
        return;
    switchToProject(path);
}

void Application::switchToProject(const QString &path)
{
    if (m_demo) {
        // Leaving the demo: real projects use the real database.
        m_window.reset();
        m_dashboard.reset();
        m_rollback.reset();
        m_killSwitch.reset();
        m_rollbackStore.reset();
        m_probes.reset();
        m_document.reset();
        m_store.reset();
        m_demo.reset();
        m_databasePath = Database::defaultPath();
    }
    openProject(path);
}

namespace {
/** Watches the main window's paints for the startup benchmark. */
class FirstPaintProbe final : public QObject
{
public:
    FirstPaintProbe(ChecklistDocument *document, QObject *parent) : QObject(parent)
    {
        connect(document, &ChecklistDocument::currentDeploymentChanged, this, [this] { m_dataLoaded = true; });
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint)
            return QObject::eventFilter(watched, event);
        const qint64 ms = QDateTime::currentMSecsSinceEpoch()
                          - s_processStartMs;
        if (m_firstPaintMs < 0)
            m_firstPaintMs = ms;
        if (m_dataLoaded && m_dataPaintMs < 0) {
            m_dataPaintMs = ms;
            std::fprintf(stderr, "first-paint-ms=%lld checklist-painted-ms=%lld\n",
                         static_cast<long long>(m_firstPaintMs), static_cast<long long>(m_dataPaintMs));
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

public:
    static qint64 s_processStartMs;

private:
    bool m_dataLoaded = false;
    qint64 m_firstPaintMs = -1;
    qint64 m_dataPaintMs = -1;
};
qint64 FirstPaintProbe::s_processStartMs = 0;

/** When the process started (from /proc), so the figure includes loading the binary and Qt. */
qint64 processStartMs()
{
    QFile stat(u"/proc/self/stat"_s);
    QFile uptime(u"/proc/uptime"_s);
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return QDateTime::currentMSecsSinceEpoch();
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22: starttime in clock ticks
    const double upSeconds = uptime.readAll().split(' ').value(0).toDouble();
    const double ageSeconds = upSeconds - startTicks / static_cast<double>(sysconf(_SC_CLK_TCK));
    return QDateTime::currentMSecsSinceEpoch() - static_cast<qint64>(ageSeconds * 1000.0);
}
} // namespace

void Application::armStartupBenchmark()
{
    FirstPaintProbe::s_processStartMs = processStartMs();
    auto *probe = new FirstPaintProbe(m_document.get(), m_window.get());
    const QList<QWidget *> widgets = m_window->findChildren<QWidget *>();
    m_window->installEventFilter(probe);
    for (QWidget *w : widgets)
        w->installEventFilter(probe);
}
