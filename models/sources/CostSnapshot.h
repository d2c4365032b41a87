// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * What one cost adapter read from its provider: the daily spend series (UTC date → nano-USD,
 * exact), month-to-date spend, the hard spending limit when the provider enforces one, and
 * warnings about anything skipped. Money is qint64 nano-USD (UsdAmount); never holds secrets.
 */
struct CostSnapshot
{
    QString source;   ///< "openai", "anthropic", "litellm", "openrouter", "langfuse"
    QString currency = QStringLiteral("USD");
    QDateTime fetchedAt;
    QMap<QDate, qint64> dailyNanoUsd; ///< days the provider reported, including zero days
    /** False when the provider has no per-day history (OpenRouter: today and month totals only). */
    bool dailyHistory = true;
    qint64 monthToDateNanoUsd = 0;    ///< the UTC calendar month of fetchedAt
    std::optional<qint64> hardLimitNanoUsd;
    QString hardLimitKind;            ///< what the limit is: "LiteLLM key max_budget", "OpenRouter key limit"
    std::optional<qint64> limitRemainingNanoUsd;
    QStringList warnings;

    /** Sum of the days in [from, to] (inclusive) that the series holds. */
    qint64 spendBetween(const QDate &from, const QDate &to) const;
    /** Sum of the series' days in the month of `day` up to and including `day`. */
    qint64 monthToDate(const QDate &day) const;
    /** Adds nanos to a day (creating it). */
    void addDaily(const QDate &day, qint64 nanos);
    /** Evidence form: amounts as decimal USD strings, at most the last 62 days. */
    QJsonObject toJson() const;
};
Q_DECLARE_METATYPE(CostSnapshot)
