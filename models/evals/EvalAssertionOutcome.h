// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

/** Whether one assertion of one case held, with what it expected and what was seen instead. */
struct EvalAssertionOutcome
{
    QString kind;     ///< contains, regex, json_schema, ...
    QString expected; ///< the assertion's value as text (a schema as compact JSON)
    bool ok = false;
    QString detail;   ///< why it failed (or what was measured); empty when nothing to say

    QJsonObject toJson() const;
    static EvalAssertionOutcome fromJson(const QJsonObject &object);
    bool operator==(const EvalAssertionOutcome &) const = default;
};
