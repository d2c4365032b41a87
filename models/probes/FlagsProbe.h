// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QDateTime>

#include <memory>

class FlagSwitch;
class QNetworkAccessManager;

/**
 * The flags probe (rb.feature-flags): passes when the kill switch that liftoff.yaml names under
 * `flags` exists in its flag service (OFREP, flagd file or Unleash) and can be read as a boolean.
 */
class FlagsProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlagsProbe)

public:
    FlagsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~FlagsProbe() override;

    void start() override;
    void cancel() override;

private:
    void finishWith(ProbeResult result);

    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
    ProbeRequest m_request;
    std::unique_ptr<FlagSwitch> m_switch;
    QDateTime m_startedAt;
    bool m_finished = false;
};
