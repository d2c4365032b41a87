// SPDX-License-Identifier: GPL-3.0-or-later
#include "RollbackCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "actions/RollbackController.h"
#include "store/RollbackStore.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace RollbackCommand {

namespace {
void printPreview(const RollbackPreview &p, QTextStream &out)
{
    out << (p.dryRun ? "Rollback dry run" : "Rollback") << " of " << p.from.name << Qt::endl;
    out << "  command:  " << p.command << Qt::endl;
    out << "  runs as:  " << p.expandedCommand << Qt::endl;
    out << "  sha256:   " << p.commandHash << (p.approved ? " (approved)" : " (NOT approved)") << Qt::endl;
    if (!p.approvedBy.isEmpty() || p.approversNeeded > 1) {
        out << "  approved: " << (p.approvedBy.isEmpty() ? u"nobody yet"_s : p.approvedBy.join(u", "_s)) << " ("
            << p.approvedBy.size() << " of " << p.approversNeeded << " needed)" << Qt::endl;
    }
    out << "  from:     " << p.from.version << " (" << p.from.name << ")" << Qt::endl;
    out << "  to:       " << (p.to.id ? p.to.version + u" ("_s + p.to.name + u")"_s : u"the previous version"_s)
        << Qt::endl;
    for (const QString &line : p.notRolledBack)
        out << "  stays:    " << line << Qt::endl;
    if (!p.verifyItems.isEmpty() && !p.dryRun)
        out << "  verify:   " << p.verifyItems.join(u", "_s) << Qt::endl;
    if (!p.notifyChannels.isEmpty() && !p.dryRun)
        out << "  notify:   " << p.notifyChannels.join(u", "_s) << Qt::endl;
}

/** "needs approval by 1 more person (approved by alice)" */
QString missingText(int missing, const QStringList &approvedBy)
{
    return u"needs approval by %1 (approved by %2)"_s.arg(
        missing == 1 ? u"1 more person"_s : u"%1 more people"_s.arg(missing),
        approvedBy.isEmpty() ? u"nobody yet"_s : approvedBy.join(u", "_s));
}

const char *const SECOND_APPROVER_HINT = "another person approves with: liftoff rollback --approve --by NAME";

bool verificationPassed(const RollbackRecord &record)
{
    for (const QJsonValue &v : record.verification) {
        const QString status = v[u"status"].toString();
        if (status != u"pass" && status != u"warn")
            return false;
    }
    return true;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const bool dryRun = args.takeFlag(u"--dry-run"_s);
    const bool yes = args.takeFlag(u"--yes"_s);
    const bool approve = args.takeFlag(u"--approve"_s);
    const QString reason = args.takeOption(u"--reason"_s).value_or(QString());
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    // `--approve` alone (no --reason, no --dry-run) records an approval and runs nothing: how a
    // second person approves when rollback.approvers asks for four eyes.
    const bool approveOnly = approve && !dryRun && reason.trimmed().isEmpty();
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    if (!dryRun && !approveOnly && reason.trimmed().isEmpty()) {
        err << "liftoff rollback: --reason TEXT is required; it goes to the audit trail and the notification"
            << Qt::endl;
        return ExitCode::USAGE;
    }

    QNetworkAccessManager nam;
    RollbackStore store(session.databasePath());
    RollbackController controller(&store, &nam, session.project());
    const QString who = CliSession::currentUser(by);
    QEventLoop loop;
    QString refusal;
    QObject::connect(&controller, &RollbackController::refused, &loop, [&](const QString &why) {
        refusal = why;
        loop.quit();
    });
    QObject::connect(&controller, &RollbackController::storeFailed, &loop, [&](const StoreError &e) {
        err << "liftoff rollback: " << e.message << Qt::endl;
    });

    RollbackPreview preview;
    bool prepared = false;
    QObject::connect(&controller, &RollbackController::prepared, &loop, [&](const RollbackPreview &p) {
        preview = p;
        prepared = true;
        loop.quit();
    });
    controller.prepare(session.deployment(), dryRun);
    // prepare() answers at once when there is nothing to ask the store (no rollback configured):
    // waiting then would wait forever.
    if (!prepared)
        loop.exec();
    if (!preview.canRun()) {
        err << "liftoff rollback: refused: " << preview.problem << Qt::endl;
        return ExitCode::ROLLBACK;
    }
    printPreview(preview, out);

    const bool mine = preview.approvedByName(who);
    if (approve && preview.approved && mine && preview.missingApprovals() > 0) {
        err << "liftoff rollback: refused: " << who << " approved this command already; it "
            << missingText(preview.missingApprovals(), preview.approvedBy) << "; " << SECOND_APPROVER_HINT << Qt::endl;
        return ExitCode::ROLLBACK;
    }
    const bool recordApproval = approve && (!preview.approved || (!mine && (approveOnly || preview.missingApprovals() > 0)));
    if (!preview.approved && !approve) {
        err << "liftoff rollback: refused: this command is not approved (new, or changed since it was approved). "
               "Check it above and run again with --approve."
            << Qt::endl;
        return ExitCode::ROLLBACK;
    }
    if (recordApproval) {
        bool recorded = false;
        QStringList approvedBy;
        QObject::connect(&controller, &RollbackController::approversChanged, &loop,
                         [&](const QStringList &names, int, bool) { approvedBy = names; });
        QObject::connect(&controller, &RollbackController::approvalRecorded, &loop, [&] {
            recorded = true;
            loop.quit();
        });
        QObject::connect(&store, &RollbackStore::failed, &loop, &QEventLoop::quit);
        controller.approve(session.deployment(), who);
        if (refusal.isEmpty())
            loop.exec();
        if (!recorded) {
            err << "liftoff rollback: refused: the approval could not be recorded"
                << (refusal.isEmpty() ? QString() : u": "_s + refusal) << Qt::endl;
            return ExitCode::ROLLBACK;
        }
        refusal.clear();
        preview.approved = true;
        preview.approvedBy = approvedBy;
        out << "Approved by " << who << " (sha256 " << preview.commandHash << "); recorded in the audit trail."
            << Qt::endl;
    }
    if (approveOnly) {
        const int missing = qMax(0, preview.approversNeeded - static_cast<int>(preview.approvedBy.size()));
        if (!recordApproval)
            out << "Already approved by " << preview.approvedBy.join(u", "_s) << "; nothing recorded." << Qt::endl;
        if (missing > 0)
            out << "The rollback " << missingText(missing, preview.approvedBy) << "; " << SECOND_APPROVER_HINT << '.'
                << Qt::endl;
        else
            out << "Approved by " << preview.approvedBy.join(u", "_s) << ": the rollback can run." << Qt::endl;
        return 0;
    }
    if (preview.missingApprovals() > 0) {
        err << "liftoff rollback: refused: " << missingText(preview.missingApprovals(), preview.approvedBy)
            << "; rollback.approvers is " << preview.approversNeeded << " in liftoff.yaml; " << SECOND_APPROVER_HINT
            << Qt::endl;
        return ExitCode::ROLLBACK;
    }

    if (!dryRun && !yes) {
        if (!::isatty(STDIN_FILENO)) {
            err << "liftoff rollback: refused: no terminal to confirm on; pass --yes to roll back without asking"
                << Qt::endl;
            return ExitCode::ROLLBACK;
        }
        out << "Roll back " << preview.from.version << " now? Type yes to continue: " << Qt::flush;
        QTextStream in(stdin);
        if (in.readLine().trimmed() != u"yes") {
            err << "liftoff rollback: not confirmed; nothing was run" << Qt::endl;
            return ExitCode::ROLLBACK;
        }
    }

    RollbackRecord record;
    bool done = false;
    QObject::connect(&controller, &RollbackController::lineRead, &loop, [&](const QString &line) {
        out << line << Qt::endl;
    });
    QObject::connect(&controller, &RollbackController::stageChanged, &loop, [&](const QString &stage) {
        err << "liftoff rollback: " << stage << Qt::endl;
    });
    QObject::connect(&controller, &RollbackController::finished, &loop, [&](const RollbackRecord &r) {
        record = r;
        done = true;
        loop.quit();
    });
    controller.start(session.deployment(), {dryRun, reason, who});
    if (refusal.isEmpty() && !done)
        loop.exec();
    if (!refusal.isEmpty()) {
        err << "liftoff rollback: refused: " << refusal << Qt::endl;
        return ExitCode::ROLLBACK;
    }
    out << (dryRun ? "Dry run " : "Rollback ") << record.outcome << " (exit " << record.exitCode << ")";
    if (!record.error.isEmpty())
        out << ": " << record.error;
    out << "; record #" << record.id << " by " << record.who;
    if (!record.account.isEmpty())
        out << " (" << record.account << (record.dbRole.isEmpty() ? QString() : u", database role "_s + record.dbRole)
            << ')';
    out << Qt::endl;
    for (const QJsonValue &v : std::as_const(record.verification))
        out << "  verify " << v[u"item"].toString() << ": " << v[u"status"].toString() << " — "
            << v[u"summary"].toString() << Qt::endl;
    for (const QJsonValue &v : std::as_const(record.notifications))
        out << "  notify " << v[u"channel"].toString() << ": "
            << (v[u"delivered"].toBool() ? u"delivered"_s : u"not delivered: "_s + v[u"error"].toString())
            << Qt::endl;
    if (!record.succeeded())
        return ExitCode::ROLLBACK;
    if (!verificationPassed(record)) {
        err << "liftoff rollback: the command succeeded but verification failed" << Qt::endl;
        return ExitCode::ROLLBACK;
    }
    return 0;
}

} // namespace RollbackCommand
