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
    /**
     * For providers that report running counters instead of days (OpenRouter: all-time usage with
     * today's, this week's and this month's part): the counter's value at 00:00 UTC of each day
     * where it is known, a "mark". Marks from earlier runs are kept in the store under historyKey,
     * so the days between two marks become exact history as Liftoff keeps reading the counter.
     */
    QMap<QDate, qint64> counterAtDayStartNanoUsd;
    std::optional<qint64> counterNowNanoUsd; ///< the counter at fetchedAt
    QString historyKey;                      ///< names the counter across runs ("openrouter:env:NAME")

    /**
     * The exact spend of the UTC days [from, to] when it is known: from the per-day series when the
     * provider has history, else from the marks around the range or the days derived from them.
     */
    std::optional<qint64> knownSpendBetween(const QDate &from, const QDate &to) const;
    /**
     * Adds marks read from the store (fresh ones win) and derives the days between consecutive
     * marks into the series. Does nothing for providers with per-day history.
     */
    void mergeMarks(const QMap<QDate, qint64> &stored);
    /** The earliest day whose start is marked (invalid when none). */
    QDate firstMark() const;
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
