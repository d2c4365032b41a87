// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/RedteamEvidenceText.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace RedteamEvidenceText {

QString format(const QJsonObject &evidence)
{
    const QJsonArray attacks = evidence.value(u"attacks"_s).toArray();
    if (attacks.isEmpty() || !evidence.contains(u"rogue"_s) || !evidence.contains(u"families"_s))
        return {};
    const QJsonObject counts = evidence.value(u"counts"_s).toObject();
    const QJsonObject budget = evidence.value(u"budget"_s).toObject();
    QStringList lines;
    lines.append(u"Attacks: %1 worked, %2 held, %3 without a verdict, %4 not sent · rogue string %5 · %6 requests, "
                 u"about $%7"_s.arg(counts.value(u"succeeded"_s).toInt())
                     .arg(counts.value(u"held"_s).toInt())
                     .arg(counts.value(u"no_verdict"_s).toInt())
                     .arg(counts.value(u"not_sent"_s).toInt())
                     .arg(evidence.value(u"rogue"_s).toString())
                     .arg(budget.value(u"requests_sent"_s).toInt())
                     .arg(budget.value(u"estimated_cost_usd"_s).toDouble(), 0, 'f', 4));
    if (evidence.contains(u"stopped"_s))
        lines.append(u"Stopped early: "_s + evidence.value(u"stopped"_s).toString());
    qsizetype width = 0;
    for (const QJsonValue &a : attacks)
        width = qMax(width, a[u"id"_s].toString().size());
    for (const QJsonValue &a : attacks) {
        const QString verdict = a[u"verdict"_s].toString();
        const QString mark = verdict == u"succeeded" ? u"✗"_s
                           : verdict == u"held"      ? u"✓"_s
                           : verdict == u"not-sent"  ? u"·"_s
                                                     : u"?"_s;
        QString line = u"%1 %2"_s.arg(mark, a[u"id"_s].toString().leftJustified(width));
        if (verdict == u"not-sent") {
            lines.append(line + u"  not sent"_s);
            continue;
        }
        const int status = a[u"status"_s].toInt();
        line += status > 0 ? u"  %1"_s.arg(status) : u"  ---"_s;
        line += u"  "_s + a[u"reason"_s].toString();
        lines.append(line);
        // The reply matters where the attack worked or could not be judged.
        if (verdict != u"held" && !a[u"reply"_s].toString().isEmpty())
            lines.append(u"    reply: "_s + a[u"reply"_s].toString());
    }
    return lines.join(u'\n');
}

} // namespace RedteamEvidenceText
