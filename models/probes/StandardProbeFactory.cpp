// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/StandardProbeFactory.h"

#include "probes/AlertsProbe.h"
#include "probes/BackgroundProbe.h"
#include "probes/BurstProbe.h"
#include "probes/CallsProbe.h"
#include "probes/CommandProbe.h"
#include "probes/CorsProbe.h"
#include "probes/CostProbe.h"
#include "probes/GitCheck.h"
#include "probes/HttpProbe.h"
#include "probes/TlsProbe.h"
#include "probes/UptimeProbe.h"

using namespace Qt::StringLiterals;

StandardProbeFactory::StandardProbeFactory(QNetworkAccessManager *nam, ProbeContext context)
    : m_nam(nam)
    , m_context(std::move(context))
{
}

QSet<QString> StandardProbeFactory::kinds()
{
    return {u"http"_s, u"tls"_s, u"cors"_s, u"burst"_s, u"alerts"_s, u"uptime"_s, u"command"_s, u"calls"_s,
            u"cost"_s, u"git"_s};
}

QSet<QString> StandardProbeFactory::runnableKinds() const
{
    return kinds();
}

std::unique_ptr<Probe> StandardProbeFactory::create(const ProbeRequest &request, QString *errorMessage)
{
    const QString &kind = request.spec.kind;
    if (kind == u"http")
        return std::make_unique<HttpProbe>(m_nam, m_context, request);
    if (kind == u"tls")
        return std::make_unique<TlsProbe>(m_nam, m_context, request);
    if (kind == u"cors")
        return std::make_unique<CorsProbe>(m_nam, m_context, request);
    if (kind == u"burst")
        return std::make_unique<BurstProbe>(m_nam, m_context, request);
    if (kind == u"alerts")
        return std::make_unique<AlertsProbe>(m_nam, m_context, request);
    if (kind == u"uptime")
        return std::make_unique<UptimeProbe>(m_context, request);
    if (kind == u"command")
        return std::make_unique<CommandProbe>(m_context, request);
    if (kind == u"calls")
        return std::make_unique<CallsProbe>(m_nam, m_context, request);
    if (kind == u"cost")
        return std::make_unique<CostProbe>(m_nam, m_context, request);
    if (kind == u"git") {
        return std::make_unique<BackgroundProbe>(request.itemId, [context = m_context, request](BackgroundProbe::Shared &) {
            return GitCheck::run(context, request);
        });
    }
    *errorMessage = u"no runner for probe kind %1 in this build"_s.arg(kind);
    return nullptr;
}
