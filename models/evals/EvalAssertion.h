// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalAnswer.h"
#include "evals/EvalAssertionOutcome.h"

#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * One check on a case's answer (`assert:` in evals/cases.yaml): text checks on the output
 * (contains, not_contains, icontains, regex, equals, starts_with), is_json, json_schema (the subset
 * of JsonSchemaSubset), and bounds on latency, tokens and cost. Tokens and cost only hold when the
 * answer reported them. Pure: tested without a network.
 */
class EvalAssertion
{
public:
    enum class Kind { Contains, NotContains, IContains, Regex, Equals, StartsWith, IsJson, JsonSchema, MaxLatency,
                      MaxTokens, MaxCost };

    Kind kind = Kind::Contains;
    QString text;        ///< the text of the text checks
    QJsonValue schema;   ///< json_schema
    double number = 0;   ///< max_latency (ms), max_tokens, max_cost (USD)
    int line = 0;        ///< where it was written (1-based; 0 unknown)
    int column = 0;

    /** Every key an assertion may have, in the order of the docs. */
    static QStringList kindNames();
    static std::optional<Kind> kindFromName(const QString &name);
    static QString kindName(Kind kind);

    /** The assertion's value as text, as evidence shows it. */
    QString expectedText() const;
    EvalAssertionOutcome evaluate(const EvalAnswer &answer) const;

private:
    mutable std::optional<QRegularExpression> m_regex; ///< compiled on first use
};
