// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ModelsConfig.h"
#include "probes/BackgroundProbe.h"
#include "probes/FallbackSmokeEvaluation.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "scan/ModelIdOccurrence.h"

/**
 * The models probe. For api.model-pinned: every model ID found in code and config files
 * (ModelIdFinder) and in liftoff.yaml `models` is classified; FLOATING fails, PREVIEW and UNKNOWN
 * warn. For api.fallback-model: `models.fallback` must be configured and pinned (PREVIEW/UNKNOWN
 * warn) and, when `models.fallback_probe` is given, answer its one-call smoke test (FallbackModelProbe
 * makes the call; check param `smoke: false` skips it). Check params `paths`/`exclude` narrow the
 * files. evaluate*() are pure; run() scans.
 */
class ModelsCheck
{
public:
    static constexpr const char *FALLBACK_ITEM = "api.fallback-model";
    static constexpr int MAX_LISTED = 100;

    static ProbeResult evaluatePinning(const QList<ModelIdOccurrence> &found, const ModelsConfig &models,
                                       const QString &configFile);
    /**
     * Pinning of the fallback, and the smoke call's outcome when one was made. A failed smoke call
     * fails the item; one that could not be sent (bad URL, unreadable secret) is an error unless the
     * pinning already fails; pinning is reported either way.
     */
    static ProbeResult evaluateFallback(const ModelsConfig &models,
                                        const FallbackSmokeEvaluation::Outcome *smoke = nullptr);
    static ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared);
};
