// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/BudgetAlertLadder.h"
#include "probes/CostEvaluation.h"
#include "probes/CostLedger.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QElapsedTimer>
#include <QPointer>

#include <memory>

class CostSource;
class QNetworkAccessManager;

/**
 * The cost probe (cost.spend-limit, h24.cost-in-range, w1.cost-projection): reads the project's
 * `sources.cost` adapter from the start of the month (or of the week after release, or of the
 * window, whichever is earliest) to now, keeps counter readings of providers without per-day
 * history (CostLedger), records the month's projection for a released deployment that has none
 * yet (the projection is made at release by ReleaseCostProjection; this is the fallback when that
 * reading failed), runs the budget alert ladder, and decides the item with CostEvaluation. Params: `window` (default
 * sources.window), `tolerance` (w1, default 0.2). Store work runs on a worker thread.
 */
class CostProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostProbe)

public:
    CostProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~CostProbe() override;

    void start() override;
    void cancel() override;
    QString host() const override;
    /** Fixes "now" (tests); by default the current UTC time at start(). */
    void setNow(const QDateTime &now) { m_fixedNow = now; }

private:
    void fetch();
    void handleSnapshot();
    void handleStored(const CostLedger::Reading &stored);
    void handleAlerts(const BudgetAlertLadder::Outcome &outcome);
    void finishWith(ProbeResult result);
    void finishLater(ProbeResult result);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    std::unique_ptr<CostSource> m_source;
    BudgetAlertLadder *m_ladder = nullptr;
    CostEvaluation::Input m_input;
    QDateTime m_fixedNow;
    QDate m_fetchFrom;
    QDateTime m_startedAt;
    QElapsedTimer m_elapsed;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};
