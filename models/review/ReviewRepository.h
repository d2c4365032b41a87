// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewSample.h"
#include "store/StoreError.h"

class Database;

/**
 * Review samples and their marks (schema v8: review_samples, review_calls). Synchronous: use it
 * on the store's worker thread or in the CLI. Every write is one transaction; each mark is also an
 * audit event of h24.review-sample, so the audit trail says who judged which call and when.
 */
class ReviewRepository
{
public:
    explicit ReviewRepository(Database &database);

    /** Stores a new sample and its calls; sets sample->id. */
    StoreError create(ReviewSample *sample);
    /** The newest sample of a deployment; *found is false when it has none. */
    StoreError latest(qint64 deploymentId, ReviewSample *out, bool *found);
    /** Marks one call (again, if it was marked: the audit keeps both). */
    StoreError mark(qint64 sampleId, int position, ReviewVerdict verdict, const QString &note, const QString &who,
                    const QDateTime &at);

private:
    StoreError load(qint64 sampleId, ReviewSample *out);
    Database &m_database;
};
