// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/CommandRunner.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QDateTime>

/**
 * The command probe (infra.env-vars): runs the configured argv with CommandRunner (no shell, in the
 * config file's folder, own process group, timeout default 30 s) and checks that its output lists
 * every name in `expect_names`. Only names are kept: the output itself, which may hold values, is
 * never stored. A command runs only when its CommandHash is among the approved ones.
 */
class CommandProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandProbe)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 30000;
    static constexpr qint64 MAX_OUTPUT_BYTES = 1024 * 1024;

    CommandProbe(ProbeContext context, ProbeRequest request, QObject *parent = nullptr);

    void start() override;
    void cancel() override;

    /** The hash a person approves for this check's command (argv, the config folder, no extra env). */
    static QString approvalHash(const ProbeSpec &spec, const ProbeContext &context);
    /**
     * The expected names that the output lists as whole names: keys (or "name"/"key" fields) of a
     * JSON document, the NAME of `NAME=...` / `export NAME=...` lines, or a token delimited by
     * whitespace, quotes or punctuation. Values after `=` are never looked at. Pure.
     */
    static QStringList findNames(const QStringList &lines, const QStringList &expected);

private:
    void handleFinished(const CommandResult &result);
    void finishWith(ProbeResult result);

    ProbeContext m_context;
    ProbeRequest m_request;
    CommandRunner m_runner;
    QDateTime m_startedAt;
    QString m_hash;
    bool m_started = false;
    bool m_finished = false;
};
