// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/SpendChartView.h"

#include "charts/ChartStyle.h"

#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QLocale>
#include <QToolTip>

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString usd(double value)
{
    return u"$"_s + QLocale::c().toString(value, 'f', 2);
}

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    const QList<QLegendMarker *> markers = chart->legend()->markers(series);
    for (QLegendMarker *m : markers)
        m->setVisible(false);
}
} // namespace

SpendChartView::SpendChartView(QWidget *parent)
    : QChartView(parent)
    , m_dayAxis(new QBarCategoryAxis)
    , m_dayLabelAxis(new QValueAxis)
    , m_dailyAxis(new QValueAxis)
    , m_totalAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Spend this month"));
    chart->addAxis(m_dayAxis, Qt::AlignBottom);
    chart->addAxis(m_dayLabelAxis, Qt::AlignBottom);
    m_dayLabelAxis->setTickType(QValueAxis::TicksDynamic);
    m_dayLabelAxis->setTickAnchor(0);
    m_dayLabelAxis->setTickInterval(5);
    m_dayLabelAxis->setLabelFormat(u"%.0f"_s);
    m_dayLabelAxis->setGridLineVisible(false);
    chart->addAxis(m_dailyAxis, Qt::AlignLeft);
    chart->addAxis(m_totalAxis, Qt::AlignRight);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_dailyAxis->setTitleText(tr("USD per day"));
    m_dailyAxis->setLabelFormat(u"%.0f"_s);
    m_totalAxis->setTitleText(tr("USD month to date"));
    m_totalAxis->setLabelFormat(u"%.0f"_s);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    restyle();
}

SpendChartView::~SpendChartView() = default;

void SpendChartView::clearSeries()
{
    chart()->removeAllSeries(); // deletes them
    m_bars = nullptr;
    m_barSet = nullptr;
    m_cumulative = nullptr;
    m_projection = nullptr;
    m_budgetLines.clear();
    m_markers.clear();
}

void SpendChartView::setData(const DashboardModel::SpendSeries &spend, const QList<DashboardModel::ReleaseMarker> &releases)
{
    QChart *c = chart();
    clearSeries();
    m_spend = spend;
    const int n = int(spend.days.size());
    QStringList categories;
    for (const QDate &day : spend.days)
        categories.append(QString::number(day.day()));
    m_dayAxis->setCategories(categories);
    // 28 to 31 day numbers do not fit under the bars (Qt elides them to "..."): the category axis
    // stays hidden and a value axis over the same span labels every fifth day.
    m_dayAxis->setVisible(false);
    m_dayLabelAxis->setRange(0.5, double(spend.days.size()) + 0.5);
    m_dayLabelAxis->setTitleText(spend.days.isEmpty() ? QString() : QLocale::c().toString(spend.days.first(), u"MMMM yyyy"_s));

    m_barSet = new QBarSet(tr("Daily spend"));
    double maxDaily = 0;
    for (const double v : spend.dailyUsd) {
        m_barSet->append(v);
        maxDaily = std::max(maxDaily, v);
    }
    m_bars = new QBarSeries;
    m_bars->append(m_barSet);
    m_bars->setBarWidth(0.7);
    c->addSeries(m_bars);
    m_bars->attachAxis(m_dayAxis);
    m_bars->attachAxis(m_dailyAxis);
    connect(m_barSet, &QBarSet::hovered, this, [this](bool state, int index) {
        if (!state || index < 0 || index >= m_spend.days.size()) {
            QToolTip::hideText();
            return;
        }
        QString text = tr("%1: %2").arg(QLocale::c().toString(m_spend.days.at(index), u"ddd d MMM"_s), usd(m_spend.dailyUsd.at(index)));
        if (index < m_spend.cumulativeUsd.size())
            text += tr("\nmonth to date %1").arg(usd(m_spend.cumulativeUsd.at(index)));
        QToolTip::showText(QCursor::pos(), text);
    });

    double maxTotal = spend.projectedMonthUsd;
    m_cumulative = new QLineSeries;
    m_cumulative->setName(tr("Month to date"));
    for (qsizetype i = 0; i < spend.cumulativeUsd.size(); ++i) {
        m_cumulative->append(double(i), spend.cumulativeUsd.at(i));
        maxTotal = std::max(maxTotal, spend.cumulativeUsd.at(i));
    }
    c->addSeries(m_cumulative);
    m_cumulative->attachAxis(m_dayAxis);
    m_cumulative->attachAxis(m_totalAxis);
    m_cumulative->setPointsVisible(true);
    connect(m_cumulative, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
        const int index = qRound(point.x());
        if (!state || index < 0 || index >= m_spend.cumulativeUsd.size()) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(), tr("Month to date on the %1: %2")
                                               .arg(QString::number(m_spend.days.at(index).day()), usd(m_spend.cumulativeUsd.at(index))));
    });

    if (spend.todayIndex >= 0 && spend.todayIndex < spend.cumulativeUsd.size() && n > 0) {
        m_projection = new QLineSeries;
        m_projection->setName(tr("Projection %1").arg(usd(spend.projectedMonthUsd)));
        m_projection->append(double(spend.todayIndex), spend.cumulativeUsd.at(spend.todayIndex));
        m_projection->append(double(n - 1), spend.projectedMonthUsd);
        c->addSeries(m_projection);
        m_projection->attachAxis(m_dayAxis);
        m_projection->attachAxis(m_totalAxis);
        const QString tip = tr("Month-end projection at the month-to-date rate: %1").arg(usd(spend.projectedMonthUsd));
        connect(m_projection, &QLineSeries::hovered, this, [tip](const QPointF &, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), tip);
            else
                QToolTip::hideText();
        });
    }

    if (spend.budgetUsd && n > 0) {
        QList<double> percents = spend.alertPercents;
        percents.append(100);
        for (const double percent : std::as_const(percents)) {
            const double level = *spend.budgetUsd * percent / 100.0;
            auto *line = new QLineSeries;
            line->setName(percent >= 100 ? tr("Budget %1").arg(usd(level)) : tr("%1 %").arg(percent));
            line->append(-0.5, level);
            line->append(double(n) - 0.5, level);
            c->addSeries(line);
            line->attachAxis(m_dayAxis);
            line->attachAxis(m_totalAxis);
            const QString tip = percent >= 100 ? tr("Monthly budget %1").arg(usd(level))
                                               : tr("%1 % of the budget: %2").arg(percent).arg(usd(level));
            connect(line, &QLineSeries::hovered, this, [tip](const QPointF &, bool state) {
                if (state)
                    QToolTip::showText(QCursor::pos(), tip);
                else
                    QToolTip::hideText();
            });
            if (percent < 100)
                hideFromLegend(c, line);
            m_budgetLines.append({line, percent});
            maxTotal = std::max(maxTotal, level);
        }
    }

    const double top = maxTotal > 0 ? maxTotal * 1.08 : 1.0;
    for (const DashboardModel::ReleaseMarker &release : releases) {
        const QDate day = QDateTime::fromMSecsSinceEpoch(release.timeMs, Qt::UTC).date();
        const qsizetype index = spend.days.indexOf(day);
        if (index < 0)
            continue;
        auto *marker = new QLineSeries;
        marker->setName(tr("release %1").arg(release.label));
        marker->append(double(index), 0);
        marker->append(double(index), top);
        c->addSeries(marker);
        marker->attachAxis(m_dayAxis);
        marker->attachAxis(m_totalAxis);
        hideFromLegend(c, marker);
        const QString tip = tr("%1 released %2").arg(release.label, QDateTime::fromMSecsSinceEpoch(release.timeMs, Qt::UTC)
                                                                          .toString(u"yyyy-MM-dd HH:mm 'UTC'"_s));
        connect(marker, &QLineSeries::hovered, this, [tip](const QPointF &, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), tip);
            else
                QToolTip::hideText();
        });
        m_markers.append(marker);
    }
    m_dailyAxis->setRange(0, maxDaily > 0 ? maxDaily * 1.15 : 1.0);
    m_dailyAxis->applyNiceNumbers();
    m_totalAxis->setRange(0, top);
    m_totalAxis->applyNiceNumbers();
    chart()->setTitle(tr("Spend this month (%1)").arg(spend.source));
    restyle();
}

void SpendChartView::restyle()
{
    const QPalette pal = palette();
    ChartStyle::apply(chart(), pal);
    if (m_barSet) {
        QColor bar = ChartStyle::seriesColor(0, pal);
        bar.setAlpha(170);
        m_barSet->setColor(bar);
        m_barSet->setBorderColor(bar);
    }
    if (m_cumulative) {
        QPen pen(ChartStyle::seriesColor(3, pal));
        pen.setWidthF(2.5);
        m_cumulative->setPen(pen);
    }
    if (m_projection) {
        QPen pen(ChartStyle::seriesColor(3, pal));
        pen.setWidthF(2.0);
        pen.setStyle(Qt::DotLine);
        m_projection->setPen(pen);
    }
    for (const auto &[line, percent] : std::as_const(m_budgetLines)) {
        QPen pen(ChartStyle::alertColor(percent, pal));
        pen.setWidthF(percent >= 100 ? 2.0 : 1.2);
        pen.setStyle(percent >= 100 ? Qt::SolidLine : Qt::DashLine);
        line->setPen(pen);
    }
    for (QLineSeries *marker : std::as_const(m_markers)) {
        QPen pen(ChartStyle::markerColor(pal));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        marker->setPen(pen);
    }
}

void SpendChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

int SpendChartView::barCount() const
{
    return m_barSet ? int(m_barSet->count()) : 0;
}

QList<double> SpendChartView::barValues() const
{
    QList<double> values;
    for (int i = 0; m_barSet && i < m_barSet->count(); ++i)
        values.append(m_barSet->at(i));
    return values;
}

QList<QPointF> SpendChartView::cumulativePoints() const
{
    return m_cumulative ? m_cumulative->points() : QList<QPointF> {};
}

QList<std::pair<QString, double>> SpendChartView::budgetLines() const
{
    QList<std::pair<QString, double>> lines;
    for (const auto &[line, percent] : m_budgetLines)
        lines.append({line->name(), line->points().value(0).y()});
    return lines;
}

QList<QPointF> SpendChartView::projectionPoints() const
{
    return m_projection ? m_projection->points() : QList<QPointF> {};
}

int SpendChartView::releaseMarkerCount() const
{
    return int(m_markers.size());
}

std::pair<double, double> SpendChartView::totalAxisRange() const
{
    return {m_totalAxis->min(), m_totalAxis->max()};
}
