// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/BudgetAlertLadder.h"

#include "actions/NotificationSender.h"
#include "sources/UsdAmount.h"
#include "store/CostRepository.h"
#include "store/Database.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString usd(qint64 nanos)
{
    return u"$%1"_s.arg(UsdAmount::toDouble(nanos), 0, 'f', 2);
}

QString percent(double value)
{
    return QString::number(value, 'f', QLocale::FloatingPointShortest) + u" %"_s;
}

QString thresholdList(const QList<double> &thresholds)
{
    QStringList parts;
    for (double t : thresholds)
        parts.append(percent(t));
    return parts.join(u", "_s);
}
} // namespace

QString BudgetAlertLadder::Outcome::note() const
{
    if (!error.isEmpty())
        return u"budget alerts: %1"_s.arg(error);
    QString text = fired.isEmpty() ? u"budget alerts: none due"_s
                                   : u"budget alerts: fired %1"_s.arg(thresholdList(fired));
    if (!earlier.isEmpty())
        text += u"; already fired this month: %1"_s.arg(thresholdList(earlier));
    if (!deliveries.isEmpty())
        text += u"; "_s + deliveries.join(u"; "_s);
    return text;
}

BudgetAlertLadder::BudgetAlertLadder(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_sender(new NotificationSender(nam, this))
{
    connect(m_sender, &NotificationSender::finished, this, &BudgetAlertLadder::handleSent);
}

BudgetAlertLadder::~BudgetAlertLadder() = default;

QList<double> BudgetAlertLadder::thresholdsToFire(qint64 spendNanoUsd, qint64 budgetNanoUsd,
                                                  const QList<double> &thresholds, const QList<double> &alreadyFired)
{
    QList<double> due;
    if (budgetNanoUsd <= 0)
        return due;
    for (double threshold : thresholds) {
        if (threshold <= 0 || alreadyFired.contains(threshold) || due.contains(threshold))
            continue;
        // spend / budget ≥ threshold / 100, without dividing.
        if (static_cast<long double>(spendNanoUsd) * 100.0L >= static_cast<long double>(threshold) * budgetNanoUsd)
            due.append(threshold);
    }
    std::sort(due.begin(), due.end());
    return due;
}

QString BudgetAlertLadder::monthOf(const QDateTime &now)
{
    return now.toUTC().date().toString(u"yyyy-MM"_s);
}

Notification BudgetAlertLadder::notification(const QString &project, double threshold, qint64 spendNanoUsd,
                                             qint64 budgetNanoUsd, qint64 projectedNanoUsd, const QString &month)
{
    const double used = budgetNanoUsd > 0 ? UsdAmount::toDouble(spendNanoUsd) / UsdAmount::toDouble(budgetNanoUsd) * 100 : 0;
    Notification n;
    n.project = project;
    n.event = u"liftoff.budget"_s;
    n.title = u"Liftoff budget alert for %1: %2 of the %3 monthly budget reached in %4. Spent %5 (%6 %), "
              u"projected %7 by month end."_s
                  .arg(project, percent(threshold), usd(budgetNanoUsd), month, usd(spendNanoUsd),
                       QString::number(used, 'f', 1), usd(projectedNanoUsd));
    n.fields = {
        {u"Threshold"_s, percent(threshold)},
        {u"Spent this month"_s, usd(spendNanoUsd)},
        {u"Monthly budget"_s, usd(budgetNanoUsd)},
        {u"Budget used"_s, QString::number(used, 'f', 1) + u" %"_s},
        {u"Projected month end"_s, usd(projectedNanoUsd)},
        {u"Month"_s, month},
    };
    return n;
}

QString BudgetAlertLadder::deliveryLine(const NotificationResult &r)
{
    switch (r.outcome) {
    case NotificationResult::Outcome::Delivered:
        return u"%1: delivered (HTTP %2)"_s.arg(r.channel).arg(r.httpStatus);
    case NotificationResult::Outcome::Rejected:
        return u"%1: rejected (HTTP %2)"_s.arg(r.channel).arg(r.httpStatus);
    case NotificationResult::Outcome::Unreachable:
        return u"%1: unreachable (%2)"_s.arg(r.channel, r.error);
    case NotificationResult::Outcome::SecretMissing:
        return u"%1: not sent (%2)"_s.arg(r.channel, r.error);
    }
    return r.channel;
}

void BudgetAlertLadder::handleSent(quint64 ticket, const NotificationResult &result)
{
    if (!m_tickets.removeOne(ticket))
        return;
    m_lines.append(deliveryLine(result));
    if (m_tickets.isEmpty() && m_whenSent) {
        const auto whenSent = std::exchange(m_whenSent, {});
        whenSent(std::exchange(m_lines, {}));
    }
}

BudgetAlertLadder::Claim BudgetAlertLadder::claim(const Input &input, qint64 budgetNanoUsd)
{
    Claim result;
    Database database;
    if (StoreError e = database.open(input.storePath); e.isError()) {
        result.error = e.message;
        return result;
    }
    CostRepository repository(database);
    if (StoreError e = repository.projectOf(input.deploymentId, &result.projectId); e.isError()) {
        result.error = e.message;
        return result;
    }
    // Every threshold the spend reached is a candidate; the store claims those not fired this month
    // in one transaction, before anything is sent, so two consoles never both send one.
    const QString month = monthOf(input.now);
    QList<CostRepository::FiredAlert> candidates;
    for (double threshold : thresholdsToFire(input.spendNanoUsd, budgetNanoUsd, input.budget.alertPercents, {})) {
        CostRepository::FiredAlert alert;
        alert.projectId = result.projectId;
        alert.month = month;
        alert.threshold = threshold;
        alert.firedAt = input.now;
        alert.spendNanoUsd = input.spendNanoUsd;
        alert.budgetNanoUsd = budgetNanoUsd;
        candidates.append(alert);
    }
    if (StoreError e = repository.claimAlerts(result.projectId, month, candidates, &result.claimed, &result.earlier);
        e.isError()) {
        result.error = e.message;
        result.claimed.clear();
    }
    return result;
}

QString BudgetAlertLadder::recordDeliveries(const QString &storePath, qint64 projectId, const QString &month,
                                            const QList<double> &thresholds, const QString &delivery)
{
    Database database;
    if (StoreError e = database.open(storePath); e.isError())
        return e.message;
    CostRepository repository(database);
    for (double threshold : thresholds) {
        if (StoreError e = repository.setAlertDelivery(projectId, month, threshold, delivery); e.isError())
            return e.message;
    }
    return {};
}

void BudgetAlertLadder::run(const Input &input)
{
    if (m_running)
        return;
    m_running = true;
    const std::optional<qint64> budget = UsdAmount::fromDouble(input.budget.monthlyUsd.value_or(0));
    if (!budget || *budget <= 0) {
        finish({{}, {}, {}, u"no budget.monthly_usd configured"_s});
        return;
    }
    if (input.storePath.isEmpty() || input.deploymentId <= 0) {
        finish({{}, {}, {}, u"no store for this run, so alerts are not tracked"_s});
        return;
    }
    auto *watcher = new QFutureWatcher<Claim>(this);
    connect(watcher, &QFutureWatcher<Claim>::finished, this, [this, watcher, input, budget] {
        const Claim claimed = watcher->result();
        watcher->deleteLater();
        Outcome outcome;
        outcome.earlier = claimed.earlier;
        std::sort(outcome.earlier.begin(), outcome.earlier.end());
        if (!claimed.error.isEmpty()) {
            outcome.error = claimed.error;
            finish(outcome);
            return;
        }
        outcome.fired = claimed.claimed;
        if (outcome.fired.isEmpty()) {
            finish(outcome);
            return;
        }
        if (input.channels.isEmpty()) {
            outcome.deliveries.append(u"no budget.notify channel configured"_s);
            finish(outcome);
            return;
        }
        const QString month = monthOf(input.now);
        const Notification alert = notification(input.projectName, outcome.fired.constLast(), input.spendNanoUsd,
                                                *budget, input.projectedNanoUsd, month);
        m_whenSent = [this, outcome, claimed, input, month](const QStringList &lines) mutable {
            outcome.deliveries = lines;
            auto *recorder = new QFutureWatcher<QString>(this);
            connect(recorder, &QFutureWatcher<QString>::finished, this, [this, recorder, outcome]() mutable {
                const QString error = recorder->result();
                recorder->deleteLater();
                if (!error.isEmpty())
                    outcome.deliveries.append(u"could not note the delivery: %1"_s.arg(error));
                finish(outcome);
            });
            recorder->setFuture(QtConcurrent::run(&BudgetAlertLadder::recordDeliveries, input.storePath,
                                                  claimed.projectId, month, outcome.fired, lines.join(u"; "_s)));
        };
        m_lines.clear();
        for (const NotifyChannelConfig &channel : input.channels)
            m_tickets.append(m_sender->send(channel, alert));
    });
    watcher->setFuture(QtConcurrent::run(&BudgetAlertLadder::claim, input, *budget));
}

void BudgetAlertLadder::finish(const Outcome &outcome)
{
    // Always after run() returned, so the caller can connect first.
    QMetaObject::invokeMethod(this, [this, outcome] {
        m_running = false;
        emit finished(outcome);
    }, Qt::QueuedConnection);
}
