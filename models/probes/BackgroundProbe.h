// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Probe.h"

#include <QFutureWatcher>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

/**
 * A probe whose work is blocking and CPU- or disk-heavy (repository scans): the work runs on a
 * QtConcurrent worker and must poll the cancel flag; its progress is sampled on the owning thread.
 * The work gets copies of everything it needs and never touches this object, so deleting the probe
 * while the worker runs is safe (the worker finishes and its result is dropped).
 */
class BackgroundProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackgroundProbe)

public:
    /** Shared between the worker and the probe; the worker writes, the probe samples. */
    struct Shared
    {
        std::atomic<bool> cancel {false};
        std::atomic<qint64> done {0};
        std::atomic<qint64> total {0};
    };
    using Work = std::function<ProbeResult(Shared &shared)>;
    static constexpr int PROGRESS_INTERVAL_MS = 100;

    BackgroundProbe(QString itemId, Work work, QObject *parent = nullptr);
    ~BackgroundProbe() override;

    void start() override;
    void cancel() override;

signals:
    /** total is 0 while unknown. */
    void progressChanged(qint64 done, qint64 total);

private:
    void handleFinished();
    void handleProgressTick();
    void finish(ProbeResult result);

    QString m_itemId;
    Work m_work;
    std::shared_ptr<Shared> m_shared;
    QFutureWatcher<ProbeResult> m_watcher;
    QTimer m_progressTimer;
    QDateTime m_startedAt;
    qint64 m_lastDone = -1;
    bool m_started = false;
    bool m_finished = false;
};
