// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/Notification.h"
#include "actions/NotificationResult.h"
#include "config/BudgetConfig.h"
#include "config/NotifyChannelConfig.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

class NotificationSender;
class QNetworkAccessManager;

/**
 * The budget alert ladder (cost.budget-alerts): after a cost reading, each configured threshold
 * (percent of budget.monthly_usd, default 50/75/90) that the month's spend has reached fires once
 * per UTC calendar month and project. Fired thresholds are claimed in the store (budget_alerts,
 * UNIQUE per project, month and threshold) in one write transaction before anything is sent
 * (CostRepository::claimAlerts), so a restart, a re-run or a second Liftoff, also on another
 * machine sharing a PostgreSQL store, never sends one twice; a new month starts the ladder again. One message per
 * run names the highest threshold reached, the spend, the budget, the percentage and the
 * projection, and goes to every budget.notify channel through NotificationSender. The store is used from a worker thread with
 * its own connection; the caller's thread never runs SQL.
 */
class BudgetAlertLadder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetAlertLadder)

public:
    struct Input
    {
        QString storePath;
        qint64 deploymentId = 0; ///< the store finds the project through it
        QString projectName;
        BudgetConfig budget;
        QList<NotifyChannelConfig> channels; ///< budget.notify, resolved against `notify`
        qint64 spendNanoUsd = 0;             ///< month to date
        qint64 projectedNanoUsd = 0;
        QDateTime now;
    };

    struct Outcome
    {
        QList<double> fired;     ///< thresholds this run claimed (and sent)
        QList<double> earlier;   ///< thresholds of this month fired before
        QStringList deliveries;  ///< one line per channel
        QString error;           ///< store or configuration problem; nothing was sent
        /** One line for evidence. */
        QString note() const;
    };

    explicit BudgetAlertLadder(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~BudgetAlertLadder() override;

    /**
     * The thresholds to fire now: those reached by spend (spend ≥ threshold % of budget) that are
     * not in alreadyFired, ascending. Nothing without a positive budget. Pure.
     */
    static QList<double> thresholdsToFire(qint64 spendNanoUsd, qint64 budgetNanoUsd, const QList<double> &thresholds,
                                          const QList<double> &alreadyFired);
    /** "YYYY-MM" of now in UTC: the period a threshold fires once in. */
    static QString monthOf(const QDateTime &now);
    /** The alert (event "liftoff.budget"): a one-sentence title and the figures as fields. Pure. */
    static Notification notification(const QString &project, double threshold, qint64 spendNanoUsd,
                                     qint64 budgetNanoUsd, qint64 projectedNanoUsd, const QString &month);
    /** One evidence line for a channel's result ("ops: delivered (HTTP 200)"). Pure. */
    static QString deliveryLine(const NotificationResult &result);

    /** Claims and sends; finished() follows exactly once. */
    void run(const Input &input);
    bool isRunning() const { return m_running; }

signals:
    void finished(const BudgetAlertLadder::Outcome &outcome);

private:
    struct Claim
    {
        qint64 projectId = 0;
        QList<double> claimed;
        QList<double> earlier;
        QString error;
    };
    static Claim claim(const Input &input, qint64 budgetNanoUsd);
    static QString recordDeliveries(const QString &storePath, qint64 projectId, const QString &month,
                                    const QList<double> &thresholds, const QString &delivery);
    void handleSent(quint64 ticket, const NotificationResult &result);
    void finish(const Outcome &outcome);

    NotificationSender *m_sender;
    QList<quint64> m_tickets;
    QStringList m_lines;
    std::function<void(const QStringList &)> m_whenSent;
    bool m_running = false;
};
Q_DECLARE_METATYPE(BudgetAlertLadder::Outcome)
