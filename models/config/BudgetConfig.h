// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringList>

#include <optional>

/** The monthly spend budget and its alerts (`budget`). Money is in USD. */
struct BudgetConfig
{
    std::optional<double> monthlyUsd;
    QList<double> alertPercents {50, 75, 90}; ///< percent of monthlyUsd, ascending
    std::optional<double> expectedDailyLowUsd;
    std::optional<double> expectedDailyHighUsd;
    QStringList notify; ///< names of channels under `notify`
};
