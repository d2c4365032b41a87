// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/CallSite.h"

#include <QJsonObject>

/**
 * The code half of api.max-tokens and api.temperature: LLM SDK call sites of the repository that
 * set no max_tokens (or no temperature), as evidence to merge into the calls probe's result. A hook
 * for the calls probe (CallSiteScanner::scanTree on its worker, then this), not a probe kind itself.
 */
class CallSiteEvidence
{
public:
    static constexpr int MAX_LISTED = 50;

    /** {code_call_sites, code_call_sites_lacking: [{file, line, sdk, call, spreads_arguments}]} for itemId. */
    static QJsonObject forItem(const CallSiteReport &report, const QString &itemId);
    /** How many call sites lack the item's parameter (the calls probe can warn on it). */
    static int lackingCount(const CallSiteReport &report, const QString &itemId);
};
