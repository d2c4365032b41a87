// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/Duration.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace {
struct Unit
{
    QStringView suffix;
    qint64 ms;
};

// "ms" comes before "m" and "s" so the longest suffix wins.
constexpr Unit UNITS[] = {
    {u"ms", 1}, {u"s", 1000}, {u"m", 60 * 1000}, {u"h", 60 * 60 * 1000}, {u"d", 24 * 60 * 60 * 1000},
};
constexpr qsizetype MAX_DIGITS = 12;
} // namespace

std::optional<Duration> Duration::parse(QStringView text)
{
    for (const Unit &unit : UNITS) {
        if (!text.endsWith(unit.suffix))
            continue;
        const QStringView digits = text.first(text.size() - unit.suffix.size());
        if (digits.isEmpty() || digits.size() > MAX_DIGITS)
            return std::nullopt;
        for (QChar c : digits) {
            if (c < u'0' || c > u'9')
                return std::nullopt;
        }
        const qint64 count = digits.toLongLong();
        if (count > std::numeric_limits<qint64>::max() / unit.ms)
            return std::nullopt;
        return Duration {count * unit.ms};
    }
    return std::nullopt;
}

QString Duration::toString() const
{
    for (auto it = std::rbegin(UNITS); it != std::rend(UNITS); ++it) {
        if (ms != 0 && ms % it->ms == 0)
            return QString::number(ms / it->ms) + it->suffix;
    }
    return QString::number(ms) + u"ms"_s;
}
