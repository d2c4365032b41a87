// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

/** A reviewer's word on one sampled call. */
enum class ReviewVerdict { Unmarked, Good, Bad };

namespace ReviewVerdictText {
QString toString(ReviewVerdict verdict);
/** "good"/"g" and "bad"/"b" (any case); std::nullopt for anything else. */
std::optional<ReviewVerdict> fromString(const QString &text);
} // namespace ReviewVerdictText

/**
 * One call of a review sample: where it came from, what was asked and answered (PII and keys
 * already masked, bounded), and the reviewer's mark once given.
 */
struct ReviewCall
{
    int position = 0;       ///< 1-based place in the sample, in call-time order
    QString ref;            ///< where the call is in its log: "file:line" or the source's id
    std::optional<qint64> timeMs;
    QString model;
    QString prompt;
    QString response;
    ReviewVerdict verdict = ReviewVerdict::Unmarked;
    QString note;
    QString markedBy;
    QDateTime markedAt;

    bool isMarked() const { return verdict != ReviewVerdict::Unmarked; }
};
