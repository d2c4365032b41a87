// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigDiagnostic.h"

using namespace Qt::StringLiterals;

QString ConfigDiagnostic::toString() const
{
    if (line <= 0)
        return u"%1: error: %2"_s.arg(file, message);
    return u"%1:%2:%3: error: %4"_s.arg(file).arg(line).arg(column).arg(message);
}
