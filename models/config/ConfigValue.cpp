// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigValue.h"

ConfigValue ConfigValue::text(const QString &value)
{
    ConfigValue v;
    v.scalar = value;
    return v;
}

ConfigValue ConfigValue::strings(const QStringList &values)
{
    QList<ConfigValue> items;
    for (const QString &s : values)
        items.append(text(s));
    return sequence(items, true);
}

ConfigValue ConfigValue::sequence(const QList<ConfigValue> &values, bool flow)
{
    ConfigValue v;
    v.kind = Kind::Sequence;
    v.items = values;
    v.flow = flow;
    return v;
}

ConfigValue ConfigValue::mapping(const QList<Entry> &entries, bool flow)
{
    ConfigValue v;
    v.kind = Kind::Mapping;
    v.entries = entries;
    v.flow = flow;
    return v;
}

const ConfigValue *ConfigValue::find(const QString &key) const
{
    for (const Entry &e : entries) {
        if (e.first == key)
            return &e.second;
    }
    return nullptr;
}

void ConfigValue::set(const QString &key, const ConfigValue &value)
{
    kind = Kind::Mapping;
    for (Entry &e : entries) {
        if (e.first == key) {
            e.second = value;
            return;
        }
    }
    entries.append({key, value});
}

void ConfigValue::remove(const QString &key)
{
    entries.removeIf([&key](const Entry &e) { return e.first == key; });
}

QStringList ConfigValue::toStrings() const
{
    if (isScalar())
        return scalar.isEmpty() ? QStringList() : QStringList {scalar};
    QStringList out;
    for (const ConfigValue &item : items) {
        if (item.isScalar())
            out.append(item.scalar);
    }
    return out;
}
