// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/PiiProbe.h"

#include "config/ProjectConfig.h"
#include "sources/CallSourceFetcher.h"

#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace {
/** LiteLLM sources are asked for this much before the window too (their start_date is a day). */
constexpr qint64 FETCH_MARGIN_MS = 24LL * 60 * 60 * 1000;
} // namespace

PiiProbe::PiiProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    connect(&m_watcher, &QFutureWatcher<PiiEvaluation::Observation>::finished, this, &PiiProbe::handleScanned);
}

PiiProbe::~PiiProbe()
{
    // The worker holds its own copies; it only needs to be told to stop early.
    m_cancel->store(true);
}

void PiiProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    const ProjectConfig *project = m_context.project.get();
    const QVariantMap &params = m_request.spec.params;
    m_options = PiiEvaluation::optionsFor(m_request.itemId, params);
    m_options.windowMs = project ? project->sources.windowMs : PiiEvaluation::DEFAULT_WINDOW_MS;
    if (const qint64 window = params.value(u"window"_s, 0).toLongLong(); window > 0)
        m_options.windowMs = window;
    m_options.toMs = m_startedAt.toMSecsSinceEpoch();
    const QString configDir = project ? project->configDir : m_context.projectDir;
    m_options.baseDir = configDir;
    QStringList paths = params.value(u"paths"_s).toStringList();
    if (!params.contains(u"paths"_s) && project) {
        // The app logs are named once: an item without its own `paths` scans those of the other pii check.
        for (const QString &other : {u"sec.no-pii-in-logs"_s, u"w1.injection-attempts"_s}) {
            const auto check = project->checks.constFind(other);
            if (other != m_request.itemId && check != project->checks.constEnd() && check->probe
                && check->probe->kind == u"pii" && check->probe->params.contains(u"paths"_s)) {
                paths = check->probe->params.value(u"paths"_s).toStringList();
                break;
            }
        }
    }
    m_logs = PiiEvaluation::appLogs(paths, configDir);
    if (!project || project->sources.calls.isEmpty()) {
        // Let the caller connect before the result arrives.
        QMetaObject::invokeMethod(this, [this] { scan({}); }, Qt::QueuedConnection);
        return;
    }
    m_fetcher = new CallSourceFetcher(m_nam, this);
    connect(m_fetcher, &CallSourceFetcher::finished, this, &PiiProbe::scan);
    m_fetcher->fetch(project->sources.calls, project->configDir, m_options.toMs - m_options.windowMs - FETCH_MARGIN_MS);
}

void PiiProbe::scan(const QList<CallSourceInput> &inputs)
{
    if (m_finished)
        return;
    // Reading and matching every line is CPU and disk work: off the owning (GUI) thread.
    m_watcher.setFuture(QtConcurrent::run([inputs, logs = m_logs, options = m_options, cancel = m_cancel] {
        return PiiEvaluation::observe(inputs, logs, options, cancel.get());
    }));
}

void PiiProbe::handleScanned()
{
    if (m_finished)
        return;
    ProbeResult result = PiiEvaluation::evaluate(m_request.itemId, m_watcher.result(), m_request.conditions,
                                                 m_request.spec.params);
    result.redact(m_fetcher ? m_fetcher->secrets() : QStringList());
    finishWith(result);
}

void PiiProbe::cancel()
{
    if (m_finished)
        return;
    if (m_fetcher)
        m_fetcher->disconnect(this);
    m_cancel->store(true);
    finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void PiiProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    emit finished(result);
}
