// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptDiffRow.h"

/** A whole side-by-side diff: aligned rows plus how the two texts were decoded. */
struct PromptDiffResult
{
    QList<PromptDiffRow> rows;
    bool leftLossy = false;  ///< the left content was not valid UTF-8 (shown with U+FFFD)
    bool rightLossy = false;
    bool truncated = false;  ///< the inputs were longer than PromptDiff's bounds; the rest is one changed block
    int changedRows = 0;     ///< rows that are not Equal
    int whitespaceOnlyRows = 0;

    bool isIdentical() const { return changedRows == 0; }
};
