// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <atomic>
#include <functional>

/**
 * Runs work(index, worker) for index in [0, count) on a few std::threads while the calling thread
 * reports progress every 50 ms and at the end. Stops handing out work once cancel becomes true.
 */
class ParallelRunner
{
public:
    using Work = std::function<void(qsizetype index, int worker)>;
    using Progress = std::function<void(qsizetype done)>;

    static void run(qsizetype count, int threads, const Work &work, const Progress &progress,
                    const std::atomic<bool> *cancel);
};
