// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ItemState.h"
#include "review/ReviewSample.h"

/**
 * What h24.review-sample says of a review sample. The checklist's rule: it passes when a reviewer
 * marked every call of the sample. A sample with calls marked bad still passes that rule but
 * warns, naming them (a warning never blocks; the bad answers deserve a look before the week-1
 * items). Until every call is marked the item stays as it is: a half-done review proves nothing.
 */
namespace ReviewOutcome {
inline constexpr char ITEM[] = "h24.review-sample";
/** Default sample size of the checklist ("default 20"). */
inline constexpr int DEFAULT_SIZE = 20;

/** The item's state for a complete sample (pass or warn), with the marks as its evidence. */
ItemState stateFor(const ReviewSample &sample, const QString &reviewer, const QDateTime &at);
/** One line on where the review stands: "12 of 20 calls reviewed (2 bad)". */
QString progress(const ReviewSample &sample);
} // namespace ReviewOutcome
