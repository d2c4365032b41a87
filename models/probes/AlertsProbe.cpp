// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/AlertsProbe.h"

#include "actions/NotificationSender.h"
#include "config/ProjectConfig.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
const QString BUDGET_ITEM = u"cost.budget-alerts"_s;
const QList<double> REQUIRED_THRESHOLDS {50, 75, 90};

QString channelLabel(const NotificationResult &r)
{
    return u"%1 (%2)"_s.arg(r.channel, NotificationSender::kindName(r.kind));
}
} // namespace

AlertsProbe::AlertsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_context(std::move(context))
    , m_request(std::move(request))
    , m_sender(new NotificationSender(nam, this))
{
    connect(m_sender, &NotificationSender::finished, this, &AlertsProbe::handleSent);
}

AlertsProbe::~AlertsProbe() = default;

QString AlertsProbe::testTitle(const QString &project)
{
    return u"Liftoff test alert for %1 — no action needed"_s.arg(project.isEmpty() ? u"this project"_s : project);
}

AlertsProbe::Plan AlertsProbe::plan(const ProjectConfig *project, const ProbeRequest &request)
{
    Plan plan;
    if (!project) {
        plan.stopStatus = Status::Error;
        plan.stopReason = u"no project configuration was given to the alerts probe"_s;
        return plan;
    }
    QStringList names = request.spec.params.value(u"channels"_s).toStringList();
    if (request.itemId == BUDGET_ITEM) {
        QStringList missing;
        if (!project->budget) {
            missing.append(u"no `budget` section"_s);
        } else {
            if (!project->budget->monthlyUsd)
                missing.append(u"no `budget.monthly_usd`"_s);
            QStringList lacking;
            for (const double threshold : REQUIRED_THRESHOLDS) {
                if (!project->budget->alertPercents.contains(threshold))
                    lacking.append(QString::number(threshold));
            }
            if (!lacking.isEmpty())
                missing.append(u"`budget.alerts` lacks %1"_s.arg(lacking.join(u", "_s)));
            if (names.isEmpty())
                names = project->budget->notify;
        }
        if (!missing.isEmpty()) {
            plan.stopStatus = Status::Fail;
            plan.stopReason = u"budget alerts are not fully configured: %1 (add `budget: {monthly_usd: N, "
                              u"alerts: [50, 75, 90]}` to liftoff.yaml)"_s.arg(missing.join(u"; "_s));
            return plan;
        }
    }
    if (names.isEmpty()) {
        plan.channels = project->notifyChannels;
    } else {
        for (const QString &name : std::as_const(names)) {
            if (const NotifyChannelConfig *channel = project->notifyChannel(name)) {
                plan.channels.append(*channel);
            } else {
                plan.stopStatus = Status::Error;
                plan.stopReason = u"channel %1 is not configured under `notify`"_s.arg(name);
                return plan;
            }
        }
    }
    if (plan.channels.isEmpty()) {
        plan.stopStatus = Status::Fail;
        plan.stopReason = u"no alert channel is configured: add a Slack, Discord or webhook channel under `notify`"_s;
        return plan;
    }
    if (!request.spec.params.value(u"send_test"_s, true).toBool()) {
        QStringList channelNames;
        for (const NotifyChannelConfig &channel : std::as_const(plan.channels))
            channelNames.append(channel.name);
        plan.stopStatus = Status::NotReported;
        plan.stopReason = u"test alert not sent (send_test: false); configured channels: %1"_s.arg(
            channelNames.join(u", "_s));
    }
    return plan;
}

ProbeResult AlertsProbe::evaluate(const QList<NotificationResult> &results)
{
    ProbeResult result;
    QJsonArray channels;
    QStringList delivered;
    QStringList failed;
    for (const NotificationResult &r : results) {
        QJsonObject entry {{u"name"_s, r.channel},
                           {u"kind"_s, NotificationSender::kindName(r.kind)},
                           {u"delivered"_s, r.delivered()},
                           {u"latencyMs"_s, r.durationMs}};
        if (r.httpStatus > 0)
            entry.insert(u"status"_s, r.httpStatus);
        if (!r.error.isEmpty())
            entry.insert(u"error"_s, r.error);
        if (!r.answer.isEmpty())
            entry.insert(u"answer"_s, r.answer);
        channels.append(entry);
        if (r.delivered())
            delivered.append(u"%1 %2"_s.arg(channelLabel(r)).arg(r.httpStatus));
        else
            failed.append(u"%1: %2"_s.arg(channelLabel(r), r.error));
    }
    result.evidence = {{u"channels"_s, channels},
                       {u"sent"_s, static_cast<int>(results.size())},
                       {u"delivered"_s, static_cast<int>(delivered.size())}};
    if (results.isEmpty()) {
        result.status = Status::Fail;
        result.summary = u"no alert channel was tested"_s;
    } else if (failed.isEmpty()) {
        result.status = Status::Pass;
        result.summary = u"test alert delivered to %1 channel%2: %3"_s.arg(results.size())
                             .arg(results.size() == 1 ? QString() : u"s"_s, delivered.join(u", "_s));
    } else {
        result.status = Status::Fail;
        result.summary = u"test alert not delivered to %1; delivered to %2 of %3"_s.arg(failed.join(u"; "_s))
                             .arg(delivered.size())
                             .arg(results.size());
    }
    return result;
}

void AlertsProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    const Plan plan = AlertsProbe::plan(m_context.project.get(), m_request);
    if (plan.stopStatus) {
        ProbeResult r = ProbeResult::error(m_request.itemId, plan.stopReason);
        r.status = *plan.stopStatus;
        QMetaObject::invokeMethod(this, [this, r] { finishWith(r); }, Qt::QueuedConnection);
        return;
    }
    // Resolve every channel first: a missing secret stops the run before any channel is bothered.
    for (const NotifyChannelConfig &channel : plan.channels) {
        QString error;
        if (!NotificationSender::canResolve(channel, &error)) {
            const ProbeResult r = ProbeResult::error(m_request.itemId, error);
            QMetaObject::invokeMethod(this, [this, r] { finishWith(r); }, Qt::QueuedConnection);
            return;
        }
    }
    Notification notification;
    notification.project = m_context.project->name;
    notification.event = u"liftoff.test"_s;
    notification.title = testTitle(notification.project);
    if (!m_context.environment.isEmpty())
        notification.fields.append({u"Environment"_s, m_context.environment});
    if (!m_context.version.isEmpty())
        notification.fields.append({u"Version"_s, m_context.version});
    notification.fields.append({u"Checklist item"_s, m_request.itemId});
    notification.fields.append({u"Why"_s, u"Liftoff checks that this channel receives alerts."_s});
    for (const NotifyChannelConfig &channel : plan.channels) {
        m_order.append(channel.name);
        m_pending.insert(m_sender->send(channel, notification), channel.name);
    }
}

void AlertsProbe::cancel()
{
    if (m_finished)
        return;
    if (m_sender->isBusy()) {
        m_sender->cancelAll(); // each send finishes as cancelled
        return;
    }
    finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void AlertsProbe::handleSent(quint64 ticket, const NotificationResult &result)
{
    if (m_finished || !m_pending.remove(ticket))
        return;
    m_results.append(result);
    if (!m_pending.isEmpty())
        return;
    // Report channels in the order they were configured, not in the order they answered.
    std::stable_sort(m_results.begin(), m_results.end(), [this](const NotificationResult &a, const NotificationResult &b) {
        return m_order.indexOf(a.channel) < m_order.indexOf(b.channel);
    });
    ProbeResult r = evaluate(m_results);
    for (const NotificationResult &each : std::as_const(m_results)) {
        if (each.error == u"cancelled")
            r = ProbeResult::error(m_request.itemId, u"cancelled"_s);
        else if (each.outcome == NotificationResult::Outcome::SecretMissing)
            r = ProbeResult::error(m_request.itemId, each.error);
    }
    finishWith(r);
}

void AlertsProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    result.durationMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    emit finished(result);
}
