// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ModelUsageChartView.h"

#include "charts/ChartStyle.h"

#include <QCursor>
#include <QEvent>
#include <QLocale>
#include <QToolTip>

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QStackedBarSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

ModelUsageChartView::ModelUsageChartView(QWidget *parent)
    : QChartView(parent)
    , m_modelAxis(new QBarCategoryAxis)
    , m_tokenAxis(new QValueAxis)
    , m_costAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Tokens and cost by model"));
    chart->addAxis(m_modelAxis, Qt::AlignBottom);
    chart->addAxis(m_tokenAxis, Qt::AlignLeft);
    chart->addAxis(m_costAxis, Qt::AlignRight);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_tokenAxis->setTitleText(tr("thousand tokens"));
    m_tokenAxis->setLabelFormat(u"%.0f"_s);
    m_costAxis->setTitleText(tr("USD"));
    m_costAxis->setLabelFormat(u"%.2f"_s);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    restyle();
}

ModelUsageChartView::~ModelUsageChartView() = default;

void ModelUsageChartView::setData(const QList<CallSeriesAccumulator::ModelUsage> &models)
{
    QChart *c = chart();
    c->removeAllSeries();
    m_models = models;
    QStringList names;
    m_input = new QBarSet(tr("Input tokens"));
    m_output = new QBarSet(tr("Output tokens"));
    m_cost = new QScatterSeries;
    m_cost->setName(tr("Cost"));
    double maxTokens = 0;
    double maxCost = 0;
    for (qsizetype i = 0; i < models.size(); ++i) {
        const auto &m = models.at(i);
        names.append(m.model);
        m_input->append(double(m.inputTokens) / 1000.0);
        m_output->append(double(m.outputTokens) / 1000.0);
        const double cost = double(m.costNanoUsd) / 1e9;
        m_cost->append(double(i), cost);
        maxTokens = std::max(maxTokens, double(m.inputTokens + m.outputTokens) / 1000.0);
        maxCost = std::max(maxCost, cost);
    }
    m_modelAxis->setCategories(names);
    auto *bars = new QStackedBarSeries;
    bars->append(m_input);
    bars->append(m_output);
    bars->setBarWidth(0.5);
    c->addSeries(bars);
    bars->attachAxis(m_modelAxis);
    bars->attachAxis(m_tokenAxis);
    c->addSeries(m_cost);
    m_cost->attachAxis(m_modelAxis);
    m_cost->attachAxis(m_costAxis);
    connect(bars, &QStackedBarSeries::hovered, this, [this](bool state, int index, QBarSet *) {
        if (state)
            showTip(index);
        else
            QToolTip::hideText();
    });
    connect(m_cost, &QScatterSeries::hovered, this, [this](const QPointF &point, bool state) {
        if (state)
            showTip(qRound(point.x()));
        else
            QToolTip::hideText();
    });
    m_tokenAxis->setRange(0, maxTokens > 0 ? maxTokens * 1.1 : 1.0);
    m_tokenAxis->applyNiceNumbers();
    m_costAxis->setRange(0, maxCost > 0 ? maxCost * 1.15 : 1.0);
    m_costAxis->applyNiceNumbers();
    restyle();
}

void ModelUsageChartView::showTip(int index)
{
    if (index < 0 || index >= m_models.size())
        return;
    const auto &m = m_models.at(index);
    const QLocale c = QLocale::c();
    QToolTip::showText(QCursor::pos(), tr("%1\n%2 calls\ninput %3 tokens, output %4 tokens\ncost $%5")
                                           .arg(m.model, c.toString(m.calls), c.toString(m.inputTokens),
                                                c.toString(m.outputTokens), c.toString(double(m.costNanoUsd) / 1e9, 'f', 4)));
}

void ModelUsageChartView::restyle()
{
    const QPalette pal = palette();
    ChartStyle::apply(chart(), pal);
    if (m_input) {
        m_input->setColor(ChartStyle::seriesColor(0, pal));
        m_input->setBorderColor(ChartStyle::seriesColor(0, pal));
        QColor output = ChartStyle::seriesColor(0, pal);
        output.setAlpha(110);
        m_output->setColor(output);
        m_output->setBorderColor(ChartStyle::seriesColor(0, pal));
    }
    if (m_cost) {
        // Points, not a line: the models are categories, nothing lies between them.
        m_cost->setColor(ChartStyle::seriesColor(1, pal));
        m_cost->setBorderColor(pal.color(QPalette::Base));
        m_cost->setMarkerSize(14);
    }
}

void ModelUsageChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

QStringList ModelUsageChartView::models() const
{
    return m_modelAxis->categories();
}

QList<double> ModelUsageChartView::inputTokensK() const
{
    QList<double> values;
    for (int i = 0; m_input && i < m_input->count(); ++i)
        values.append(m_input->at(i));
    return values;
}

QList<double> ModelUsageChartView::costUsd() const
{
    QList<double> values;
    if (m_cost) {
        const QList<QPointF> pts = m_cost->points();
        for (const QPointF &p : pts)
            values.append(p.y());
    }
    return values;
}
