// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionEvaluator.h"

#include "probes/ConditionGlob.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_VALUE_IN_ERROR = 40;
constexpr qsizetype MAX_SUGGESTION_DISTANCE = 2;

/** A value, or why there is none: empty error for a plain missing value. */
struct Resolved
{
    std::optional<ConditionValue> value;
    QString error;
};

/** Whether the comparison holds, or why it cannot be decided. */
struct Comparison
{
    bool holds = false;
    QString error;
};

QString shortened(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    // Never end on the first half of a surrogate pair.
    const qsizetype keep = text.at(maxChars - 1).isHighSurrogate() ? maxChars - 1 : maxChars;
    return text.left(keep) + u'…';
}

QString quotedValue(const ConditionValue &value)
{
    return u'\'' + shortened(value.toText(), MAX_VALUE_IN_ERROR) + u'\'';
}

qsizetype editDistance(const QString &a, const QString &b)
{
    QList<qsizetype> previous(b.size() + 1);
    QList<qsizetype> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (qsizetype i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, substitution});
        }
        std::swap(previous, row);
    }
    return previous[b.size()];
}

QString unknownPlaceholderError(const QString &name, const PlaceholderResolver &resolver)
{
    QStringList known = resolver.placeholderNames();
    known.sort();
    QString nearest;
    qsizetype nearestDistance = MAX_SUGGESTION_DISTANCE + 1;
    for (const QString &candidate : std::as_const(known)) {
        const qsizetype distance = editDistance(name, candidate);
        if (distance < nearestDistance) {
            nearestDistance = distance;
            nearest = candidate;
        }
    }
    const QString head = u"unknown placeholder ["_s + shortened(name, MAX_VALUE_IN_ERROR) + u"]"_s;
    if (!nearest.isEmpty())
        return head + u"; did you mean ["_s + nearest + u"]?"_s;
    if (known.isEmpty())
        return head + u"; this check has no placeholders"_s;
    return head + u"; this check knows ["_s + known.join(u"], ["_s) + u"]"_s;
}

Resolved resolveTerm(const ConditionTerm &term, const PlaceholderResolver &resolver)
{
    if (!term.isPlaceholder())
        return {term.literal, QString()};
    if (!resolver.knows(term.placeholderName))
        return {std::nullopt, unknownPlaceholderError(term.placeholderName, resolver)};
    return {resolver.resolve(term.placeholderName, term.path), QString()};
}

/** The value of len(X), has(X) or a plain term. pat() and any() are handled by the comparison. */
Resolved resolveOperand(const ConditionOperand &operand, const PlaceholderResolver &resolver)
{
    switch (operand.kind) {
    case ConditionOperand::Kind::Term: return resolveTerm(operand.terms.constFirst(), resolver);
    case ConditionOperand::Kind::Length: {
        Resolved resolved = resolveTerm(operand.terms.constFirst(), resolver);
        if (resolved.value)
            resolved.value = ConditionValue::fromNumber(static_cast<double>(resolved.value->length()));
        return resolved;
    }
    case ConditionOperand::Kind::Exists: {
        Resolved resolved = resolveTerm(operand.terms.constFirst(), resolver);
        if (resolved.error.isEmpty())
            resolved.value = ConditionValue::fromBool(resolved.value.has_value());
        return resolved;
    }
    case ConditionOperand::Kind::Pattern:
    case ConditionOperand::Kind::AnyOf: break;
    }
    return {std::nullopt, u"internal error: "_s + operand.functionName() + u"() has no value of its own"_s};
}

bool isNumeric(ConditionValue::Kind kind)
{
    return kind == ConditionValue::Kind::Number || kind == ConditionValue::Kind::Duration;
}

/** The number a value stands for next to `other`; strings such as "5s" count when other is a duration. */
std::optional<double> numberBeside(const ConditionValue &value, const ConditionValue &other)
{
    if (const std::optional<double> number = value.toNumber())
        return number;
    if (value.kind() == ConditionValue::Kind::String && other.kind() == ConditionValue::Kind::Duration)
        return ConditionValue::parseDurationMs(value.stringValue().trimmed());
    return std::nullopt;
}

template<typename T>
bool holds(const T &a, ConditionOperator op, const T &b)
{
    switch (op) {
    case ConditionOperator::Equal: return a == b;
    case ConditionOperator::NotEqual: return a != b;
    case ConditionOperator::Less: return a < b;
    case ConditionOperator::LessOrEqual: return a <= b;
    case ConditionOperator::Greater: return a > b;
    case ConditionOperator::GreaterOrEqual: return a >= b;
    }
    return false;
}

Comparison compare(const ConditionValue &a, ConditionOperator op, const ConditionValue &b)
{
    const bool ordering = ConditionOperatorText::isOrdering(op);
    if (isNumeric(a.kind()) || isNumeric(b.kind())) {
        const std::optional<double> x = numberBeside(a, b);
        const std::optional<double> y = numberBeside(b, a);
        if (x && y)
            return {holds(*x, op, *y), QString()};
        if (!ordering)
            return {holds(a.toText(), op, b.toText()), QString()};
        const ConditionValue &notNumber = x ? b : a;
        return {false, u"cannot compare "_s + quotedValue(a) + u" with "_s + quotedValue(b) + u": "_s
                           + quotedValue(notNumber) + u" is not a number"_s};
    }
    if (a.kind() == ConditionValue::Kind::Bool && b.kind() == ConditionValue::Kind::Bool) {
        if (!ordering)
            return {holds(a.boolValue(), op, b.boolValue()), QString()};
        return {false, u"'"_s + ConditionOperatorText::toString(op) + u"' cannot order true and false; use == or !="_s};
    }
    if (!ordering)
        return {holds(a.toText(), op, b.toText()), QString()};
    if (a.kind() == ConditionValue::Kind::String && b.kind() == ConditionValue::Kind::String)
        return {holds(a.stringValue().compare(b.stringValue()), op, 0), QString()};
    return {false, u"cannot order "_s + quotedValue(a) + u" and "_s + quotedValue(b)
                       + u"; use numbers, durations or strings"_s};
}

Comparison compareWithRight(const ConditionValue &left, ConditionOperator op, const ConditionOperand &right,
                            const PlaceholderResolver &resolver)
{
    switch (right.kind) {
    case ConditionOperand::Kind::Pattern: {
        const bool matched = ConditionGlob::matches(right.pattern, left.toText());
        return {op == ConditionOperator::Equal ? matched : !matched, QString()};
    }
    case ConditionOperand::Kind::AnyOf: {
        bool equalToOne = false;
        for (const ConditionTerm &term : right.terms) {
            const Resolved candidate = resolveTerm(term, resolver);
            if (!candidate.error.isEmpty())
                return {false, candidate.error};
            if (candidate.value && compare(left, ConditionOperator::Equal, *candidate.value).holds)
                equalToOne = true;
        }
        return {op == ConditionOperator::Equal ? equalToOne : !equalToOne, QString()};
    }
    case ConditionOperand::Kind::Term:
    case ConditionOperand::Kind::Length:
    case ConditionOperand::Kind::Exists: break;
    }
    const Resolved resolved = resolveOperand(right, resolver);
    if (!resolved.value)
        return {false, resolved.error};
    return compare(left, op, *resolved.value);
}
} // namespace

namespace ConditionEvaluator {

ConditionOutcome evaluate(const Condition &condition, const PlaceholderResolver &resolver)
{
    ConditionOutcome outcome;
    outcome.expression = condition.text();

    const Resolved left = resolveOperand(condition.left(), resolver);
    if (!left.value) {
        outcome.actual = ConditionOutcome::MISSING;
        outcome.error = left.error;
        return outcome;
    }
    outcome.actual = shortened(left.value->toText(), MAX_ACTUAL_LENGTH);

    if (!condition.op()) {
        outcome.ok = left.value->kind() == ConditionValue::Kind::Bool && left.value->boolValue();
        return outcome;
    }
    const Comparison comparison = compareWithRight(*left.value, *condition.op(), condition.right(), resolver);
    outcome.ok = comparison.error.isEmpty() && comparison.holds;
    outcome.error = comparison.error;
    return outcome;
}

ConditionOutcome evaluate(const QString &expression, const PlaceholderResolver &resolver)
{
    const ConditionParseResult parsed = Condition::parse(expression);
    if (!parsed.condition) {
        ConditionOutcome outcome;
        outcome.expression = expression;
        outcome.error = parsed.errorText();
        return outcome;
    }
    return evaluate(*parsed.condition, resolver);
}

QList<ConditionOutcome> evaluateAll(const QStringList &expressions, const PlaceholderResolver &resolver)
{
    QList<ConditionOutcome> outcomes;
    outcomes.reserve(expressions.size());
    for (const QString &expression : expressions)
        outcomes.append(evaluate(expression, resolver));
    return outcomes;
}

bool allHold(const QList<ConditionOutcome> &outcomes)
{
    return std::all_of(outcomes.cbegin(), outcomes.cend(), [](const ConditionOutcome &o) { return o.ok; });
}

} // namespace ConditionEvaluator
