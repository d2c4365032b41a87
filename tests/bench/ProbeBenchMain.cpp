// SPDX-License-Identifier: GPL-3.0-or-later
// liftoff_bench_probes: 500 http probes against the demo service (its own process) with a concurrency
// of 32, on a GUI event loop; prints the total wall time and the longest stall of that event loop,
// measured by a 1 ms timer that records the gap between its ticks. Usage:
//   liftoff_bench_probes LIFTOFF_BINARY [COUNT] [CONCURRENCY]
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: liftoff_bench_probes LIFTOFF_BINARY [COUNT] [CONCURRENCY]\n");
        return 2;
    }
    const int count = args.value(2, u"500"_s).toInt();
    const int concurrency = args.value(3, u"32"_s).toInt();

    QProcess server;
    server.start(args.at(1), {u"demo-server"_s, u"--port"_s, u"0"_s});
    if (!server.waitForReadyRead(10000)) {
        std::fprintf(stderr, "the demo server did not start\n");
        return 1;
    }
    const QString baseUrl = QString::fromUtf8(server.readLine()).trimmed();

    QNetworkAccessManager nam;
    ProbeContext context;
    context.baseUrl = baseUrl;
    StandardProbeFactory factory(&nam, context);
    ProbeEngine engine(&factory);
    engine.setLimits(concurrency, concurrency);
    QList<ProbeRequest> requests;
    for (int i = 0; i < count; ++i) {
        ProbeRequest r;
        r.itemId = u"bench.%1"_s.arg(i);
        r.spec.kind = u"http"_s;
        r.spec.params.insert(u"url"_s, u"{url}/health"_s);
        r.deadlineMs = 30000;
        requests.append(r);
    }

    // The stall meter: a 1 ms timer; any gap well above 1 ms is time the event loop could not run.
    QList<qint64> gaps;
    QElapsedTimer tick;
    QTimer meter;
    meter.setTimerType(Qt::PreciseTimer);
    meter.setInterval(1);
    QObject::connect(&meter, &QTimer::timeout, &app, [&] {
        gaps.append(tick.nsecsElapsed());
        tick.restart();
    });

    int passed = 0, done = 0;
    bool warm = false;
    QElapsedTimer wall;
    QObject::connect(&engine, &ProbeEngine::resultReady, &app, [&](const ProbeResult &r) {
        ++done;
        if (r.status == Status::Pass)
            ++passed;
    });
    QObject::connect(&engine, &ProbeEngine::idle, &app, [&] {
        if (done < count || !warm)
            return;
        const qint64 totalMs = wall.elapsed();
        meter.stop();
        std::sort(gaps.begin(), gaps.end());
        const double maxStall = gaps.isEmpty() ? 0 : gaps.last() / 1e6;
        const double p99Stall = gaps.isEmpty() ? 0 : gaps.at(qsizetype(gaps.size() * 0.99)) / 1e6;
        const auto over = std::count_if(gaps.cbegin(), gaps.cend(), [](qint64 g) { return g > 16'000'000; });
        std::printf("gaps_over_16ms=%lld ", static_cast<long long>(over));
        std::printf("probes=%d passed=%d concurrency=%d wall_ms=%lld max_loop_gap_ms=%.2f p99_loop_gap_ms=%.2f "
                    "ticks=%lld\n",
                    count, passed, concurrency, static_cast<long long>(totalMs), maxStall, p99Stall,
                    static_cast<long long>(gaps.size()));
        server.terminate();
        server.waitForFinished(3000);
        app.quit();
    });
    // One warm-up probe first: the network stack's one-time set-up is not what this measures.
    ProbeRequest warmUp = requests.first();
    warmUp.itemId = u"warm-up"_s;
    QObject::connect(&engine, &ProbeEngine::resultReady, &app, [&](const ProbeResult &r) {
        if (r.itemId != u"warm-up" || warm)
            return;
        warm = true;
        done = 0;
        passed = 0;
        QTimer::singleShot(0, &app, [&] {
            tick.start();
            meter.start();
            wall.start();
            engine.enqueue(requests);
        });
    });
    QTimer::singleShot(0, &app, [&] { engine.enqueue({warmUp}); });
    return app.exec();
}
