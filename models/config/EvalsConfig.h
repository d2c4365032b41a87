// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/HttpTargetConfig.h"

#include <QString>

/** The eval set and the endpoint it is replayed against (`evals`). */
struct EvalsConfig
{
    QString dataset; ///< relative to the config file, as written
    HttpTargetConfig target;
    int minCases = 20;
    double tolerance = 0.02; ///< allowed score drop against the baseline (0..1)
    int concurrency = 4;     ///< requests in flight at once
    int maxRequests = 0;     ///< request budget of one run, retries included; 0: three per case
    double maxCostUsd = 0;   ///< cost budget of one run (from the answers' reported usage); 0: none
};
