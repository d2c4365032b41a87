// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionGlob.h"

namespace ConditionGlob {

bool matches(QStringView pattern, QStringView text)
{
    // Greedy walk that remembers only the last '*': when a later character fails, that star takes
    // one more character. Earlier stars never need revisiting (the later star can absorb whatever
    // they would), so memory is constant and time O(pattern * text) at worst.
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype starAt = -1;
    qsizetype starText = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == u'*') {
            starAt = p++;
            starText = t;
        } else if (p < pattern.size() && (pattern[p] == u'?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (starAt >= 0) {
            p = starAt + 1;
            t = ++starText;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

} // namespace ConditionGlob
