// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <optional>
#include <string>
#include <string_view>

/**
 * Allocation-free RFC 3339 / ISO 8601 timestamp conversion for the call-log hot path.
 *
 * QDateTime::fromString is far too slow for a million lines, so this parses exactly the shapes
 * call logs use: `YYYY-MM-DD`, then `T` or a space, `HH:MM[:SS[.fraction]]`, then `Z`, `±HH:MM`,
 * `±HHMM` or nothing (taken as UTC, as LiteLLM's Postgres timestamps are). Dates use the
 * proleptic Gregorian calendar.
 */
namespace IsoTimestamp {
/** Microseconds since the Unix epoch, or std::nullopt for anything malformed. */
std::optional<qint64> parseMicros(std::string_view text);
/** Days since 1970-01-01 of a civil date (no range check). */
qint64 daysFromCivil(int year, int month, int day);
/** `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds, truncated) of ms since the epoch. */
std::string formatSeconds(qint64 msSinceEpoch);
} // namespace IsoTimestamp
