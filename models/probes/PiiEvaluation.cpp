// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/PiiEvaluation.h"

#include "probes/ConditionEvaluator.h"
#include "probes/MapPlaceholderResolver.h"
#include "scan/InjectionMarkerDetector.h"
#include "sources/CallContentReader.h"
#include "sources/CallLogReader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <vector>

using namespace Qt::StringLiterals;

namespace {

const QString INJECTION_ITEM = u"w1.injection-attempts"_s;

QString formatName(CallLogFormat format)
{
    return CallLogFormatText::toString(format);
}

QString shownPath(const QString &path, const QString &baseDir)
{
    if (baseDir.isEmpty() || path.contains(u"://"_s))
        return path;
    const QString relative = QDir(baseDir).relativeFilePath(path);
    return relative.startsWith(u"../"_s) ? path : relative;
}

/** Scans texts and keeps counts and redacted samples. */
class Collector
{
public:
    Collector(PiiEvaluation::Observation &o)
        : m_o(o)
        , m_detector(o.options.kinds)
    {
        for (const PiiKind kind : o.options.kinds)
            m_o.findings.insert(PiiKindText::toString(kind), 0);
    }

    void pii(std::string_view text, const std::function<QString()> &where)
    {
        if (m_o.options.kinds.isEmpty())
            return;
        m_detector.scan(text, [&](const PiiMatch &m) {
            const QString kind = PiiKindText::toString(m.kind);
            ++m_o.findings[kind];
            if (m_o.samples.size() < PiiEvaluation::MAX_SAMPLES)
                m_o.samples.append({kind, PiiDetector::sample(text.substr(m.offset, m.length)), where()});
        });
    }

    /** Adds the markers of @p text to @p attempt (once per rule). */
    void markers(std::string_view text, bool blobs, PiiEvaluation::Attempt &attempt)
    {
        for (const InjectionMarker &marker : InjectionMarkerDetector::scan(text)) {
            if (!blobs && marker.rule == InjectionMarker::Rule::EncodedBlob)
                continue;
            const QString rule = InjectionMarkerDetector::ruleName(marker.rule);
            if (attempt.rules.contains(rule))
                continue;
            attempt.rules.append(rule);
            attempt.contexts.append(marker.context);
        }
    }

    void attempt(PiiEvaluation::Attempt attempt)
    {
        if (attempt.rules.isEmpty())
            return;
        ++m_o.injectionAttempts;
        for (const QString &rule : std::as_const(attempt.rules))
            ++m_o.attemptsByRule[rule];
        if (m_o.attempts.size() < PiiEvaluation::MAX_SAMPLES)
            m_o.attempts.append(std::move(attempt));
    }

private:
    PiiEvaluation::Observation &m_o;
    PiiDetector m_detector;
};

void scanInput(const CallSourceInput &input, const QString &baseDir, PiiEvaluation::Observation &o, Collector &collector,
               const std::atomic<bool> *cancel, std::atomic<qint64> *bytesDone)
{
    PiiEvaluation::SourceSummary summary;
    summary.label = shownPath(input.label, baseDir);
    summary.format = formatName(input.format);
    if (!input.ok()) {
        summary.error = input.errorString;
        o.sources.append(summary);
        return;
    }
    const PiiEvaluation::Options &options = o.options;
    const qint64 fromMs = options.toMs - options.windowMs;
    bool document = false;
    const QString label = summary.label;
    CallContentReader reader;
    reader.setFormat(input.format);
    reader.setFieldMapping(input.mapping);
    reader.setCancelFlag(cancel);
    reader.setProgress(bytesDone);
    const auto handler = [&](const CallContentRecord &record) {
        if (options.windowMs > 0 && record.timeMs && (*record.timeMs < fromMs || *record.timeMs >= options.toMs)) {
            ++summary.outsideWindow;
            return;
        }
        ++summary.scanned;
        const qint64 line = record.line;
        const auto where = [&] {
            return document ? u"%1 record %2"_s.arg(label).arg(line) : u"%1:%2"_s.arg(label).arg(line);
        };
        PiiEvaluation::Attempt attempt;
        bool prompt = false;
        for (const CallContentPart &part : record.parts) {
            collector.pii(part.text, where);
            if (options.injection && part.side == CallContentPart::Side::Prompt && part.role == CallContentPart::Role::User) {
                prompt = true;
                collector.markers(part.text, true, attempt);
            }
        }
        if (prompt)
            ++o.promptsScanned;
        if (!attempt.rules.isEmpty()) {
            attempt.where = where();
            collector.attempt(std::move(attempt));
        }
    };
    // The layout decides how places are named: line numbers for JSON lines, record numbers for documents.
    const CallLogReadResult result = [&] {
        if (input.filePath.isEmpty()) {
            CallLogReader::guessLayout(std::string_view(input.data.constData(), std::size_t(input.data.size())),
                                        input.format, &document);
            return reader.readData(input.data, handler);
        }
        QFile head(input.filePath);
        if (head.open(QIODevice::ReadOnly)) {
            const QByteArray start = head.read(CallLogReader::LAYOUT_HEAD_BYTES);
            CallLogReader::guessLayout(std::string_view(start.constData(), std::size_t(start.size())), input.format,
                                        &document);
        }
        return reader.readFile(input.filePath, handler);
    }();
    summary.format = formatName(result.format);
    summary.records = result.records;
    summary.malformed = result.malformed;
    for (const CallLogReadResult::Malformed &m : result.firstMalformed) {
        if (summary.malformedLines.size() < PiiEvaluation::MAX_MALFORMED_LINES)
            summary.malformedLines.append(m.line);
    }
    if (result.errorString == u"cancelled")
        o.cancelled = true;
    else
        summary.error = result.errorString;
    o.sources.append(summary);
}

void scanAppLog(const PiiEvaluation::AppLog &log, PiiEvaluation::Observation &o, Collector &collector,
                const std::atomic<bool> *cancel, std::atomic<qint64> *bytesDone)
{
    PiiEvaluation::SourceSummary summary;
    summary.label = log.label;
    summary.format = u"app-log"_s;
    QFile file(log.path);
    if (!QFileInfo(log.path).isFile()) {
        summary.error = QFileInfo::exists(log.path) ? u"%1 is not a file"_s.arg(log.label)
                                                    : u"%1 does not exist"_s.arg(log.label);
        o.sources.append(summary);
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        summary.error = u"cannot open %1: %2"_s.arg(log.label, file.errorString());
        o.sources.append(summary);
        return;
    }
    const qint64 max = PiiEvaluation::MAX_APP_LOG_LINE_BYTES;
    std::vector<char> buffer(std::size_t(max) + 2);
    qint64 line = 0;
    while (!file.atEnd()) {
        if (cancel && cancel->load()) {
            o.cancelled = true;
            break;
        }
        const qint64 got = file.readLine(buffer.data(), max + 2);
        if (got <= 0)
            break;
        if (bytesDone)
            bytesDone->fetch_add(got);
        ++line;
        std::size_t length = std::size_t(got);
        if (got == max + 1 && buffer[length - 1] != '\n') {
            // Bounded per line: the first MAX_APP_LOG_LINE_BYTES are scanned, the rest is skipped unread.
            ++summary.truncatedLines;
            std::vector<char> rest(64 * 1024);
            while (!file.atEnd()) {
                const qint64 more = file.readLine(rest.data(), qint64(rest.size()));
                if (more <= 0)
                    break;
                if (bytesDone)
                    bytesDone->fetch_add(more);
                if (rest[std::size_t(more) - 1] == '\n')
                    break;
            }
        }
        ++summary.records;
        ++summary.scanned;
        const std::string_view text(buffer.data(), length);
        const auto where = [&] { return u"%1:%2"_s.arg(log.label).arg(line); };
        collector.pii(text, where);
        if (o.options.injection) {
            // Long base64 runs are common in app logs (tokens, images): only the word rules count there.
            PiiEvaluation::Attempt attempt;
            collector.markers(text, false, attempt);
            if (!attempt.rules.isEmpty()) {
                attempt.where = where();
                collector.attempt(std::move(attempt));
            }
        }
    }
    if (file.error() != QFileDevice::NoError && !o.cancelled)
        summary.error = u"cannot read %1: %2"_s.arg(log.label, file.errorString());
    o.sources.append(summary);
}

QString countText(qint64 n, const QString &one, const QString &many)
{
    return n == 1 ? u"1 "_s + one : u"%1 "_s.arg(n) + many;
}

QString windowText(qint64 ms)
{
    if (ms <= 0)
        return u"all time"_s;
    if (ms % (24 * 3600 * 1000) == 0 && ms >= 2 * 24 * 3600 * 1000)
        return u"%1 d"_s.arg(ms / (24 * 3600 * 1000));
    if (ms % (3600 * 1000) == 0)
        return u"%1 h"_s.arg(ms / (3600 * 1000));
    return u"%1 min"_s.arg(std::max<qint64>(1, ms / 60000));
}

QString scopeText(const PiiEvaluation::Observation &o)
{
    qint64 records = 0;
    qint64 lines = 0;
    int logs = 0;
    for (const PiiEvaluation::SourceSummary &s : o.sources) {
        if (s.format == u"app-log") {
            lines += s.scanned;
            ++logs;
        } else {
            records += s.scanned;
        }
    }
    QStringList parts;
    if (logs < o.sources.size())
        parts.append(u"%1 in the last %2"_s.arg(countText(records, u"call record"_s, u"call records"_s),
                                               windowText(o.options.windowMs)));
    if (logs > 0)
        parts.append(u"%1 of %2"_s.arg(countText(lines, u"app log line"_s, u"app log lines"_s),
                                       countText(logs, u"file"_s, u"files"_s)));
    return parts.join(u" and "_s);
}

QString malformedText(const PiiEvaluation::Observation &o)
{
    for (const PiiEvaluation::SourceSummary &s : o.sources) {
        if (s.malformed > 0) {
            QString text = u"%1 could not be read"_s.arg(countText(o.malformed(), u"record"_s, u"records"_s));
            if (!s.malformedLines.isEmpty())
                text += u" (first: %1:%2)"_s.arg(s.label).arg(s.malformedLines.first());
            return text;
        }
    }
    return {};
}

} // namespace

namespace PiiEvaluation {

qint64 Observation::findingCount() const
{
    qint64 total = 0;
    for (const qint64 n : findings)
        total += n;
    return total;
}

const SourceSummary *Observation::failedSource() const
{
    for (const SourceSummary &s : sources) {
        if (!s.error.isEmpty())
            return &s;
    }
    return nullptr;
}

qint64 Observation::malformed() const
{
    qint64 total = 0;
    for (const SourceSummary &s : sources)
        total += s.malformed;
    return total;
}

Options optionsFor(const QString &itemId, const QVariantMap &params)
{
    Options options;
    if (params.contains(u"kinds"_s)) {
        for (const QString &name : params.value(u"kinds"_s).toStringList()) {
            if (name == u"injection")
                options.injection = true;
            else if (const std::optional<PiiKind> kind = PiiKindText::fromString(name))
                options.kinds.append(*kind);
        }
    } else if (itemId == INJECTION_ITEM) {
        options.injection = true;
    } else {
        options.kinds = PiiKindText::all();
    }
    return options;
}

Observation observe(const QList<CallSourceInput> &inputs, const QList<AppLog> &logs, const Options &options,
                    const std::atomic<bool> *cancel, std::atomic<qint64> *bytesDone)
{
    Observation o;
    o.options = options;
    Collector collector(o);
    for (const CallSourceInput &input : inputs) {
        if (o.cancelled)
            break;
        scanInput(input, options.baseDir, o, collector, cancel, bytesDone);
    }
    for (const AppLog &log : logs) {
        if (o.cancelled)
            break;
        scanAppLog(log, o, collector, cancel, bytesDone);
    }
    return o;
}

QVariantMap placeholders(const Observation &o)
{
    QVariantMap byKind;
    for (auto it = o.findings.cbegin(); it != o.findings.cend(); ++it)
        byKind.insert(it.key(), it.value());
    qint64 records = 0;
    qint64 lines = 0;
    for (const SourceSummary &s : o.sources)
        (s.format == u"app-log" ? lines : records) += s.scanned;
    return {{u"FINDINGS"_s, o.options.kinds.isEmpty() ? QVariant() : QVariant(o.findingCount())},
            {u"FINDINGS_BY_KIND"_s, byKind},
            {u"INJECTION_ATTEMPTS"_s, o.options.injection ? QVariant(o.injectionAttempts) : QVariant()},
            {u"RECORDS"_s, records},
            {u"LOG_LINES"_s, lines},
            {u"MALFORMED"_s, o.malformed()}};
}

QStringList defaultConditions(const QString &itemId, const QVariantMap &params, const Options &options)
{
    const qint64 allowed = params.value(u"max_findings"_s, 0).toLongLong();
    if (itemId == INJECTION_ITEM)
        return {u"[INJECTION_ATTEMPTS] <= %1"_s.arg(allowed)};
    QStringList conditions;
    if (!options.kinds.isEmpty())
        conditions.append(u"[FINDINGS] <= %1"_s.arg(allowed));
    if (options.injection)
        conditions.append(u"[INJECTION_ATTEMPTS] <= %1"_s.arg(allowed));
    return conditions;
}

ProbeResult evaluate(const QString &itemId, const Observation &o, const QStringList &conditions,
                     const QVariantMap &params)
{
    ProbeResult result;
    result.itemId = itemId;
    if (o.cancelled)
        return ProbeResult::error(itemId, u"cancelled"_s);

    QJsonObject evidence;
    QJsonArray kinds;
    for (const PiiKind kind : o.options.kinds)
        kinds.append(PiiKindText::toString(kind));
    if (o.options.injection)
        kinds.append(u"injection"_s);
    evidence.insert(u"kinds"_s, kinds);
    evidence.insert(u"window"_s, windowText(o.options.windowMs));
    QJsonObject findings;
    for (auto it = o.findings.cbegin(); it != o.findings.cend(); ++it)
        findings.insert(it.key(), it.value());
    evidence.insert(u"findings"_s, findings);
    evidence.insert(u"finding_count"_s, o.findingCount());
    QJsonArray samples;
    for (const Sample &s : o.samples)
        samples.append(QJsonObject {{u"kind"_s, s.kind}, {u"sample"_s, s.sample}, {u"where"_s, s.where}});
    evidence.insert(u"samples"_s, samples);
    if (o.options.injection) {
        evidence.insert(u"prompts_scanned"_s, o.promptsScanned);
        evidence.insert(u"injection_attempts"_s, o.injectionAttempts);
        QJsonObject byRule;
        for (auto it = o.attemptsByRule.cbegin(); it != o.attemptsByRule.cend(); ++it)
            byRule.insert(it.key(), it.value());
        evidence.insert(u"attempts_by_rule"_s, byRule);
        QJsonArray attempts;
        for (const Attempt &a : o.attempts) {
            attempts.append(QJsonObject {{u"where"_s, a.where},
                                         {u"rules"_s, QJsonArray::fromStringList(a.rules)},
                                         {u"context"_s, QJsonArray::fromStringList(a.contexts)}});
        }
        evidence.insert(u"attempts"_s, attempts);
    }
    QJsonArray sources;
    for (const SourceSummary &s : o.sources) {
        QJsonObject source {{u"source"_s, s.label}, {u"format"_s, s.format}, {u"records"_s, s.records},
                            {u"scanned"_s, s.scanned}};
        if (s.outsideWindow > 0)
            source.insert(u"outside_window"_s, s.outsideWindow);
        if (s.malformed > 0) {
            source.insert(u"malformed"_s, s.malformed);
            QJsonArray lines;
            for (const qint64 line : s.malformedLines)
                lines.append(line);
            source.insert(u"malformed_lines"_s, lines);
        }
        if (s.truncatedLines > 0)
            source.insert(u"truncated_lines"_s, s.truncatedLines);
        if (!s.error.isEmpty())
            source.insert(u"error"_s, s.error);
        sources.append(source);
    }
    evidence.insert(u"sources"_s, sources);
    result.evidence = evidence;

    const bool injectionItem = itemId == INJECTION_ITEM;
    if (o.sources.isEmpty()) {
        // Nothing looked at is no reason to pass: the item stays visibly open with what to add.
        result.status = Status::Warn;
        result.summary = u"nothing to scan: no call source (sources.calls) and no app log (checks: %1: {pii: {paths: "
                         u"[logs/app.log]}}) in liftoff.yaml"_s.arg(itemId);
        return result;
    }
    const qint64 findingCount = o.findingCount();
    const SourceSummary *failed = o.failedSource();
    if (failed && findingCount == 0 && o.injectionAttempts == 0) {
        result.status = Status::NotReported;
        result.summary = u"log not readable: %1"_s.arg(failed->error);
        return result;
    }

    QStringList effective = conditions.isEmpty() ? defaultConditions(itemId, params, o.options) : conditions;
    const MapPlaceholderResolver resolver(placeholders(o));
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    for (const ConditionOutcome &outcome : outcomes)
        result.conditions.append(outcome.toJson());

    QStringList figures;
    if (!o.options.kinds.isEmpty()) {
        QStringList perKind;
        for (auto it = o.findings.cbegin(); it != o.findings.cend(); ++it) {
            if (it.value() > 0)
                perKind.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
        }
        figures.append(findingCount == 0
                           ? u"no PII"_s
                           : u"%1 (%2), first %3 %4 at %5"_s.arg(countText(findingCount, u"PII finding"_s, u"PII findings"_s),
                                                               perKind.join(u", "_s), o.samples.first().kind,
                                                               o.samples.first().sample, o.samples.first().where));
    }
    if (o.options.injection) {
        QStringList perRule;
        for (auto it = o.attemptsByRule.cbegin(); it != o.attemptsByRule.cend(); ++it)
            perRule.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
        figures.append(o.injectionAttempts == 0
                           ? u"no injection markers"_s
                           : u"%1 with injection markers (%2), first at %3"_s.arg(
                                 countText(o.injectionAttempts, u"prompt"_s, u"prompts"_s), perRule.join(u", "_s),
                                 o.attempts.first().where));
    }
    QString text = figures.join(u"; "_s) + u" in "_s + scopeText(o);
    const QString unread = malformedText(o);
    if (!unread.isEmpty())
        text += u"; "_s + unread;
    if (failed)
        text += u"; "_s + failed->error;

    if (ConditionEvaluator::allHold(outcomes)) {
        result.status = unread.isEmpty() && !failed ? Status::Pass : Status::Warn;
        result.summary = text;
        return result;
    }
    QStringList failedConditions;
    for (const ConditionOutcome &outcome : outcomes) {
        if (!outcome.ok)
            failedConditions.append(outcome.error.isEmpty() ? u"%1 (actual %2)"_s.arg(outcome.expression, outcome.actual)
                                                            : u"%1: %2"_s.arg(outcome.expression, outcome.error));
    }
    // checklist.md: w1.injection-attempts warns above the configured count; PII in logs fails.
    result.status = injectionItem ? Status::Warn : Status::Fail;
    result.summary = text + u" — failed: "_s + failedConditions.join(u"; "_s)
        + (injectionItem ? QString() : u"; redact before logging"_s);
    return result;
}

QList<AppLog> appLogs(const QStringList &paths, const QString &configDir)
{
    QList<AppLog> logs;
    const QDir base(configDir);
    for (const QString &written : paths) {
        const QFileInfo info(base, written);
        const QString name = info.fileName();
        if (name.contains(u'*') || name.contains(u'?')) {
            const QDir folder = info.dir();
            const QStringList matches = folder.entryList({name}, QDir::Files, QDir::Name);
            for (const QString &match : matches) {
                const QString path = folder.filePath(match);
                logs.append({shownPath(path, configDir), path});
            }
            continue;
        }
        logs.append({written, info.absoluteFilePath()});
    }
    return logs;
}

} // namespace PiiEvaluation
