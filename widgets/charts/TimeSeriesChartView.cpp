// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/TimeSeriesChartView.h"

#include "charts/ChartStyle.h"

#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QToolTip>

#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 DAY_MS = 24 * 60 * 60 * 1000;
const QString MARKER_NAME_PREFIX = u"release "_s;
} // namespace

TimeSeriesChartView::TimeSeriesChartView(const QString &title, const QString &unit, QWidget *parent)
    : QChartView(parent)
    , m_unit(unit)
    , m_timeAxis(new QDateTimeAxis)
    , m_valueAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_valueAxis->setTitleText(unit);
    m_valueAxis->setLabelFormat(u"%.0f"_s);
    setChart(chart); // the view owns the chart
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    restyle();
}

TimeSeriesChartView::~TimeSeriesChartView() = default;

void TimeSeriesChartView::setData(const QList<DashboardModel::TimeSeries> &lines, qint64 fromMs, qint64 toMs,
                                  const QList<DashboardModel::ReleaseMarker> &releases)
{
    QChart *c = chart();
    for (QLineSeries *series : std::as_const(m_lines) + m_markers) {
        c->removeSeries(series);
        delete series;
    }
    m_lines.clear();
    m_markers.clear();

    double maxValue = 0;
    for (const DashboardModel::TimeSeries &line : lines) {
        auto *series = new QLineSeries;
        series->setName(line.name);
        series->replace(line.points);
        for (const QPointF &p : line.points)
            maxValue = std::max(maxValue, p.y());
        c->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        series->setPointsVisible(line.points.size() < 60);
        connect(series, &QLineSeries::hovered, this, [this, name = line.name](const QPointF &point, bool state) {
            showPointTip(name, point, state);
        });
        m_lines.append(series);
    }
    const double top = maxValue > 0 ? maxValue * 1.1 : 1.0;
    for (const DashboardModel::ReleaseMarker &release : releases) {
        if (release.timeMs < fromMs || release.timeMs >= toMs)
            continue;
        auto *marker = new QLineSeries;
        marker->setName(MARKER_NAME_PREFIX + release.label);
        marker->append(double(release.timeMs), 0);
        marker->append(double(release.timeMs), top);
        c->addSeries(marker);
        marker->attachAxis(m_timeAxis);
        marker->attachAxis(m_valueAxis);
        const QList<QLegendMarker *> legend = c->legend()->markers(marker);
        for (QLegendMarker *m : legend)
            m->setVisible(false);
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
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC), QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC));
    m_timeAxis->setFormat(toMs - fromMs > 2 * DAY_MS ? u"MMM d"_s : u"HH:mm"_s);
    m_timeAxis->setTickCount(toMs - fromMs > 2 * DAY_MS ? 8 : 7);
    m_valueAxis->setRange(0, top);
    m_valueAxis->applyNiceNumbers();
    restyle();
}

void TimeSeriesChartView::restyle()
{
    ChartStyle::apply(chart(), palette());
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        QPen pen(ChartStyle::seriesColor(int(i), palette()));
        pen.setWidthF(2.0);
        m_lines.at(i)->setPen(pen);
    }
    for (QLineSeries *marker : std::as_const(m_markers)) {
        QPen pen(ChartStyle::markerColor(palette()));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        marker->setPen(pen);
    }
}

void TimeSeriesChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void TimeSeriesChartView::showPointTip(const QString &series, const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    // The nearest drawn point of the hovered series: its exact value, not the cursor's.
    QPointF nearest = point;
    for (const QLineSeries *line : std::as_const(m_lines)) {
        if (line->name() != series)
            continue;
        const QList<QPointF> pts = line->points();
        double best = -1;
        for (const QPointF &p : pts) {
            const double d = std::abs(p.x() - point.x());
            if (best < 0 || d < best) {
                best = d;
                nearest = p;
            }
        }
    }
    const QString when = QDateTime::fromMSecsSinceEpoch(qint64(nearest.x()), Qt::UTC).toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
    const int decimals = m_unit == u"%" ? 2 : 0;
    QToolTip::showText(QCursor::pos(), u"%1 %2: %3 %4"_s.arg(series, when, QString::number(nearest.y(), 'f', decimals), m_unit));
}

QStringList TimeSeriesChartView::seriesNames() const
{
    QStringList names;
    for (const QLineSeries *line : m_lines)
        names.append(line->name());
    return names;
}

QList<QPointF> TimeSeriesChartView::points(const QString &seriesName) const
{
    for (const QLineSeries *line : m_lines) {
        if (line->name() == seriesName)
            return line->points();
    }
    return {};
}

int TimeSeriesChartView::releaseMarkerCount() const
{
    return int(m_markers.size());
}

std::pair<qint64, qint64> TimeSeriesChartView::timeRange() const
{
    return {m_timeAxis->min().toMSecsSinceEpoch(), m_timeAxis->max().toMSecsSinceEpoch()};
}

std::pair<double, double> TimeSeriesChartView::valueRange() const
{
    return {m_valueAxis->min(), m_valueAxis->max()};
}
