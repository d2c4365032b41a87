// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/UptimeProbe.h"

#include "config/Duration.h"
#include "config/ProjectConfig.h"
#include "probes/ConditionEvaluator.h"
#include "probes/MapPlaceholderResolver.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
constexpr int MAX_LISTED_FAILURES = 5;

/** "23h 59m", "5m", "40s": for summaries, not exact. */
QString roughDuration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return u"%1s"_s.arg(s);
    if (s < 3600)
        return u"%1m"_s.arg(s / 60);
    if (s < 86400)
        return s % 3600 >= 60 ? u"%1h %2m"_s.arg(s / 3600).arg((s % 3600) / 60) : u"%1h"_s.arg(s / 3600);
    return u"%1d %2h"_s.arg(s / 86400).arg((s % 86400) / 3600);
}

QString percentText(double value)
{
    QString text = QString::number(value, 'f', 3);
    while (text.contains(u'.') && (text.endsWith(u'0') || text.endsWith(u'.')))
        text.chop(1);
    return text;
}
} // namespace

UptimeProbe::UptimeProbe(ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
}

ProbeResult UptimeProbe::evaluate(const QList<UptimeSample> &samples, qint64 windowMs, double targetPercent,
                                  const QDateTime &now, const QStringList &conditions)
{
    ProbeResult result;
    const QDateTime from = now.addMSecs(-windowMs);
    QList<UptimeSample> inWindow;
    for (const UptimeSample &sample : samples) {
        if (sample.at > from && sample.at <= now)
            inWindow.append(sample);
    }
    std::sort(inWindow.begin(), inWindow.end(), [](const UptimeSample &a, const UptimeSample &b) { return a.at < b.at; });
    const qsizetype total = inWindow.size();
    QJsonObject evidence {{u"windowMs"_s, windowMs}, {u"targetPercent"_s, targetPercent}, {u"samples"_s, total}};
    if (total == 0) {
        result.status = Status::NotReported;
        result.summary = u"no uptime samples yet; Liftoff polls while the GUI is open (or configure an external monitor)"_s;
        result.evidence = evidence;
        return result;
    }
    qsizetype up = 0;
    QJsonArray failures;
    QList<qint64> latencies;
    for (const UptimeSample &sample : std::as_const(inWindow)) {
        if (sample.ok)
            ++up;
        if (sample.latencyMs >= 0)
            latencies.append(sample.latencyMs);
    }
    for (qsizetype i = inWindow.size() - 1; i >= 0 && failures.size() < MAX_LISTED_FAILURES; --i) {
        const UptimeSample &sample = inWindow.at(i);
        if (!sample.ok)
            failures.append(QJsonObject {{u"at"_s, sample.at.toUTC().toString(Qt::ISODate)},
                                         {u"status"_s, sample.statusCode}});
    }
    const double percent = 100.0 * double(up) / double(total);
    const qint64 coveredMs = inWindow.first().at.msecsTo(now);
    const double coverage = windowMs > 0 ? double(coveredMs) / double(windowMs) : 1.0;
    evidence.insert(u"uptimePercent"_s, percent);
    evidence.insert(u"up"_s, up);
    evidence.insert(u"down"_s, total - up);
    evidence.insert(u"coveredMs"_s, coveredMs);
    evidence.insert(u"firstAt"_s, inWindow.first().at.toUTC().toString(Qt::ISODate));
    evidence.insert(u"lastAt"_s, inWindow.last().at.toUTC().toString(Qt::ISODate));
    if (!latencies.isEmpty()) {
        std::sort(latencies.begin(), latencies.end());
        evidence.insert(u"latencyP50Ms"_s, latencies.at(latencies.size() / 2));
        evidence.insert(u"latencyMaxMs"_s, latencies.last());
    }
    if (!failures.isEmpty())
        evidence.insert(u"recentFailures"_s, failures);
    result.evidence = evidence;

    const QStringList effective = conditions.isEmpty()
        ? QStringList {u"[UPTIME_PCT] >= %1"_s.arg(percentText(targetPercent))}
        : conditions;
    const MapPlaceholderResolver resolver({{u"UPTIME_PCT"_s, percent}, {u"SAMPLES"_s, static_cast<int>(total)}});
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    for (const ConditionOutcome &outcome : outcomes)
        result.conditions.append(outcome.toJson());

    QString summary = u"uptime %1 % over %2 samples in the last %3 (target %4 %)"_s.arg(percentText(percent))
                          .arg(total)
                          .arg(roughDuration(coveredMs), percentText(targetPercent));
    if (!ConditionEvaluator::allHold(outcomes)) {
        result.status = Status::Fail;
        QStringList failed;
        for (const ConditionOutcome &outcome : outcomes) {
            if (!outcome.ok)
                failed.append(u"%1 (actual %2)"_s.arg(outcome.expression, outcome.actual));
        }
        summary += u"; failed: "_s + failed.join(u"; "_s);
    } else if (coverage < MIN_COVERAGE) {
        result.status = Status::Warn;
        summary += u"; the samples cover only %1 of the %2 window"_s.arg(roughDuration(coveredMs),
                                                                        Duration {windowMs}.toString());
    } else {
        result.status = Status::Pass;
    }
    result.summary = summary;
    return result;
}

void UptimeProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    const QVariantMap &params = m_request.spec.params;
    const qint64 windowMs = qMax<qint64>(1000, params.value(u"window"_s, DEFAULT_WINDOW_MS).toLongLong());
    double target = DEFAULT_TARGET_PERCENT;
    if (params.contains(u"target"_s))
        target = params.value(u"target"_s).toDouble();
    else if (m_context.project)
        target = m_context.project->uptime.targetPercent;
    const QList<UptimeSample> samples = m_context.uptimeSamples ? m_context.uptimeSamples() : QList<UptimeSample> {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ProbeResult result = evaluate(samples, windowMs, target, now, m_request.conditions);
    result.startedAt = now;
    // Let the caller connect before the result arrives.
    QMetaObject::invokeMethod(this, [this, result] { finishWith(result); }, Qt::QueuedConnection);
}

void UptimeProbe::cancel()
{
    finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void UptimeProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.itemId = m_request.itemId;
    if (!result.startedAt.isValid())
        result.startedAt = QDateTime::currentDateTimeUtc();
    emit finished(result);
}
