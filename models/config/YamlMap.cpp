// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/YamlMap.h"

const YamlMap::Entry *YamlMap::find(const QString &key) const
{
    for (const Entry &entry : entries) {
        if (entry.key == key)
            return &entry;
    }
    return nullptr;
}
