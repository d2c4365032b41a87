// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CallsProbe.h"

#include "config/ProjectConfig.h"
#include "probes/CallSiteEvidence.h"
#include "scan/CallSiteScanner.h"
#include "scan/PathGlob.h"
#include "sources/CallSourceFetcher.h"
#include "sources/PriceTable.h"

#include <QFileInfo>

#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

CallsProbe::CallsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    connect(&m_watcher, &QFutureWatcher<CallsEvaluation::Observation>::finished, this, &CallsProbe::handleObserved);
    connect(&m_scanWatcher, &QFutureWatcher<CallSiteReport>::finished, this, &CallsProbe::handleScanned);
}

CallsProbe::~CallsProbe()
{
    // The scan worker holds its own copies; it only needs to be told to stop early.
    m_scanCancel->store(true);
}

void CallsProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    const ProjectConfig *project = m_context.project.get();
    if (project)
        m_windowMs = project->sources.windowMs;
    const qint64 paramWindow = m_request.spec.params.value(u"window"_s, 0).toLongLong();
    if (paramWindow > 0)
        m_windowMs = paramWindow;
    m_toMs = m_startedAt.toMSecsSinceEpoch();
    if (CallSiteEvidence::appliesTo(m_request.itemId) && !m_context.repoPath.isEmpty()
        && QFileInfo(m_context.repoPath).isDir()) {
        m_scanning = true;
        const QString repo = m_context.repoPath;
        const QStringList paths = m_request.spec.params.value(u"paths"_s).toStringList();
        const QStringList exclude = m_request.spec.params.value(u"exclude"_s).toStringList();
        // Reading every source file is disk and CPU work: off the owning (GUI) thread.
        m_scanWatcher.setFuture(QtConcurrent::run([repo, paths, exclude, cancel = m_scanCancel] {
            CallSiteReport report = CallSiteScanner::scanTree(repo, cancel.get());
            const PathGlob only(paths);
            const PathGlob excluded(exclude);
            report.callSites.removeIf([&](const CallSite &site) {
                return (!only.isEmpty() && !only.matches(site.file)) || excluded.matches(site.file);
            });
            return report;
        }));
    }
    if (m_scanning && (!project || project->sources.calls.isEmpty())) {
        m_logDone = true; // no call log: the code half decides alone
        return;
    }
    if (!project || project->sources.calls.isEmpty()) {
        ProbeResult result;
        result.itemId = m_request.itemId;
        result.status = Status::NotReported;
        result.summary = u"no call source configured: add sources.calls to liftoff.yaml"_s;
        // Let the caller connect before the result arrives.
        QMetaObject::invokeMethod(this, [this, result] { finishWith(result); }, Qt::QueuedConnection);
        return;
    }
    m_fetcher = new CallSourceFetcher(m_nam, this);
    connect(m_fetcher, &CallSourceFetcher::finished, this, &CallsProbe::handleFetched);
    m_fetcher->fetch(project->sources.calls, project->configDir, m_toMs - m_windowMs - LOOKBACK_MS);
}

void CallsProbe::handleFetched(const QList<CallSourceInput> &inputs)
{
    if (m_finished)
        return;
    const qint64 windowMs = m_windowMs;
    const qint64 toMs = m_toMs;
    // The project's `prices:` over the built-in table; a copy the worker owns.
    const ProjectConfig *project = m_context.project.get();
    auto prices = std::make_shared<const PriceTable>(
        project ? PriceTable::builtIn().withOverrides(project->prices) : PriceTable::builtIn());
    // Parsing and aggregation are CPU work: off the owning (GUI) thread.
    m_watcher.setFuture(QtConcurrent::run([inputs, windowMs, toMs, prices] {
        return CallsEvaluation::observe(inputs, windowMs, toMs, prices.get());
    }));
}

void CallsProbe::handleObserved()
{
    if (m_finished)
        return;
    m_fromLog = CallsEvaluation::evaluate(m_request.itemId, m_watcher.result(), m_request.conditions,
                                          m_request.spec.params);
    m_logDone = true;
    finishWhenComplete();
}

void CallsProbe::handleScanned()
{
    finishWhenComplete();
}

void CallsProbe::finishWhenComplete()
{
    if (m_finished || !m_logDone || (m_scanning && !m_scanWatcher.isFinished()))
        return;
    ProbeResult result = m_scanning ? CallSiteEvidence::merge(m_request.itemId, m_fromLog, m_scanWatcher.result())
                                    : m_fromLog.value_or(ProbeResult::error(m_request.itemId, u"no result"_s));
    result.redact(m_fetcher ? m_fetcher->secrets() : QStringList());
    finishWith(result);
}

void CallsProbe::cancel()
{
    if (m_finished)
        return;
    if (m_fetcher)
        m_fetcher->disconnect(this);
    m_scanCancel->store(true);
    // A running worker cannot be interrupted; its result is ignored.
    finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void CallsProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    emit finished(result);
}
