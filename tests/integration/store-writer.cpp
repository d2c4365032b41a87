// SPDX-License-Identifier: GPL-3.0-or-later
// liftoff_store_writer: a test helper that writes a burst of manual ticks through the store, printing
// "ack N" (N = start + i, the tick's note is "tick-N") and flushing stdout after each committed tick.
// The durability tests kill it mid-burst or run two of it at once.
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "liftoff_store_writer: %s\n", qPrintable(message));
    return 3; // like `liftoff`: a store error
}

int usage(const QString &message)
{
    std::fprintf(stderr, "liftoff_store_writer: %s\n", qPrintable(message));
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Writes a burst of ticks to a Liftoff store (test helper)."_s);
    parser.addHelpOption();
    const QCommandLineOption dbOption(u"db"_s, u"The database file."_s, u"PATH"_s);
    const QCommandLineOption nameOption(u"deployment-name"_s, u"The deployment to tick (created when missing)."_s,
                                        u"NAME"_s);
    const QCommandLineOption itemsOption(u"items"_s, u"How many distinct items to cycle through."_s, u"N"_s, u"45"_s);
    const QCommandLineOption startOption(u"start"_s, u"The number of the first tick."_s, u"K"_s, u"0"_s);
    const QCommandLineOption countOption(u"count"_s, u"How many ticks to write."_s, u"C"_s, u"100"_s);
    const QCommandLineOption busyOption(u"busy-timeout"_s, u"Milliseconds to wait for a lock."_s, u"MS"_s, u"30000"_s);
    parser.addOptions({dbOption, nameOption, itemsOption, startOption, countOption, busyOption});
    parser.process(app);

    bool ok[4] = {};
    const int items = parser.value(itemsOption).toInt(&ok[0]);
    const qint64 start = parser.value(startOption).toLongLong(&ok[1]);
    const qint64 count = parser.value(countOption).toLongLong(&ok[2]);
    const int busyTimeoutMs = parser.value(busyOption).toInt(&ok[3]);
    if (!parser.isSet(dbOption) || !parser.isSet(nameOption))
        return usage(u"--db and --deployment-name are required"_s);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || items < 1 || start < 0 || count < 0 || busyTimeoutMs < 0)
        return usage(u"--items, --start, --count and --busy-timeout take non-negative numbers (--items at least 1)"_s);

    Database database;
    if (StoreError e = database.open(parser.value(dbOption), busyTimeoutMs); e.isError())
        return fail(e.message);
    ChecklistRepository repo(database);
    qint64 projectId = 0;
    if (StoreError e = repo.ensureProject(u"durability"_s, {}, &projectId); e.isError())
        return fail(e.message);

    DeploymentRecord deployment;
    StoreError e = repo.findDeployment(projectId, parser.value(nameOption), &deployment);
    if (e.kind == StoreError::Kind::NotFound) {
        deployment = {};
        deployment.projectId = projectId;
        deployment.name = parser.value(nameOption);
        deployment.environment = u"test"_s;
        deployment.version = u"v0"_s;
        e = repo.createDeployment(&deployment, u"writer"_s);
        if (e.kind == StoreError::Kind::Conflict) // another writer created it first
            e = repo.findDeployment(projectId, deployment.name, &deployment);
    }
    if (e.isError())
        return fail(e.message);

    for (qint64 i = 0; i < count; ++i) {
        const qint64 n = start + i;
        ItemChange change;
        change.deploymentId = deployment.id;
        change.state.itemId = u"item-%1"_s.arg(n % items);
        change.state.status = n % 2 ? Status::Fail : Status::Pass;
        change.state.baseStatus = change.state.status;
        change.state.source = StatusSource::Manual;
        change.state.by = u"writer"_s;
        change.state.note = u"tick-%1"_s.arg(n);
        change.state.checkedAt = QDateTime::currentDateTimeUtc();
        change.kind = u"tick"_s;
        change.who = u"writer"_s;
        change.note = change.state.note;
        if (StoreError err = repo.applyChange(change, nullptr); err.isError())
            return fail(err.message);
        std::printf("ack %lld\n", static_cast<long long>(n));
        std::fflush(stdout);
    }
    return 0;
}
