// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/HttpTargetConfig.h"

#include <QString>

#include <optional>

/** The model IDs the app uses (`models`), checked for pinning. */
struct ModelsConfig
{
    QString primary;
    QString fallback;
    std::optional<HttpTargetConfig> fallbackProbe; ///< optional one-call smoke test of the fallback
};
