// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/StandardProbeFactory.h"

#include "evals/EvalProbe.h"
#include "probes/AlertsProbe.h"
#include "probes/BackgroundProbe.h"
#include "probes/BurstProbe.h"
#include "probes/CallsProbe.h"
#include "probes/CommandProbe.h"
#include "probes/CorsProbe.h"
#include "probes/CostProbe.h"
#include "probes/FallbackModelProbe.h"
#include "probes/FlagsProbe.h"
#include "probes/GitCheck.h"
#include "probes/HttpProbe.h"
#include "probes/McpCheck.h"
#include "probes/MigrationsCheck.h"
#include "probes/PiiProbe.h"
#include "probes/ModelsCheck.h"
#include "probes/RedteamProbe.h"
#include "probes/RollbackProbe.h"
#include "probes/SecretsCheck.h"
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
    return {u"http"_s, u"tls"_s, u"cors"_s, u"burst"_s, u"alerts"_s, u"uptime"_s, u"command"_s, u"calls"_s, u"pii"_s,
            u"cost"_s, u"rollback"_s, u"flags"_s, u"git"_s, u"secrets"_s, u"models"_s, u"migrations"_s, u"mcp"_s,
            u"redteam"_s, u"eval"_s};
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
    if (kind == u"pii")
        return std::make_unique<PiiProbe>(m_nam, m_context, request);
    if (kind == u"cost")
        return std::make_unique<CostProbe>(m_nam, m_context, request);
    if (kind == u"rollback")
        return std::make_unique<RollbackProbe>(m_context, request);
    if (kind == u"flags")
        return std::make_unique<FlagsProbe>(m_nam, m_context, request);
    if (kind == u"redteam")
        return std::make_unique<RedteamProbe>(m_nam, m_context, request);
    // The fallback's smoke call is network I/O on this thread, not a repository scan.
    if (kind == u"models" && FallbackModelProbe::appliesTo(m_context, request))
        return std::make_unique<FallbackModelProbe>(m_nam, m_context, request);
    // The repository kinds: blocking scans on a worker, each given copies of the context and request.
    using Run = ProbeResult (*)(const ProbeContext &, const ProbeRequest &, BackgroundProbe::Shared &);
    static const QHash<QString, Run> repositoryKinds {
        {u"git"_s, [](const ProbeContext &c, const ProbeRequest &r, BackgroundProbe::Shared &) { return GitCheck::run(c, r); }},
        {u"secrets"_s, &SecretsCheck::run},
        {u"models"_s, &ModelsCheck::run},
        {u"migrations"_s, &MigrationsCheck::run},
        {u"mcp"_s, &McpCheck::run},
        // Eval runs block on their own event loop and store connection: a worker, never the GUI thread.
        {u"eval"_s, &EvalProbe::run},
    };
    if (const Run run = repositoryKinds.value(kind)) {
        return std::make_unique<BackgroundProbe>(request.itemId, [run, context = m_context, request](BackgroundProbe::Shared &shared) {
            return run(context, request, shared);
        });
    }
    *errorMessage = u"no runner for probe kind %1 in this build"_s.arg(kind);
    return nullptr;
}
