// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigValue.h"

#include <QStringList>

#include <optional>

/** One change to liftoff.yaml: set the value at a key path (mapping keys only), or remove that key. */
struct ConfigEdit
{
    QStringList path;
    std::optional<ConfigValue> value; ///< nullopt removes the key

    static ConfigEdit set(const QStringList &path, const ConfigValue &value) { return {path, value}; }
    static ConfigEdit remove(const QStringList &path) { return {path, std::nullopt}; }
    bool operator==(const ConfigEdit &other) const = default;
};
