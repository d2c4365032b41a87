// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlagCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "actions/KillSwitchController.h"
#include "store/RollbackStore.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace FlagCommand {

namespace {
std::optional<bool> parseValue(const QString &text)
{
    const QString t = text.toLower();
    if (t == u"on" || t == u"true" || t == u"enable" || t == u"enabled")
        return true;
    if (t == u"off" || t == u"false" || t == u"disable" || t == u"disabled")
        return false;
    return std::nullopt;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> sub = args.takePositional();
    if (sub != u"get" && sub != u"set") {
        err << "liftoff flag: use `liftoff flag get` or `liftoff flag set on|off --reason TEXT`" << Qt::endl;
        return ExitCode::USAGE;
    }
    std::optional<bool> value;
    if (sub == u"set") {
        const std::optional<QString> word = args.takePositional();
        value = word ? parseValue(*word) : std::nullopt;
        if (!value) {
            err << "liftoff flag set: give the new value: on or off (true/false)" << Qt::endl;
            return ExitCode::USAGE;
        }
    }
    const QString reason = args.takeOption(u"--reason"_s).value_or(QString());
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    CliSession session(out, err);
    if (const int code = session.open(args, sub == u"set"))
        return code;
    if (value && reason.trimmed().isEmpty()) {
        err << "liftoff flag set: --reason TEXT is required; it goes to the audit trail and the notification"
            << Qt::endl;
        return ExitCode::USAGE;
    }
    const ProjectConfig &project = session.project();
    if (!project.flags) {
        err << "liftoff flag: " << project.configPath
            << " has no `flags` section; add ofrep, flagd_file or unleash with the kill switch's flag" << Qt::endl;
        return ExitCode::USAGE;
    }
    QNetworkAccessManager nam;
    RollbackStore store(session.databasePath());
    const QString environment = value ? session.deployment().environment
                                      : (project.defaultEnvironment() ? project.defaultEnvironment()->name : QString());
    KillSwitchController controller(&store, &nam, project, environment);
    QEventLoop loop;
    int code = 0;
    if (!value) {
        QObject::connect(&controller, &KillSwitchController::valueRead, &loop, [&](bool v) {
            out << controller.flag() << " = " << (v ? "true" : "false") << " (" << controller.sourceName() << ")"
                << Qt::endl;
            loop.quit();
        });
        QObject::connect(&controller, &KillSwitchController::readFailed, &loop, [&](const QString &error) {
            err << "liftoff flag get: " << error << Qt::endl;
            code = ExitCode::ROLLBACK;
            loop.quit();
        });
        controller.read();
        loop.exec();
        return code;
    }
    QObject::connect(&controller, &KillSwitchController::storeFailed, &loop, [&](const StoreError &e) {
        err << "liftoff flag set: " << e.message << Qt::endl;
    });
    QObject::connect(&controller, &KillSwitchController::flipFinished, &loop, [&](const FlagFlipRecord &flip) {
        if (flip.outcome == u"flipped") {
            out << flip.flag << ": " << (flip.fromValue.isEmpty() ? u"?"_s : flip.fromValue) << " -> " << flip.toValue
                << " (" << flip.source << "); recorded as " << flip.who;
            if (!flip.account.isEmpty())
                out << " (" << flip.account << (flip.dbRole.isEmpty() ? QString() : u", database role "_s + flip.dbRole)
                    << ')';
            out << Qt::endl;
        } else {
            err << "liftoff flag set: " << flip.outcome << ": " << flip.error << Qt::endl;
            code = ExitCode::ROLLBACK;
        }
        loop.quit();
    });
    controller.flip(*value, reason, CliSession::currentUser(by), session.deployment().id);
    if (controller.isBusy())
        loop.exec();
    return code;
}

} // namespace FlagCommand
