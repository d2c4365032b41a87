// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigLoadResult.h"

#include <QStringList>

QString ConfigLoadResult::errorText() const
{
    QStringList lines;
    lines.reserve(diagnostics.size());
    for (const ConfigDiagnostic &diagnostic : diagnostics)
        lines.append(diagnostic.toString());
    return lines.join(u'\n');
}
