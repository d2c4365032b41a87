// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

/**
 * The result of one condition, kept as evidence: the expression, the actual left-hand value as
 * text ("<missing>" when it could not be resolved), whether it held, and an error when the
 * expression could not be parsed or evaluated as written (a plain failure has no error).
 */
struct ConditionOutcome
{
    static const QString MISSING; ///< "<missing>"

    QString expression;
    QString actual;
    bool ok = false;
    QString error;

    /** {"expr": ..., "actual": ..., "ok": ...} plus "error" when there is one (spec/cli.md). */
    QJsonObject toJson() const;
    static ConditionOutcome fromJson(const QJsonObject &object);

    bool operator==(const ConditionOutcome &other) const = default;
};
