// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <yaml-cpp/yaml.h>

/**
 * The entries of one YAML mapping in file order, with their key nodes kept for positions.
 * Internal to the config loader (yaml-cpp is a private dependency of liftoff_core).
 */
struct YamlMap
{
    struct Entry
    {
        QString key;
        YAML::Node keyNode;
        YAML::Node value;
    };

    YAML::Node node;
    QList<Entry> entries;

    /** The entry for key, or nullptr. */
    const Entry *find(const QString &key) const;
    bool contains(const QString &key) const { return find(key) != nullptr; }
};
