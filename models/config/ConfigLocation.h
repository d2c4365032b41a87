// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** A place in a config file (1-based line and column), kept so later stages can report errors there. */
struct ConfigLocation
{
    QString file;
    int line = 0;
    int column = 0;

    bool operator==(const ConfigLocation &other) const = default;
};
