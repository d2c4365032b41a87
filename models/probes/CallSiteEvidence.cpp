// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CallSiteEvidence.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
bool lacks(const CallSite &site, const QString &itemId)
{
    return itemId == u"api.temperature" ? !site.hasTemperature : !site.hasMaxTokens;
}
} // namespace

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
