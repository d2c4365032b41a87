// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "itemmodels/DashboardModel.h"

#include <QList>
#include <QPointF>
#include <QStringList>

#include <QtCharts/QChartView>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QLineSeries;
class QValueAxis;

/**
 * Spend of the current month: one bar per day (left axis), the running total against the monthly
 * budget with its alert levels (right axis), the month-end projection as a dashed line from today,
 * and a marker at each release day. Shows the values DashboardModel computed; tooltips give
 * exact amounts.
 */
class SpendChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpendChartView)

public:
    explicit SpendChartView(QWidget *parent = nullptr);
    ~SpendChartView() override;

    void setData(const DashboardModel::SpendSeries &spend, const QList<DashboardModel::ReleaseMarker> &releases);

    // What is drawn, for tests and accessibility.
    int barCount() const;
    QList<double> barValues() const;
    QList<QPointF> cumulativePoints() const;
    /** Horizontal lines: the budget and each alert level, as (label, USD). */
    QList<std::pair<QString, double>> budgetLines() const;
    QList<QPointF> projectionPoints() const;
    int releaseMarkerCount() const;
    std::pair<double, double> totalAxisRange() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();
    void clearSeries();

    QBarCategoryAxis *m_dayAxis;
    QValueAxis *m_dayLabelAxis; ///< day numbers under the bars (x = day of the month)
    QValueAxis *m_dailyAxis;
    QValueAxis *m_totalAxis;
    QBarSeries *m_bars = nullptr;
    QBarSet *m_barSet = nullptr;
    QLineSeries *m_cumulative = nullptr;
    QLineSeries *m_projection = nullptr;
    QList<std::pair<QLineSeries *, double>> m_budgetLines; ///< with the percent (100 for the budget)
    QList<QLineSeries *> m_markers;
    DashboardModel::SpendSeries m_spend;
};
