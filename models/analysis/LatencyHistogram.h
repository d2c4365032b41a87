// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <map>
#include <optional>
#include <vector>

/**
 * The exact distribution of a stream of integer latencies (milliseconds), in memory bounded
 * by the number of distinct values rather than the number of calls.
 *
 * Call logs give latencies as whole milliseconds (or we round them so), so a counting
 * histogram loses nothing: percentile() returns exactly the value a sort of all samples would
 * give under the nearest-rank rule. Values below DENSE_LIMIT (65.5 s, where nearly all LLM
 * calls fall) are counted in a flat array of 32-bit counts grown on demand to the largest value
 * seen, at most 256 KiB; rarer, larger values go to an ordered map, one node per distinct value. A billion
 * calls cost the same memory as a thousand with the same spread. Merging two histograms is
 * exact too, which is what lets threads and sources be combined.
 */
class LatencyHistogram
{
public:
    static constexpr qint64 DENSE_LIMIT = 65536;

    /** Counts one latency; negative values are ignored (callers drop them earlier). */
    void add(qint64 ms)
    {
        if (ms < 0)
            return;
        ++m_count;
        if (ms < DENSE_LIMIT) {
            if (std::size_t(ms) >= m_dense.size())
                grow(ms);
            if (++m_dense[std::size_t(ms)] == 0)
                m_carry[ms] += quint64(1) << 32; // the 32-bit bin wrapped
        } else {
            ++m_sparse[ms];
        }
    }
    void merge(const LatencyHistogram &other);

    quint64 count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    /**
     * The nearest-rank percentile: the value at 1-based rank ceil(p/100 * n) of the sorted
     * samples (rank 1 for p = 0). @p percent is clamped to [0, 100]; std::nullopt when empty.
     */
    std::optional<qint64> percentile(int percent) const;
    /** The 1-based nearest rank of @p percent among @p n samples, computed in integers. */
    static quint64 nearestRank(quint64 n, int percent);

private:
    void grow(qint64 ms);

    quint64 denseCount(std::size_t ms) const;

    // 32-bit bins keep the array small enough to stay in cache (256 KiB at most); a bin that
    // passes 2^32 calls carries into m_carry, so counts stay exact.
    std::vector<quint32> m_dense;
    std::map<qint64, quint64> m_carry;
    std::map<qint64, quint64> m_sparse;
    quint64 m_count = 0;
};
