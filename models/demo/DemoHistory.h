// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoCallRecord.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>

#include <utility>

/**
 * A month of deterministic LLM call history for the demo service: every calendar day up to `now`
 * gets its calls from a PRNG seeded with (seed, day), so the same day always has the same calls
 * whatever `now` is. Daily volume varies by weekday with one traffic spike; about 1 % of calls
 * fail (more on the spike day); the floating "gpt-4o-mini" is answered by "gpt-4o-mini-2024-07-18".
 */
class DemoHistory
{
public:
    static constexpr double GPT4O_INPUT_PER_MTOK = 2.50;
    static constexpr double GPT4O_OUTPUT_PER_MTOK = 10.00;
    static constexpr double GPT4O_MINI_INPUT_PER_MTOK = 0.15;
    static constexpr double GPT4O_MINI_OUTPUT_PER_MTOK = 0.60;

    /** History from the start of the day `days - 1` days before `now` up to `now` (exclusive). */
    DemoHistory(const QDateTime &now, quint32 seed, int days = 30);

    const QList<DemoCallRecord> &records() const { return m_records; } ///< oldest first
    QDateTime from() const { return m_from; }
    QDateTime now() const { return m_now; }
    QDate spikeDay() const { return m_spikeDay; }

    double totalSpendUsd() const;
    QMap<QDate, double> dailySpendUsd() const;
    /** Index range [first, last) of the records that start in [from, to). */
    std::pair<qsizetype, qsizetype> range(const QDateTime &from, const QDateTime &to) const;

private:
    void generateDay(const QDate &day, quint32 seed);

    QDateTime m_now;
    QDateTime m_from;
    QDate m_spikeDay;
    QList<DemoCallRecord> m_records;
};
