// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/CostLedger.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <memory>

class CostSource;
class QNetworkAccessManager;
struct ProjectConfig;

/**
 * The month-end projection made when a deployment is released (issue: "the projection made at
 * release time is stored so that w1.cost-projection compares it with what happened"): reads the
 * project's cost source once, projects the month from its run rate, and stores the projection for
 * the deployment with the release time (unless one exists). Used by `liftoff deploy release` and
 * the GUI's Release action. Store work runs on a worker thread; the whole run has a deadline.
 * When the reading fails, the first cost check after release records the projection instead.
 */
class ReleaseCostProjection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseCostProjection)

public:
    static constexpr int DEFAULT_DEADLINE_MS = 60000;

    struct Outcome
    {
        bool recorded = false; ///< a projection is stored for the deployment (now or before)
        bool skipped = false;  ///< nothing to do: no cost source configured
        QString message;       ///< one line for a person; never holds a secret
    };

    explicit ReleaseCostProjection(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~ReleaseCostProjection() override;

    /** Starts the reading; finished() follows exactly once (also when there is nothing to do). */
    void run(const ProjectConfig &project, const QString &storePath, qint64 deploymentId, const QDateTime &releasedAt);
    void setDeadline(int milliseconds) { m_deadlineMs = milliseconds; }

signals:
    void finished(const ReleaseCostProjection::Outcome &outcome);

private:
    void handleFetched();
    void handleStored(const CostLedger::Reading &reading, qint64 projectedNanoUsd);
    void finishWith(const Outcome &outcome);
    void finishLater(const Outcome &outcome);

    QNetworkAccessManager *m_nam;
    std::unique_ptr<CostSource> m_source;
    QTimer m_deadline;
    int m_deadlineMs = DEFAULT_DEADLINE_MS;
    QString m_storePath;
    qint64 m_deploymentId = 0;
    QDateTime m_releasedAt;
    bool m_running = false;
    bool m_timedOut = false;
};

Q_DECLARE_METATYPE(ReleaseCostProjection::Outcome)
