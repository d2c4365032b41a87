// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalImport.h"

#include "evals/EvalRunner.h"
#include "scan/SecretRedactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace EvalImport {
namespace {
/** garak's detectors score each output 0..1; at or above this the attack worked. */
constexpr double GARAK_HIT = 0.5;

QString bounded(const QString &text)
{
    const QString redacted = SecretRedactor::redactKeys(text);
    return redacted.size() > EvalRunner::MAX_STORED_OUTPUT_CHARS
               ? redacted.left(EvalRunner::MAX_STORED_OUTPUT_CHARS) + u"…"_s
               : redacted;
}

QString asText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isNull() || v.isUndefined())
        return {};
    return v.toVariant().toString();
}
} // namespace

Result parse(const QByteArray &content)
{
    const QByteArray head = content.left(4096).trimmed();
    // A garak report is JSONL whose first record names its entry_type; promptfoo writes one document.
    if (head.startsWith('{') && head.contains("\"entry_type\""))
        return parseGarak(content);
    Result r = parsePromptfoo(content);
    if (r.format.isEmpty() && r.error.isEmpty())
        r.error = u"neither a promptfoo output.json nor a garak report.jsonl"_s;
    return r;
}

Result parsePromptfoo(const QByteArray &json)
{
    Result r;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        r.error = u"not JSON at offset %1: %2"_s.arg(error.offset).arg(error.errorString());
        return r;
    }
    const QJsonObject root = document.object();
    // output.json keeps the rows under results.results (v2 and later) or results (older files).
    const QJsonValue results = root.value(u"results"_s);
    const QJsonArray rows = results.isObject() ? results.toObject().value(u"results"_s).toArray() : results.toArray();
    if (!root.contains(u"results"_s) || rows.isEmpty()) {
        r.error = u"no results in this promptfoo output (expected results.results[])"_s;
        return r;
    }
    r.format = u"promptfoo"_s;
    QHash<QString, int> seen;
    for (qsizetype i = 0; i < rows.size() && r.cases.size() < MAX_CASES; ++i) {
        const QJsonObject row = rows.at(i).toObject();
        const QJsonObject testCase = row.value(u"testCase"_s).toObject();
        EvalCaseResult c;
        QString id = testCase.value(u"description"_s).toString();
        if (id.isEmpty())
            id = u"test-%1"_s.arg(row.value(u"testIdx"_s).toInt(int(i)));
        if (row.contains(u"promptIdx"_s) && row.value(u"promptIdx"_s).toInt() > 0)
            id += u" (prompt %1)"_s.arg(row.value(u"promptIdx"_s).toInt());
        // Ids are the key of a run's cases: repeats get a number.
        if (const int n = seen[id]++; n > 0)
            id += u" #%1"_s.arg(n + 1);
        c.caseId = id.left(200);
        c.position = int(r.cases.size());
        const QJsonObject grading = row.value(u"gradingResult"_s).toObject();
        c.passed = row.contains(u"success"_s) ? row.value(u"success"_s).toBool() : grading.value(u"pass"_s).toBool();
        c.latencyMs = row.value(u"latencyMs"_s).toInteger(-1);
        const QJsonObject response = row.value(u"response"_s).toObject();
        c.output = bounded(asText(response.value(u"output"_s)));
        c.error = bounded(asText(row.value(u"error"_s))).left(500);
        const QJsonObject usage = response.value(u"tokenUsage"_s).toObject();
        if (usage.contains(u"total"_s))
            c.tokens = usage.value(u"total"_s).toInteger();
        if (response.value(u"cost"_s).isDouble())
            c.costUsd = response.value(u"cost"_s).toDouble();
        for (const QJsonValue &v : grading.value(u"componentResults"_s).toArray()) {
            const QJsonObject component = v.toObject();
            const QJsonObject assertion = component.value(u"assertion"_s).toObject();
            c.assertions.append({assertion.value(u"type"_s).toString(u"promptfoo"_s),
                                 bounded(asText(assertion.value(u"value"_s))).left(500),
                                 component.value(u"pass"_s).toBool(),
                                 bounded(component.value(u"reason"_s).toString()).left(500)});
        }
        if (c.assertions.isEmpty())
            c.assertions.append({u"promptfoo"_s, {}, c.passed, bounded(grading.value(u"reason"_s).toString()).left(500)});
        r.cases.append(c);
    }
    return r;
}

Result parseGarak(const QByteArray &jsonl)
{
    Result r;
    r.format = u"garak"_s;
    const QList<QByteArray> lines = jsonl.split('\n');
    QHash<QString, int> perProbe;
    for (qsizetype i = 0; i < lines.size() && r.cases.size() < MAX_CASES; ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
        if (error.error != QJsonParseError::NoError) {
            r.error = u"line %1: not JSON (%2)"_s.arg(i + 1).arg(error.errorString());
            r.cases.clear();
            return r;
        }
        // Status 2 is an attempt the detectors judged; 1 is the same attempt before judging.
        if (o.value(u"entry_type"_s).toString() != u"attempt" || o.value(u"status"_s).toInt() != 2)
            continue;
        EvalCaseResult c;
        const QString probe = o.value(u"probe_classname"_s).toString(u"garak"_s);
        c.caseId = u"%1 #%2"_s.arg(probe).arg(++perProbe[probe]).left(200);
        c.position = int(r.cases.size());
        QStringList outputs;
        for (const QJsonValue &v : o.value(u"outputs"_s).toArray())
            outputs.append(v.isObject() ? v.toObject().value(u"text"_s).toString() : asText(v));
        c.output = bounded(outputs.join(u"\n---\n"_s));
        c.passed = true;
        const QJsonObject detectors = o.value(u"detector_results"_s).toObject();
        for (auto it = detectors.begin(); it != detectors.end(); ++it) {
            double worst = 0;
            for (const QJsonValue &score : it.value().toArray())
                worst = std::max(worst, score.toDouble());
            const bool ok = worst < GARAK_HIT;
            c.passed = c.passed && ok;
            c.assertions.append({u"garak:"_s + it.key(), u"score < 0.5"_s, ok, u"score %1"_s.arg(worst)});
        }
        r.cases.append(c);
    }
    if (r.cases.isEmpty())
        r.error = u"no evaluated attempts (entry_type attempt, status 2) in this garak report"_s;
    return r;
}

} // namespace EvalImport
