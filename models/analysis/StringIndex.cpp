// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/StringIndex.h"

#include <functional>

namespace {
quint64 hashOf(std::string_view text)
{
    return std::hash<std::string_view> {}(text);
}
} // namespace

int StringIndex::find(std::string_view text) const
{
    if (m_slots.empty())
        return -1;
    const quint64 hash = hashOf(text);
    const std::size_t mask = m_slots.size() - 1;
    const quint64 tag = hash >> 32 << 32;
    for (std::size_t i = std::size_t(hash) & mask;; i = (i + 1) & mask) {
        const quint64 slot = m_slots[i];
        if (slot == 0)
            return -1;
        const std::size_t id = std::size_t(slot & 0xffffffffu) - 1;
        if ((slot & ~quint64(0xffffffffu)) == tag && m_texts[id] == text)
            return int(id);
    }
}

int StringIndex::add(std::string_view text)
{
    if (m_slots.empty())
        rehash(16);
    const quint64 hash = hashOf(text);
    const std::size_t mask = m_slots.size() - 1;
    const quint64 tag = hash >> 32 << 32;
    std::size_t i = std::size_t(hash) & mask;
    for (;; i = (i + 1) & mask) {
        const quint64 slot = m_slots[i];
        if (slot == 0)
            break;
        const std::size_t id = std::size_t(slot & 0xffffffffu) - 1;
        if ((slot & ~quint64(0xffffffffu)) == tag && m_texts[id] == text)
            return int(id);
    }
    const int id = int(m_texts.size());
    m_texts.emplace_back(text);
    m_hashes.push_back(hash);
    m_slots[i] = tag | quint64(id + 1);
    if (m_texts.size() * 2 > m_slots.size()) // keep the load factor at most 1/2
        rehash(m_slots.size() * 2);
    return id;
}

void StringIndex::rehash(std::size_t slotCount)
{
    m_slots.assign(slotCount, 0);
    const std::size_t mask = slotCount - 1;
    for (std::size_t id = 0; id < m_texts.size(); ++id) {
        std::size_t i = std::size_t(m_hashes[id]) & mask;
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = (m_hashes[id] >> 32 << 32) | quint64(id + 1);
    }
}
