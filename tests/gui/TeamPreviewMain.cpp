// SPDX-License-Identifier: GPL-3.0-or-later
// A manual launcher for team mode: `liftoff_team_preview --db LOCATION [--screenshots DIR]` opens two
// windows (Alice's and Bob's) on one store, a SQLite file or a postgresql:// URL. Alice records a
// deployment and ticks; Bob's window follows live. With --screenshots it then saves Bob's window
// (team-live.png) and, after Bob's window stops following and he ticks an item Alice changed,
// the refusal he sees (team-conflict.png), and quits. Not a test; not installed.
#include "MainWindow.h"
#include "WidgetDialogProvider.h"
#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "store/Store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
/** Calls then() once condition() holds, asking again every 50 ms (a preview, not a test). */
void when(QObject *context, std::function<bool()> condition, std::function<void()> then)
{
    auto *timer = new QTimer(context);
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, context, [timer, condition = std::move(condition), then = std::move(then)] {
        if (!condition())
            return;
        timer->stop();
        timer->deleteLater();
        then();
    });
    timer->start();
}

/** The window with the modal message box it shows painted where it sits. */
QPixmap grabWithDialog(QWidget *window, QWidget *dialog)
{
    QPixmap shot = window->grab();
    QPainter painter(&shot);
    const QPixmap box = dialog->grab();
    painter.drawPixmap((shot.width() - box.width()) / 2, (shot.height() - box.height()) / 3, box);
    return shot;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Liftoff"_s);
    QApplication::setApplicationName(u"liftoff-team-preview"_s);
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"The store both windows open (a SQLite file or a postgresql:// URL)."_s, u"LOCATION"_s});
    parser.addOption({u"screenshots"_s, u"Save screenshots to DIR and quit."_s, u"DIR"_s});
    parser.process(app);
    const QString location = parser.value(u"db"_s);
    if (location.isEmpty())
        parser.showHelp(2);
    const QString shots = parser.value(u"screenshots"_s);

    struct Console
    {
        Store store;
        std::unique_ptr<ChecklistDocument> document;
        WidgetDialogProvider dialogs;
        std::unique_ptr<MainWindow> window;
    };
    Console alice;
    Console bob;
    for (auto [console, name] : {std::pair {&alice, u"alice"_s}, std::pair {&bob, u"bob"_s}}) {
        console->store.open(location);
        console->document = std::make_unique<ChecklistDocument>(&console->store, ChecklistTemplate::builtIn(),
                                                                u"acme-chat"_s, u"/srv/acme-chat/liftoff.yaml"_s,
                                                                QHash<QString, qint64> {}, name);
        console->window = std::make_unique<MainWindow>(console->document.get(), &console->dialogs,
                                                       QStringList {u"production"_s}, u"v2.3.0"_s);
        console->window->attachIdentity(location, location.contains(u"://"_s), name);
        console->window->setWindowTitle(u"acme-chat — Liftoff (%1)"_s.arg(name));
        console->window->show();
        console->document->open();
    }
    bob.window->move(alice.window->x() + 80, alice.window->y() + 60);

    const auto state = [](Console &c, const QString &id) { return c.document->model()->state(id); };
    when(alice.window.get(), [&] { return !alice.document->isBusy(); }, [&] {
        if (!alice.document->hasDeployment())
            alice.document->createDeployment(u"production"_s, u"v2.3.0"_s, u"production-2026-12-04"_s);
        when(alice.window.get(), [&] { return alice.document->hasDeployment() && bob.document->hasDeployment(); }, [&] {
            const auto pass = [&](const QString &id, const QString &note) {
                alice.document->mark(id, {MarkRequest::Action::Pass, note, {}, {}, {}});
            };
            pass(u"infra.health"_s, u"GET /health → 200 in 38 ms"_s);
            pass(u"infra.hosting"_s, u"https://chat.acme.test answers"_s);
            pass(u"api.model-pinned"_s, u"gpt-4o-2024-08-06 everywhere"_s);
            pass(u"rb.one-command"_s, u"./deploy rollback --dry-run ok"_s);
            alice.document->mark(u"infra.cors"_s,
                                 {MarkRequest::Action::Fail, u"Origin: https://evil.test is echoed"_s, {}, {}, {}});
            when(bob.window.get(), [&] { return state(bob, u"infra.cors"_s).status == Status::Fail; }, [&] {
                bob.window->showItem(u"infra.health"_s);
                if (shots.isEmpty())
                    return;
                QTimer::singleShot(500, bob.window.get(), [&] { // the detail panel's audit arrives
                    QDir().mkpath(shots);
                    bob.window->grab().save(shots + u"/team-live.png"_s);
                    // Bob's view stops following; Alice fixes CORS; Bob, on what he saw, fails it again.
                    bob.store.setWatching(false);
                    alice.document->mark(u"infra.cors"_s, {MarkRequest::Action::Pass, u"allow-list deployed"_s, {}, {}, {}});
                    when(alice.window.get(), [&] { return state(alice, u"infra.cors"_s).status == Status::Pass; }, [&] {
                        bob.window->showItem(u"infra.cors"_s);
                        // The refusal arrives as a modal message box: grab it while it is up, then close it.
                        when(bob.window.get(), [] { return qobject_cast<QMessageBox *>(QApplication::activeModalWidget()); },
                             [&] {
                                 QWidget *box = QApplication::activeModalWidget();
                                 QTimer::singleShot(300, box, [&, box] {
                                     grabWithDialog(bob.window.get(), box).save(shots + u"/team-conflict.png"_s);
                                     qobject_cast<QMessageBox *>(box)->accept();
                                     QTimer::singleShot(300, qApp, &QApplication::quit);
                                 });
                             });
                        bob.document->mark(u"infra.cors"_s,
                                           {MarkRequest::Action::Fail, u"still echoes the origin"_s, {}, {}, {}});
                    });
                });
            });
        });
    });
    return QApplication::exec();
}
