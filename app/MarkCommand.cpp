// SPDX-License-Identifier: GPL-3.0-or-later
#include "MarkCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "checklist/MarkRules.h"
#include "config/NearestName.h"

using namespace Qt::StringLiterals;

namespace MarkCommand {

namespace {
/** Accepts 2026-12-31 (end of that day, UTC) or a full ISO 8601 date-time. */
QDateTime parseExpiry(const QString &text)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid())
        return QDateTime(date, QTime(23, 59, 59), Qt::UTC);
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> statusText = args.takeOption(u"--status"_s);
    const std::optional<QString> note = args.takeOption(u"--note"_s);
    const std::optional<QString> expires = args.takeOption(u"--expires"_s);
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    const std::optional<QString> evidence = args.takeOption(u"--evidence"_s);
    CliSession session(out, err);
    const std::optional<QString> itemId = args.takePositional();
    if (const int code = session.open(args, true))
        return code;
    if (!itemId) {
        err << "liftoff mark: which item? give its ID, e.g. liftoff mark infra.health --status pass --note TEXT"
            << Qt::endl;
        return ExitCode::USAGE;
    }
    const ChecklistItem *item = session.checklist().find(*itemId);
    if (!item) {
        const QString nearest = NearestName::find(*itemId, session.checklist().ids());
        err << "liftoff mark: unknown item '" << *itemId << "'";
        if (!nearest.isEmpty())
            err << "; did you mean `" << nearest << "`?";
        err << Qt::endl;
        return ExitCode::USAGE;
    }
    MarkRequest request;
    if (!statusText || !MarkRules::actionFromString(*statusText, &request.action)) {
        err << "liftoff mark: --status must be pass, fail, na or waived" << Qt::endl;
        return ExitCode::USAGE;
    }
    request.note = note.value_or(QString());
    request.by = CliSession::currentUser(by);
    request.evidence = evidence.value_or(QString());
    if (expires) {
        request.expires = parseExpiry(*expires);
        if (!request.expires.isValid()) {
            err << "liftoff mark: --expires '" << *expires << "' is not a date; write YYYY-MM-DD" << Qt::endl;
            return ExitCode::USAGE;
        }
    }
    QHash<QString, ItemState> states;
    if (StoreError e = session.repository().itemStates(session.deployment().id, &states); e.isError())
        return session.storeFailure(e);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const MarkOutcome outcome = MarkRules::apply(*item, states.value(item->id), request, now);
    if (!outcome.ok) {
        err << "liftoff mark: " << outcome.error << Qt::endl;
        return ExitCode::USAGE;
    }
    const ItemChange change {session.deployment().id, outcome.state, outcome.auditKind, request.by, request.note, now};
    AuditEvent event;
    if (StoreError e = session.repository().applyChange(change, &event); e.isError())
        return session.storeFailure(e);
    out << "saved: " << item->id << " " << event.fromStatus << " → " << event.toStatus << " by " << request.by
        << " (" << session.deployment().name << ")" << Qt::endl;
    return ExitCode::GO;
}

} // namespace MarkCommand
