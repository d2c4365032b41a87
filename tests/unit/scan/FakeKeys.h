// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

/**
 * Key-shaped strings assembled at run time from a seeded generator, so that these sources do not
 * themselves look like leaked keys to other scanners. Never real keys.
 */
namespace FakeKeys {

constexpr char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr char URL_SAFE[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char LOWER_HEX[] = "0123456789abcdef";
constexpr char BASE32_UPPER[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr char LETTERS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr char LOWER_ALNUM[] = "abcdefghijklmnopqrstuvwxyz0123456789";

/** n characters from alphabet, deterministic for a seed. */
inline QByteArray random(const char *alphabet, int n, unsigned seed)
{
    QByteArray out;
    const auto size = static_cast<unsigned>(qstrlen(alphabet));
    unsigned state = seed * 2654435761u + 12345u;
    for (int i = 0; i < n; ++i) {
        state = state * 1103515245u + 12345u;
        out.append(alphabet[(state >> 16) % size]);
    }
    return out;
}

/** Joins the parts; used so that no prefix and body stand together in the test sources. */
inline QByteArray join(std::initializer_list<QByteArray> parts)
{
    QByteArray out;
    for (const QByteArray &part : parts)
        out += part;
    return out;
}

inline QByteArray anthropic(unsigned seed = 1)
{
    return join({"sk-", "ant-", "api03-", random(URL_SAFE, 93, seed), "AA"});
}

inline QByteArray openAiProject(unsigned seed = 2, int side = 74)
{
    return join({"sk-", "proj-", random(URL_SAFE, side, seed), "T3Blbk", "FJ", random(URL_SAFE, side, seed + 100)});
}

inline QByteArray openAiLegacy(unsigned seed = 3)
{
    return join({"sk-", random(ALNUM, 20, seed), "T3Blbk", "FJ", random(ALNUM, 20, seed + 7)});
}

} // namespace FakeKeys
