// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/Lttb.h"

#include <cmath>

namespace Lttb {

QList<QPointF> downsample(const QList<QPointF> &points, qsizetype threshold)
{
    const qsizetype n = points.size();
    if (threshold >= n || threshold < 3)
        return points;
    QList<QPointF> out;
    out.reserve(threshold);
    out.append(points.first());
    // Buckets cover points[1 .. n-2]; bucket i is [floor(i*every)+1, floor((i+1)*every)+1).
    const double every = double(n - 2) / double(threshold - 2);
    qsizetype kept = 0; // index of the point kept last
    for (qsizetype bucket = 0; bucket < threshold - 2; ++bucket) {
        const qsizetype start = qsizetype(std::floor(double(bucket) * every)) + 1;
        const qsizetype end = std::min<qsizetype>(qsizetype(std::floor(double(bucket + 1) * every)) + 1, n - 1);
        // The average of the next bucket (the last point for the last bucket).
        const qsizetype nextStart = end;
        const qsizetype nextEnd = std::min<qsizetype>(qsizetype(std::floor(double(bucket + 2) * every)) + 1, n);
        double avgX = 0;
        double avgY = 0;
        const qsizetype nextCount = std::max<qsizetype>(1, nextEnd - nextStart);
        for (qsizetype i = nextStart; i < nextStart + nextCount && i < n; ++i) {
            avgX += points.at(i).x();
            avgY += points.at(i).y();
        }
        avgX /= double(nextCount);
        avgY /= double(nextCount);
        const QPointF &a = points.at(kept);
        double bestArea = -1;
        qsizetype best = start;
        for (qsizetype i = start; i < end; ++i) {
            const QPointF &p = points.at(i);
            // Twice the triangle's area; the factor does not change which point wins.
            const double area = std::abs((a.x() - avgX) * (p.y() - a.y()) - (a.x() - p.x()) * (avgY - a.y()));
            if (area > bestArea) {
                bestArea = area;
                best = i;
            }
        }
        out.append(points.at(best));
        kept = best;
    }
    out.append(points.last());
    return out;
}

} // namespace Lttb
