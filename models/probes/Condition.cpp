// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/Condition.h"

#include "probes/ConditionParser.h"

using namespace Qt::StringLiterals;

ConditionParseResult Condition::parse(const QString &text)
{
    return ConditionParser(text).parse();
}

Condition::Condition(const QString &text, const ConditionOperand &left, ConditionOperator op,
                     const ConditionOperand &right)
    : m_text(text)
    , m_left(left)
    , m_op(op)
    , m_right(right)
{
}

Condition::Condition(const QString &text, const ConditionOperand &left)
    : m_text(text)
    , m_left(left)
{
}

QStringList Condition::placeholderNames() const
{
    QStringList names;
    const auto collect = [&names](const ConditionOperand &operand) {
        for (const ConditionTerm &term : operand.terms) {
            if (term.isPlaceholder() && !names.contains(term.placeholderName))
                names.append(term.placeholderName);
        }
    };
    collect(m_left);
    if (m_op)
        collect(m_right);
    return names;
}

QString Condition::normalizedText() const
{
    if (!m_op)
        return m_left.source;
    return m_left.source + u' ' + ConditionOperatorText::toString(*m_op) + u' ' + m_right.source;
}

QString ConditionParseResult::errorText() const
{
    if (ok())
        return QString();
    return u"column %1: %2"_s.arg(column).arg(message);
}
