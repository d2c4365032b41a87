// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/PlaceholderResolver.h"

#include <QVariantMap>

/**
 * Resolves placeholders from a map of name to value, for probe kinds whose results are a few
 * named figures: {"CALLS": 1200, "P95_MS": 2300, "FIELD_COVERAGE": QVariantMap{{"cost", 0.98}}}.
 * A nested map or list is reached by a path ([FIELD_COVERAGE].cost); a ConditionValue stored in
 * the QVariant is used as is (durations). An invalid QVariant means "known but not measured".
 */
class MapPlaceholderResolver final : public PlaceholderResolver
{
public:
    explicit MapPlaceholderResolver(const QVariantMap &values);

    std::optional<ConditionValue> resolve(const QString &name, const QStringList &path) const override;
    QStringList placeholderNames() const override;

private:
    QVariantMap m_values;
};
