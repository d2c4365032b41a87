// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPointF>

/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): picks @p threshold points of a
 * series, x ascending, that keep its visual shape (peaks and dips survive, unlike averaging).
 * The first and last points are always kept; the points between are cut into threshold - 2
 * buckets, and from each the point making the largest triangle with the point kept before it and
 * the average of the next bucket is kept. A pure function, used before drawing large series.
 */
namespace Lttb {

/**
 * The downsampled series. Returns @p points unchanged when threshold >= points.size() or
 * threshold < 3 (nothing sensible to drop).
 */
QList<QPointF> downsample(const QList<QPointF> &points, qsizetype threshold);

} // namespace Lttb
