// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptDiffResult.h"

#include <QByteArray>
#include <QStringList>

/**
 * Compares two versions of a prompt for a side-by-side view: a Myers line diff, then a word diff
 * inside each changed pair of lines; lines that differ only in whitespace are marked as such.
 * Content that is not valid UTF-8 is decoded with replacement characters and flagged. Pure.
 */
class PromptDiff
{
public:
    static constexpr int MAX_LINES = 20000;       ///< per side; beyond it the rest is one changed block
    static constexpr int MAX_LINE_CHARS = 4000;   ///< longer lines get no word diff (the whole line is marked)

    static PromptDiffResult compare(const QByteArray &left, const QByteArray &right);

    /** Decodes bytes as UTF-8; lossy is set when something had to be replaced. */
    static QString decode(const QByteArray &bytes, bool *lossy);
    /** Lines of text without their terminators (a final newline adds no empty line). */
    static QStringList splitLines(const QString &text);
    /** True when a and b differ only in whitespace (amount, kind, or at the ends). */
    static bool sameIgnoringWhitespace(QStringView a, QStringView b);
    /** Indices pairs (i, j) of a longest common subsequence (Myers O(ND)). */
    static QList<std::pair<int, int>> commonSubsequence(const QStringList &a, const QStringList &b);
    /** Words and whitespace runs of a line, as (start, length) ranges. */
    static QList<PromptDiffRow::Range> tokens(QStringView line);
};
