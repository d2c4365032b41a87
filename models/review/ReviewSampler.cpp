// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewSampler.h"

#include <algorithm>

ReviewSampler::ReviewSampler(int size, quint64 seed) : m_size(std::max(0, size)), m_random(seed)
{
    m_kept.reserve(m_size);
}

void ReviewSampler::offer(ReviewCall call)
{
    ++m_offered;
    if (m_kept.size() < m_size) {
        m_kept.append(std::move(call));
        return;
    }
    // Keep the n-th call with probability size/n, in place of a uniformly chosen kept one.
    const quint64 slot = m_random.bounded(quint64(m_offered));
    if (slot < quint64(m_size))
        m_kept[qsizetype(slot)] = std::move(call);
}

QList<ReviewCall> ReviewSampler::take()
{
    QList<ReviewCall> calls = std::exchange(m_kept, {});
    std::stable_sort(calls.begin(), calls.end(), [](const ReviewCall &a, const ReviewCall &b) {
        if (a.timeMs.has_value() != b.timeMs.has_value())
            return a.timeMs.has_value();
        return a.timeMs.value_or(0) < b.timeMs.value_or(0);
    });
    for (qsizetype i = 0; i < calls.size(); ++i)
        calls[i].position = int(i + 1);
    return calls;
}
