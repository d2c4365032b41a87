// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ConditionOperand.h"
#include "probes/ConditionOperator.h"

#include <QString>
#include <QStringList>

#include <optional>

struct ConditionParseResult;

/**
 * A parsed condition of a check (spec/config.md, "Conditions"): `VALUE OP VALUE`, or `has(X)` on
 * its own. Build one with parse(); evaluate it with ConditionEvaluator. A pure value.
 */
class Condition
{
public:
    /** The longest expression parse() accepts, in characters. */
    static constexpr int MAX_LENGTH = 1000;

    /** Parses an expression; on failure the result carries the 1-based column and what was expected. */
    static ConditionParseResult parse(const QString &text);

    /** A comparison left OP right. */
    Condition(const QString &text, const ConditionOperand &left, ConditionOperator op,
              const ConditionOperand &right);
    /** A standalone condition, has(X) alone: it holds when left is true. */
    Condition(const QString &text, const ConditionOperand &left);

    /** The expression as written. */
    const QString &text() const { return m_text; }
    const ConditionOperand &left() const { return m_left; }
    /** std::nullopt for a standalone has(X). */
    std::optional<ConditionOperator> op() const { return m_op; }
    /** Only meaningful when op() is set. */
    const ConditionOperand &right() const { return m_right; }
    bool isStandalone() const { return !m_op.has_value(); }

    /** Every placeholder name the expression uses ("STATUS", "BODY"), in order, without duplicates. */
    QStringList placeholderNames() const;
    /** The expression rebuilt from its parts with single spaces: "[STATUS] == 200". */
    QString normalizedText() const;

private:
    QString m_text;
    ConditionOperand m_left;
    std::optional<ConditionOperator> m_op;
    ConditionOperand m_right;
};

/** What Condition::parse() returns: a condition, or an error with its 1-based column. */
struct ConditionParseResult
{
    std::optional<Condition> condition;
    int column = 0;  ///< 1-based column of the error; 0 when parsing succeeded
    QString message; ///< what was expected, without the column

    bool ok() const { return condition.has_value(); }
    /** "column 12: expected an operator (==, !=, <, <=, >, >=) after '[STATUS]'"; empty when ok. */
    QString errorText() const;
};
