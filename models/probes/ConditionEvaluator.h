// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Condition.h"
#include "probes/ConditionOutcome.h"
#include "probes/PlaceholderResolver.h"

#include <QList>
#include <QStringList>

/**
 * Evaluates parsed conditions against the placeholder values of one probe run. Pure functions:
 * no I/O, no exceptions; a missing value makes the condition fail with actual "<missing>".
 *
 * Comparison rules: when either side is a number or a duration, both are compared as numbers
 * (durations in milliseconds, numeric strings such as a JSON "42" or a header "1234" converted);
 * two booleans compare as booleans; anything else compares as text, and < <= > >= between two
 * strings compare them character by character (ISO dates order correctly).
 */
namespace ConditionEvaluator {

/** Longest actual value kept in an outcome, in characters; longer ones end with "…". */
constexpr qsizetype MAX_ACTUAL_LENGTH = 200;

ConditionOutcome evaluate(const Condition &condition, const PlaceholderResolver &resolver);
/** Parses and evaluates; a parse error becomes a failed outcome whose error is the parse error. */
ConditionOutcome evaluate(const QString &expression, const PlaceholderResolver &resolver);
/** One outcome per expression, in order. */
QList<ConditionOutcome> evaluateAll(const QStringList &expressions, const PlaceholderResolver &resolver);
/** True when every outcome holds; an empty list holds. */
bool allHold(const QList<ConditionOutcome> &outcomes);

} // namespace ConditionEvaluator
