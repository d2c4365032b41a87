// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/NotificationResult.h"
#include "config/NotifyChannelConfig.h"
#include "probes/Probe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>

#include <optional>

class NotificationSender;
class QNetworkAccessManager;
struct ProjectConfig;

/**
 * The alerts probe (mon.error-alerting, and the channel part of cost.budget-alerts): sends one
 * clearly labelled test message to each configured notify channel (or the `channels` subset) and
 * passes when every channel answered 2xx. For cost.budget-alerts it first requires a monthly budget
 * with the 50/75/90 % thresholds. A channel whose secret reference cannot be resolved makes the run
 * an error before anything is sent.
 */
class AlertsProbe final : public Probe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsProbe)

public:
    /** What to do for a request: the channels to test, or why the run stops before sending. */
    struct Plan
    {
        QList<NotifyChannelConfig> channels;
        std::optional<Status> stopStatus; ///< set when nothing is to be sent
        QString stopReason;
    };

    AlertsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent = nullptr);
    ~AlertsProbe() override;

    void start() override;
    void cancel() override;

    /** "Liftoff test alert for <project> — no action needed". */
    static QString testTitle(const QString &project);
    /** The channels to test and the budget requirement of cost.budget-alerts. Pure. */
    static Plan plan(const ProjectConfig *project, const ProbeRequest &request);
    /** Pass when every channel got the test alert; fail naming each channel that did not. Pure. */
    static ProbeResult evaluate(const QList<NotificationResult> &results);

private:
    void handleSent(quint64 ticket, const NotificationResult &result);
    void finishWith(ProbeResult result);

    ProbeContext m_context;
    ProbeRequest m_request;
    NotificationSender *m_sender;
    QHash<quint64, QString> m_pending;
    QList<NotificationResult> m_results;
    QStringList m_order; ///< channel names as configured
    QElapsedTimer m_elapsed;
    QDateTime m_startedAt;
    bool m_started = false;
    bool m_finished = false;
};
