// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "config/ConfigLocation.h"
#include "config/ProbeSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/** How one checklist item is checked in this project: an entry under `checks` in liftoff.yaml. */
struct CheckConfig
{
    QString itemId;
    /**
     * The probe kind that decides the item: probe->kind when the check names one, otherwise the
     * kind of the item's own `probe:KIND` binding (empty for manual items).
     */
    QString kind;
    std::optional<ProbeSpec> probe;          ///< set when the check (re)binds the item to a probe
    QStringList conditions;                  ///< raw condition texts, parsed later by the probe engine
    QList<ConfigLocation> conditionLocations; ///< one per condition, for that parser's errors
    std::optional<qint64> freshnessMs;       ///< older results count as not-reported
    std::optional<Level> level;              ///< overrides the template's level
    std::optional<qint64> everyMs;           ///< re-run on this schedule while the GUI is open
    bool notApplicable = false;              ///< `na`
    QString why;                             ///< the reason given with `na` (or any note)
    ConfigLocation location;                 ///< where the item id was written
};
