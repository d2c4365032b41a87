// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ConditionValue.h"

#include <QString>
#include <QStringList>

/**
 * A simple value in a parsed condition: a literal (number, string, duration, boolean) or a
 * placeholder with an optional path, like [BODY].checks[0].status. Part of the condition AST.
 */
struct ConditionTerm
{
    enum class Kind { Literal, Placeholder };

    Kind kind = Kind::Literal;
    ConditionValue literal;  ///< Literal only
    QString placeholderName; ///< Placeholder only: "BODY", without brackets
    /** Placeholder only: key segments ("status") and index segments ("[0]"), see ConditionValue::indexOfSegment. */
    QStringList path;
    QString source; ///< the text as written in the expression
    int column = 0; ///< 1-based column of the first character

    static ConditionTerm makeLiteral(const ConditionValue &value, const QString &source, int column);
    static ConditionTerm makePlaceholder(const QString &name, const QStringList &path, const QString &source,
                                         int column);
    bool isPlaceholder() const { return kind == Kind::Placeholder; }
};
