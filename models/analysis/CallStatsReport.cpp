// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/CallStatsReport.h"

#include "sources/IsoTimestamp.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

qint64 roundedMicros(qint64 nanos)
{
    return nanos >= 0 ? (nanos + 500) / 1000 : -((-nanos + 500) / 1000);
}

// Exact decimal text of a micro-dollar amount: "6647.482625", "4211.5", "0.0".
QByteArray usdText(qint64 nanos)
{
    const qint64 micros = roundedMicros(nanos);
    const qint64 magnitude = micros < 0 ? -micros : micros;
    QByteArray text = QByteArray::number(magnitude / 1000000) + '.'
                      + QByteArray::number(magnitude % 1000000).rightJustified(6, '0');
    while (text.endsWith('0') && !text.endsWith(".0"))
        text.chop(1);
    return micros < 0 ? '-' + text : text;
}

QByteArray realText(double value)
{
    QByteArray text = QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
    if (!text.contains('.') && !text.contains('e') && !text.contains("inf") && !text.contains("nan"))
        text += ".0";
    return text;
}

QByteArray jsonString(const QString &value)
{
    QByteArray out = "\"";
    for (const char c : value.toUtf8()) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += "\\u00" + QByteArray::number(int(static_cast<unsigned char>(c)), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '"';
}

QByteArray optionalInt(const std::optional<qint64> &value)
{
    return value ? QByteArray::number(*value) : QByteArrayLiteral("null");
}

QByteArray timeText(const std::optional<qint64> &ms)
{
    if (!ms)
        return QByteArrayLiteral("null");
    return '"' + QByteArray::fromStdString(IsoTimestamp::formatSeconds(*ms)) + '"';
}

QString percentText(double share)
{
    return QString::number(share * 100.0, 'f', share >= 0.9995 || share == 0 ? 0 : 1) + u" %"_s;
}

constexpr qsizetype MAX_NAMED_MODELS = 10;

QString msText(const std::optional<qint64> &ms)
{
    return ms ? u"%1 ms"_s.arg(*ms) : u"n/a"_s;
}

} // namespace

QString CallStatsReport::uncostedWarning() const
{
    if (uncostedCalls <= 0)
        return {};
    QStringList names;
    for (const UncostedModel &row : uncostedModels) {
        if (names.size() == MAX_NAMED_MODELS) {
            names.append(u"%1 more"_s.arg(uncostedModels.size() - MAX_NAMED_MODELS));
            break;
        }
        names.append(row.model);
    }
    const bool one = uncostedCalls == 1;
    return u"warning: %1 %2 of %3 %4 %5 no price; cost is low by %6 share — add %7 under prices: in liftoff.yaml"_s
        .arg(QString::number(uncostedCalls), one ? u"call"_s : u"calls"_s,
             uncostedModels.size() == 1 ? u"model"_s : u"models"_s, names.join(u", "_s), one ? u"has"_s : u"have"_s,
             one ? u"its"_s : u"their"_s, uncostedModels.size() == 1 ? u"it"_s : u"them"_s);
}

double CallStatsReport::costUsd() const
{
    return double(roundedMicros(costNanoUsd)) / 1e6;
}

QByteArray CallStatsReport::toJson() const
{
    QByteArray j;
    j += "{\"calls\": " + QByteArray::number(calls);
    j += ", \"errors\": " + QByteArray::number(errors);
    j += ", \"errorRate\": " + realText(errorRate());
    j += ", \"costUsd\": " + usdText(costNanoUsd);
    j += ", \"p50Ms\": " + optionalInt(p50Ms);
    j += ", \"p95Ms\": " + optionalInt(p95Ms);
    j += ", \"p99Ms\": " + optionalInt(p99Ms);
    j += ", \"malformedLines\": " + QByteArray::number(malformedLines);
    j += ", \"from\": " + timeText(fromMs);
    j += ", \"to\": " + timeText(toMs);
    j += ", \"fieldCoverage\": {\"model\": " + realText(coverage.model);
    j += ", \"inputTokens\": " + realText(coverage.inputTokens);
    j += ", \"outputTokens\": " + realText(coverage.outputTokens);
    j += ", \"latency\": " + realText(coverage.latency);
    j += ", \"cost\": " + realText(coverage.cost);
    j += ", \"maxTokens\": " + realText(coverage.maxTokens);
    j += ", \"temperature\": " + realText(coverage.temperature) + '}';
    j += ", \"byModel\": [";
    for (qsizetype i = 0; i < byModel.size(); ++i) {
        const ModelRow &row = byModel.at(i);
        j += (i ? ", " : "") + QByteArrayLiteral("{\"model\": ") + jsonString(row.model);
        j += ", \"calls\": " + QByteArray::number(row.calls);
        j += ", \"costUsd\": " + usdText(row.costNanoUsd);
        j += ", \"p95Ms\": " + optionalInt(row.p95Ms) + '}';
    }
    j += "], \"drift\": [";
    for (qsizetype i = 0; i < drift.size(); ++i) {
        const DriftRow &row = drift.at(i);
        j += (i ? ", " : "") + QByteArrayLiteral("{\"requested\": ") + jsonString(row.requested) + ", \"answered\": [";
        for (qsizetype k = 0; k < row.answered.size(); ++k)
            j += (k ? ", " : "") + jsonString(row.answered.at(k));
        j += "]}";
    }
    j += "], \"uncostedCalls\": " + QByteArray::number(uncostedCalls);
    j += ", \"uncostedModels\": [";
    for (qsizetype i = 0; i < uncostedModels.size(); ++i) {
        const UncostedModel &row = uncostedModels.at(i);
        j += (i ? ", " : "") + QByteArrayLiteral("{\"model\": ") + jsonString(row.model);
        j += ", \"calls\": " + QByteArray::number(row.calls) + '}';
    }
    j += "]}";
    return j;
}

QString CallStatsReport::toText() const
{
    QString t;
    t += u"Calls       %1 (%2 errors, %3 %)\n"_s.arg(calls).arg(errors).arg(errorRate() * 100.0, 0, 'f', 2);
    t += u"Latency     p50 %1, p95 %2, p99 %3\n"_s.arg(msText(p50Ms), msText(p95Ms), msText(p99Ms));
    t += u"Cost        $%1"_s.arg(QString::fromLatin1(usdText(costNanoUsd)));
    if (estimatedCostCalls > 0) {
        t += u" (%1 calls priced from the price table of %2)"_s.arg(estimatedCostCalls).arg(
            priceTableDate.isEmpty() ? u"unknown date"_s : priceTableDate);
    }
    t += u'\n';
    if (uncostedCalls > 0)
        t += uncostedWarning() + u'\n';
    if (fromMs && toMs) {
        t += u"Period      %1 .. %2\n"_s.arg(QString::fromStdString(IsoTimestamp::formatSeconds(*fromMs)),
                                            QString::fromStdString(IsoTimestamp::formatSeconds(*toMs)));
    }
    if (outsideWindow > 0)
        t += u"Skipped     %1 calls outside the time window\n"_s.arg(outsideWindow);
    t += u"Malformed   %1 lines\n"_s.arg(malformedLines);
    for (const QString &sample : malformedSamples)
        t += u"              "_s + sample + u'\n';
    t += u"Coverage    model %1, input tokens %2, output tokens %3, latency %4, cost %5, max_tokens %6, "
         u"temperature %7\n"_s.arg(percentText(coverage.model), percentText(coverage.inputTokens),
                                   percentText(coverage.outputTokens), percentText(coverage.latency),
                                   percentText(coverage.cost), percentText(coverage.maxTokens),
                                   percentText(coverage.temperature));
    if (!byModel.isEmpty()) {
        t += u"By model\n"_s;
        for (const ModelRow &row : byModel) {
            t += u"  %1 %2 calls  $%3  p95 %4\n"_s.arg(row.model, -32)
                     .arg(row.calls, 9)
                     .arg(QString::fromLatin1(usdText(row.costNanoUsd)), 14)
                     .arg(msText(row.p95Ms));
        }
    }
    if (!drift.isEmpty()) {
        t += u"Model drift (requested -> answered)\n"_s;
        for (const DriftRow &row : drift)
            t += u"  %1 -> %2\n"_s.arg(row.requested, row.answered.join(u", "_s));
    }
    if (!topUsers.isEmpty()) {
        t += u"Top users by tokens\n"_s;
        for (const UserTokens &user : topUsers)
            t += u"  %1 %2 tokens\n"_s.arg(user.user, -32).arg(user.tokens, 12);
    }
    return t;
}
