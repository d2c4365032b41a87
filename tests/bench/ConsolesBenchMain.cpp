// SPDX-License-Identifier: GPL-3.0-or-later
// liftoff_bench_consoles: team mode's live updates under load (issue 13). CONSOLES consoles (each a
// Store with its own store thread and connection, and a ChecklistDocument on the built-in checklist)
// watch one deployment while a writer on a connection of its own (its own thread, as `liftoff mark`
// in another process would be) makes TICKS ticks spread round-robin over the checklist's items. For
// every tick it measures the time from its commit until the last console shows it (the console's
// model holds that item at the tick's revision or a newer one, seen at ChecklistDocument::itemChanged),
// and prints the total time until every console shows every tick, the median, p95 and maximum of the
// per-tick latency to the last console, and ticks/s; on a SQLite file and on a throwaway PostgreSQL
// (tests/support/PostgresServer, skipped with the reason when the binaries are absent). Usage:
//   liftoff_bench_consoles [--backend sqlite|postgresql|both] [--consoles 10] [--ticks 1000]
//                          [--interval-ms 0] [--timeout-s 300]
// --interval-ms paces the writer (a pause between ticks); 0 writes as fast as the store takes it. What
// is timed is the console's model taking the state on the GUI thread, not the painting of a view.
#include "PostgresServer.h"

#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
constexpr char PROJECT[] = "bench-consoles";
constexpr int SETUP_TIMEOUT_MS = 60000;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Options
{
    int consoles = 10;
    int ticks = 1000;
    int intervalMs = 0;
    int timeoutS = 300;
};

struct Result
{
    QString backend;
    QString error;     ///< set when the run could not be made
    int itemCount = 0;
    int shownByAll = 0;
    double writeS = 0;
    double allShownS = 0;
    double medianMs = 0;
    double p95Ms = 0;
    double maxMs = 0;
    double refreshesPerConsole = 0;
    int lockedRetries = 0;
};

struct Console
{
    std::unique_ptr<Store> store;
    std::unique_ptr<ChecklistDocument> document;
    std::vector<qint64> seenRevision; ///< per item index, the newest revision this console showed
    int refreshes = 0;
};

Result fail(Result result, const QString &message)
{
    result.error = message;
    return result;
}

double quantileMs(const std::vector<qint64> &sortedNs, double q)
{
    if (sortedNs.empty())
        return 0;
    // Nearest rank: the smallest value with at least q of the values at or below it.
    const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sortedNs.size())));
    return static_cast<double>(sortedNs.at(std::max<size_t>(rank, 1) - 1)) / 1e6;
}

double medianMs(const std::vector<qint64> &sortedNs)
{
    if (sortedNs.empty())
        return 0;
    const size_t n = sortedNs.size();
    const double upper = static_cast<double>(sortedNs.at(n / 2));
    const double middle = n % 2 ? upper : (static_cast<double>(sortedNs.at(n / 2 - 1)) + upper) / 2;
    return middle / 1e6;
}

Result run(const QString &backend, const QString &location, const Options &options)
{
    Result result;
    result.backend = backend;
    const ChecklistTemplate &checklist = ChecklistTemplate::builtIn();
    QStringList itemIds;
    for (const ChecklistItem &item : checklist.items())
        itemIds.append(item.id);
    const int itemCount = static_cast<int>(itemIds.size());
    result.itemCount = itemCount;
    QHash<QString, int> itemIndex;
    for (int i = 0; i < itemCount; ++i)
        itemIndex.insert(itemIds.at(i), i);

    DeploymentRecord deployment;
    {
        Database database;
        if (StoreError e = database.open(location); e.isError())
            return fail(result, e.message);
        ChecklistRepository repository(database);
        qint64 projectId = 0;
        if (StoreError e = repository.ensureProject(QString::fromLatin1(PROJECT), {}, &projectId); e.isError())
            return fail(result, e.message);
        deployment.projectId = projectId;
        deployment.name = u"prod-1"_s;
        deployment.environment = u"production"_s;
        deployment.version = u"v1.0.0"_s;
        if (StoreError e = repository.createDeployment(&deployment, u"bench"_s); e.isError())
            return fail(result, e.message);
    }

    // The consoles, each opened and showing the deployment before the first tick.
    std::vector<Console> consoles(static_cast<size_t>(options.consoles));
    QString storeError;
    for (size_t c = 0; c < consoles.size(); ++c) {
        Console &console = consoles[c];
        console.store = std::make_unique<Store>();
        console.document = std::make_unique<ChecklistDocument>(console.store.get(), checklist,
                                                               QString::fromLatin1(PROJECT), QString(),
                                                               QHash<QString, qint64> {}, u"console-%1"_s.arg(c));
        console.seenRevision.assign(static_cast<size_t>(itemCount), 0);
        QObject::connect(console.document.get(), &ChecklistDocument::storeError, console.document.get(),
                         [&storeError](const StoreError &error) { storeError = error.message; });
        Console *self = &console;
        QObject::connect(console.store.get(), &Store::deploymentRefreshed, console.store.get(),
                         [self] { ++self->refreshes; });
        console.store->open(location);
        console.document->open();
    }
    const bool ready = QTest::qWaitFor(
        [&] {
            return !storeError.isEmpty() || std::all_of(consoles.begin(), consoles.end(), [&](const Console &c) {
                       return c.document->currentDeployment().id == deployment.id && !c.document->isBusy();
                   });
        },
        SETUP_TIMEOUT_MS);
    if (!storeError.isEmpty())
        return fail(result, storeError);
    if (!ready)
        return fail(result, u"the consoles did not show the deployment within %1 s"_s.arg(SETUP_TIMEOUT_MS / 1000));
    for (Console &console : consoles)
        console.refreshes = 0;

    // Tick k is on item k % itemCount and makes its revision k / itemCount + 1.
    const int ticks = options.ticks;
    std::vector<qint64> commitNs(static_cast<size_t>(ticks), 0);
    std::vector<qint64> doneNs(static_cast<size_t>(ticks), 0);
    std::vector<int> shownBy(static_cast<size_t>(ticks), 0);
    int shownByAll = 0;
    QEventLoop loop;
    for (Console &console : consoles) {
        ChecklistDocument *document = console.document.get();
        Console *self = &console;
        QObject::connect(document, &ChecklistDocument::itemChanged, document, [&, self, document](const QString &id) {
            const qint64 now = nowNs();
            const int i = itemIndex.value(id, -1);
            if (i < 0)
                return;
            const qint64 revision = document->model()->state(id).revision;
            qint64 &seen = self->seenRevision[static_cast<size_t>(i)];
            for (qint64 r = seen + 1; r <= revision; ++r) {
                const qint64 k = (r - 1) * itemCount + i;
                if (k >= ticks)
                    break;
                if (++shownBy[static_cast<size_t>(k)] == options.consoles) {
                    doneNs[static_cast<size_t>(k)] = now;
                    if (++shownByAll == ticks)
                        loop.quit();
                }
            }
            seen = std::max(seen, revision);
        });
    }

    qint64 startNs = 0;
    qint64 endNs = 0;
    QString writerError;
    int lockedRetries = 0;
    std::unique_ptr<QThread> writer(QThread::create([&] {
        Database database;
        if (StoreError e = database.open(location, 30000); e.isError()) {
            writerError = e.message;
            return;
        }
        ChecklistRepository repository(database);
        startNs = nowNs();
        for (int k = 0; k < ticks; ++k) {
            ItemChange change;
            change.deploymentId = deployment.id;
            change.state.itemId = itemIds.at(k % itemCount);
            change.state.status = k % 2 == 0 ? Status::Pass : Status::Fail;
            change.state.baseStatus = change.state.status;
            change.state.source = StatusSource::Manual;
            change.state.by = u"writer"_s;
            change.state.note = u"tick %1"_s.arg(k);
            change.state.checkedAt = QDateTime::currentDateTimeUtc();
            change.kind = u"tick"_s;
            change.who = u"writer"_s;
            change.note = change.state.note;
            // The only writer: the revision it expects is known, and a conflict would be a bug.
            change.expectedRevision = k / itemCount;
            StoreError e;
            while ((e = repository.applyChange(change, nullptr)).kind == StoreError::Kind::Locked)
                ++lockedRetries;
            if (e.isError()) {
                writerError = u"tick %1: %2"_s.arg(k).arg(e.message);
                return;
            }
            commitNs[static_cast<size_t>(k)] = nowNs();
            if (options.intervalMs > 0 && k + 1 < ticks)
                QThread::msleep(static_cast<unsigned long>(options.intervalMs));
        }
        endNs = nowNs();
    }));
    QObject::connect(writer.get(), &QThread::finished, &loop, [&] {
        // A writer that stopped early leaves ticks no console will ever show.
        if (!writerError.isEmpty())
            loop.quit();
    });
    QTimer::singleShot(options.timeoutS * 1000, &loop, &QEventLoop::quit);
    writer->start();
    if (shownByAll < ticks)
        loop.exec();
    writer->wait();

    result.shownByAll = shownByAll;
    result.lockedRetries = lockedRetries;
    int refreshes = 0;
    for (const Console &console : consoles)
        refreshes += console.refreshes;
    result.refreshesPerConsole = static_cast<double>(refreshes) / static_cast<double>(consoles.size());
    // Documents before their stores: a Store's destructor finishes its thread's queued jobs.
    for (Console &console : consoles) {
        console.document.reset();
        console.store.reset();
    }
    if (!writerError.isEmpty())
        return fail(result, writerError);
    if (!storeError.isEmpty())
        return fail(result, storeError);
    if (shownByAll < ticks)
        return fail(result, u"after %1 s only %2 of %3 ticks were shown by every console"_s.arg(options.timeoutS)
                                .arg(shownByAll).arg(ticks));

    std::vector<qint64> latencies;
    latencies.reserve(static_cast<size_t>(ticks));
    qint64 lastDone = 0;
    for (size_t k = 0; k < static_cast<size_t>(ticks); ++k) {
        latencies.push_back(std::max<qint64>(0, doneNs[k] - commitNs[k]));
        lastDone = std::max(lastDone, doneNs[k]);
    }
    std::sort(latencies.begin(), latencies.end());
    result.writeS = static_cast<double>(endNs - startNs) / 1e9;
    result.allShownS = static_cast<double>(lastDone - startNs) / 1e9;
    result.medianMs = medianMs(latencies);
    result.p95Ms = quantileMs(latencies, 0.95);
    result.maxMs = latencies.empty() ? 0 : static_cast<double>(latencies.back()) / 1e6;
    return result;
}
} // namespace

int main(int argc, char *argv[])
{
    // The documents' models use QColor and QIcon; no window is ever shown.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Consoles watching one deployment while a writer ticks it (issue 13)."_s);
    parser.addHelpOption();
    const QCommandLineOption backendOption(u"backend"_s, u"sqlite, postgresql or both."_s, u"NAME"_s, u"both"_s);
    const QCommandLineOption consolesOption(u"consoles"_s, u"How many consoles watch."_s, u"N"_s, u"10"_s);
    const QCommandLineOption ticksOption(u"ticks"_s, u"How many ticks the writer makes."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption intervalOption(u"interval-ms"_s, u"Pause after each tick (0: none)."_s, u"MS"_s, u"0"_s);
    const QCommandLineOption timeoutOption(u"timeout-s"_s, u"Give up after this long."_s, u"S"_s, u"300"_s);
    parser.addOptions({backendOption, consolesOption, ticksOption, intervalOption, timeoutOption});
    parser.process(app);

    Options options;
    bool ok[4] = {};
    options.consoles = parser.value(consolesOption).toInt(&ok[0]);
    options.ticks = parser.value(ticksOption).toInt(&ok[1]);
    options.intervalMs = parser.value(intervalOption).toInt(&ok[2]);
    options.timeoutS = parser.value(timeoutOption).toInt(&ok[3]);
    const QString backend = parser.value(backendOption);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || options.consoles < 1 || options.ticks < 1 || options.intervalMs < 0
        || options.timeoutS < 1 || !QStringList({u"sqlite"_s, u"postgresql"_s, u"both"_s}).contains(backend)) {
        std::fprintf(stderr, "liftoff_bench_consoles: bad arguments; see --help\n");
        return 2;
    }

    QList<Result> results;
    if (backend != u"postgresql") {
        QTemporaryDir dir;
        results.append(run(u"sqlite"_s, dir.filePath(u"consoles.sqlite"_s), options));
    }
    if (backend != u"sqlite") {
        Result skipped;
        skipped.backend = u"postgresql"_s;
        if (const QString missing = PostgresServer::unavailableReason(); !missing.isEmpty()) {
            results.append(fail(skipped, u"skipped: "_s + missing));
        } else {
            PostgresServer server;
            if (!server.start()) {
                results.append(fail(skipped, server.errorString()));
            } else {
                const QString url = server.createFreshDatabase();
                results.append(url.isEmpty() ? fail(skipped, server.errorString())
                                             : run(u"postgresql"_s, url, options));
            }
        }
    }

    std::printf("%d consoles, %d ticks over %d items, writer interval %d ms\n", options.consoles, options.ticks,
                results.isEmpty() ? 0 : results.first().itemCount, options.intervalMs);
    std::printf("%-10s  %8s  %12s  %8s  %10s  %8s  %8s  %10s\n", "backend", "write s", "all shown s", "ticks/s",
                "median ms", "p95 ms", "max ms", "refreshes");
    int exitCode = 0;
    for (const Result &r : std::as_const(results)) {
        if (!r.error.isEmpty()) {
            std::printf("%-10s  %s\n", qPrintable(r.backend), qPrintable(r.error));
            if (!r.error.startsWith(u"skipped: "_s))
                exitCode = 1;
            continue;
        }
        std::printf("%-10s  %8.2f  %12.2f  %8.1f  %10.1f  %8.1f  %8.1f  %10.1f\n", qPrintable(r.backend), r.writeS,
                    r.allShownS, options.ticks / r.allShownS, r.medianMs, r.p95Ms, r.maxMs, r.refreshesPerConsole);
    }
    std::printf("latency: from a tick's commit until the last console's model shows it (or a newer revision);\n"
                "ticks/s: ticks / time until every console shows every tick; refreshes: re-reads per console\n");
    return exitCode;
}
