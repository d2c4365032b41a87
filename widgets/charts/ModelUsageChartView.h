// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/CallSeriesAccumulator.h"

#include <QList>
#include <QStringList>

#include <QtCharts/QChartView>

class QBarCategoryAxis;
class QBarSet;
class QScatterSeries;
class QValueAxis;

/**
 * Tokens and cost by model over the selected range: stacked input and output token bars (left
 * axis, thousands) and the cost of each model as points (right axis, USD). Tooltips give exact
 * figures.
 */
class ModelUsageChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelUsageChartView)

public:
    explicit ModelUsageChartView(QWidget *parent = nullptr);
    ~ModelUsageChartView() override;

    void setData(const QList<CallSeriesAccumulator::ModelUsage> &models);

    // What is drawn, for tests and accessibility.
    QStringList models() const;
    QList<double> inputTokensK() const;
    QList<double> costUsd() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();
    void showTip(int index);

    QBarCategoryAxis *m_modelAxis;
    QValueAxis *m_tokenAxis;
    QValueAxis *m_costAxis;
    QBarSet *m_input = nullptr;
    QBarSet *m_output = nullptr;
    QScatterSeries *m_cost = nullptr;
    QList<CallSeriesAccumulator::ModelUsage> m_models;
};
