// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/CommandRunner.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QDateTime>

/**
 * The rollback probe (rb.one-command): passes when liftoff.yaml configures a rollback command and
 * a dry run, both are approved on this machine (their CommandHash is among the context's approved
 * hashes) and the dry run exits 0. The dry run runs like the rollback itself: no shell, own process
 * group, the configured timeout, secrets resolved now and redacted from the evidence.
 */
class RollbackProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackProbe)

public:
    /** The evidence keeps at most this many of the dry run's last output lines. */
    static constexpr int MAX_EVIDENCE_LINES = 20;

    RollbackProbe(ProbeContext context, ProbeRequest request, QObject *parent = nullptr);

    void start() override;
    void cancel() override;

private:
    void handleFinished(const CommandResult &result);
    void finishWith(ProbeResult result);

    ProbeContext m_context;
    ProbeRequest m_request;
    CommandRunner m_runner;
    QDateTime m_startedAt;
    QString m_command;
    bool m_finished = false;
};
