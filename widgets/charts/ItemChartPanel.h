// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>

class DashboardModel;
class ModelUsageChartView;
class QButtonGroup;
class QLabel;
class SpendChartView;
class TimeSeriesChartView;

/**
 * The chart that goes with a checklist item, in the item's detail panel: latency percentiles for
 * h24.latency, error rate for h24.error-rate, spend against the budget for the cost items, tokens
 * and cost by model for the token items. Draws the same DashboardModel as the Dashboard tab (so
 * both show the same range and data), says in a sentence why there is no chart when there is no
 * data, and hides itself for items without a chart.
 */
class ItemChartPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemChartPanel)

public:
    enum class Chart { None, Spend, Latency, ErrorRate, ModelUsage };
    /** Height below which the charts' axes, legend and plot no longer fit. */
    static constexpr int CHART_MIN_HEIGHT = 240;

    explicit ItemChartPanel(DashboardModel *model, QWidget *parent = nullptr);
    ~ItemChartPanel() override;

    /** The chart shown for @p itemId (None for most items). */
    static Chart chartFor(const QString &itemId);

    /** Shows the chart of @p itemId, or hides the panel when the item has none. */
    void setItem(const QString &itemId);
    Chart chart() const { return m_chart; }

    // The chart views, created when an item first needs them (nullptr before).
    SpendChartView *spendChart() const { return m_spend; }
    TimeSeriesChartView *latencyChart() const { return m_latency; }
    TimeSeriesChartView *errorRateChart() const { return m_errors; }
    ModelUsageChartView *modelChart() const { return m_models; }
    /** The view of the current chart, or nullptr. */
    QWidget *currentView() const;
    /** The sentence shown instead of the chart ("" when the chart is shown). */
    QString message() const;

private:
    void refresh();
    QWidget *ensureView(Chart chart);
    QString emptyReason() const;

    DashboardModel *m_model;
    Chart m_chart = Chart::None;
    QLabel *m_captionLabel;
    QWidget *m_rangeBox;
    QButtonGroup *m_rangeButtons;
    QLabel *m_messageLabel;
    SpendChartView *m_spend = nullptr;
    TimeSeriesChartView *m_latency = nullptr;
    TimeSeriesChartView *m_errors = nullptr;
    ModelUsageChartView *m_models = nullptr;
};
