// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/DashboardModel.h"

#include "analysis/Lttb.h"
#include "sources/CallSourceFetcher.h"
#include "sources/PriceTable.h"

#include <QDateTime>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 HOUR_MS = CallSeriesAccumulator::HOUR_MS;
constexpr qint64 DAY_MS = 24 * HOUR_MS;

qint64 rangeLengthMs(DashboardModel::Range range)
{
    switch (range) {
    case DashboardModel::Range::Day:
        return DAY_MS;
    case DashboardModel::Range::Week:
        return 7 * DAY_MS;
    case DashboardModel::Range::Month:
        break;
    }
    return DashboardModel::HISTORY_DAYS * DAY_MS;
}

qint64 startOfMonthMs(const QDateTime &now)
{
    const QDate today = now.toUTC().date();
    return QDateTime(QDate(today.year(), today.month(), 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}
} // namespace

DashboardModel::DashboardModel(QNetworkAccessManager *nam, ProjectConfig project, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_project(std::move(project))
{
    connect(&m_watcher, &QFutureWatcher<Snapshot>::finished, this, &DashboardModel::handleAggregated);
}

DashboardModel::~DashboardModel() = default;

QDateTime DashboardModel::now() const
{
    return m_now.isValid() ? m_now.toUTC() : QDateTime::currentDateTimeUtc();
}

QString DashboardModel::rangeLabel(Range range)
{
    switch (range) {
    case Range::Day:
        return u"24 h"_s;
    case Range::Week:
        return u"7 d"_s;
    case Range::Month:
        break;
    }
    return u"30 d"_s;
}

void DashboardModel::load()
{
    if (m_loading)
        return;
    m_error.clear();
    if (m_project.sources.calls.isEmpty()) {
        m_error = tr("No call source configured: add sources.calls to liftoff.yaml to see charts.");
        emit changed();
        return;
    }
    m_loading = true;
    emit loadingChanged(true);
    m_loadNowMs = now().toMSecsSinceEpoch();
    delete m_fetcher;
    m_fetcher = new CallSourceFetcher(m_nam, this);
    connect(m_fetcher, &CallSourceFetcher::finished, this, &DashboardModel::handleFetched);
    const qint64 from = std::min(m_loadNowMs - HISTORY_DAYS * DAY_MS, startOfMonthMs(now()));
    m_fetcher->fetch(m_project.sources.calls, m_project.configDir, from);
}

void DashboardModel::handleFetched(const QList<CallSourceInput> &inputs)
{
    const qint64 nowMs = m_loadNowMs;
    auto prices = std::make_shared<const PriceTable>(PriceTable::builtIn().withOverrides(m_project.prices));
    // Parsing and bucketing a month of calls is CPU work: off the GUI thread.
    m_watcher.setFuture(QtConcurrent::run(&DashboardModel::aggregate, inputs, nowMs, prices));
}

DashboardModel::Snapshot DashboardModel::aggregate(const QList<CallSourceInput> &inputs, qint64 nowMs,
                                                   std::shared_ptr<const PriceTable> prices)
{
    Snapshot snapshot;
    CallSeriesAccumulator series;
    const qint64 from = std::min(nowMs - HISTORY_DAYS * DAY_MS,
                                 startOfMonthMs(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)));
    series.setWindow(from, nowMs);
    for (const CallSourceInput &input : inputs) {
        const CallLogReadResult result = input.read(series, prices.get());
        if (!result.ok() && snapshot.error.isEmpty())
            snapshot.error = result.errorString;
    }
    const QMap<QDate, qint64> cost = series.dailyCostNanoUsd();
    for (auto it = cost.begin(); it != cost.end(); ++it)
        snapshot.dailyCostUsd.insert(it.key(), double(it.value()) / 1e9);
    for (const Range range : {Range::Day, Range::Week, Range::Month}) {
        RangeData data;
        data.toMs = nowMs;
        data.fromMs = nowMs - rangeLengthMs(range);
        data.bucketMs = HOUR_MS;
        const QList<CallSeriesAccumulator::Bucket> buckets = series.buckets(data.fromMs, data.toMs, data.bucketMs);
        TimeSeries p50 {u"P50"_s, {}};
        TimeSeries p95 {u"P95"_s, {}};
        TimeSeries p99 {u"P99"_s, {}};
        data.errorRate.name = u"Error rate"_s;
        for (const CallSeriesAccumulator::Bucket &b : buckets) {
            data.calls += b.calls;
            if (b.calls == 0)
                continue;
            const double x = double(b.startMs + data.bucketMs / 2);
            if (b.p50Ms) {
                p50.points.append({x, double(*b.p50Ms)});
                p95.points.append({x, double(*b.p95Ms)});
                p99.points.append({x, double(*b.p99Ms)});
            }
            data.errorRate.points.append({x, b.errorRate() * 100.0});
        }
        for (TimeSeries *s : {&p50, &p95, &p99})
            s->points = Lttb::downsample(s->points, MAX_POINTS);
        data.errorRate.points = Lttb::downsample(data.errorRate.points, MAX_POINTS);
        data.latency = {p50, p95, p99};
        data.models = series.byModel(data.fromMs, data.toMs);
        snapshot.ranges.append(data);
    }
    return snapshot;
}

void DashboardModel::handleAggregated()
{
    m_snapshot = m_watcher.result();
    m_error = m_snapshot.error;
    m_loading = false;
    emit loadingChanged(false);
    emit changed();
}

void DashboardModel::setRange(Range range)
{
    if (range == m_range)
        return;
    m_range = range;
    emit changed();
}

void DashboardModel::setReleases(const QList<ReleaseMarker> &releases)
{
    m_releases = releases;
    emit changed();
}

QList<DashboardModel::ReleaseMarker> DashboardModel::releasesFrom(const QList<DeploymentRecord> &deployments)
{
    QList<ReleaseMarker> markers;
    for (const DeploymentRecord &d : deployments) {
        if (!d.isReleased())
            continue;
        markers.append({d.released.toMSecsSinceEpoch(), d.version.isEmpty() ? d.name : d.version});
    }
    std::sort(markers.begin(), markers.end(), [](const ReleaseMarker &a, const ReleaseMarker &b) { return a.timeMs < b.timeMs; });
    return markers;
}

void DashboardModel::setDailyCost(const QMap<QDate, double> &usdPerDay, const QString &source)
{
    m_pluggedCost = usdPerDay;
    m_pluggedSource = source;
    emit changed();
}

qint64 DashboardModel::fromMs() const
{
    const qsizetype i = qsizetype(m_range);
    return i < m_snapshot.ranges.size() ? m_snapshot.ranges.at(i).fromMs : now().toMSecsSinceEpoch() - rangeLengthMs(m_range);
}

qint64 DashboardModel::toMs() const
{
    const qsizetype i = qsizetype(m_range);
    return i < m_snapshot.ranges.size() ? m_snapshot.ranges.at(i).toMs : now().toMSecsSinceEpoch();
}

qint64 DashboardModel::bucketMs() const
{
    return HOUR_MS;
}

qint64 DashboardModel::calls() const
{
    const qsizetype i = qsizetype(m_range);
    return i < m_snapshot.ranges.size() ? m_snapshot.ranges.at(i).calls : 0;
}

QList<DashboardModel::TimeSeries> DashboardModel::latencySeries() const
{
    const qsizetype i = qsizetype(m_range);
    return i < m_snapshot.ranges.size() ? m_snapshot.ranges.at(i).latency : QList<TimeSeries> {};
}

DashboardModel::TimeSeries DashboardModel::errorRateSeries() const
{
    const qsizetype i = qsizetype(m_range);
    return i < m_snapshot.ranges.size() ? m_snapshot.ranges.at(i).errorRate : TimeSeries {u"Error rate"_s, {}};
}

QList<CallSeriesAccumulator::ModelUsage> DashboardModel::modelUsage() const
{
    const qsizetype i = qsizetype(m_range);
    return i < m_snapshot.ranges.size() ? m_snapshot.ranges.at(i).models : QList<CallSeriesAccumulator::ModelUsage> {};
}

double DashboardModel::projectMonthEnd(double monthToDateUsd, const QDateTime &now)
{
    const QDateTime utc = now.toUTC();
    const qint64 elapsed = utc.toMSecsSinceEpoch() - startOfMonthMs(utc);
    const qint64 month = qint64(utc.date().daysInMonth()) * DAY_MS;
    // Less than an hour into the month says nothing about the rate.
    if (elapsed < HOUR_MS)
        return monthToDateUsd;
    return monthToDateUsd * double(month) / double(elapsed);
}

DashboardModel::SpendSeries DashboardModel::spend() const
{
    SpendSeries s;
    const QDateTime current = now();
    const QDate today = current.date();
    const QMap<QDate, double> &daily = m_pluggedSource.isEmpty() ? m_snapshot.dailyCostUsd : m_pluggedCost;
    s.source = m_pluggedSource.isEmpty() ? tr("call log") : m_pluggedSource;
    if (m_project.budget) {
        s.budgetUsd = m_project.budget->monthlyUsd;
        s.alertPercents = m_project.budget->alertPercents;
    }
    double total = 0;
    for (QDate day(today.year(), today.month(), 1); day.month() == today.month(); day = day.addDays(1)) {
        const double usd = day <= today ? daily.value(day, 0.0) : 0.0;
        s.days.append(day);
        s.dailyUsd.append(usd);
        if (day <= today) {
            total += usd;
            s.cumulativeUsd.append(total);
        }
        if (day == today)
            s.todayIndex = int(s.days.size() - 1);
    }
    s.projectedMonthUsd = projectMonthEnd(total, current);
    return s;
}
