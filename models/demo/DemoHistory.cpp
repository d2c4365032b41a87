// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoHistory.h"

#include <QRandomGenerator>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

using namespace Qt::StringLiterals;

namespace {
// Relative call volume per UTC hour: quiet at night, busy in the working day.
constexpr std::array<int, 24> HOUR_WEIGHTS {1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 9, 8, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1};

int weightedHour(QRandomGenerator &rng)
{
    static const int total = [] {
        int sum = 0;
        for (int w : HOUR_WEIGHTS)
            sum += w;
        return sum;
    }();
    int pick = int(rng.bounded(total));
    for (int hour = 0; hour < 24; ++hour) {
        pick -= HOUR_WEIGHTS[size_t(hour)];
        if (pick < 0)
            return hour;
    }
    return 23;
}

double standardNormal(QRandomGenerator &rng)
{
    const double u1 = std::max(1e-12, rng.generateDouble());
    const double u2 = rng.generateDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

qint64 between(QRandomGenerator &rng, qint64 low, qint64 high)
{
    return low + qint64(rng.bounded(quint32(high - low + 1)));
}

QString hex(QRandomGenerator &rng, int length)
{
    QString text;
    text.reserve(length);
    while (text.size() < length)
        text += QString::number(rng.generate() & 0xffff, 16).rightJustified(4, u'0');
    return text.left(length);
}
} // namespace

DemoHistory::DemoHistory(const QDateTime &now, quint32 seed, int days)
    : m_now(now.toUTC())
    , m_from(QDateTime(m_now.date().addDays(-(std::max(1, days) - 1)), QTime(0, 0), Qt::UTC))
{
    // The spike is a calendar property too (one day in every 30), so it stays on its date as `now` moves.
    for (QDate day = m_from.date(); day <= m_now.date(); day = day.addDays(1)) {
        if ((day.toJulianDay() + seed) % 30 == 0)
            m_spikeDay = day;
    }
    for (QDate day = m_from.date(); day <= m_now.date(); day = day.addDays(1))
        generateDay(day, seed);
    std::stable_sort(m_records.begin(), m_records.end(),
                     [](const DemoCallRecord &a, const DemoCallRecord &b) { return a.start < b.start; });
    // Calls of today that have not happened yet are not history.
    const auto end = std::lower_bound(m_records.begin(), m_records.end(), m_now,
                                      [](const DemoCallRecord &r, const QDateTime &t) { return r.start < t; });
    m_records.erase(end, m_records.end());
}

void DemoHistory::generateDay(const QDate &day, quint32 seed)
{
    const std::array<quint32, 2> seedData {seed, quint32(day.toJulianDay())};
    QRandomGenerator rng(seedData.data(), qsizetype(seedData.size()));
    const QDateTime midnight(day, QTime(0, 0), Qt::UTC);

    const bool weekend = day.dayOfWeek() >= 6;
    const bool spike = day == m_spikeDay;
    int calls = weekend ? 110 : 200;
    calls = calls * int(between(rng, 85, 115)) / 100;
    if (spike)
        calls = calls * 5 / 2;
    const int failurePerMille = spike ? 50 : 8;

    const qsizetype firstOfDay = m_records.size();
    for (int i = 0; i < calls; ++i) {
        DemoCallRecord r;
        r.requestId = u"chatcmpl-"_s + hex(rng, 24);
        const qint64 secondOfDay = qint64(weightedHour(rng)) * 3600 + between(rng, 0, 3599);
        r.start = midnight.addMSecs(secondOfDay * 1000 + between(rng, 0, 999));
        r.endUser = u"customer-%1"_s.arg(between(rng, 1000, 1399));
        r.sessionId = u"sess-"_s + hex(rng, 8);

        const bool mini = rng.bounded(100) < 28;
        double inputPrice = GPT4O_INPUT_PER_MTOK;
        double outputPrice = GPT4O_OUTPUT_PER_MTOK;
        double medianLatency = 1300;
        if (mini) {
            r.requestedModel = u"gpt-4o-mini"_s; // floating alias: the pinning check should catch it
            r.responseModel = u"gpt-4o-mini-2024-07-18"_s;
            r.feature = u"summarize"_s;
            r.promptTokens = between(rng, 1500, 6000);
            r.completionTokens = between(rng, 100, 400);
            r.maxTokens = rng.bounded(10) == 0 ? 0 : 512; // some summarize calls forget max_tokens
            r.temperature = 0.0;
            inputPrice = GPT4O_MINI_INPUT_PER_MTOK;
            outputPrice = GPT4O_MINI_OUTPUT_PER_MTOK;
            medianLatency = 700;
        } else {
            r.requestedModel = u"gpt-4o-2024-08-06"_s;
            r.responseModel = r.requestedModel;
            r.feature = u"answer"_s;
            r.promptTokens = between(rng, 8000, 28000);
            r.completionTokens = between(rng, 200, 900);
            r.maxTokens = 1024;
            r.temperature = 0.2;
        }
        r.latencyMs = std::clamp<qint64>(qint64(medianLatency * std::exp(0.5 * standardNormal(rng))), 150, 25000);
        r.ttftMs = r.latencyMs / 4;

        if (int(rng.bounded(1000)) < failurePerMille) {
            r.failed = true;
            r.latencyMs = rng.bounded(2) == 0 ? 30000 : between(rng, 300, 900); // timeouts and quick 5xx
            r.ttftMs = 0;
            r.promptTokens = 0;
            r.completionTokens = 0;
        }
        r.inputCostUsd = double(r.promptTokens) * inputPrice / 1e6;
        r.outputCostUsd = double(r.completionTokens) * outputPrice / 1e6;
        m_records.append(r);
    }
    // Every six hours carry each deliberate defect at least once (the first calls generated in the
    // block, at random times in it), so any 24 h window of the log shows every kind of PII and
    // injection whatever the clock says.
    std::array<int, 4> assigned {};
    for (qsizetype i = firstOfDay; i < m_records.size(); ++i) {
        int &count = assigned[std::size_t(m_records[i].start.time().hour() / 6)];
        if (count < DemoCallRecord::DEFECT_KINDS)
            m_records[i].defect = count++;
    }
}

double DemoHistory::totalSpendUsd() const
{
    double total = 0;
    for (const DemoCallRecord &r : m_records)
        total += r.spendUsd();
    return total;
}

QMap<QDate, double> DemoHistory::dailySpendUsd() const
{
    QMap<QDate, double> daily;
    for (QDate day = m_from.date(); day <= m_now.date(); day = day.addDays(1))
        daily.insert(day, 0.0);
    for (const DemoCallRecord &r : m_records)
        daily[r.start.date()] += r.spendUsd();
    return daily;
}

std::pair<qsizetype, qsizetype> DemoHistory::range(const QDateTime &from, const QDateTime &to) const
{
    const auto before = [](const DemoCallRecord &r, const QDateTime &t) { return r.start < t; };
    const auto first = std::lower_bound(m_records.cbegin(), m_records.cend(), from, before);
    const auto last = std::lower_bound(first, m_records.cend(), std::max(from, to), before);
    return {first - m_records.cbegin(), last - m_records.cbegin()};
}
