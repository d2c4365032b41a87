// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"

#include <QDateTime>
#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

class Database;

/**
 * The SQL of cost tracking (schema v3, v6): the month's projection recorded when a deployment is
 * released, the budget alerts already fired per project and calendar month, and the day-start
 * readings of counters without per-day history. Synchronous,
 * like ChecklistRepository; the cost probe uses it from a worker thread with its own connection.
 * Money is integer nano-USD.
 */
class CostRepository
{
public:
    struct Projection
    {
        qint64 deploymentId = 0;
        QDateTime madeAt;
        qint64 projectedNanoUsd = 0;
        qint64 monthToDateNanoUsd = 0;
        QString source;
    };

    struct FiredAlert
    {
        qint64 projectId = 0;
        QString month; ///< "YYYY-MM" (UTC)
        double threshold = 0;
        QDateTime firedAt;
        qint64 spendNanoUsd = 0;
        qint64 budgetNanoUsd = 0;
        QString delivery;
    };

    explicit CostRepository(Database &database);

    /**
     * Keeps the first projection of a deployment: inserts `projection` unless one exists, and
     * returns the stored one either way in `stored`. NotFound for an unknown deployment.
     */
    StoreError recordProjectionOnce(const Projection &projection, Projection *stored);
    /** The stored projection of a deployment; nullopt when none was made. */
    StoreError projection(qint64 deploymentId, std::optional<Projection> *out);
    /** The project a deployment belongs to. NotFound for an unknown deployment. */
    StoreError projectOf(qint64 deploymentId, qint64 *projectId);

    /**
     * Keeps day-start readings of a cost counter (CostSnapshot::counterAtDayStartNanoUsd) under
     * `counter` (a reference name, never a key); a newer reading of the same day replaces the old.
     */
    StoreError recordCounterMarks(const QString &counter, const QMap<QDate, qint64> &marks, const QDateTime &recorded);
    /** The readings of `counter` from day `from` on. */
    StoreError counterMarks(const QString &counter, const QDate &from, QMap<QDate, qint64> *out);

    /** The alerts fired for a project in a month ("YYYY-MM"), lowest threshold first. */
    StoreError firedAlerts(qint64 projectId, const QString &month, QList<FiredAlert> *out);
    /**
     * Claims a threshold for the month: true in `claimed` when this call recorded it, false when it
     * was already fired (by this or another process). The UNIQUE constraint makes it exactly once.
     */
    StoreError claimAlert(const FiredAlert &alert, bool *claimed);
    /**
     * One run of the ladder's claim, in one write transaction (the store-wide write lock on both
     * backends): reads the month's fired thresholds into `earlier`, then claims every candidate not
     * among them into `claimed`. Two consoles on one store that reach a threshold at once: one
     * claims it (and all others due with it), the other finds them fired; nothing is sent twice and
     * the message naming the highest threshold goes out once. Candidates share project and month.
     */
    StoreError claimAlerts(qint64 projectId, const QString &month, const QList<FiredAlert> &candidates,
                           QList<double> *claimed, QList<double> *earlier);
    /** Notes how sending a fired alert went ("delivered to release-room", errors). */
    StoreError setAlertDelivery(qint64 projectId, const QString &month, double threshold, const QString &delivery);

private:
    StoreError checkOpen() const;
    Database &m_database;
};
