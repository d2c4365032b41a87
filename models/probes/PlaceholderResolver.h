// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ConditionValue.h"

#include <QString>
#include <QStringList>

#include <optional>

/**
 * Supplies the values of placeholders such as [STATUS] or [BODY].a.b[0] to the condition
 * evaluator. Each probe kind provides one (HttpPlaceholderResolver; MapPlaceholderResolver for
 * kinds whose placeholders are plain numbers, like [CALLS] or [P95_MS]).
 */
class PlaceholderResolver
{
public:
    virtual ~PlaceholderResolver();

    /**
     * The value of placeholder `name` (without brackets) followed by `path` (key segments and
     * "[n]" index segments). std::nullopt when it is missing: an unknown name, a path that leads
     * nowhere, or a value the probe could not measure.
     */
    virtual std::optional<ConditionValue> resolve(const QString &name, const QStringList &path) const = 0;

    /** Every placeholder name this resolver knows, even when its value is missing this time. */
    virtual QStringList placeholderNames() const = 0;

    bool knows(const QString &name) const { return placeholderNames().contains(name); }

protected:
    PlaceholderResolver() = default;
    PlaceholderResolver(const PlaceholderResolver &) = default;
    PlaceholderResolver &operator=(const PlaceholderResolver &) = default;
};
