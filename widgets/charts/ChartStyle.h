// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>

#include <QtCharts/QChart>

/**
 * How every Liftoff chart looks: colours come from the widget's palette (background, text, grid),
 * so charts stay legible in light and dark themes; series colours are mid-tone hues that read on
 * both. Charts call apply() again on a palette change.
 */
namespace ChartStyle {

/** Background, title, legend, axes and grid of @p chart from @p palette. */
void apply(QChart *chart, const QPalette &palette);
/** The colour of the @p index-th data series (0 is the palette's highlight). */
QColor seriesColor(int index, const QPalette &palette);
/** Budget alert colours: 50 % amber, 75 % orange, 90 % and above red; 100 % the text colour. */
QColor alertColor(double percent, const QPalette &palette);
/** The colour of release markers. */
QColor markerColor(const QPalette &palette);

} // namespace ChartStyle
