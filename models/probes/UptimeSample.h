// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMetaType>

/** One poll of the health endpoint by UptimeMonitor: when, whether it was up, and how fast. */
struct UptimeSample
{
    QDateTime at;          ///< UTC
    bool ok = false;       ///< a 2xx answer whose health document (if any) does not say fail
    qint64 latencyMs = -1; ///< -1 when no answer came
    int statusCode = 0;    ///< 0 when no answer came

    bool operator==(const UptimeSample &other) const = default;
};
Q_DECLARE_METATYPE(UptimeSample)
