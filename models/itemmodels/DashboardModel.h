// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/CallSeriesAccumulator.h"
#include "config/ProjectConfig.h"
#include "sources/CallSourceInput.h"
#include "store/StoreRecords.h"

#include <QDate>
#include <QFutureWatcher>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointF>
#include <QString>

#include <memory>
#include <optional>

class PriceTable;

class CallSourceFetcher;
class QNetworkAccessManager;

/**
 * The data behind the Dashboard tab, as plain values the charts draw: spend per day of the month
 * against the budget (alert levels, month-end projection), latency P50/P95/P99, error rate, and
 * tokens and cost by model over the selected range, plus release markers.
 *
 * load() fetches the project's call sources (CallSourceFetcher) for the last 30 days and
 * aggregates them on a worker thread (QtConcurrent); the GUI thread only picks the range. Long
 * series are cut to MAX_POINTS with LTTB. The spend series comes from the call log's cost per day
 * until a cost source is plugged in with setDailyCost().
 */
class DashboardModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardModel)

public:
    enum class Range { Day, Week, Month };
    static constexpr qsizetype MAX_POINTS = 240;
    static constexpr qint64 HISTORY_DAYS = 30;

    /** A vertical line on the time charts: a deployment's release. */
    struct ReleaseMarker
    {
        qint64 timeMs = 0;
        QString label;
    };
    /** The spend chart: one entry per day of the current month (UTC). */
    struct SpendSeries
    {
        QList<QDate> days;                ///< every day of the month
        QList<double> dailyUsd;           ///< per day; days after today are 0
        QList<double> cumulativeUsd;      ///< running total up to today (shorter than days)
        std::optional<double> budgetUsd;  ///< budget.monthly_usd
        QList<double> alertPercents;      ///< budget.alerts, e.g. 50 75 90
        double projectedMonthUsd = 0;     ///< month-end projection at the month-to-date rate
        int todayIndex = -1;              ///< index of today in days
        QString source;                   ///< "call log" or the plugged-in cost source
    };
    /** A time series, x in ms since the epoch (UTC). */
    struct TimeSeries
    {
        QString name;
        QList<QPointF> points;
    };

    DashboardModel(QNetworkAccessManager *nam, ProjectConfig project, QObject *parent = nullptr);
    ~DashboardModel() override;

    /** (Re)loads the call sources; loadingChanged and then changed follow. */
    void load();
    bool isLoading() const { return m_loading; }
    /** Why nothing can be shown ("no call source configured", a fetch error), or "". */
    QString errorString() const { return m_error; }

    Range range() const { return m_range; }
    void setRange(Range range);
    static QString rangeLabel(Range range);

    void setReleases(const QList<ReleaseMarker> &releases);
    /** One marker per released deployment, at its release time, labelled with its version. */
    static QList<ReleaseMarker> releasesFrom(const QList<DeploymentRecord> &deployments);
    QList<ReleaseMarker> releases() const { return m_releases; }
    /** Replaces the call log's cost per day (a cost adapter's series), labelled @p source. */
    void setDailyCost(const QMap<QDate, double> &usdPerDay, const QString &source);
    /** Shows @p now instead of the clock's time (tests, screenshots); invalid: the clock. */
    void setNow(const QDateTime &now) { m_now = now; }

    /** [from, to) of the selected range, ms since the epoch. */
    qint64 fromMs() const;
    qint64 toMs() const;
    qint64 bucketMs() const;
    qint64 calls() const;
    QList<TimeSeries> latencySeries() const;  ///< P50, P95, P99 in ms
    TimeSeries errorRateSeries() const;       ///< percent
    QList<CallSeriesAccumulator::ModelUsage> modelUsage() const;
    SpendSeries spend() const;

    /** The month-end projection of a month-to-date spend (pure; also the cost probe's rule). */
    static double projectMonthEnd(double monthToDateUsd, const QDateTime &now);

signals:
    void loadingChanged(bool loading);
    /** Data or range changed: redraw. */
    void changed();

private:
    struct RangeData
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        qint64 bucketMs = 0;
        qint64 calls = 0;
        QList<TimeSeries> latency;
        TimeSeries errorRate;
        QList<CallSeriesAccumulator::ModelUsage> models;
    };
    struct Snapshot
    {
        QList<RangeData> ranges;          ///< by Range
        QMap<QDate, double> dailyCostUsd; ///< from the call log
        QString error;
    };
    /** prices: the built-in table with the project's `prices:` over it. */
    static Snapshot aggregate(const QList<CallSourceInput> &inputs, qint64 nowMs,
                              std::shared_ptr<const PriceTable> prices);
    void handleFetched(const QList<CallSourceInput> &inputs);
    void handleAggregated();
    QDateTime now() const;

    QNetworkAccessManager *m_nam;
    ProjectConfig m_project;
    CallSourceFetcher *m_fetcher = nullptr;
    QFutureWatcher<Snapshot> m_watcher;
    Snapshot m_snapshot;
    QMap<QDate, double> m_pluggedCost;
    QString m_pluggedSource;
    QList<ReleaseMarker> m_releases;
    Range m_range = Range::Week;
    QDateTime m_now;
    qint64 m_loadNowMs = 0;
    QString m_error;
    bool m_loading = false;
};
