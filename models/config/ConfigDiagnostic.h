// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * One problem found in a config file: where it is and what was expected. Messages never hold
 * a secret's value.
 */
struct ConfigDiagnostic
{
    QString file;
    int line = 0;   ///< 1-based; 0 when the problem is the file as a whole (it can't be read)
    int column = 0; ///< 1-based; 0 with line
    QString message;

    /** "FILE:LINE:COL: error: MESSAGE", or "FILE: error: MESSAGE" when line is 0. */
    QString toString() const;

    bool operator==(const ConfigDiagnostic &other) const = default;
};
