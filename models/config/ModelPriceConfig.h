// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigLocation.h"

#include <QString>

/**
 * One entry under `prices` in liftoff.yaml: the list price of a model the built-in table lacks
 * or prices differently, in USD per million tokens. It prices the project's call logs wherever
 * they are read (calls probe, Dashboard, `calls stats`).
 */
struct ModelPriceConfig
{
    QString model;          ///< the exact ID as the call log writes it
    double inputPerMtok = 0;
    double outputPerMtok = 0;
    ConfigLocation location; ///< where the model ID was written
};
