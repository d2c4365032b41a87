// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewSample.h"

#include <algorithm>

using namespace Qt::StringLiterals;

int ReviewSample::markedCount() const
{
    return int(std::count_if(calls.begin(), calls.end(), [](const ReviewCall &c) { return c.isMarked(); }));
}

int ReviewSample::badCount() const
{
    return int(std::count_if(calls.begin(), calls.end(), [](const ReviewCall &c) { return c.verdict == ReviewVerdict::Bad; }));
}

namespace ReviewVerdictText {
QString toString(ReviewVerdict verdict)
{
    switch (verdict) {
    case ReviewVerdict::Good:
        return u"good"_s;
    case ReviewVerdict::Bad:
        return u"bad"_s;
    case ReviewVerdict::Unmarked:
        break;
    }
    return {};
}

std::optional<ReviewVerdict> fromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"good" || t == u"g")
        return ReviewVerdict::Good;
    if (t == u"bad" || t == u"b")
        return ReviewVerdict::Bad;
    return std::nullopt;
}
} // namespace ReviewVerdictText
