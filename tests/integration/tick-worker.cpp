// SPDX-License-Identifier: GPL-3.0-or-later
// liftoff_tick_worker: a test helper that ticks a few items of one deployment the way a console does,
// for TestConcurrentTicks, which runs two of it at once on one store. Usage:
//   liftoff_tick_worker [--barrier] [--items K] [--busy-timeout MS] LOCATION DEPLOYMENT_ID NAME N SEED
// --busy-timeout is the store's own wait for the write lock (Database::open). SQLite's wait sleeps
// with a growing backoff, so a waiting worker mostly wakes after the other one has run through many
// ticks, and the two hardly interleave; with 0 every busy store answers Locked at once and the worker
// retries right away, so the two contend tick by tick.
// Each of the N ticks reads the deployment's item states (outside any transaction, as a console's
// view is read), then applies a change to one item (chosen by SEED) that names the revision it read:
// the note "NAME tick I", pass for an even I and fail for an odd one. A change refused with Conflict is
// counted (its message must say who changed the item "since you looked"), the item is read again
// (its revision must have moved) and the worker goes on with the next tick; a Locked store is tried
// again (after a yield of the CPU) for up to a minute. At the end it prints one JSON line: applied,
// conflicts, per item applied, every applied tick with the revision it wrote, and who the conflicts
// named.
//
// --barrier makes the first tick a rendezvous: it is on item-0, and after reading the worker prints
// "read" and waits for a line on stdin before it writes. Two workers released together both saw
// revision 0, so exactly one of them must be refused.
//
// Exit codes: 0 done, 2 usage, 3 store error, 4 the store broke a promise (details on stderr).
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
constexpr int LOCKED_FOR_AT_MOST_MS = 60000;

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "liftoff_tick_worker: %s\n", qPrintable(message));
    return code;
}

QString itemId(int index)
{
    return u"item-%1"_s.arg(index);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Ticks items of one deployment like a console, counting conflicts."_s);
    parser.addHelpOption();
    const QCommandLineOption barrierOption(u"barrier"_s,
                                           u"First tick on item-0: print \"read\", wait for a line on stdin."_s);
    const QCommandLineOption itemsOption(u"items"_s, u"How many items (item-0 …) to tick."_s, u"K"_s, u"5"_s);
    const QCommandLineOption busyOption(u"busy-timeout"_s, u"Milliseconds to wait for the write lock."_s, u"MS"_s,
                                        u"30000"_s);
    parser.addOptions({barrierOption, itemsOption, busyOption});
    parser.addPositionalArgument(u"LOCATION"_s, u"The store: a SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"DEPLOYMENT_ID"_s, u"The deployment whose items are ticked."_s);
    parser.addPositionalArgument(u"NAME"_s, u"Who ticks (the audit's who, and in every note)."_s);
    parser.addPositionalArgument(u"N"_s, u"How many ticks."_s);
    parser.addPositionalArgument(u"SEED"_s, u"Seed of the item choice."_s);
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() != 5)
        return fail(2, u"expected LOCATION DEPLOYMENT_ID NAME N SEED"_s);
    const QString location = args.at(0);
    const QString name = args.at(2);
    bool ok[5] = {};
    const qint64 deploymentId = args.at(1).toLongLong(&ok[0]);
    const int ticks = args.at(3).toInt(&ok[1]);
    const quint32 seed = args.at(4).toUInt(&ok[2]);
    const int items = parser.value(itemsOption).toInt(&ok[3]);
    const int busyTimeoutMs = parser.value(busyOption).toInt(&ok[4]);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || !ok[4] || deploymentId <= 0 || ticks < 0 || items < 1
        || busyTimeoutMs < 0 || name.isEmpty())
        return fail(2, u"DEPLOYMENT_ID, N, SEED, --items and --busy-timeout take numbers (id, --items >= 1)"_s);

    Database database;
    // Opened with the usual wait: the other worker may be opening (or checkpointing) the same store
    // at that moment, and a refused open is not what this test is about. The ticks then use --busy-timeout.
    if (StoreError e = database.open(location); e.isError())
        return fail(3, e.message);
    {
        QSqlQuery q(database.connection());
        const QString wait = database.dialect().isPostgres()
                                 ? u"SET lock_timeout = %1"_s.arg(qMax(1, busyTimeoutMs)) // 0 would mean forever
                                 : u"PRAGMA busy_timeout = %1"_s.arg(busyTimeoutMs);
        if (!q.exec(wait))
            return fail(3, q.lastError().text());
    }
    ChecklistRepository repository(database);
    QRandomGenerator random(seed);
    static const QRegularExpression changedBy(u" was changed by (\\S+) "_s);

    int applied = 0;
    int conflicts = 0;
    int lockedRetries = 0;
    // Runs one store call until it is not Locked (or has been for a minute).
    const auto unlocked = [&lockedRetries](const auto &call) {
        QDeadlineTimer deadline(LOCKED_FOR_AT_MOST_MS);
        StoreError error;
        while ((error = call()).kind == StoreError::Kind::Locked && !deadline.hasExpired()) {
            ++lockedRetries;
            QThread::yieldCurrentThread();
        }
        return error;
    };
    QString firstTick;
    QHash<QString, int> appliedPerItem;
    QHash<QString, int> conflictsBy;
    QJsonArray appliedTicks;
    for (int tick = 0; tick < ticks; ++tick) {
        const bool rendezvous = tick == 0 && parser.isSet(barrierOption);
        const QString id = rendezvous ? itemId(0) : itemId(static_cast<int>(random.bounded(items)));
        // What the console shows: read before, and outside, the write.
        QHash<QString, ItemState> states;
        if (StoreError e = unlocked([&] { return repository.itemStates(deploymentId, &states); }); e.isError())
            return fail(3, e.message);
        const qint64 seen = states.value(id).revision;
        if (rendezvous) {
            std::printf("read\n");
            std::fflush(stdout);
            char line[16];
            if (!std::fgets(line, sizeof line, stdin))
                return fail(2, u"--barrier: stdin closed before the go"_s);
        }

        ItemChange change;
        change.deploymentId = deploymentId;
        change.state.itemId = id;
        change.state.status = tick % 2 == 0 ? Status::Pass : Status::Fail;
        change.state.baseStatus = change.state.status;
        change.state.source = StatusSource::Manual;
        change.state.by = name;
        change.state.note = u"%1 tick %2"_s.arg(name).arg(tick);
        change.state.checkedAt = QDateTime::currentDateTimeUtc();
        change.kind = u"tick"_s;
        change.who = name;
        change.note = change.state.note;
        change.expectedRevision = seen;

        ItemState stored;
        const StoreError error = unlocked([&] { return repository.applyChange(change, nullptr, &stored); });
        if (error.kind == StoreError::Kind::Conflict) {
            ++conflicts;
            if (!error.message.contains(u"since you looked"_s) || !error.message.startsWith(id + u" was changed by "_s))
                return fail(4, u"tick %1: a conflict that does not say why: %2"_s.arg(tick).arg(error.message));
            const QRegularExpressionMatch by = changedBy.match(error.message);
            const QString who = by.hasMatch() ? by.captured(1) : QString();
            // Our own writes are all behind us when we read: only someone else can have moved the item.
            if (who.isEmpty() || who == name)
                return fail(4, u"tick %1: the conflict names %2: %3"_s.arg(tick).arg(who, error.message));
            ++conflictsBy[who];
            QHash<QString, ItemState> now;
            if (StoreError e = unlocked([&] { return repository.itemStates(deploymentId, &now); }); e.isError())
                return fail(3, e.message);
            if (now.value(id).revision <= seen)
                return fail(4, u"tick %1: refused at revision %2, but %3 is still at %4"_s.arg(tick).arg(seen).arg(id)
                                   .arg(now.value(id).revision));
        } else if (error.isError()) {
            return fail(3, u"tick %1: %2"_s.arg(tick).arg(error.message));
        } else {
            if (stored.revision != seen + 1)
                return fail(4, u"tick %1: wrote revision %2 over %3"_s.arg(tick).arg(stored.revision).arg(seen));
            ++applied;
            ++appliedPerItem[id];
            appliedTicks.append(QJsonObject {{u"tick"_s, tick}, {u"item"_s, id}, {u"revision"_s, stored.revision}});
        }
        if (tick == 0)
            firstTick = error.isError() ? u"conflict"_s : u"applied"_s;
    }

    QJsonObject perItem;
    for (auto it = appliedPerItem.constBegin(); it != appliedPerItem.constEnd(); ++it)
        perItem.insert(it.key(), it.value());
    QJsonObject by;
    for (auto it = conflictsBy.constBegin(); it != conflictsBy.constEnd(); ++it)
        by.insert(it.key(), it.value());
    const QJsonObject report {{u"name"_s, name},           {u"ticks"_s, ticks},          {u"applied"_s, applied},
                              {u"conflicts"_s, conflicts}, {u"lockedRetries"_s, lockedRetries},
                              {u"firstTick"_s, firstTick}, {u"perItem"_s, perItem},      {u"conflictsBy"_s, by},
                              {u"appliedTicks"_s, appliedTicks}};
    std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}
