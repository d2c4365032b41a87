// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ParallelRunner.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

void ParallelRunner::run(qsizetype count, int threads, const Work &work, const Progress &progress,
                         const std::atomic<bool> *cancel)
{
    if (count <= 0) {
        if (progress)
            progress(0);
        return;
    }
    threads = static_cast<int>(std::clamp<qsizetype>(threads, 1, count));
    std::atomic<qsizetype> next {0};
    std::atomic<qsizetype> done {0};
    std::mutex mutex;
    std::condition_variable finishedCondition;
    int finishedWorkers = 0;

    std::vector<std::thread> workers;
    workers.reserve(static_cast<size_t>(threads));
    for (int worker = 0; worker < threads; ++worker) {
        workers.emplace_back([&, worker] {
            for (;;) {
                if (cancel && cancel->load(std::memory_order_relaxed))
                    break;
                const qsizetype index = next.fetch_add(1);
                if (index >= count)
                    break;
                work(index, worker);
                done.fetch_add(1, std::memory_order_relaxed);
            }
            const std::lock_guard lock(mutex);
            ++finishedWorkers;
            finishedCondition.notify_one();
        });
    }
    {
        std::unique_lock lock(mutex);
        while (!finishedCondition.wait_for(lock, std::chrono::milliseconds(50),
                                           [&] { return finishedWorkers == threads; })) {
            lock.unlock();
            if (progress)
                progress(done.load());
            lock.lock();
        }
    }
    for (std::thread &thread : workers)
        thread.join();
    if (progress)
        progress(done.load());
}
