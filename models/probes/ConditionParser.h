// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Condition.h"

#include <QString>

#include <optional>

/**
 * Reads one condition expression into a Condition, or stops at the first error with its 1-based
 * column and what was expected there. A recursive-descent reader over characters; it never throws
 * and never reads past the text. Use it through Condition::parse().
 */
class ConditionParser
{
public:
    explicit ConditionParser(const QString &text);
    ConditionParseResult parse();

private:
    std::optional<ConditionOperand> parseOperand(const QString &before);
    std::optional<ConditionOperand> parseFunction(const QString &name, qsizetype nameStart);
    std::optional<ConditionTerm> parseTerm(const QString &before, const QString &insideFunction);
    std::optional<ConditionTerm> parsePlaceholder();
    std::optional<QString> parseQuoted();
    std::optional<ConditionOperator> parseOperator(const QString &before);
    bool expectClosingParen(qsizetype operandStart);

    QString readBareWord();
    void skipSpace();
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar current() const { return m_text.at(m_pos); }
    int column() const { return static_cast<int>(m_pos) + 1; }
    QString sourceFrom(qsizetype start) const;
    /** " but found 'x'" for the token at the cursor, or empty at the end of the text. */
    QString foundSuffix() const;
    QString tokenAt(qsizetype pos) const;
    void fail(int column, const QString &message);

    QString m_text;
    qsizetype m_pos = 0;
    int m_errorColumn = 0;
    QString m_errorMessage;
};
