// SPDX-License-Identifier: GPL-3.0-or-later
// liftoff_bench_pii: the pii probe's scan (PiiEvaluation::observe, every PII kind and the injection
// markers) over one call log or app log, timed; prints one JSON line with MB/s and the counts.
#include "probes/PiiEvaluation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    QTextStream err(stderr);
    QString format = u"auto"_s;
    bool appLog = false;
    bool injection = true;
    bool pii = true;
    QString path;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--format" && i + 1 < args.size())
            format = args.at(++i);
        else if (args.at(i) == u"--app-log")
            appLog = true;
        else if (args.at(i) == u"--no-injection")
            injection = false; // the PII detectors alone
        else if (args.at(i) == u"--no-pii")
            pii = false;       // the injection markers alone (both off: reading and parsing only)
        else
            path = args.at(i);
    }
    const std::optional<CallLogFormat> parsed = CallLogFormatText::fromString(format);
    if (path.isEmpty() || !parsed) {
        err << "usage: liftoff_bench_pii [--format auto|otel|litellm|jsonl|langfuse] [--app-log] [--no-pii] "
               "[--no-injection] FILE\n";
        return 2;
    }
    PiiEvaluation::Options options;
    if (pii)
        options.kinds = PiiKindText::all();
    options.injection = injection;
    options.windowMs = 0; // every record, whatever its date
    options.baseDir = QFileInfo(path).absolutePath();
    QList<CallSourceInput> inputs;
    QList<PiiEvaluation::AppLog> logs;
    if (appLog) {
        logs.append({QFileInfo(path).fileName(), QFileInfo(path).absoluteFilePath()});
    } else {
        CallSourceInput input;
        input.label = QFileInfo(path).absoluteFilePath();
        input.filePath = input.label;
        input.format = *parsed;
        inputs.append(input);
    }
    std::atomic<qint64> bytes {0};
    QElapsedTimer timer;
    timer.start();
    const PiiEvaluation::Observation o = PiiEvaluation::observe(inputs, logs, options, nullptr, &bytes);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    QJsonObject findings;
    for (auto it = o.findings.cbegin(); it != o.findings.cend(); ++it)
        findings.insert(it.key(), it.value());
    qint64 records = 0;
    qint64 malformed = 0;
    for (const PiiEvaluation::SourceSummary &s : o.sources) {
        records += s.records;
        malformed += s.malformed;
        if (!s.error.isEmpty())
            err << s.error << '\n';
    }
    const QJsonObject line {{u"bytes"_s, bytes.load()},
                            {u"seconds"_s, seconds},
                            {u"mb_per_s"_s, double(bytes.load()) / 1e6 / seconds},
                            {u"records"_s, records},
                            {u"malformed"_s, malformed},
                            {u"findings"_s, findings},
                            {u"injection_attempts"_s, o.injectionAttempts}};
    QTextStream(stdout) << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}
