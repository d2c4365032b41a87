// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/CallsEvaluation.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "scan/CallSite.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>

#include <atomic>
#include <memory>
#include <optional>

class CallSourceFetcher;
class QNetworkAccessManager;

/**
 * The calls probe (api.max-tokens, api.temperature, cost.per-request-logged, cost.token-budget,
 * mon.call-logging, h24.error-rate, h24.logging-fields, h24.latency): fetches the project's call
 * sources (CallSourceFetcher), reads and aggregates them on a worker thread (QtConcurrent) over
 * the window (`window` param, else sources.window, default 24 h, ending now), then decides the
 * item with CallsEvaluation. Params: window, required_fields, min_coverage, max_error_rate,
 * token_budget. For api.max-tokens and api.temperature it also scans the repository's LLM call sites
 * (CallSiteScanner, on a worker, alongside the fetch; params `paths`/`exclude` narrow the files) and
 * CallSiteEvidence::merge decides from both halves; without call sources the code alone decides.
 */
class CallsProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallsProbe)

public:
    /** LiteLLM sources are asked for this much history before the window too, to name the newest call. */
    static constexpr qint64 LOOKBACK_MS = 7LL * 24 * 60 * 60 * 1000;

    CallsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~CallsProbe() override;

    void start() override;
    void cancel() override;

private:
    void handleFetched(const QList<CallSourceInput> &inputs);
    void handleObserved();
    void handleScanned();
    /** Decides once the log half and, when it runs, the code half are both in. */
    void finishWhenComplete();
    void finishWith(ProbeResult result);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    CallSourceFetcher *m_fetcher = nullptr;
    QFutureWatcher<CallsEvaluation::Observation> m_watcher;
    QFutureWatcher<CallSiteReport> m_scanWatcher;
    /** Shared with the scan worker, which may outlive this probe. */
    std::shared_ptr<std::atomic<bool>> m_scanCancel = std::make_shared<std::atomic<bool>>(false);
    bool m_scanning = false;                 ///< the code half runs for this item
    bool m_logDone = false;
    std::optional<ProbeResult> m_fromLog;    ///< unset: no call source is configured
    QDateTime m_startedAt;
    QElapsedTimer m_elapsed;
    qint64 m_windowMs = CallsEvaluation::DEFAULT_WINDOW_MS;
    qint64 m_toMs = 0;
    bool m_started = false;
    bool m_finished = false;
};
