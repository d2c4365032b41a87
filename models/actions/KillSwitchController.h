// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"
#include "store/RollbackRecords.h"
#include "store/StoreError.h"

#include <QObject>
#include <QSet>

#include <memory>

class FlagSwitch;
class NotificationSender;
class QNetworkAccessManager;
class RollbackStore;
struct NotificationResult;

/**
 * The AI kill switch as a person uses it (GUI and `liftoff flag`): reads the configured flag, and
 * flips it with a reason, then records the flip with its audit event and tells the rollback's
 * notify channels (every channel under `notify` when the rollback names none). A failed flip is
 * recorded and audited too.
 */
class KillSwitchController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KillSwitchController)

public:
    /** environment picks the Unleash environment (the deployment's Liftoff environment). */
    KillSwitchController(RollbackStore *store, QNetworkAccessManager *nam, ProjectConfig project,
                         QString environment, QObject *parent = nullptr);
    ~KillSwitchController() override;

    bool isConfigured() const { return m_project.flags.has_value(); }
    QString flag() const;
    QString sourceName() const;
    bool isBusy() const { return m_busy; }

    void read();
    /** Sets the flag to value; auditDeploymentId is the deployment the audit event belongs to. */
    void flip(bool value, const QString &reason, const QString &who, qint64 auditDeploymentId);

signals:
    void valueRead(bool value);
    void readFailed(const QString &error);
    /** The flip is done and recorded (flip.outcome is "flipped" or "failed"). */
    void flipFinished(const FlagFlipRecord &flip);
    void storeFailed(const StoreError &error);

private:
    void handleWritten(bool value);
    void handleFailed(const QString &error);
    void record();
    void handleNotificationFinished(quint64 ticket, const NotificationResult &result);
    void done();

    RollbackStore *m_store;
    ProjectConfig m_project;
    std::unique_ptr<FlagSwitch> m_switch;
    std::unique_ptr<NotificationSender> m_sender;
    bool m_busy = false;
    bool m_flipping = false;
    bool m_reading = false;
    FlagFlipRecord m_flip;
    qint64 m_auditDeploymentId = 0;
    QSet<quint64> m_pending;
};
