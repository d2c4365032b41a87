// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionTerm.h"

ConditionTerm ConditionTerm::makeLiteral(const ConditionValue &value, const QString &source, int column)
{
    ConditionTerm term;
    term.kind = Kind::Literal;
    term.literal = value;
    term.source = source;
    term.column = column;
    return term;
}

ConditionTerm ConditionTerm::makePlaceholder(const QString &name, const QStringList &path, const QString &source,
                                             int column)
{
    ConditionTerm term;
    term.kind = Kind::Placeholder;
    term.placeholderName = name;
    term.path = path;
    term.source = source;
    term.column = column;
    return term;
}
