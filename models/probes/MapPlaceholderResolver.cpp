// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/MapPlaceholderResolver.h"

MapPlaceholderResolver::MapPlaceholderResolver(const QVariantMap &values)
    : m_values(values)
{
}

std::optional<ConditionValue> MapPlaceholderResolver::resolve(const QString &name, const QStringList &path) const
{
    const auto it = m_values.constFind(name);
    if (it == m_values.constEnd())
        return std::nullopt;
    const std::optional<ConditionValue> value = ConditionValue::fromVariant(it.value());
    if (!value)
        return std::nullopt;
    return value->at(path);
}

QStringList MapPlaceholderResolver::placeholderNames() const
{
    return m_values.keys();
}
