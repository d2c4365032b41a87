// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeResult.h"
#include "scan/PiiDetector.h"
#include "sources/CallSourceInput.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <atomic>

/**
 * The pii probe's two pure halves (sec.no-pii-in-logs, w1.injection-attempts): observe() streams
 * the prompt and response content of the call sources (CallContentReader) and the project's app
 * log files line by line through PiiDetector and InjectionMarkerDetector (CPU work, on a worker),
 * keeping counts per kind and only redacted samples with their place; evaluate() decides the item
 * with the configured conditions or the item's default ones (checklist.md "passes when").
 */
namespace PiiEvaluation {

constexpr qint64 DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** App log lines longer than this are scanned over their first MAX_APP_LOG_LINE_BYTES only. */
constexpr qint64 MAX_APP_LOG_LINE_BYTES = 64 * 1024;
constexpr int MAX_SAMPLES = 50;
constexpr int MAX_MALFORMED_LINES = 5;

/** An app log named by the check's `paths` param. */
struct AppLog
{
    QString label; ///< as written (relative to liftoff.yaml), shown in places
    QString path;  ///< absolute
};

struct SourceSummary
{
    QString label;
    QString format;             ///< otel, litellm, jsonl, langfuse, or "app-log"
    qint64 records = 0;         ///< call records, or app log lines
    qint64 scanned = 0;         ///< records in the window (app log lines: all)
    qint64 outsideWindow = 0;
    qint64 malformed = 0;
    QList<qint64> malformedLines;
    qint64 truncatedLines = 0;  ///< app log lines scanned over their first MAX_APP_LOG_LINE_BYTES only
    QString error;
};

/** A finding shown safely: kind, first and last characters, and where. */
struct Sample
{
    QString kind;
    QString sample;
    QString where;
};

/** A logged prompt with injection markers. */
struct Attempt
{
    QString where;
    QStringList rules;
    QStringList contexts;
};

struct Options
{
    QList<PiiKind> kinds;       ///< PII kinds looked for
    bool injection = false;     ///< count injection markers in prompts
    qint64 windowMs = DEFAULT_WINDOW_MS;
    qint64 toMs = 0;            ///< records with a time outside [toMs - windowMs, toMs) are skipped
    QString baseDir;            ///< file sources are named relative to it (the liftoff.yaml folder)
};

struct Observation
{
    Options options;
    QList<SourceSummary> sources;
    QMap<QString, qint64> findings; ///< per selected kind, zeros included
    QList<Sample> samples;          ///< the first MAX_SAMPLES
    qint64 promptsScanned = 0;
    qint64 injectionAttempts = 0;   ///< prompts (or app log lines) with at least one marker
    QMap<QString, qint64> attemptsByRule;
    QList<Attempt> attempts;        ///< the first MAX_SAMPLES
    bool cancelled = false;

    qint64 findingCount() const;
    const SourceSummary *failedSource() const;
    qint64 malformed() const;
};

/** The kinds and whether injection is looked for: the `kinds` param, else the item's defaults. */
Options optionsFor(const QString &itemId, const QVariantMap &params);
/** Reads every input and log; @p bytesDone (optional) grows as bytes are read. */
Observation observe(const QList<CallSourceInput> &inputs, const QList<AppLog> &logs, const Options &options,
                    const std::atomic<bool> *cancel = nullptr, std::atomic<qint64> *bytesDone = nullptr);
/** [FINDINGS], [FINDINGS_BY_KIND].email, [INJECTION_ATTEMPTS], [RECORDS], [LOG_LINES], [MALFORMED]. */
QVariantMap placeholders(const Observation &observation);
/** sec.no-pii-in-logs: "[FINDINGS] <= max_findings" (0); w1.injection-attempts: "[INJECTION_ATTEMPTS] <= max_findings" (0). */
QStringList defaultConditions(const QString &itemId, const QVariantMap &params, const Options &options);
ProbeResult evaluate(const QString &itemId, const Observation &observation, const QStringList &conditions,
                     const QVariantMap &params);
/** Resolves the `paths` param against the project folder; `*` and `?` in a file name match files of its folder. */
QList<AppLog> appLogs(const QStringList &paths, const QString &configDir);

} // namespace PiiEvaluation
