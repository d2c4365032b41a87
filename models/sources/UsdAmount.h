// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

/**
 * Exact money arithmetic for cost adapters: amounts are qint64 nano-USD (1 USD = 10^9), parsed
 * from the vendors' decimal text without going through binary floating point. Anthropic's cents
 * strings ("123.45" = $1.2345) and the shortest text form of a JSON number both go through
 * parseDecimal(); digits below a nano-USD are rounded half away from zero.
 */
namespace UsdAmount {

constexpr qint64 NANOS_PER_USD = 1000000000;
constexpr qint64 NANOS_PER_CENT = 10000000;

/**
 * `text` × 10^exponent USD in nano-USD. Accepts an optional sign, digits, an optional point and
 * fraction ("12", "-0.5", "1236.9", ".25"); no exponent, no spaces, no grouping. nullopt when the
 * text is not such a number or the value does not fit (|value| ≥ ~9.2 × 10^9 USD).
 */
std::optional<qint64> parseDecimal(QStringView text, int exponent = 0);
/** A decimal string in cents (Anthropic cost report) in nano-USD. */
std::optional<qint64> fromCentsString(QStringView text);
/** A JSON number in USD, through its shortest round-trip text (3.4172 → exactly 3417200000). */
std::optional<qint64> fromDouble(double usd);
/** nano-USD as a plain decimal USD string with trailing zeros dropped ("3.4172", "0", "-12.5"). */
QString toString(qint64 nanos);
/** nano-USD as a double USD, for placeholders and charts (the stored value stays exact). */
double toDouble(qint64 nanos);

} // namespace UsdAmount
