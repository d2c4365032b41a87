// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CostProjection.h"

#include <cmath>

namespace CostProjection {

namespace {
constexpr long double SECONDS_PER_DAY = 86400.0L;
constexpr long double MIN_ELAPSED_DAYS = 1.0L / 24.0L;
} // namespace

qint64 projectMonth(qint64 monthToDateNanoUsd, std::optional<qint64> todayNanoUsd, const QDateTime &now)
{
    const QDateTime utc = now.toUTC();
    const QDate day = utc.date();
    const long double daysInMonth = day.daysInMonth();
    const long double fullDays = day.day() - 1;
    const long double todayShare = utc.time().msecsSinceStartOfDay() / (SECONDS_PER_DAY * 1000.0L);
    long double projected = 0;
    if (todayNanoUsd && fullDays > 0) {
        const long double rate = (monthToDateNanoUsd - *todayNanoUsd) / fullDays;
        projected = monthToDateNanoUsd + rate * (daysInMonth - fullDays - todayShare);
    } else {
        const long double elapsed = fullDays + std::max(todayShare, MIN_ELAPSED_DAYS);
        projected = monthToDateNanoUsd / elapsed * daysInMonth;
    }
    const qint64 rounded = std::llround(projected);
    return std::max(rounded, monthToDateNanoUsd);
}

int windowDayCount(qint64 windowMs)
{
    return int(std::max<qint64>(1, (windowMs + DAY_MS - 1) / DAY_MS));
}

std::pair<QDate, QDate> windowDays(qint64 windowMs, const QDateTime &now)
{
    const QDate today = now.toUTC().date();
    return {today.addDays(-windowDayCount(windowMs)), today.addDays(-1)};
}

} // namespace CostProjection
