// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CallSiteEvidence.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
bool lacks(const CallSite &site, const QString &itemId)
{
    return itemId == u"api.temperature" ? !site.hasTemperature : !site.hasMaxTokens;
}

/** "app/summarise.py:7, lib/x.ts:12 (spreads arguments) and 3 more". */
QString lackingText(const CallSiteReport &report, const QString &itemId, int lackingCount)
{
    QStringList named;
    for (const CallSite &site : report.callSites) {
        if (!lacks(site, itemId))
            continue;
        if (named.size() >= CallSiteEvidence::MAX_IN_SUMMARY)
            break;
        named.append(u"%1:%2%3"_s.arg(site.file).arg(site.line).arg(site.spreadsArguments ? u" (spreads arguments)"_s
                                                                                           : QString()));
    }
    QString text = named.join(u", "_s);
    if (lackingCount > named.size())
        text += u" and %1 more"_s.arg(lackingCount - named.size());
    return text;
}
} // namespace

bool CallSiteEvidence::appliesTo(const QString &itemId)
{
    return itemId == u"api.max-tokens" || itemId == u"api.temperature";
}

QString CallSiteEvidence::parameterOf(const QString &itemId)
{
    return itemId == u"api.temperature" ? u"temperature"_s : u"max_tokens"_s;
}

int CallSiteEvidence::lackingCount(const CallSiteReport &report, const QString &itemId)
{
    return static_cast<int>(std::count_if(report.callSites.begin(), report.callSites.end(),
                                          [&itemId](const CallSite &site) { return lacks(site, itemId); }));
}

QJsonObject CallSiteEvidence::forItem(const CallSiteReport &report, const QString &itemId)
{
    QJsonArray listed;
    for (const CallSite &site : report.callSites) {
        if (!lacks(site, itemId) || listed.size() >= MAX_LISTED)
            continue;
        listed.append(QJsonObject {{u"file"_s, site.file},
                                   {u"line"_s, site.line},
                                   {u"sdk"_s, site.sdk},
                                   {u"call"_s, site.call},
                                   {u"spreads_arguments"_s, site.spreadsArguments}});
    }
    return {{u"code_call_sites"_s, int(report.callSites.size())},
            {u"code_files_scanned"_s, report.filesScanned},
            {u"code_call_sites_lacking"_s, listed},
            {u"code_call_sites_lacking_count"_s, lackingCount(report, itemId)}};
}

ProbeResult CallSiteEvidence::merge(const QString &itemId, const std::optional<ProbeResult> &fromLog,
                                    const CallSiteReport &report)
{
    ProbeResult result = fromLog.value_or(ProbeResult {});
    result.itemId = itemId;
    const QJsonObject code = forItem(report, itemId);
    for (auto it = code.begin(); it != code.end(); ++it)
        result.evidence.insert(it.key(), it.value());
    result.evidence.insert(u"call_source"_s, fromLog ? u"configured"_s : u"none"_s);

    const QString parameter = parameterOf(itemId);
    const int sites = int(report.callSites.size());
    const int lacking = lackingCount(report, itemId);
    const QString lackingSites = u"%1 of %2 LLM call site(s) in code set no %3: %4"_s.arg(lacking).arg(sites).arg(
        parameter, lackingText(report, itemId, lacking));

    if (!fromLog) {
        if (lacking > 0) {
            result.status = Status::Fail;
            result.summary = lackingSites + u" (no call source configured to check the calls themselves)"_s;
        } else if (sites > 0) {
            result.status = Status::Pass;
            result.summary = u"all %1 LLM call site(s) in code set %2 (no call source configured: add sources.calls "
                             u"to check the calls themselves)"_s.arg(sites).arg(parameter);
        } else {
            result.status = Status::NotReported;
            result.summary = u"no call source configured (sources.calls in liftoff.yaml) and no LLM call site found in "
                             u"code (%1 source files scanned)"_s.arg(report.filesScanned);
        }
        return result;
    }

    switch (fromLog->status) {
    case Status::Fail:
        if (lacking > 0)
            result.summary += u"; "_s + lackingSites;
        break;
    case Status::Pass:
        if (lacking > 0) {
            result.status = Status::Warn;
            result.summary = u"every logged call carries %1, but %2 — %3"_s.arg(parameter, lackingSites, fromLog->summary);
        } else if (sites > 0) {
            result.summary += u"; all %1 LLM call site(s) in code set %2"_s.arg(sites).arg(parameter);
        }
        break;
    case Status::NotReported:
        if (lacking > 0) {
            result.status = Status::Fail;
            result.summary = lackingSites + u" (the call log could not decide: "_s + fromLog->summary + u')';
        }
        break;
    default:
        break; // error or cancelled: nothing was decided
    }
    return result;
}
