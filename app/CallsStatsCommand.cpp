// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallsStatsCommand.h"

#include "CliCallSources.h"

#include "analysis/CallStatsAccumulator.h"
#include "config/ConfigLoader.h"
#include "sources/CallLogReader.h"
#include "sources/PriceTable.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

const QString USAGE = u"usage: liftoff calls stats [--window DURATION] [--input-format auto|otel|litellm|jsonl|langfuse]\n"
                      u"                           [--format text|json] [--threads N] [--prices FILE] [--config PATH] [FILE...]\n"
                      u"  FILE...             call logs to read; without any, the call sources (sources.calls)\n"
                      u"                      of --config (default ./liftoff.yaml) are read\n"
                      u"  --window DURATION   only calls that started within DURATION before now (e.g. 90m, 24h, 7d)\n"
                      u"  --input-format F    the log format; detected from the first line by default\n"
                      u"  --format F          text (default) or json (spec/cli.md)\n"
                      u"  --threads N         parse each file with N threads (default: one per core)\n"
                      u"  --prices FILE       price table for calls without a logged cost (LiteLLM\n"
                      u"                      model_prices_and_context_window.json format; default: built in)\n"_s;

/** Parses "90s", "30m", "24h", "7d", "2w" into milliseconds. */
std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression pattern(u"^(\\d{1,9})([smhdw])$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 n = match.captured(1).toLongLong();
    const QChar unit = match.captured(2).at(0);
    const qint64 unitMs = unit == u's' ? 1000 : unit == u'm' ? 60000 : unit == u'h' ? 3600000 : unit == u'd' ? 86400000 : 604800000;
    if (n <= 0)
        return std::nullopt;
    return n * unitMs;
}

int usageError(QTextStream &err, const QString &message)
{
    err << u"liftoff calls stats: "_s << message << u'\n' << USAGE;
    err.flush();
    return 2;
}

/** The call sources of a project file, fetched (HTTP sources too). An error message, or "" on success. */
QString fetchConfiguredSources(const QString &configPath, std::optional<qint64> from, QList<CallSourceInput> *inputs)
{
    if (!QFileInfo::exists(configPath))
        return u"no FILE given and no project file at %1 (give FILE arguments or --config PATH)"_s.arg(configPath);
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    if (!loaded.ok())
        return u"%1 has errors:\n%2"_s.arg(configPath, loaded.errorText());
    if (loaded.project->sources.calls.isEmpty())
        return u"%1 configures no call source (sources.calls); give FILE arguments instead"_s.arg(configPath);
    return CliCallSources::fetch(*loaded.project, from, inputs);
}

/**
 * The `prices:` of the project file, which price FILE arguments too when the file exists. An
 * error message when it exists but does not load, or "".
 */
QString readProjectPrices(const QString &configPath, QList<ModelPriceConfig> *prices)
{
    if (!QFileInfo::exists(configPath))
        return {};
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    if (!loaded.ok())
        return u"%1 has errors:\n%2"_s.arg(configPath, loaded.errorText());
    *prices = loaded.project->prices;
    return {};
}

} // namespace

int runCallsStatsCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    std::optional<qint64> windowMs;
    CallLogFormat inputFormat = CallLogFormat::Auto;
    bool json = false;
    int threads = std::max(1, QThread::idealThreadCount());
    QString pricesPath;
    QString configPath = u"liftoff.yaml"_s;
    bool configGiven = false;
    QStringList files;

    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (arg == u"--") {
            files += args.mid(i + 1);
            break;
        }
        if (arg == u"-h" || arg == u"--help") {
            out << USAGE;
            out.flush();
            return 0;
        }
        if (!arg.startsWith(u"--") || arg.size() < 3) {
            if (arg.startsWith(u'-') && arg != u"-")
                return usageError(err, u"unknown option '%1'"_s.arg(arg));
            files.append(arg);
            continue;
        }
        QString value;
        const qsizetype eq = arg.indexOf(u'=');
        bool inlineValue = false;
        if (eq > 0) {
            value = arg.mid(eq + 1);
            arg.truncate(eq);
            inlineValue = true;
        }
        const QStringList withValue {u"--window"_s, u"--input-format"_s, u"--format"_s, u"--threads"_s, u"--prices"_s,
                                          u"--config"_s};
        if (!withValue.contains(arg))
            return usageError(err, u"unknown option '%1'"_s.arg(arg));
        if (!inlineValue) {
            if (i + 1 >= args.size())
                return usageError(err, u"option '%1' needs a value"_s.arg(arg));
            value = args.at(++i);
        }
        if (arg == u"--window") {
            windowMs = parseDuration(value);
            if (!windowMs)
                return usageError(err, u"invalid --window '%1' (expected a number and s, m, h, d or w, e.g. 24h)"_s.arg(value));
        } else if (arg == u"--input-format") {
            const auto format = CallLogFormatText::fromString(value);
            if (!format)
                return usageError(err, u"invalid --input-format '%1' (expected auto, otel, litellm, jsonl or langfuse)"_s.arg(value));
            inputFormat = *format;
        } else if (arg == u"--format") {
            if (value != u"text" && value != u"json")
                return usageError(err, u"invalid --format '%1' (expected text or json)"_s.arg(value));
            json = value == u"json";
        } else if (arg == u"--threads") {
            bool ok = false;
            threads = value.toInt(&ok);
            if (!ok || threads < 1 || threads > 64)
                return usageError(err, u"invalid --threads '%1' (expected 1 to 64)"_s.arg(value));
        } else if (arg == u"--prices") {
            pricesPath = value;
        } else if (arg == u"--config") {
            configPath = value;
            configGiven = true;
        }
    }

    // The built-in table (or --prices FILE), with the project's `prices:` over it.
    PriceTable prices = PriceTable::builtIn();
    if (!pricesPath.isEmpty()) {
        QString error;
        prices = PriceTable::fromFile(pricesPath, &error);
        if (!error.isEmpty())
            return usageError(err, u"invalid --prices: %1"_s.arg(error));
    }
    QList<ModelPriceConfig> projectPrices;
    if (const QString error = readProjectPrices(configPath, &projectPrices); !error.isEmpty()) {
        err << u"liftoff calls stats: "_s << error << u'\n';
        err.flush();
        // FILEs alone do not need the project: a broken ./liftoff.yaml nobody named only loses its prices.
        if (configGiven || files.isEmpty())
            return 2;
        err << u"liftoff calls stats: reading the FILEs with the built-in prices only\n"_s;
        err.flush();
    }
    prices = prices.withOverrides(projectPrices);

    CallLogReader reader;
    reader.setFormat(inputFormat);
    reader.setPriceTable(&prices);

    std::vector<std::unique_ptr<CallStatsAccumulator>> accumulators;
    QList<CallSink *> sinks;
    std::optional<qint64> from;
    if (windowMs)
        from = QDateTime::currentMSecsSinceEpoch() - *windowMs;
    for (int i = 0; i < threads; ++i) {
        accumulators.push_back(std::make_unique<CallStatsAccumulator>());
        accumulators.back()->setWindow(from, std::nullopt);
        sinks.append(accumulators.back().get());
    }
    CallStatsAccumulator &total = *accumulators.front();
    total.setPriceTableDate(prices.date().isEmpty() ? prices.source() : prices.date());

    QList<CallSourceInput> inputs;
    if (files.isEmpty()) {
        // No FILE: the project's configured sources, HTTP ones asked for the window's days only.
        if (const QString error = fetchConfiguredSources(configPath, from, &inputs); !error.isEmpty()) {
            err << u"liftoff calls stats: "_s << error << u'\n';
            err.flush();
            return 2;
        }
    }
    for (const QString &file : std::as_const(files)) {
        CallSourceInput input;
        input.label = file;
        input.filePath = file;
        input.format = inputFormat;
        inputs.append(input);
    }
    for (const CallSourceInput &input : std::as_const(inputs)) {
        reader.setFormat(input.format);
        reader.setFieldMapping(input.mapping);
        const CallLogReadResult result = input.filePath.isEmpty() ? reader.readData(input.data, total)
                                                                  : reader.readFile(input.filePath, sinks);
        if (!result.ok()) {
            err << u"liftoff calls stats: "_s << result.errorString << u'\n';
            err.flush();
            return 2;
        }
        QStringList samples;
        for (const QString &line : result.malformedSummary())
            samples.append(input.label + u": "_s + line);
        total.addMalformed(result.malformed, samples);
    }
    for (std::size_t i = 1; i < accumulators.size(); ++i)
        total.merge(*accumulators[i]);

    const CallStatsReport report = total.report();
    if (json)
        out << QString::fromUtf8(report.toJson()) << u'\n';
    else
        out << report.toText();
    out.flush();
    return 0;
}
