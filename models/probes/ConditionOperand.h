// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ConditionTerm.h"

#include <QList>
#include <QString>

/**
 * One side of a parsed condition: a plain term, or one of the functions len(X), has(X),
 * pat(GLOB) and any(A, B, ...) with its arguments. Functions do not nest, so this stays flat.
 */
struct ConditionOperand
{
    enum class Kind {
        Term,    ///< terms[0]
        Length,  ///< len(terms[0])
        Exists,  ///< has(terms[0]); terms[0] is a placeholder
        Pattern, ///< pat(pattern)
        AnyOf,   ///< any(terms...)
    };

    Kind kind = Kind::Term;
    QList<ConditionTerm> terms;
    QString pattern; ///< Pattern only: the glob, * and ? are wildcards
    QString source;  ///< the text as written in the expression
    int column = 0;  ///< 1-based column of the first character

    /** "len", "has", "pat", "any"; empty for a plain term. */
    QString functionName() const;
};
