// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportDocument.h"

#include "report/ChecklistReport.h"
#include "report/ReportSvgCharts.h"
#include "scan/SecretRedactor.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <functional>

using namespace Qt::StringLiterals;

namespace {
QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) : u"—"_s;
}

QString verdictColour(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Go: return u"#2e7d32"_s;
    case VerdictKind::ConditionalGo: return u"#a07800"_s;
    case VerdictKind::NoGo: return u"#c62828"_s;
    }
    return u"#202124"_s;
}

QString markdownCell(QString s)
{
    s.replace(u'|', u"\\|"_s);
    s.replace(u'\n', u' ');
    return s;
}

QList<AuditEvent> newestAudit(const QList<AuditEvent> &all, qsizetype limit, qsizetype *omitted)
{
    *omitted = std::max<qsizetype>(0, all.size() - limit);
    return all.mid(*omitted);
}

// The audit trail's cells (when, who, item, event, change, note), each through `cell`.
QList<QStringList> auditRows(const QList<AuditEvent> &audit, const std::function<QString(const QString &)> &cell)
{
    QList<QStringList> rows;
    rows.reserve(audit.size());
    for (const AuditEvent &a : audit) {
        const QString change = a.fromStatus.isEmpty() && a.toStatus.isEmpty()
            ? QString()
            : u"%1 → %2"_s.arg(a.fromStatus, a.toStatus);
        rows.append({when(a.at), cell(a.who), a.itemId.isEmpty() ? u"—"_s : cell(a.itemId), cell(a.kind),
                     cell(change), cell(a.note)});
    }
    return rows;
}
} // namespace

ReportDocument::ReportDocument(ReportData data) : m_data(std::move(data))
{
    // A report leaves the machine: nothing shaped like a key goes into it, whatever was stored.
    m_data.items = ChecklistReport::redactItems(std::move(m_data.items));
    const SecretRedactor redactor;
    for (AuditEvent &a : m_data.audit)
        a.note = redactor.redact(a.note);
}

QString ReportDocument::chartUrl(const QString &name)
{
    return u"liftoff-chart://%1.svg"_s.arg(name);
}

QList<std::pair<QString, QString>> ReportDocument::charts() const
{
    const ChecklistReport checklist(m_data.projectName, m_data.deployment, m_data.items);
    QList<std::pair<QString, QString>> out;
    if (QString svg = ReportSvgCharts::statusCounts(checklist.verdict().counts); !svg.isEmpty())
        out.append({u"status"_s, svg});
    if (QString svg = ReportSvgCharts::spend(m_data.costEvidence, m_data.monthlyBudgetUsd, m_data.alertThresholds);
        !svg.isEmpty())
        out.append({u"spend"_s, svg});
    if (QString svg = ReportSvgCharts::latency(m_data.latencyRuns); !svg.isEmpty())
        out.append({u"latency"_s, svg});
    return out;
}

QString ReportDocument::evidenceText(const EvaluatedItem &item) const
{
    if (item.state.evidence.isEmpty())
        return {};
    QString text = QString::fromUtf8(
        QJsonDocument(ChecklistReport::redactEvidence(item.state.evidence)).toJson(QJsonDocument::Indented));
    if (text.size() > MAX_EVIDENCE_CHARS)
        text = text.left(MAX_EVIDENCE_CHARS) + u"\n… (%1 more characters; `liftoff status --format json` has all of it)"_s
                                                    .arg(text.size() - MAX_EVIDENCE_CHARS);
    return text;
}

QString ReportDocument::markdown() const
{
    const ChecklistReport checklist(m_data.projectName, m_data.deployment, m_data.items);
    QString out = checklist.toMarkdown();
    out += u"\nGenerated %1.\n"_s.arg(when(m_data.generatedAt));
    out += u"\n## Items\n"_s;
    for (const EvaluatedItem &e : m_data.items) {
        out += u"\n### %1 `%2` %3\n\n"_s.arg(StatusText::toString(e.effective), e.item.id, markdownCell(e.item.title));
        out += u"- Passes when: %1\n"_s.arg(markdownCell(e.item.passesWhen));
        if (!e.summary.isEmpty())
            out += u"- Summary: %1\n"_s.arg(markdownCell(e.summary));
        if (!e.state.by.isEmpty() || e.state.checkedAt.isValid())
            out += u"- By: %1, %2\n"_s.arg(e.state.by.isEmpty() ? u"probe"_s : markdownCell(e.state.by),
                                          when(e.state.checkedAt));
        if (!e.state.note.isEmpty())
            out += u"- Note: %1\n"_s.arg(markdownCell(e.state.note));
        for (const QJsonValue &c : e.state.conditions) {
            out += u"- %1 `%2` (actual %3)\n"_s.arg(c[u"ok"_s].toBool() ? u"✓"_s : u"✗"_s, c[u"expr"_s].toString(),
                                                    markdownCell(c[u"actual"_s].toString()));
        }
        if (const QString evidence = evidenceText(e); !evidence.isEmpty())
            out += u"\n```json\n%1```\n"_s.arg(evidence.endsWith(u'\n') ? evidence : evidence + u'\n');
    }
    qsizetype omitted = 0;
    const QList<AuditEvent> audit = newestAudit(m_data.audit, MAX_AUDIT_EVENTS, &omitted);
    out += u"\n## Audit trail\n\n"_s;
    if (omitted > 0)
        out += u"The %1 oldest events are left out.\n\n"_s.arg(omitted);
    out += u"| When | Who | Item | Event | Change | Note |\n|---|---|---|---|---|---|\n"_s;
    for (const QStringList &row : auditRows(audit, markdownCell))
        out += u"| "_s + row.join(u" | "_s) + u" |\n"_s;
    return out;
}

QString ReportDocument::junit() const
{
    return ChecklistReport(m_data.projectName, m_data.deployment, m_data.items).toJUnit();
}

QJsonObject ReportDocument::json() const
{
    const ChecklistReport checklist(m_data.projectName, m_data.deployment, m_data.items);
    QJsonObject out = checklist.toJson();
    QJsonArray audit;
    qsizetype omitted = 0;
    for (const AuditEvent &a : newestAudit(m_data.audit, MAX_AUDIT_EVENTS, &omitted)) {
        audit.append(QJsonObject {{u"at"_s, a.at.toUTC().toString(Qt::ISODate)},
                                  {u"who"_s, a.who},
                                  {u"item"_s, a.itemId.isEmpty() ? QJsonValue() : QJsonValue(a.itemId)},
                                  {u"kind"_s, a.kind},
                                  {u"from"_s, a.fromStatus},
                                  {u"to"_s, a.toStatus},
                                  {u"note"_s, a.note},
                                  {u"account"_s, a.account.isEmpty() ? QJsonValue() : QJsonValue(a.account)},
                                  {u"dbRole"_s, a.dbRole.isEmpty() ? QJsonValue() : QJsonValue(a.dbRole)}});
    }
    out.insert(u"audit"_s, audit);
    if (omitted > 0)
        out.insert(u"auditOmitted"_s, omitted);
    out.insert(u"generatedAt"_s, m_data.generatedAt.toUTC().toString(Qt::ISODate));
    return out;
}

QString ReportDocument::html(Charts chartMode) const
{
    const ChecklistReport checklist(m_data.projectName, m_data.deployment, m_data.items);
    const VerdictResult &verdict = checklist.verdict();
    const DeploymentRecord &d = m_data.deployment;
    QString out;
    out += u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1 · %2</title>\n"_s.arg(
        esc(m_data.projectName), esc(d.name));
    out += u"<style>body{font-family:sans-serif;color:#202124;max-width:980px;margin:24px auto;padding:0 12px}"
           u"table{border-collapse:collapse;width:100%;margin:8px 0 16px}"
           u"th,td{border-bottom:1px solid #e0e0e0;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}"
           u"th{background:#f1f3f4}pre{background:#f8f9fa;padding:8px;font-size:12px;white-space:pre-wrap}"
           u".verdict{font-size:22px;font-weight:bold;padding:10px 14px;color:#fff}"
           u".muted{color:#5f6368}</style></head><body>\n"_s;
    out += u"<h1>%1 · %2</h1>\n"_s.arg(esc(m_data.projectName), esc(d.name));
    out += u"<p class=\"muted\">Environment %1 · version %2%3 · created %4 · released %5 · generated %6</p>\n"_s.arg(
        esc(d.environment), esc(d.version), d.commit.isEmpty() ? QString() : u" (%1)"_s.arg(esc(d.commit.left(12))),
        when(d.created), d.isReleased() ? when(d.released) : u"not yet"_s, when(m_data.generatedAt));
    out += u"<table><tr><td class=\"verdict\" bgcolor=\"%1\" style=\"background:%1\">Verdict: %2</td></tr></table>\n"_s
               .arg(verdictColour(verdict.kind), VerdictRules::displayName(verdict.kind));
    if (!verdict.blocking.isEmpty())
        out += u"<p><b>Blocking:</b> %1</p>\n"_s.arg(esc(verdict.blocking.join(u", "_s)));
    if (!verdict.conditional.isEmpty())
        out += u"<p><b>Conditions:</b> %1</p>\n"_s.arg(esc(verdict.conditional.join(u", "_s)));
    for (const auto &[name, svg] : charts()) {
        if (chartMode == Charts::InlineSvg)
            out += u"<p>%1</p>\n"_s.arg(svg);
        else
            out += u"<p><img src=\"%1\" width=\"%2\"></p>\n"_s.arg(chartUrl(name)).arg(ReportSvgCharts::WIDTH);
    }

    out += u"<h2>Checklist</h2>\n<table><tr><th>Status</th><th>Item</th><th>Level</th><th>Summary</th><th>By</th></tr>\n"_s;
    QString section;
    for (const EvaluatedItem &e : m_data.items) {
        if (e.item.section != section) {
            section = e.item.section;
            out += u"<tr><th colspan=\"5\">%1</th></tr>\n"_s.arg(esc(section));
        }
        out += u"<tr><td><font color=\"%1\"><b>%2</b></font></td><td><a href=\"#%3\">%3</a><br>%4</td>"
               u"<td>%5</td><td>%6</td><td>%7</td></tr>\n"_s.arg(
                   ReportSvgCharts::statusInk(e.effective).text, StatusText::toString(e.effective), esc(e.item.id), esc(e.item.title),
                   ChecklistText::toString(e.item.level), esc(e.summary),
                   e.state.by.isEmpty() ? esc(when(e.state.checkedAt)) : esc(e.state.by) + u"<br>"_s + when(e.state.checkedAt));
    }
    out += u"</table>\n<h2>Details</h2>\n"_s;
    for (const EvaluatedItem &e : m_data.items) {
        if (e.state.evidence.isEmpty() && e.state.conditions.isEmpty() && e.state.note.isEmpty())
            continue;
        out += u"<h3 id=\"%1\"><a name=\"%1\"></a><font color=\"%2\">%3</font> %1 · %4</h3>\n"_s.arg(
            esc(e.item.id), ReportSvgCharts::statusInk(e.effective).text, StatusText::toString(e.effective), esc(e.item.title));
        out += u"<p class=\"muted\">Passes when: %1</p>\n"_s.arg(esc(e.item.passesWhen));
        if (!e.state.note.isEmpty())
            out += u"<p><b>Note:</b> %1</p>\n"_s.arg(esc(e.state.note));
        if (!e.state.conditions.isEmpty()) {
            out += u"<ul>"_s;
            for (const QJsonValue &c : e.state.conditions) {
                out += u"<li>%1 <code>%2</code> (actual %3)</li>"_s.arg(c[u"ok"_s].toBool() ? u"✓"_s : u"✗"_s,
                                                                       esc(c[u"expr"_s].toString()),
                                                                       esc(c[u"actual"_s].toString()));
            }
            out += u"</ul>\n"_s;
        }
        if (const QString evidence = evidenceText(e); !evidence.isEmpty())
            out += u"<pre>%1</pre>\n"_s.arg(esc(evidence));
    }
    qsizetype omitted = 0;
    const QList<AuditEvent> audit = newestAudit(m_data.audit, MAX_AUDIT_EVENTS, &omitted);
    out += u"<h2>Audit trail</h2>\n"_s;
    if (omitted > 0)
        out += u"<p class=\"muted\">The %1 oldest events are left out.</p>\n"_s.arg(omitted);
    out += u"<table><tr><th>When</th><th>Who</th><th>Item</th><th>Event</th><th>Change</th><th>Note</th></tr>\n"_s;
    for (const QStringList &row : auditRows(audit, esc))
        out += u"<tr><td>"_s + row.join(u"</td><td>"_s) + u"</td></tr>\n"_s;
    out += u"</table>\n</body></html>\n"_s;
    return out;
}
