// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CostLedger.h"

#include "store/ChecklistRepository.h"
#include "store/CostRepository.h"
#include "store/Database.h"

using namespace Qt::StringLiterals;

namespace CostLedger {

namespace {
// Reads the projection and release time into `reading`; false (with the error set) on failure.
bool readDeployment(Database &database, qint64 deploymentId, Reading *reading)
{
    CostRepository costs(database);
    std::optional<CostRepository::Projection> projection;
    if (StoreError e = costs.projection(deploymentId, &projection); e.isError()) {
        reading->error = e.message;
        return false;
    }
    if (projection) {
        reading->projectedAt = projection->madeAt;
        reading->projectedNanoUsd = projection->projectedNanoUsd;
    }
    ChecklistRepository checklist(database);
    DeploymentRecord deployment;
    if (StoreError e = checklist.deployment(deploymentId, &deployment); e.isError()) {
        reading->error = e.message;
        return false;
    }
    if (deployment.isReleased())
        reading->releasedAt = deployment.released;
    return true;
}

bool storeMarks(Database &database, const CostSnapshot &snapshot, const QDate &from, const QDateTime &now,
                Reading *reading)
{
    if (snapshot.historyKey.isEmpty())
        return true;
    CostRepository costs(database);
    if (StoreError e = costs.recordCounterMarks(snapshot.historyKey, snapshot.counterAtDayStartNanoUsd, now);
        e.isError()) {
        reading->error = e.message;
        return false;
    }
    if (StoreError e = costs.counterMarks(snapshot.historyKey, from, &reading->marks); e.isError()) {
        reading->error = e.message;
        return false;
    }
    return true;
}

bool recordProjection(Database &database, qint64 deploymentId, const CostSnapshot &snapshot, const QDateTime &madeAt,
                      qint64 projectedNanoUsd, Reading *reading)
{
    CostRepository costs(database);
    const CostRepository::Projection projection {deploymentId, madeAt, projectedNanoUsd, snapshot.monthToDateNanoUsd,
                                                 snapshot.source};
    CostRepository::Projection stored;
    if (StoreError e = costs.recordProjectionOnce(projection, &stored); e.isError()) {
        reading->error = e.message;
        return false;
    }
    reading->projectedAt = stored.madeAt;
    reading->projectedNanoUsd = stored.projectedNanoUsd;
    return true;
}
} // namespace

Reading read(const QString &storePath, qint64 deploymentId)
{
    Reading reading;
    Database database;
    if (StoreError e = database.open(storePath); e.isError()) {
        reading.error = e.message;
        return reading;
    }
    readDeployment(database, deploymentId, &reading);
    return reading;
}

Reading afterFetch(const QString &storePath, qint64 deploymentId, const CostSnapshot &snapshot, const QDate &marksFrom,
                   const QDateTime &now, std::optional<qint64> projectIfMissing)
{
    Reading reading;
    Database database;
    if (StoreError e = database.open(storePath); e.isError()) {
        reading.error = e.message;
        return reading;
    }
    if (!storeMarks(database, snapshot, marksFrom, now, &reading))
        return reading;
    if (!readDeployment(database, deploymentId, &reading))
        return reading;
    if (projectIfMissing && reading.releasedAt && !reading.projectedAt) {
        if (!recordProjection(database, deploymentId, snapshot, now, *projectIfMissing, &reading))
            return reading;
        reading.notes.append(u"the month's projection was not made at release (%1): it was recorded now, at the "
                             u"first cost check after release"_s.arg(reading.releasedAt->toUTC().toString(Qt::ISODate)));
    }
    return reading;
}

Reading recordAtRelease(const QString &storePath, qint64 deploymentId, const CostSnapshot &snapshot,
                        const QDateTime &releasedAt, qint64 projectedNanoUsd)
{
    Reading reading;
    Database database;
    if (StoreError e = database.open(storePath); e.isError()) {
        reading.error = e.message;
        return reading;
    }
    if (!storeMarks(database, snapshot, snapshot.firstMark(), releasedAt, &reading))
        return reading;
    if (!recordProjection(database, deploymentId, snapshot, releasedAt, projectedNanoUsd, &reading))
        return reading;
    reading.releasedAt = releasedAt;
    return reading;
}

} // namespace CostLedger
