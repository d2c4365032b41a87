// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ChartStyle.h"

#include <QtCharts/QAbstractAxis>
#include <QtCharts/QLegend>

namespace ChartStyle {

namespace {
bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}
} // namespace

void apply(QChart *chart, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    QColor grid = palette.color(QPalette::Text);
    grid.setAlpha(40);
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid)));
    chart->setBackgroundRoundness(4);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    QFont title = chart->titleFont();
    title.setBold(true);
    chart->setTitleFont(title);
    chart->legend()->setLabelColor(text);
    chart->setMargins(QMargins(4, 4, 4, 4));
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(palette.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
        axis->setShadesVisible(false);
    }
}

QColor seriesColor(int index, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (index % 5) {
    case 0:
        return palette.color(QPalette::Highlight);
    case 1:
        return dark ? QColor(0xf5, 0xa6, 0x23) : QColor(0xc2, 0x6a, 0x00);
    case 2:
        return dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xc0, 0x26, 0x26);
    case 3:
        return dark ? QColor(0x34, 0xd3, 0x99) : QColor(0x04, 0x7a, 0x55);
    default:
        break;
    }
    return dark ? QColor(0xc0, 0x84, 0xfc) : QColor(0x7c, 0x3a, 0xed);
}

QColor alertColor(double percent, const QPalette &palette)
{
    const bool dark = isDark(palette);
    if (percent >= 100)
        return palette.color(QPalette::Text);
    if (percent >= 90)
        return dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xc0, 0x26, 0x26);
    if (percent >= 75)
        return dark ? QColor(0xfb, 0x92, 0x3c) : QColor(0xc2, 0x41, 0x0c);
    return dark ? QColor(0xfa, 0xcc, 0x15) : QColor(0xa1, 0x62, 0x07);
}

QColor markerColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xc0, 0x84, 0xfc) : QColor(0x7c, 0x3a, 0xed);
}

} // namespace ChartStyle
