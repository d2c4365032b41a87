// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

/** Liftoff's own polling of infra.health while it runs (`uptime`). */
struct UptimeConfig
{
    qint64 everyMs = 60 * 1000;
    double targetPercent = 99.9;
};
