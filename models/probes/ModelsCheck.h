// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ModelsConfig.h"
#include "probes/BackgroundProbe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "scan/ModelIdOccurrence.h"

/**
 * The models probe. For api.model-pinned: every model ID found in code and config files
 * (ModelIdFinder) and in liftoff.yaml `models` is classified; FLOATING fails, PREVIEW and UNKNOWN
 * warn. For api.fallback-model: `models.fallback` must be configured and pinned (PREVIEW/UNKNOWN
 * warn). Check params `paths`/`exclude` narrow the files. evaluate() is pure; run() scans.
 */
class ModelsCheck
{
public:
    static constexpr const char *FALLBACK_ITEM = "api.fallback-model";
    static constexpr int MAX_LISTED = 100;

    static ProbeResult evaluatePinning(const QList<ModelIdOccurrence> &found, const ModelsConfig &models,
                                       const QString &configFile);
    static ProbeResult evaluateFallback(const ModelsConfig &models);
    static ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared);
};
