// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CommandProbe.h"

#include "actions/CommandHash.h"
#include "probes/ConditionEvaluator.h"
#include "probes/MapPlaceholderResolver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {
const QString NOT_APPROVED = u"command not approved: run `liftoff check --approve` or approve it in the GUI"_s;
const QStringList NAME_FIELDS {u"name"_s, u"key"_s, u"variable"_s};

bool isNameStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'.' || c == u'-';
}

bool isTokenDelimiter(QChar c)
{
    return c.isSpace() || QStringView(u"\"'`|,;:()[]{}<>=").contains(c);
}

void collectJsonNames(const QJsonValue &value, QSet<QString> *names, int depth)
{
    if (depth > 16)
        return;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            names->insert(it.key());
            if (NAME_FIELDS.contains(it.key().toLower()) && it.value().isString())
                names->insert(it.value().toString());
            collectJsonNames(it.value(), names, depth + 1);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &element : value.toArray())
            collectJsonNames(element, names, depth + 1);
    }
}

/** The NAME of a `NAME=value` or `export NAME=value` line, or empty. */
QString assignedName(QStringView line)
{
    QStringView rest = line.trimmed();
    if (rest.startsWith(u"export "))
        rest = rest.mid(7).trimmed();
    if (rest.isEmpty() || !isNameStart(rest.front()))
        return {};
    qsizetype end = 0;
    while (end < rest.size() && isNameChar(rest.at(end)))
        ++end;
    qsizetype eq = end;
    while (eq < rest.size() && rest.at(eq) == u' ')
        ++eq;
    return eq < rest.size() && rest.at(eq) == u'=' ? rest.left(end).toString() : QString();
}
} // namespace

CommandProbe::CommandProbe(ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    connect(&m_runner, &CommandRunner::finished, this, &CommandProbe::handleFinished);
}

QString CommandProbe::approvalHash(const ProbeSpec &spec, const ProbeContext &context)
{
    return CommandHash::of(spec.params.value(u"argv"_s).toStringList(), context.projectDir, {});
}

QStringList CommandProbe::findNames(const QStringList &lines, const QStringList &expected)
{
    QSet<QString> present;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(lines.join(u'\n').toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && !doc.isNull()) {
        collectJsonNames(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()), &present, 0);
    } else {
        for (const QString &line : lines) {
            const QString assigned = assignedName(line);
            if (!assigned.isEmpty()) {
                present.insert(assigned); // what follows `=` is a value: never looked at
                continue;
            }
            qsizetype start = -1;
            for (qsizetype i = 0; i <= line.size(); ++i) {
                const bool delimiter = i == line.size() || isTokenDelimiter(line.at(i));
                if (delimiter && start >= 0) {
                    present.insert(line.mid(start, i - start));
                    start = -1;
                } else if (!delimiter && start < 0) {
                    start = i;
                }
            }
        }
    }
    QStringList found;
    for (const QString &name : expected) {
        if (present.contains(name))
            found.append(name);
    }
    return found;
}

void CommandProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    const QStringList argv = m_request.spec.params.value(u"argv"_s).toStringList();
    const QStringList expected = m_request.spec.params.value(u"expect_names"_s).toStringList();
    m_hash = approvalHash(m_request.spec, m_context);
    QString problem;
    if (argv.isEmpty())
        problem = u"no command configured for %1"_s.arg(m_request.itemId);
    else if (expected.isEmpty())
        problem = u"no `expect_names` configured for %1: list the variable names the command must show"_s.arg(
            m_request.itemId);
    else if (!m_context.approvedCommandHashes.contains(m_hash))
        problem = NOT_APPROVED;
    if (!problem.isEmpty()) {
        ProbeResult r = ProbeResult::error(m_request.itemId, problem);
        r.evidence = {{u"argv"_s, QJsonArray::fromStringList(argv)}, {u"hash"_s, m_hash}};
        QMetaObject::invokeMethod(this, [this, r] { finishWith(r); }, Qt::QueuedConnection);
        return;
    }
    CommandSpec spec;
    spec.argv = argv;
    spec.workingDirectory = m_context.projectDir;
    spec.timeoutMs = qMax<qint64>(1, m_request.spec.params.value(u"timeout"_s, DEFAULT_TIMEOUT_MS).toLongLong());
    spec.graceMs = 1000;
    spec.maxOutputBytes = MAX_OUTPUT_BYTES;
    m_runner.start(spec);
}

void CommandProbe::cancel()
{
    if (m_runner.isRunning())
        m_runner.cancel(); // finished() follows with outcome Cancelled
    else
        finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void CommandProbe::handleFinished(const CommandResult &result)
{
    const QStringList argv = m_request.spec.params.value(u"argv"_s).toStringList();
    const QStringList expected = m_request.spec.params.value(u"expect_names"_s).toStringList();
    const QString shown = argv.join(u' ');
    QJsonObject evidence {{u"argv"_s, QJsonArray::fromStringList(argv)},
                          {u"hash"_s, m_hash},
                          {u"exitCode"_s, result.exitCode},
                          {u"outputLines"_s, result.lines.size()},
                          {u"durationMs"_s, result.durationMs}};
    if (result.outputTruncated)
        evidence.insert(u"outputTruncated"_s, true);
    ProbeResult r;
    if (result.outcome != CommandResult::Outcome::Finished) {
        r = ProbeResult::error(m_request.itemId, u"`%1`: %2"_s.arg(shown, result.error));
        r.evidence = evidence;
        finishWith(r);
        return;
    }
    if (result.exitCode != 0) {
        // The output may hold values, so it is not kept: say where to look instead.
        r = ProbeResult::error(m_request.itemId,
                               u"`%1` exited with %2; run it in %3 to see why (its output is not stored)"_s.arg(
                                   shown, QString::number(result.exitCode), m_context.projectDir));
        r.evidence = evidence;
        finishWith(r);
        return;
    }
    const QStringList found = findNames(result.lines, expected);
    QStringList missing;
    for (const QString &name : expected) {
        if (!found.contains(name))
            missing.append(name);
    }
    evidence.insert(u"expected"_s, QJsonArray::fromStringList(expected));
    evidence.insert(u"found"_s, QJsonArray::fromStringList(found));
    evidence.insert(u"missing"_s, QJsonArray::fromStringList(missing));
    r.evidence = evidence;

    const QStringList effective = m_request.conditions.isEmpty() ? QStringList {u"[MISSING] == 0"_s}
                                                                 : m_request.conditions;
    const MapPlaceholderResolver resolver({{u"EXIT_CODE"_s, result.exitCode},
                                           {u"FOUND"_s, static_cast<int>(found.size())},
                                           {u"MISSING"_s, static_cast<int>(missing.size())}});
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    for (const ConditionOutcome &outcome : outcomes)
        r.conditions.append(outcome.toJson());
    r.status = ConditionEvaluator::allHold(outcomes) ? Status::Pass : Status::Fail;
    if (missing.isEmpty())
        r.summary = u"all %1 expected names listed by `%2`"_s.arg(expected.size()).arg(shown);
    else
        r.summary = u"missing: %1 (%2 of %3 listed by `%4`)"_s.arg(missing.join(u", "_s))
                        .arg(found.size())
                        .arg(expected.size())
                        .arg(shown);
    if (result.outputTruncated)
        r.summary += u" (output cut at %1 bytes)"_s.arg(MAX_OUTPUT_BYTES);
    finishWith(r);
}

void CommandProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    if (result.durationMs == 0)
        result.durationMs = m_startedAt.isValid() ? m_startedAt.msecsTo(QDateTime::currentDateTimeUtc()) : 0;
    emit finished(result);
}
