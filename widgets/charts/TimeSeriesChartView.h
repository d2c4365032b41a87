// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "itemmodels/DashboardModel.h"

#include <QList>
#include <QPointF>
#include <QStringList>

#include <QtCharts/QChartView>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

/**
 * A line chart over time (latency percentiles, error rate) with a dashed vertical marker at each
 * release, so before and after are visible. Shows the values it is given; hovering a point or a
 * marker shows its exact value in a tooltip.
 */
class TimeSeriesChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeSeriesChartView)

public:
    TimeSeriesChartView(const QString &title, const QString &unit, QWidget *parent = nullptr);
    ~TimeSeriesChartView() override;

    /** Replaces the lines (x in ms since the epoch) over [fromMs, toMs) and the release markers. */
    void setData(const QList<DashboardModel::TimeSeries> &lines, qint64 fromMs, qint64 toMs,
                 const QList<DashboardModel::ReleaseMarker> &releases);

    // What is drawn, for tests and accessibility.
    QStringList seriesNames() const;
    QList<QPointF> points(const QString &seriesName) const;
    int releaseMarkerCount() const;
    std::pair<qint64, qint64> timeRange() const;
    std::pair<double, double> valueRange() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();
    void showPointTip(const QString &series, const QPointF &point, bool state);

    QString m_unit;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    QList<QLineSeries *> m_lines;
    QList<QLineSeries *> m_markers;
};
