// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProbeSpec.h"

#include <QString>
#include <QStringList>

/** One probe run to schedule: the item, its probe spec and conditions, and the run's bounds. */
struct ProbeRequest
{
    QString itemId;
    ProbeSpec spec;
    QStringList conditions; ///< as written; empty means the kind's default conditions
    qint64 deadlineMs = 30000;
    int retries = 0;        ///< extra attempts after an error (never after a plain failure)
};
