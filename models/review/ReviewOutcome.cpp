// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewOutcome.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace ReviewOutcome {

QString progress(const ReviewSample &sample)
{
    QString text = u"%1 of %2 calls reviewed"_s.arg(sample.markedCount()).arg(sample.calls.size());
    if (const int bad = sample.badCount())
        text += u" (%1 bad)"_s.arg(bad);
    return text;
}

ItemState stateFor(const ReviewSample &sample, const QString &reviewer, const QDateTime &at)
{
    ItemState state;
    state.itemId = QString::fromLatin1(ITEM);
    state.source = StatusSource::Manual;
    state.by = reviewer;
    state.checkedAt = at;
    QStringList bad;
    QJsonArray marks;
    for (const ReviewCall &call : sample.calls) {
        if (call.verdict == ReviewVerdict::Bad)
            bad.append(u"#%1 (%2)"_s.arg(call.position).arg(call.ref));
        marks.append(QJsonObject {{u"position"_s, call.position},
                                  {u"ref"_s, call.ref},
                                  {u"model"_s, call.model},
                                  {u"verdict"_s, ReviewVerdictText::toString(call.verdict)},
                                  {u"note"_s, call.note},
                                  {u"by"_s, call.markedBy},
                                  {u"at"_s, call.markedAt.toString(Qt::ISODate)}});
    }
    state.status = bad.isEmpty() ? Status::Pass : Status::Warn;
    state.baseStatus = state.status;
    state.summary = bad.isEmpty()
        ? u"all %1 sampled calls reviewed, all good"_s.arg(sample.calls.size())
        : u"all %1 sampled calls reviewed; %2 marked bad: %3"_s.arg(sample.calls.size()).arg(bad.size()).arg(bad.join(u", "_s));
    state.note = u"review sample #%1 (seed %2, %3 of %4 calls in the window)"_s.arg(sample.id)
                     .arg(sample.seed)
                     .arg(sample.calls.size())
                     .arg(sample.population);
    state.evidence = QJsonObject {{u"sample"_s, sample.id},
                                  {u"seed"_s, QString::number(sample.seed)},
                                  {u"population"_s, sample.population},
                                  {u"windowFrom"_s, sample.windowFrom.toString(Qt::ISODate)},
                                  {u"windowTo"_s, sample.windowTo.toString(Qt::ISODate)},
                                  {u"good"_s, sample.markedCount() - int(bad.size())},
                                  {u"bad"_s, int(bad.size())},
                                  {u"marks"_s, marks}};
    return state;
}

} // namespace ReviewOutcome
