// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/MarkRules.h"

#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace MarkRules {

namespace {
constexpr qsizetype MAX_NOTE_LENGTH = 4000;

bool isFailing(Status s)
{
    return s == Status::Fail || s == Status::Error;
}
} // namespace

bool looksLikeEvidence(const QString &text)
{
    static const QRegularExpression url(u"\\bhttps?://\\S+"_s);
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return false;
    if (url.match(trimmed).hasMatch())
        return true;
    return QFileInfo::exists(trimmed);
}

bool actionFromString(const QString &text, MarkRequest::Action *action)
{
    if (text == u"pass")
        *action = MarkRequest::Action::Pass;
    else if (text == u"fail")
        *action = MarkRequest::Action::Fail;
    else if (text == u"na")
        *action = MarkRequest::Action::Na;
    else if (text == u"waived")
        *action = MarkRequest::Action::Waive;
    else if (text == u"note")
        *action = MarkRequest::Action::Note;
    else if (text == u"pending")
        *action = MarkRequest::Action::Reset;
    else
        return false;
    return true;
}

MarkOutcome apply(const ChecklistItem &item, const ItemState &current, const MarkRequest &request,
                  const QDateTime &now)
{
    MarkOutcome out;
    const QString note = request.note.trimmed();
    if (note.size() > MAX_NOTE_LENGTH) {
        out.error = u"the note is %1 characters long; keep it under %2"_s.arg(note.size()).arg(MAX_NOTE_LENGTH);
        return out;
    }
    if (request.by.trimmed().isEmpty()) {
        out.error = u"who made the change is missing; give a name"_s;
        return out;
    }
    ItemState next = current;
    next.itemId = item.id;
    next.by = request.by.trimmed();
    next.checkedAt = now;
    next.note = note;

    using A = MarkRequest::Action;
    switch (request.action) {
    case A::Pass:
    case A::Fail: {
        if (note.isEmpty()) {
            out.error = u"a tick needs a note saying what was checked"_s;
            return out;
        }
        const bool probeFailing = item.binding.kind == BindingKind::Probe && current.source == StatusSource::Probe
                                  && isFailing(current.status)
                                  && !current.evidence.value(QLatin1StringView(PASS_RESOLVES_KEY)).toBool();
        if (request.action == A::Pass && probeFailing) {
            out.error = u"%1 failed its probe (%2); passing it anyway is a waiver: waive it with a reason and an "
                        u"expiry"_s.arg(item.id, current.summary);
            return out;
        }
        if (request.action == A::Pass && item.binding.kind == BindingKind::ManualEvidence
            && !looksLikeEvidence(request.evidence) && !looksLikeEvidence(note)) {
            out.error = u"%1 needs evidence: give a link (https://...) or an existing file"_s.arg(item.id);
            return out;
        }
        next.status = request.action == A::Pass ? Status::Pass : Status::Fail;
        next.baseStatus = next.status;
        next.source = StatusSource::Manual;
        next.summary = note.section(u'\n', 0, 0);
        next.waiverExpires = {};
        if (!request.evidence.trimmed().isEmpty())
            next.evidence.insert(u"link"_s, request.evidence.trimmed());
        out.auditKind = u"tick"_s;
        break;
    }
    case A::Waive:
        if (note.isEmpty()) {
            out.error = u"a waiver needs a reason"_s;
            return out;
        }
        if (!request.expires.isValid()) {
            out.error = u"a waiver needs an expiry date"_s;
            return out;
        }
        if (request.expires <= now) {
            out.error = u"the waiver's expiry %1 is not in the future"_s.arg(request.expires.toString(Qt::ISODate));
            return out;
        }
        next.baseStatus = current.status == Status::Waived ? current.baseStatus : current.status;
        if (next.baseStatus == Status::Pass || next.baseStatus == Status::Na || next.baseStatus == Status::Warn
            || next.baseStatus == Status::Pending)
            next.baseStatus = Status::Fail; // a waiver always covers a failing state
        next.status = Status::Waived;
        next.waiverExpires = request.expires.toUTC();
        next.summary = u"waived until %1: %2"_s.arg(request.expires.toUTC().date().toString(Qt::ISODate),
                                                    note.section(u'\n', 0, 0));
        // A waiver is a person's decision: keep the probe's evidence, but the status is now manual.
        next.source = current.source == StatusSource::None ? StatusSource::Manual : current.source;
        out.auditKind = u"waive"_s;
        break;
    case A::Na:
        if (note.isEmpty()) {
            out.error = u"marking n/a needs a reason"_s;
            return out;
        }
        next.baseStatus = Status::Na;
        next.status = Status::Na;
        next.waiverExpires = {};
        next.summary = u"not applicable: %1"_s.arg(note.section(u'\n', 0, 0));
        out.auditKind = u"na"_s;
        break;
    case A::Note:
        if (note.isEmpty()) {
            out.error = u"the note is empty"_s;
            return out;
        }
        next.status = current.status;
        next.checkedAt = current.checkedAt;
        next.by = current.by;
        out.auditKind = u"note"_s;
        break;
    case A::Reset:
        next = ItemState {};
        next.itemId = item.id;
        next.note = note;
        out.auditKind = u"reset"_s;
        break;
    }
    out.ok = true;
    out.state = next;
    return out;
}

} // namespace MarkRules
