// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/LatencyHistogram.h"

#include <algorithm>

void LatencyHistogram::grow(qint64 ms)
{
    // Round up to the next power of two so that growth is amortised over few reallocations.
    std::size_t size = std::max<std::size_t>(m_dense.size(), 1024);
    while (size <= std::size_t(ms))
        size *= 2;
    m_dense.resize(std::min<std::size_t>(size, std::size_t(DENSE_LIMIT)), 0);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_dense.size() > m_dense.size())
        m_dense.resize(other.m_dense.size(), 0);
    for (std::size_t i = 0; i < other.m_dense.size(); ++i) {
        const quint32 before = m_dense[i];
        m_dense[i] += other.m_dense[i];
        if (m_dense[i] < before)
            m_carry[qint64(i)] += quint64(1) << 32;
    }
    for (const auto &[value, n] : other.m_carry)
        m_carry[value] += n;
    for (const auto &[value, n] : other.m_sparse)
        m_sparse[value] += n;
    m_count += other.m_count;
}

quint64 LatencyHistogram::denseCount(std::size_t ms) const
{
    if (m_carry.empty())
        return m_dense[ms];
    const auto it = m_carry.find(qint64(ms));
    return m_dense[ms] + (it == m_carry.end() ? 0 : it->second);
}

quint64 LatencyHistogram::nearestRank(quint64 n, int percent)
{
    const quint64 p = quint64(std::clamp(percent, 0, 100));
    // ceil(p * n / 100) without floating point; n < 2^57 keeps p * n in range.
    return std::max<quint64>(1, (p * n + 99) / 100);
}

std::optional<qint64> LatencyHistogram::percentile(int percent) const
{
    if (m_count == 0)
        return std::nullopt;
    const quint64 rank = nearestRank(m_count, percent);
    quint64 seen = 0;
    for (std::size_t i = 0; i < m_dense.size(); ++i) {
        seen += denseCount(i);
        if (seen >= rank)
            return qint64(i);
    }
    for (const auto &[value, n] : m_sparse) {
        seen += n;
        if (seen >= rank)
            return value;
    }
    return std::nullopt; // unreachable: ranks never exceed the count
}
