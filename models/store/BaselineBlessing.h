// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/** A deployment on which a person passed an item by hand (the baseline stand-in's blessing). */
struct BaselineBlessing
{
    qint64 deploymentId = 0;
    QString by;
    QDateTime at;
    QString note;
};
