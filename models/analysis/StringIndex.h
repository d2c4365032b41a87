// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

/**
 * Interns strings (model IDs, user IDs) as dense ids 0, 1, 2... for the call-statistics hot path.
 *
 * An open-addressing table with linear probing over the stored hashes, looked up with a
 * std::string_view, so a lookup of a known string neither allocates nor chases list nodes
 * (std::unordered_map's per-node layout made the per-user lookup the largest cost of a
 * million-call log). Memory: the strings plus 40 bytes per id and 8 bytes per slot (at most 2 slots per id).
 */
class StringIndex
{
public:
    /** The id of @p text, or -1 when it was never added. */
    int find(std::string_view text) const;
    /** The id of @p text, adding it when new. */
    int add(std::string_view text);

    const std::string &text(int id) const { return m_texts[std::size_t(id)]; }
    int size() const { return int(m_texts.size()); }

private:
    void rehash(std::size_t slotCount);

    std::vector<std::string> m_texts;
    std::vector<quint64> m_hashes; ///< per id
    /** (32 hash bits << 32) | (id + 1), 0 = empty; a power of two of them. The hash bits spare
        most mismatches a visit to the text. */
    std::vector<quint64> m_slots;
};
