// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeResult.h"
#include "scan/CallSite.h"

#include <QJsonObject>

#include <optional>

/**
 * The code half of api.max-tokens and api.temperature: LLM SDK call sites of the repository that
 * set no max_tokens (or no temperature), merged into the calls probe's result. The calls probe runs
 * CallSiteScanner::scanTree on a worker, then merge() decides the item from both halves.
 */
class CallSiteEvidence
{
public:
    static constexpr int MAX_LISTED = 50;
    /** Call sites named in a summary; the evidence lists up to MAX_LISTED. */
    static constexpr int MAX_IN_SUMMARY = 3;

    /** True for the items with a code half (api.max-tokens, api.temperature). */
    static bool appliesTo(const QString &itemId);
    /** "max_tokens" or "temperature". */
    static QString parameterOf(const QString &itemId);
    /** {code_call_sites, code_call_sites_lacking: [{file, line, sdk, call, spreads_arguments}]} for itemId. */
    static QJsonObject forItem(const CallSiteReport &report, const QString &itemId);
    /** How many call sites lack the item's parameter. */
    static int lackingCount(const CallSiteReport &report, const QString &itemId);

    /**
     * The item's result from the call log's verdict (nullopt: no call source is configured) and the
     * code's call sites. The checklist decides these items on the logged calls and lists the call
     * sites; where it is silent:
     * - the log fails: fail, whatever the code says;
     * - the log passes but call sites lack the parameter: warn. Every call of the window set it, so
     *   those sites did not run in the window or get it from spread arguments or a wrapper: the log
     *   is proof, a call site only a lead;
     * - no call source: the code alone decides: fail when a call site lacks it, pass when call sites
     *   exist and all set it, not-reported when none is found;
     * - a call source that cannot decide (unreadable, no calls in the window): fail when a call site
     *   lacks it (the code alone shows the gap), else the log's not-reported stands;
     * - an error or cancel of the log half stays as it is.
     * The code evidence (forItem) is merged into the result's evidence in every case.
     */
    static ProbeResult merge(const QString &itemId, const std::optional<ProbeResult> &fromLog,
                             const CallSiteReport &report);
};
