// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <utility>

/** One row of a side-by-side prompt diff: a line on the left, on the right, or both, and what changed. */
struct PromptDiffRow
{
    enum class Kind { Equal, Changed, WhitespaceOnly, Removed, Added };
    using Range = std::pair<int, int>; ///< start and length in QChar units of the line

    Kind kind = Kind::Equal;
    std::optional<int> leftLine;  ///< 0-based line of the left text; unset: filler row on the left
    std::optional<int> rightLine; ///< 0-based line of the right text; unset: filler row on the right
    QString leftText;
    QString rightText;
    QList<Range> leftRanges;  ///< words that differ (Changed, WhitespaceOnly) inside the left line
    QList<Range> rightRanges;

    static QString kindName(Kind kind); ///< equal, changed, whitespace, removed, added
};
