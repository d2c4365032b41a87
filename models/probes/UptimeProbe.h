// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "probes/UptimeSample.h"

#include <QDateTime>

/**
 * The uptime probe (mon.uptime): the share of health polls that were up over the window (param
 * `window`, default 24h) against the target (param `target`, else `uptime.target`). It polls
 * nothing itself: it reads the samples UptimeMonitor collected (ProbeContext::uptimeSamples), so a
 * run without samples is not-reported. Placeholders [UPTIME_PCT] and [SAMPLES].
 */
class UptimeProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UptimeProbe)

public:
    static constexpr qint64 DEFAULT_WINDOW_MS = 24LL * 3600 * 1000;
    static constexpr double DEFAULT_TARGET_PERCENT = 99.9;
    /** Samples covering less than this share of the window give warn instead of pass. */
    static constexpr double MIN_COVERAGE = 0.5;

    UptimeProbe(ProbeContext context, ProbeRequest request, QObject *parent = nullptr);

    void start() override;
    void cancel() override;

    /** The verdict over the samples taken in (now - window, now]. Pure. */
    static ProbeResult evaluate(const QList<UptimeSample> &samples, qint64 windowMs, double targetPercent,
                                const QDateTime &now, const QStringList &conditions = {});

private:
    void finishWith(ProbeResult result);

    ProbeContext m_context;
    ProbeRequest m_request;
    bool m_started = false;
    bool m_finished = false;
};
