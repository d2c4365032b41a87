// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/NearestName.h"

#include <QList>

#include <algorithm>
#include <limits>

QString NearestName::find(const QString &input, const QStringList &candidates)
{
    const QString lowered = input.toLower();
    const int limit = std::max<int>(2, int(input.size() / 3));
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &candidate : candidates) {
        const QString other = candidate.toLower();
        const int d = distance(lowered, other);
        // A clipped name ("latency" for "latency_ms") is a typo too, however much is missing.
        const bool clipped = lowered.size() >= 3 && other.startsWith(lowered);
        if (d > limit && !clipped)
            continue;
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

int NearestName::distance(QStringView a, QStringView b)
{
    // Optimal string alignment distance, three rolling rows.
    const qsizetype n = b.size();
    QList<int> before(n + 1), previous(n + 1), current(n + 1);
    for (qsizetype j = 0; j <= n; ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= n; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[n];
}
