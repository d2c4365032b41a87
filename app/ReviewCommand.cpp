// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReviewCommand.h"

#include "CliArguments.h"
#include "CliCallSources.h"
#include "CliSession.h"
#include "review/ReviewOutcome.h"
#include "review/ReviewRepository.h"
#include "review/ReviewSampleBuilder.h"

#include <QRandomGenerator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace ReviewCommand {

namespace {
/**
 * The window a sample is drawn from: the first `sources.window` after release when the
 * deployment is released (the item belongs to its first 24 hours), else the window up to now.
 */
void windowOf(const DeploymentRecord &deployment, qint64 windowMs, const QDateTime &now, QDateTime *from, QDateTime *to)
{
    if (deployment.isReleased()) {
        *from = deployment.released;
        *to = std::min(now, deployment.released.addMSecs(windowMs));
    } else {
        *from = now.addMSecs(-windowMs);
        *to = now;
    }
}

QString timeText(const std::optional<qint64> &ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) : u"no time"_s;
}

void printCall(const ReviewSample &sample, const ReviewCall &call, QTextStream &out)
{
    out << "\n── Call " << call.position << " of " << sample.calls.size() << " · " << timeText(call.timeMs);
    if (!call.model.isEmpty())
        out << " · " << call.model;
    out << " · " << call.ref << "\n";
    out << "Prompt:\n" << (call.prompt.isEmpty() ? u"(none logged)"_s : call.prompt) << "\n";
    out << "Reply:\n" << (call.response.isEmpty() ? u"(none logged)"_s : call.response) << "\n";
}

/** Applies the outcome of a complete sample, unless a person set the item n/a or waived it. */
int settle(CliSession &session, const ReviewSample &sample, const QString &who, QTextStream &out, QTextStream &err)
{
    QHash<QString, ItemState> states;
    if (StoreError e = session.repository().itemStates(session.deployment().id, &states); e.isError())
        return session.storeFailure(e);
    const QString item = QString::fromLatin1(ReviewOutcome::ITEM);
    const Status current = states.value(item).status;
    if (current == Status::Na || current == Status::Waived) {
        out << item << " stays " << StatusText::toString(current) << " (set by " << states.value(item).by
            << "); the review is stored\n";
        return ExitCode::GO;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ItemState state = ReviewOutcome::stateFor(sample, who, now);
    if (current == state.status && states.value(item).evidence == state.evidence) {
        out << item << ": " << StatusText::toString(state.status) << " — " << state.summary << "\n";
        return ExitCode::GO;
    }
    AuditEvent event;
    if (StoreError e = session.repository().applyChange({session.deployment().id, state, u"review"_s, who, state.note, now},
                                                        &event);
        e.isError())
        return session.storeFailure(e);
    out << item << ": " << StatusText::toString(state.status) << " — " << state.summary << "\n";
    err.flush();
    return ExitCode::GO;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> sizeText = args.takeOption(u"--sample"_s);
    const std::optional<QString> seedText = args.takeOption(u"--seed"_s);
    const bool fresh = args.takeFlag(u"--new"_s);
    const bool list = args.takeFlag(u"--list"_s);
    const QString who = CliSession::currentUser(args.takeOption(u"--by"_s));
    bool ok = true;
    const int size = sizeText ? sizeText->toInt(&ok) : ReviewOutcome::DEFAULT_SIZE;
    if (!ok || size < 1 || size > 1000) {
        err << "liftoff review: --sample must be a number from 1 to 1000" << Qt::endl;
        return ExitCode::USAGE;
    }
    const quint64 seed = seedText ? seedText->toULongLong(&ok) : QRandomGenerator::system()->generate64();
    if (!ok) {
        err << "liftoff review: --seed must be a whole number" << Qt::endl;
        return ExitCode::USAGE;
    }
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    ReviewRepository reviews(session.database());
    ReviewSample sample;
    bool found = false;
    if (StoreError e = reviews.latest(session.deployment().id, &sample, &found); e.isError())
        return session.storeFailure(e);

    if (!found || fresh) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        ReviewSampleBuilder::Request request;
        windowOf(session.deployment(), session.project().sources.windowMs, now, &request.from, &request.to);
        request.size = size;
        request.seed = seed;
        if (const QString error = CliCallSources::fetch(session.project(), request.from.toMSecsSinceEpoch(),
                                                        &request.inputs, &request.secrets);
            !error.isEmpty()) {
            err << "liftoff review: " << error << "; add a call source that logs prompts and replies" << Qt::endl;
            return ExitCode::USAGE;
        }
        QString error;
        QString note;
        ReviewSample drawn = ReviewSampleBuilder::build(request, &error, &note);
        if (!error.isEmpty()) {
            err << "liftoff review: " << error << Qt::endl;
            return ExitCode::USAGE;
        }
        if (!note.isEmpty())
            err << "liftoff review: " << note << Qt::endl;
        if (drawn.calls.isEmpty()) {
            err << "liftoff review: no logged call with a prompt or reply between "
                << request.from.toString(Qt::ISODate) << " and " << request.to.toString(Qt::ISODate)
                << "; log message content (OTel gen_ai.input.messages, LiteLLM messages, JSONL prompt/response) "
                   "to review it"
                << Qt::endl;
            return ExitCode::USAGE;
        }
        drawn.deploymentId = session.deployment().id;
        drawn.created = now;
        drawn.createdBy = who;
        if (StoreError e = reviews.create(&drawn); e.isError())
            return session.storeFailure(e);
        sample = drawn;
        out << "Drew review sample #" << sample.id << ": " << sample.calls.size() << " of " << sample.population
            << " calls between " << sample.windowFrom.toString(Qt::ISODate) << " and "
            << sample.windowTo.toString(Qt::ISODate) << " (seed " << sample.seed << ")\n";
    } else if (sizeText || seedText) {
        err << "liftoff review: deployment " << session.deployment().name << " already has review sample #"
            << sample.id << "; --sample and --seed apply to a new one (--new)" << Qt::endl;
        return ExitCode::USAGE;
    }

    out << "Review sample #" << sample.id << " of " << session.deployment().name << ": "
        << ReviewOutcome::progress(sample) << "\n";
    if (list) {
        for (const ReviewCall &call : std::as_const(sample.calls))
            out << "  #" << call.position << "  " << (call.isMarked() ? ReviewVerdictText::toString(call.verdict) : u"—"_s)
                << "  " << timeText(call.timeMs) << "  " << call.model << "  " << call.ref
                << (call.note.isEmpty() ? QString() : u"  — "_s + call.note) << "\n";
        out.flush();
        return ExitCode::GO;
    }

    QTextStream in(stdin);
    for (ReviewCall &call : sample.calls) {
        if (call.isMarked())
            continue;
        printCall(sample, call, out);
        std::optional<ReviewVerdict> verdict;
        QString note;
        bool quit = false;
        while (!verdict && !quit) {
            out << "good or bad, then an optional note (`b wrong refund window`); s skips, q quits: " << Qt::flush;
            QString line;
            if (!in.readLineInto(&line)) {
                quit = true; // end of input: what was marked stays marked
                break;
            }
            line = line.trimmed();
            const QString word = line.section(u' ', 0, 0).toLower().remove(u':');
            if (word == u"q" || word == u"quit") {
                quit = true;
            } else if (word == u"s" || word == u"skip") {
                break;
            } else if ((verdict = ReviewVerdictText::fromString(word))) {
                note = line.section(u' ', 1).trimmed();
            } else {
                out << "answer good, bad, skip or quit\n";
            }
        }
        if (quit)
            break;
        if (!verdict)
            continue;
        const QDateTime at = QDateTime::currentDateTimeUtc();
        if (StoreError e = reviews.mark(sample.id, call.position, *verdict, note, who, at); e.isError())
            return session.storeFailure(e);
        call.verdict = *verdict;
        call.note = note;
        call.markedBy = who;
        call.markedAt = at;
        out << "marked #" << call.position << " " << ReviewVerdictText::toString(*verdict) << "\n";
    }
    out << "\n" << ReviewOutcome::progress(sample) << "\n";
    if (!sample.isComplete()) {
        out << "Run `liftoff review` again to go on; h24.review-sample passes when every call is marked.\n";
        out.flush();
        return ExitCode::GO;
    }
    const int code = settle(session, sample, who, out, err);
    out.flush();
    return code;
}

} // namespace ReviewCommand
