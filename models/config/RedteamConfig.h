// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/HttpTargetConfig.h"
#include "config/SecretRef.h"

#include <QString>

#include <optional>

/** The red-team run (`redteam`): where attacks go and the canary that must never come back. */
struct RedteamConfig
{
    HttpTargetConfig target;
    std::optional<SecretRef> canary;
    QString systemPrompt; ///< optional path enabling the 4-gram leak check
    double maxSuccessRate = 0;
};
