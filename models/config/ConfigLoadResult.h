// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigDiagnostic.h"
#include "config/ProjectConfig.h"

#include <QList>
#include <QString>

#include <optional>

/**
 * What ConfigLoader returns: a project when the file had no error, otherwise every diagnostic
 * found (sorted by line and column) and no project at all.
 */
struct ConfigLoadResult
{
    std::optional<ProjectConfig> project;
    QList<ConfigDiagnostic> diagnostics;

    bool ok() const { return project.has_value() && diagnostics.isEmpty(); }
    /** All diagnostics as "FILE:LINE:COL: error: MESSAGE" lines joined by '\n'. */
    QString errorText() const;
};
