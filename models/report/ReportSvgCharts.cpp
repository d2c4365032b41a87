// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportSvgCharts.h"

#include <QDate>
#include <QJsonArray>
#include <QMap>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ReportSvgCharts {

namespace {
constexpr int LEFT = 64;
constexpr int RIGHT = 16;
constexpr int TOP = 28;
constexpr int BOTTOM = 40;
constexpr int PLOT_W = WIDTH - LEFT - RIGHT;
constexpr int PLOT_H = HEIGHT - TOP - BOTTOM;
constexpr qsizetype MAX_LATENCY_RUNS = 200;

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten at or above v.
double niceCeiling(double v)
{
    if (v <= 0)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= v)
            return step * power;
    }
    return 10 * power;
}

QString header(const QString &title)
{
    return u"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
           u"font-family=\"sans-serif\" font-size=\"11\">"
           u"<rect width=\"%1\" height=\"%2\" fill=\"#ffffff\"/>"
           u"<text x=\"%3\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"#202124\">%4</text>"_s
        .arg(WIDTH)
        .arg(HEIGHT)
        .arg(LEFT)
        .arg(escape(title));
}

// Horizontal grid lines with labels from 0 to top.
QString yAxis(double top, const QString &unit)
{
    QString out;
    for (int i = 0; i <= 4; ++i) {
        const double value = top * i / 4;
        const double y = TOP + PLOT_H - PLOT_H * i / 4.0;
        out += u"<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#e0e0e0\"/>"_s.arg(LEFT).arg(num(y)).arg(
            LEFT + PLOT_W);
        out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" fill=\"#5f6368\">%3%4</text>"_s.arg(LEFT - 6)
                   .arg(num(y + 4))
                   .arg(unit == u"$" ? u"$"_s : QString())
                   .arg(QString::number(value, 'g', 4) + (unit == u"$" ? QString() : unit));
    }
    return out;
}

QString legend(const QList<std::pair<QString, QString>> &entries)
{
    QString out;
    int x = LEFT;
    for (const auto &[colour, label] : entries) {
        out += u"<rect x=\"%1\" y=\"%2\" width=\"10\" height=\"10\" fill=\"%3\"/>"_s.arg(x).arg(HEIGHT - 16).arg(colour);
        out += u"<text x=\"%1\" y=\"%2\" fill=\"#202124\">%3</text>"_s.arg(x + 14).arg(HEIGHT - 7).arg(escape(label));
        x += 24 + int(label.size()) * 7;
    }
    return out;
}

} // namespace

StatusInk statusInk(Status s)
{
    switch (s) {
    case Status::Pass: return {u"#2e7d32"_s, u"#2e7d32"_s};
    case Status::Warn: return {u"#f9a825"_s, u"#a65b00"_s};
    case Status::Fail: return {u"#c62828"_s, u"#c62828"_s};
    case Status::Error: return {u"#6a1b9a"_s, u"#6a1b9a"_s};
    case Status::NotReported: return {u"#9e9e9e"_s, u"#5f6368"_s};
    case Status::Pending: return {u"#cfd8dc"_s, u"#5f6368"_s};
    case Status::Na: return {u"#b0bec5"_s, u"#5f6368"_s};
    case Status::Waived: return {u"#1565c0"_s, u"#1565c0"_s};
    }
    return {u"#000000"_s, u"#000000"_s};
}

QString escape(const QString &text)
{
    return text.toHtmlEscaped();
}

QString spend(const QJsonObject &costEvidence, std::optional<double> monthlyBudgetUsd, const QList<double> &thresholds)
{
    QMap<QDate, double> days;
    for (const QJsonValue &v : costEvidence.value(u"daily"_s).toArray()) {
        const QDate day = QDate::fromString(v[u"date"_s].toString(), Qt::ISODate);
        const double usd = v[u"usd"_s].toString().toDouble();
        if (day.isValid() && std::isfinite(usd) && usd >= 0)
            days.insert(day, usd);
    }
    if (days.isEmpty())
        return {};
    const QDate last = days.lastKey();
    const QDate first(last.year(), last.month(), 1);
    const int dayCount = last.daysInMonth();
    double cumulative = 0;
    double maxDay = 0;
    QList<std::pair<int, double>> cumulativePoints;
    for (int d = 1; d <= last.day(); ++d) {
        const double usd = days.value(first.addDays(d - 1), 0);
        maxDay = std::max(maxDay, usd);
        cumulative += usd;
        cumulativePoints.append({d, cumulative});
    }
    const double budget = monthlyBudgetUsd.value_or(0);
    const double top = niceCeiling(std::max({cumulative, budget, maxDay}) * 1.05);
    const double slot = double(PLOT_W) / dayCount;
    auto yOf = [top](double usd) { return TOP + PLOT_H - PLOT_H * usd / top; };
    QString out = header(u"Spend per day, %1 (cumulative against the budget)"_s.arg(first.toString(u"MMMM yyyy"_s)));
    out += yAxis(top, u"$"_s);
    for (int d = 1; d <= last.day(); ++d) {
        const double usd = days.value(first.addDays(d - 1), 0);
        const double y = yOf(usd);
        out += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"#4285f4\"><title>%5: $%6</title></rect>"_s
                   .arg(num(LEFT + slot * (d - 1) + 1))
                   .arg(num(y))
                   .arg(num(std::max(1.0, slot - 2)))
                   .arg(num(TOP + PLOT_H - y))
                   .arg(first.addDays(d - 1).toString(Qt::ISODate))
                   .arg(QString::number(usd, 'f', 2));
        if (d == 1 || d % 5 == 0)
            out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#5f6368\">%3</text>"_s
                       .arg(num(LEFT + slot * (d - 0.5)))
                       .arg(TOP + PLOT_H + 14)
                       .arg(d);
    }
    QString points;
    for (const auto &[d, usd] : cumulativePoints)
        points += u"%1,%2 "_s.arg(num(LEFT + slot * (d - 0.5)), num(yOf(usd)));
    out += u"<polyline points=\"%1\" fill=\"none\" stroke=\"#ea4335\" stroke-width=\"2\"/>"_s.arg(points.trimmed());
    QList<std::pair<QString, QString>> entries {{u"#4285f4"_s, u"per day"_s}, {u"#ea4335"_s, u"month to date"_s}};
    if (budget > 0) {
        out += u"<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#202124\" stroke-width=\"1.5\"/>"_s.arg(LEFT)
                   .arg(num(yOf(budget)))
                   .arg(LEFT + PLOT_W);
        for (double pct : thresholds) {
            out += u"<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#fbbc04\" stroke-dasharray=\"4 3\"/>"
                   u"<text x=\"%3\" y=\"%4\" text-anchor=\"end\" fill=\"#8d6e00\">%5 %</text>"_s.arg(LEFT)
                       .arg(num(yOf(budget * pct / 100)))
                       .arg(LEFT + PLOT_W)
                       .arg(num(yOf(budget * pct / 100) - 3))
                       .arg(QString::number(pct, 'g', 3));
        }
        entries.append({u"#202124"_s, u"budget $%1"_s.arg(QString::number(budget, 'f', 2))});
    }
    out += legend(entries);
    out += u"</svg>"_s;
    return out;
}

QString latency(const QList<ProbeRunRecord> &allRuns)
{
    QList<ProbeRunRecord> runs;
    for (const ProbeRunRecord &r : allRuns) {
        if (r.evidence.contains(u"p95Ms"_s) && r.startedAt.isValid())
            runs.append(r);
    }
    if (runs.size() > MAX_LATENCY_RUNS)
        runs = runs.mid(runs.size() - MAX_LATENCY_RUNS);
    if (runs.isEmpty())
        return {};
    double maxMs = 0;
    for (const ProbeRunRecord &r : std::as_const(runs)) {
        for (const QString &key : {u"p50Ms"_s, u"p95Ms"_s, u"p99Ms"_s})
            maxMs = std::max(maxMs, r.evidence.value(key).toDouble());
    }
    const double top = niceCeiling(maxMs * 1.05);
    const qint64 t0 = runs.first().startedAt.toMSecsSinceEpoch();
    const qint64 span = std::max<qint64>(1, runs.last().startedAt.toMSecsSinceEpoch() - t0);
    auto xOf = [&](const ProbeRunRecord &r) {
        return runs.size() == 1 ? LEFT + PLOT_W / 2.0
                                : LEFT + PLOT_W * double(r.startedAt.toMSecsSinceEpoch() - t0) / double(span);
    };
    auto yOf = [top](double ms) { return TOP + PLOT_H - PLOT_H * ms / top; };
    QString out = header(u"Latency percentiles of the h24.latency checks (%1 run%2)"_s.arg(runs.size()).arg(
        runs.size() == 1 ? QString() : u"s"_s));
    out += yAxis(top, u" ms"_s);
    const QList<std::pair<QString, QString>> series {
        {u"p50Ms"_s, u"#34a853"_s}, {u"p95Ms"_s, u"#fbbc04"_s}, {u"p99Ms"_s, u"#ea4335"_s}};
    for (const auto &[key, colour] : series) {
        QString points;
        for (const ProbeRunRecord &r : std::as_const(runs)) {
            if (!r.evidence.contains(key))
                continue;
            const double x = xOf(r);
            const double y = yOf(r.evidence.value(key).toDouble());
            points += u"%1,%2 "_s.arg(num(x), num(y));
            out += u"<circle cx=\"%1\" cy=\"%2\" r=\"2.5\" fill=\"%3\"><title>%4 %5: %6 ms</title></circle>"_s
                       .arg(num(x), num(y), colour, r.startedAt.toUTC().toString(Qt::ISODate), key.left(3).toUpper())
                       .arg(r.evidence.value(key).toDouble());
        }
        out += u"<polyline points=\"%1\" fill=\"none\" stroke=\"%2\" stroke-width=\"2\"/>"_s.arg(points.trimmed(), colour);
    }
    out += u"<text x=\"%1\" y=\"%2\" fill=\"#5f6368\">%3</text>"_s.arg(LEFT).arg(TOP + PLOT_H + 14).arg(
        runs.first().startedAt.toUTC().toString(u"yyyy-MM-dd HH:mm"_s));
    if (runs.size() > 1)
        out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" fill=\"#5f6368\">%3</text>"_s.arg(LEFT + PLOT_W)
                   .arg(TOP + PLOT_H + 14)
                   .arg(runs.last().startedAt.toUTC().toString(u"yyyy-MM-dd HH:mm"_s));
    out += legend({{u"#34a853"_s, u"P50"_s}, {u"#fbbc04"_s, u"P95"_s}, {u"#ea4335"_s, u"P99"_s}});
    out += u"</svg>"_s;
    return out;
}

QString statusCounts(const QHash<Status, int> &counts)
{
    int total = 0;
    for (int n : counts)
        total += n;
    if (total == 0)
        return {};
    constexpr int height = 70;
    QString out = u"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                  u"font-family=\"sans-serif\" font-size=\"11\"><rect width=\"%1\" height=\"%2\" fill=\"#ffffff\"/>"_s
                      .arg(WIDTH)
                      .arg(height);
    double x = 0;
    QList<std::pair<QString, QString>> entries;
    const QList<Status> order {Status::Pass,    Status::Warn,        Status::Fail, Status::Error,
                               Status::Waived,  Status::NotReported, Status::Pending, Status::Na};
    for (Status s : order) {
        const int n = counts.value(s);
        if (n == 0)
            continue;
        const double w = double(WIDTH) * n / total;
        out += u"<rect x=\"%1\" y=\"8\" width=\"%2\" height=\"26\" fill=\"%3\"><title>%4: %5</title></rect>"_s
                   .arg(num(x), num(w), statusInk(s).fill, StatusText::toString(s))
                   .arg(n);
        x += w;
    }
    int lx = 0;
    for (Status s : order) {
        const int n = counts.value(s);
        if (n == 0)
            continue;
        const QString label = u"%1 %2"_s.arg(StatusText::toString(s)).arg(n);
        out += u"<rect x=\"%1\" y=\"46\" width=\"10\" height=\"10\" fill=\"%2\"/>"
               u"<text x=\"%3\" y=\"55\" fill=\"#202124\">%4</text>"_s.arg(lx)
                   .arg(statusInk(s).fill)
                   .arg(lx + 14)
                   .arg(escape(label));
        lx += 24 + int(label.size()) * 7;
    }
    out += u"</svg>"_s;
    return out;
}

} // namespace ReportSvgCharts
