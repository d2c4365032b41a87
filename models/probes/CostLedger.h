// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSnapshot.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <optional>

/**
 * What the cost work keeps in the store, each call on its own connection so it can run on a worker
 * thread: the release-time projection of a deployment and the day-start readings of counters
 * without per-day history (OpenRouter). Blocking; never call it on the GUI thread.
 */
namespace CostLedger {

/** A deployment's projection and release time as the store has them. */
struct Reading
{
    std::optional<QDateTime> projectedAt;
    std::optional<qint64> projectedNanoUsd;
    std::optional<QDateTime> releasedAt;
    QMap<QDate, qint64> marks; ///< counter readings merged from the store (with the fresh ones)
    QStringList notes;         ///< what the store work did or could not do, as evidence
    QString error;
};

/** The projection and release time of a deployment. */
Reading read(const QString &storePath, qint64 deploymentId);

/**
 * After a fetch: stores the snapshot's counter readings and returns every reading of that counter
 * from `marksFrom` on; when `projectIfMissing` is set and the deployment has none yet, records
 * `projectedNanoUsd` as its projection made at `now` (the fallback when the reading at release
 * failed). The returned projection is the stored one either way.
 */
Reading afterFetch(const QString &storePath, qint64 deploymentId, const CostSnapshot &snapshot, const QDate &marksFrom,
                   const QDateTime &now, std::optional<qint64> projectIfMissing);

/**
 * At release: stores `projectedNanoUsd` (made at `releasedAt` from `snapshot`) as the deployment's
 * projection unless one exists, and the snapshot's counter readings.
 */
Reading recordAtRelease(const QString &storePath, qint64 deploymentId, const CostSnapshot &snapshot,
                        const QDateTime &releasedAt, qint64 projectedNanoUsd);

} // namespace CostLedger
