// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/Verdict.h"

using namespace Qt::StringLiterals;

namespace VerdictRules {

EvaluatedItem evaluate(const ChecklistItem &item, const ItemState &state, const Context &context)
{
    EvaluatedItem result {item, state, state.status, state.summary, true};
    result.counts = item.phase != Phase::Post || context.released;

    if (context.notApplicable.contains(item.id) && state.source != StatusSource::Manual) {
        result.effective = Status::Na;
        const QString why = context.notApplicable.value(item.id);
        result.summary = why.isEmpty() ? u"not applicable (liftoff.yaml)"_s : u"not applicable: %1"_s.arg(why);
        return result;
    }
    if (state.status == Status::Waived && state.waiverExpires.isValid() && state.waiverExpires <= context.now) {
        // An expired waiver reverts to the status it covered.
        result.effective = state.baseStatus == Status::Waived ? Status::Fail : state.baseStatus;
        result.summary = u"waiver expired %1; %2"_s.arg(state.waiverExpires.toUTC().toString(Qt::ISODate),
                                                        state.summary);
        return result;
    }
    if (state.status == Status::Na || state.status == Status::Waived || state.source == StatusSource::Manual)
        return result;

    if (item.binding.kind == BindingKind::Probe) {
        if (state.source != StatusSource::Probe && !context.runnableProbeKinds.contains(item.binding.probeKind)) {
            result.effective = Status::NotReported;
            result.summary = u"no runner for probe kind %1 in this build"_s.arg(item.binding.probeKind);
            return result;
        }
        const qint64 freshness = context.freshnessSeconds.value(item.id, 0);
        if (state.source == StatusSource::Probe && freshness > 0 && state.checkedAt.isValid()
            && state.checkedAt.secsTo(context.now) > freshness) {
            result.effective = Status::NotReported;
            result.summary = u"last result from %1 is older than the freshness window"_s.arg(
                state.checkedAt.toUTC().toString(Qt::ISODate));
        }
    }
    return result;
}

VerdictResult verdict(const QList<EvaluatedItem> &items)
{
    VerdictResult result;
    bool conditional = false;
    for (const EvaluatedItem &e : items) {
        result.counts[e.effective] += 1;
        if (!e.counts)
            continue;
        const Status s = e.effective;
        if (e.item.level == Level::Must) {
            if (s == Status::Fail || s == Status::Error || s == Status::NotReported || s == Status::Pending)
                result.blocking.append(e.item.id);
        } else if (s != Status::Pass && s != Status::Na) {
            result.conditional.append(e.item.id);
            conditional = true;
        }
        if (s == Status::Waived) {
            if (e.item.level == Level::Must)
                result.conditional.append(e.item.id);
            conditional = true;
        }
    }
    if (!result.blocking.isEmpty())
        result.kind = VerdictKind::NoGo;
    else if (conditional)
        result.kind = VerdictKind::ConditionalGo;
    else
        result.kind = VerdictKind::Go;
    return result;
}

QString toString(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Go: return u"go"_s;
    case VerdictKind::ConditionalGo: return u"conditional-go"_s;
    case VerdictKind::NoGo: return u"no-go"_s;
    }
    return {};
}

QString displayName(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Go: return u"Go"_s;
    case VerdictKind::ConditionalGo: return u"Conditional Go"_s;
    case VerdictKind::NoGo: return u"No-Go"_s;
    }
    return {};
}

} // namespace VerdictRules
