// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/PiiEvaluation.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>

#include <atomic>
#include <memory>

class CallSourceFetcher;
class QNetworkAccessManager;

/**
 * The pii probe (sec.no-pii-in-logs, w1.injection-attempts): fetches the project's call sources
 * (CallSourceFetcher, as the calls probe does), then scans their prompt and response content and
 * the app log files of the check's `paths` param on a worker thread (PiiEvaluation::observe) over
 * the window (`window` param, else sources.window), and decides the item with
 * PiiEvaluation::evaluate. Params: paths (app logs, relative to liftoff.yaml; `*` globs in the
 * file name; an item without them scans those of the other pii item), window, kinds, max_findings.
 */
class PiiProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PiiProbe)

public:
    PiiProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~PiiProbe() override;

    void start() override;
    void cancel() override;

private:
    void scan(const QList<CallSourceInput> &inputs);
    void handleScanned();
    void finishWith(ProbeResult result);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    CallSourceFetcher *m_fetcher = nullptr;
    QFutureWatcher<PiiEvaluation::Observation> m_watcher;
    /** Shared with the worker, which may outlive this probe. */
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    PiiEvaluation::Options m_options;
    QList<PiiEvaluation::AppLog> m_logs;
    QDateTime m_startedAt;
    QElapsedTimer m_elapsed;
    bool m_started = false;
    bool m_finished = false;
};
