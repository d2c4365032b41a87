// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreRecords.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

/**
 * The report's charts as self-contained SVG text, so HTML reports need no script or image files
 * and PDF reports can rasterise the same drawing. Pure string building; no QtGui. Each function
 * returns an empty string when there is nothing to draw.
 */
namespace ReportSvgCharts {

constexpr int WIDTH = 720;
constexpr int HEIGHT = 260;

/**
 * Spend per day (bars, from cost evidence `daily`: [{date, usd}]) for the month of the newest day,
 * with the cumulative spend as a line against the monthly budget and its alert thresholds.
 */
QString spend(const QJsonObject &costEvidence, std::optional<double> monthlyBudgetUsd,
              const QList<double> &thresholds);
/** P50, P95 and P99 of each stored h24.latency run (evidence p50Ms, p95Ms, p99Ms) over time. */
QString latency(const QList<ProbeRunRecord> &runs);
/** One horizontal bar split by status, with the counts. */
QString statusCounts(const QHash<Status, int> &counts);

/** Report colours of a status on white paper: the fill of bars and a darker ink for text. */
struct StatusInk
{
    QString fill;
    QString text;
};
StatusInk statusInk(Status status);

/** Escapes text for SVG and HTML. */
QString escape(const QString &text);

} // namespace ReportSvgCharts
