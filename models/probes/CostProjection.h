// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>

#include <optional>
#include <utility>

/**
 * The month-end projection and the spend window of the cost items. Pure functions of money in
 * nano-USD and a UTC instant; tested without a network.
 *
 * Projection (run rate of the month so far): with D days in now's UTC month, d the day of the
 * month and f the share of today already gone (0..1):
 *  - when today's spend is known and d > 1, the rate is that of the d-1 full days before today,
 *    and the projection is MTD + rate × (D - (d - 1) - f). Today's bucket is usually incomplete
 *    (providers fill it late), so it counts as spent but does not set the rate;
 *  - otherwise (the 1st of the month, or no per-day split) it is MTD / elapsed × D, with
 *    elapsed = (d - 1) + max(f, 1/24): the first hour of a month counts as one hour, so a tiny
 *    elapsed time cannot blow a few cents up into a huge projection.
 *
 * Window: a window of W ms covers the ceil(W / 1 day) full UTC days before today (24h → yesterday),
 * because cost APIs report whole days and today's bucket is still growing.
 */
namespace CostProjection {

constexpr qint64 DAY_MS = 24LL * 60 * 60 * 1000;

/** Projected spend of now's UTC calendar month, in nano-USD (never below mtd). */
qint64 projectMonth(qint64 monthToDateNanoUsd, std::optional<qint64> todayNanoUsd, const QDateTime &now);
/** The first and last day of the window (inclusive). */
std::pair<QDate, QDate> windowDays(qint64 windowMs, const QDateTime &now);
/** How many days a window of windowMs covers (at least 1). */
int windowDayCount(qint64 windowMs);

} // namespace CostProjection
