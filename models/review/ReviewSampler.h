// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewCall.h"

#include <QList>
#include <QRandomGenerator64>

/**
 * Draws a uniform random sample of a fixed size from calls offered one at a time (reservoir
 * sampling, algorithm R), in one pass and constant memory, whatever the log's length. The same
 * seed and the same calls in the same order give the same sample, so a recorded seed lets anyone
 * check which calls a reviewer was shown.
 */
class ReviewSampler
{
public:
    ReviewSampler(int size, quint64 seed);

    void offer(ReviewCall call);
    /** The sample in call-time order (calls without a time last), numbered from 1. */
    QList<ReviewCall> take();
    qint64 offered() const { return m_offered; }

private:
    int m_size;
    QRandomGenerator64 m_random;
    QList<ReviewCall> m_kept;
    qint64 m_offered = 0;
};
