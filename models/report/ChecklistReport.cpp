// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ChecklistReport.h"

#include "scan/SecretRedactor.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace {
QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString sourceName(const EvaluatedItem &e)
{
    if (e.state.source == StatusSource::Manual)
        return u"manual"_s;
    if (e.state.source == StatusSource::Probe)
        return u"probe"_s;
    return e.item.binding.kind == BindingKind::Probe ? u"probe"_s : u"manual"_s;
}

bool isSensitiveKey(const QString &key)
{
    static const QRegularExpression pattern(
        u"(authorization|token|secret|password|passwd|api[_-]?key|apikey|cookie|credential|private[_-]?key|x-api-key)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(key).hasMatch();
}

QString mask(const QString &value)
{
    return SecretRedactor::mask(value);
}

QJsonValue redactValue(const QString &key, const QJsonValue &value)
{
    if (value.isObject())
        return ChecklistReport::redactEvidence(value.toObject());
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(redactValue(key, v));
        return out;
    }
    if (value.isString() && isSensitiveKey(key))
        return mask(value.toString());
    if (value.isString()) {
        // Query tokens in URLs: ?api_key=...&token=...
        static const QRegularExpression query(
            u"([?&](?:api[_-]?key|key|token|access_token|secret|password|sig)=)([^&#\\s]+)"_s,
            QRegularExpression::CaseInsensitiveOption);
        // Key shapes anywhere in the text, then query tokens in URLs.
        QString text = SecretRedactor::redactKeys(value.toString());
        QRegularExpressionMatchIterator it = query.globalMatch(text);
        QList<QRegularExpressionMatch> matches;
        while (it.hasNext())
            matches.prepend(it.next());
        for (const QRegularExpressionMatch &m : matches)
            text.replace(m.capturedStart(2), m.capturedLength(2), mask(m.captured(2)));
        return text;
    }
    return value;
}

const char *const ANSI_RESET = "\x1b[0m";

QString ansiFor(Status s)
{
    switch (s) {
    case Status::Pass: return u"\x1b[32m"_s;
    case Status::Warn:
    case Status::Waived: return u"\x1b[33m"_s;
    case Status::Fail:
    case Status::Error: return u"\x1b[31m"_s;
    case Status::NotReported:
    case Status::Pending: return u"\x1b[35m"_s;
    case Status::Na: return u"\x1b[90m"_s;
    }
    return {};
}
} // namespace

ChecklistReport::ChecklistReport(QString projectName, DeploymentRecord deployment, QList<EvaluatedItem> items)
    : m_projectName(std::move(projectName))
    , m_deployment(std::move(deployment))
    , m_items(redactItems(std::move(items)))
    , m_verdict(VerdictRules::verdict(m_items))
{
}

QList<EvaluatedItem> ChecklistReport::redactItems(QList<EvaluatedItem> items)
{
    const SecretRedactor redactor;
    for (EvaluatedItem &e : items) {
        e.summary = redactor.redact(e.summary);
        e.state.summary = redactor.redact(e.state.summary);
        e.state.note = redactor.redact(e.state.note);
        e.state.conditions = redactor.redactJson(e.state.conditions);
        e.state.evidence = redactor.redactJson(e.state.evidence);
    }
    return items;
}

QJsonObject ChecklistReport::redactEvidence(const QJsonObject &evidence)
{
    QJsonObject out;
    for (auto it = evidence.begin(); it != evidence.end(); ++it)
        out.insert(it.key(), redactValue(it.key(), it.value()));
    return out;
}

QJsonObject ChecklistReport::toJson() const
{
    QJsonObject deployment {
        {u"name"_s, m_deployment.name},
        {u"environment"_s, m_deployment.environment},
        {u"version"_s, m_deployment.version},
        {u"commit"_s, textOrNull(m_deployment.commit)},
        {u"created"_s, isoOrNull(m_deployment.created)},
        {u"released"_s, isoOrNull(m_deployment.released)},
    };
    QJsonArray items;
    for (const EvaluatedItem &e : m_items) {
        items.append(QJsonObject {
            {u"id"_s, e.item.id},
            {u"title"_s, e.item.title},
            {u"phase"_s, ChecklistText::toString(e.item.phase)},
            {u"section"_s, e.item.section},
            {u"level"_s, ChecklistText::toString(e.item.level)},
            {u"mvp"_s, e.item.mvp},
            {u"status"_s, StatusText::toString(e.effective)},
            {u"source"_s, sourceName(e)},
            {u"checkedAt"_s, isoOrNull(e.state.checkedAt)},
            {u"summary"_s, textOrNull(e.summary)},
            {u"conditions"_s, e.state.conditions},
            {u"evidence"_s, redactEvidence(e.state.evidence)},
            {u"note"_s, textOrNull(e.state.note)},
            {u"by"_s, textOrNull(e.state.by)},
            {u"waiverExpires"_s, isoOrNull(e.state.waiverExpires)},
        });
    }
    QJsonObject counts;
    for (Status s : StatusText::all())
        counts.insert(StatusText::toString(s), m_verdict.counts.value(s));
    return QJsonObject {
        {u"liftoff"_s, QStringLiteral(LIFTOFF_VERSION)},
        {u"project"_s, m_projectName},
        {u"deployment"_s, deployment},
        {u"verdict"_s, VerdictRules::toString(m_verdict.kind)},
        {u"blocking"_s, QJsonArray::fromStringList(m_verdict.blocking)},
        {u"items"_s, items},
        {u"counts"_s, counts},
    };
}

QString ChecklistReport::toText(bool colour) const
{
    QString out;
    out += u"%1 · %2 (%3, %4)%5\n\n"_s.arg(m_projectName, m_deployment.name, m_deployment.environment,
                                           m_deployment.version,
                                           m_deployment.isReleased() ? u", released"_s : QString());
    qsizetype idWidth = 4;
    for (const EvaluatedItem &e : m_items)
        idWidth = qMax(idWidth, e.item.id.size());
    out += u"%1  %2  %3  %4\n"_s.arg(u"STATUS"_s.leftJustified(12), u"ID"_s.leftJustified(idWidth),
                                     u"LEVEL "_s, u"SUMMARY"_s);
    for (const EvaluatedItem &e : m_items) {
        QString status = StatusText::toString(e.effective).leftJustified(12);
        if (colour)
            status = ansiFor(e.effective) + status + QString::fromLatin1(ANSI_RESET);
        QString level = ChecklistText::toString(e.item.level).leftJustified(6);
        QString summary = e.summary.isEmpty() ? e.item.title : e.summary;
        summary.replace(u'\n', u' ');
        if (!e.counts)
            summary += u" (counts after release)"_s;
        out += u"%1  %2  %3  %4\n"_s.arg(status, e.item.id.leftJustified(idWidth), level, summary);
    }
    out += u"\nVerdict: %1\n"_s.arg(VerdictRules::displayName(m_verdict.kind));
    if (!m_verdict.blocking.isEmpty())
        out += u"Blocking: %1\n"_s.arg(m_verdict.blocking.join(u", "_s));
    return out;
}

QString ChecklistReport::toMarkdown() const
{
    auto escape = [](QString s) {
        s.replace(u'|', u"\\|"_s);
        s.replace(u'\n', u' ');
        return s;
    };
    QString out;
    out += u"# %1 · %2\n\n"_s.arg(escape(m_projectName), escape(m_deployment.name));
    out += u"- Environment: %1\n- Version: %2\n- Released: %3\n\n"_s.arg(
        escape(m_deployment.environment), escape(m_deployment.version),
        m_deployment.isReleased() ? m_deployment.released.toUTC().toString(Qt::ISODate) : u"no"_s);
    out += u"**Verdict: %1**\n\n"_s.arg(VerdictRules::displayName(m_verdict.kind));
    if (!m_verdict.blocking.isEmpty())
        out += u"Blocking: %1\n\n"_s.arg(m_verdict.blocking.join(u", "_s));
    out += u"| Status | ID | Title | Level | Summary |\n|---|---|---|---|---|\n"_s;
    for (const EvaluatedItem &e : m_items) {
        out += u"| %1 | `%2` | %3 | %4 | %5 |\n"_s.arg(StatusText::toString(e.effective), e.item.id, escape(e.item.title),
                                                       ChecklistText::toString(e.item.level), escape(e.summary));
    }
    return out;
}

QString ChecklistReport::toJUnit() const
{
    QString xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    int failures = 0, errors = 0, skipped = 0;
    for (const EvaluatedItem &e : m_items) {
        if (!e.counts || e.effective == Status::Na || e.effective == Status::Waived)
            ++skipped;
        else if (e.effective == Status::Error)
            ++errors;
        else if (e.effective == Status::Fail
                 || (e.item.level == Level::Must
                     && (e.effective == Status::NotReported || e.effective == Status::Pending)))
            ++failures;
    }
    w.writeStartElement(u"testsuites"_s);
    w.writeStartElement(u"testsuite"_s);
    w.writeAttribute(u"name"_s, u"liftoff %1 %2"_s.arg(m_projectName, m_deployment.name));
    w.writeAttribute(u"tests"_s, QString::number(m_items.size()));
    w.writeAttribute(u"failures"_s, QString::number(failures));
    w.writeAttribute(u"errors"_s, QString::number(errors));
    w.writeAttribute(u"skipped"_s, QString::number(skipped));
    for (const EvaluatedItem &e : m_items) {
        w.writeStartElement(u"testcase"_s);
        w.writeAttribute(u"classname"_s, e.item.section);
        w.writeAttribute(u"name"_s, e.item.id + u" "_s + e.item.title);
        const QString message = u"%1: %2"_s.arg(StatusText::toString(e.effective), e.summary);
        if (!e.counts || e.effective == Status::Na || e.effective == Status::Waived) {
            w.writeStartElement(u"skipped"_s);
            w.writeAttribute(u"message"_s, e.counts ? message : u"post-deployment item; counts after release"_s);
            w.writeEndElement();
        } else if (e.effective == Status::Error) {
            w.writeStartElement(u"error"_s);
            w.writeAttribute(u"message"_s, message);
            w.writeEndElement();
        } else if (e.effective == Status::Fail
                   || (e.item.level == Level::Must
                       && (e.effective == Status::NotReported || e.effective == Status::Pending))) {
            w.writeStartElement(u"failure"_s);
            w.writeAttribute(u"message"_s, message);
            w.writeEndElement();
        } else if (!e.summary.isEmpty()) {
            w.writeTextElement(u"system-out"_s, message);
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return xml;
}
