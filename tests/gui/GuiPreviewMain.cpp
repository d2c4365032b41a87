// SPDX-License-Identifier: GPL-3.0-or-later
// A manual launcher for the checklist GUI on a scratch database: `liftoff_gui_preview [--dark]
// [--screenshots DIR]`. It records a deployment, marks a few items and, with --screenshots, saves
// PNGs of the overview and a section tab, then quits. Not a test; not installed.
#include "MainWindow.h"
#include "MarkDialog.h"
#include "NaDialog.h"
#include "NewDeploymentDialog.h"
#include "WaiverDialog.h"
#include "WidgetDialogProvider.h"
#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "store/Store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x20, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2a));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3a));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3a));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Liftoff"_s);
    QApplication::setApplicationName(u"liftoff-gui-preview"_s);
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear(); // start from the default layout every time
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    QCommandLineParser parser;
    parser.addOption({u"dark"_s, u"Use a dark palette."_s});
    parser.addOption({u"screenshots"_s, u"Save screenshots to DIR and quit."_s, u"DIR"_s});
    parser.addOption({u"db"_s, u"Use this database file (default: a temporary one)."_s, u"FILE"_s});
    parser.process(app);
    if (parser.isSet(u"dark"_s))
        QApplication::setPalette(darkPalette());

    QTemporaryDir dir;
    const QString path = parser.isSet(u"db"_s) ? parser.value(u"db"_s) : dir.filePath(u"preview.sqlite"_s);
    Store store;
    store.open(path);
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), u"acme-chat"_s, u"/srv/acme-chat/liftoff.yaml"_s,
                               {}, u"alice"_s);
    WidgetDialogProvider dialogs;
    MainWindow window(&document, &dialogs, {u"production"_s, u"staging"_s}, u"v1.4.0-3-gdeadbee"_s);
    window.show();

    const QString shots = parser.value(u"screenshots"_s);
    int step = 0;
    QObject::connect(&document, &ChecklistDocument::busyChanged, &window, [&](bool busy) {
        if (busy)
            return;
        ++step;
        if (step == 1 && !document.hasDeployment()) { // project loaded, nothing recorded yet
            document.createDeployment(u"production"_s, u"v1.4.0"_s, u"production-2026-11-26-1430"_s);
        } else if (step == 3) { // created, then loaded
            const auto pass = [&](const QString &id, const QString &note, const QString &evidence = {}) {
                document.mark(id, {MarkRequest::Action::Pass, note, {}, {}, evidence});
            };
            pass(u"infra.health"_s, u"GET /health → 200 {\"status\":\"pass\"}"_s);
            pass(u"infra.hosting"_s, u"https://chat.acme.test answers"_s);
            pass(u"api.model-pinned"_s, u"gpt-4o-2024-08-06 everywhere"_s);
            pass(u"rb.one-command"_s, u"./deploy rollback --dry-run ok"_s);
            pass(u"sec.red-team-done"_s, u"garak run attached"_s, u"https://tickets.acme.test/SEC-42"_s);
            document.mark(u"infra.cors"_s, {MarkRequest::Action::Fail, u"Origin: https://evil.test is echoed"_s, {}, {}, {}});
            MarkRequest waive {MarkRequest::Action::Waive, u"scoped keys land next sprint"_s, {}, {}, {}};
            waive.expires = QDateTime::currentDateTimeUtc().addDays(7);
            document.mark(u"api.keys-scoped"_s, waive);
            document.mark(u"rb.migrations-reversible"_s, {MarkRequest::Action::Na, u"no database"_s, {}, {}, {}});
        } else if (step > 3 && !shots.isEmpty() && !document.isBusy()) {
            QTimer::singleShot(300, &window, [&] {
                QDir().mkpath(shots);
                auto *tabs = window.findChild<QTabWidget *>(u"sectionTabWidget"_s);
                tabs->setCurrentIndex(0);
                window.grab().save(shots + u"/overview.png"_s);
                window.showItem(u"sec.red-team-done"_s);
                QTimer::singleShot(300, &window, [&] { // the history arrives from the store
                    window.grab().save(shots + u"/section.png"_s);
                    const ChecklistTemplate &checklist = ChecklistTemplate::builtIn();
                    MarkDialog mark(*checklist.find(u"sec.red-team-done"_s), MarkRequest::Action::Pass, &window);
                    WaiverDialog waiver(*checklist.find(u"infra.cors"_s), &window);
                    NaDialog na(*checklist.find(u"rb.migrations-reversible"_s), &window);
                    NewDeploymentDialog deployment({u"production"_s, u"staging"_s}, u"v1.4.0-3-gdeadbee"_s, &window);
                    const QList<std::pair<QDialog *, QString>> dialogs {
                        {&mark, u"mark"_s}, {&waiver, u"waiver"_s}, {&na, u"na"_s}, {&deployment, u"deployment"_s}};
                    for (const auto &[dialog, name] : dialogs) {
                        dialog->show();
                        dialog->grab().save(shots + u"/dialog-"_s + name + u".png"_s);
                        dialog->hide();
                    }
                    QApplication::quit();
                });
            });
            step = -1000; // once
        }
    });
    document.open();
    return QApplication::exec();
}
