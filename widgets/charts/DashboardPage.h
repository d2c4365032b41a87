// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "itemmodels/DashboardModel.h"

#include <QWidget>

class ModelUsageChartView;
class QButtonGroup;
class QLabel;
class SpendChartView;
class TimeSeriesChartView;

/**
 * The Dashboard tab: spend against the budget, latency percentiles, error rate, and tokens and
 * cost by model, with a 24 h / 7 d / 30 d range selector. Shows a DashboardModel and forwards the
 * range choice and reload requests to it.
 */
class DashboardPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardPage)

public:
    explicit DashboardPage(DashboardModel *model, QWidget *parent = nullptr);
    ~DashboardPage() override;

    SpendChartView *spendChart() const { return m_spend; }
    TimeSeriesChartView *latencyChart() const { return m_latency; }
    TimeSeriesChartView *errorRateChart() const { return m_errors; }
    ModelUsageChartView *modelChart() const { return m_models; }

private:
    void refresh();
    void handleLoadingChanged(bool loading);

    DashboardModel *m_model;
    QButtonGroup *m_rangeButtons;
    QLabel *m_statusLabel;
    SpendChartView *m_spend;
    TimeSeriesChartView *m_latency;
    TimeSeriesChartView *m_errors;
    ModelUsageChartView *m_models;
};
