// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/CallSourceConfig.h"
#include "config/CostSourceConfig.h"

#include <QList>

#include <optional>

/** Where costs and LLM calls are read (`sources`). */
struct SourcesConfig
{
    std::optional<CostSourceConfig> cost;
    QList<CallSourceConfig> calls;
    qint64 windowMs = 24 * 60 * 60 * 1000; ///< default window of call-based items
};
