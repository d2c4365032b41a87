// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ChecklistDocument.h"

#include "itemmodels/ChecklistModel.h"
#include "itemmodels/DeploymentListModel.h"
#include "itemmodels/ItemChangeCommand.h"
#include "prompts/PromptVersionCapture.h"
#include "store/Store.h"

#include <QUndoStack>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr int CLOCK_INTERVAL_MS = 60 * 1000; // waivers expire and results go stale while the window is open
constexpr qsizetype MAX_IDS_IN_SENTENCE = 3;

QString changeKey(const ItemChange &change)
{
    return u"%1|%2|%3|%4"_s.arg(change.deploymentId)
        .arg(change.state.itemId, change.kind, change.at.toString(Qt::ISODateWithMs));
}

QString actionVerb(MarkRequest::Action action)
{
    switch (action) {
    case MarkRequest::Action::Pass: return u"Pass"_s;
    case MarkRequest::Action::Fail: return u"Fail"_s;
    case MarkRequest::Action::Waive: return u"Waive"_s;
    case MarkRequest::Action::Na: return u"Mark n/a"_s;
    case MarkRequest::Action::Note: return u"Note on"_s;
    case MarkRequest::Action::Reset: return u"Reset"_s;
    }
    return {};
}

/** "pass", "fail", "n/a", "waiver", ... as the status bar says it. */
QString savedWhat(Status status)
{
    switch (status) {
    case Status::Na: return u"n/a"_s;
    case Status::Waived: return u"waiver"_s;
    case Status::Pending: return u"reset"_s;
    default: return StatusText::toString(status);
    }
}

QString idList(const QStringList &ids)
{
    if (ids.size() <= MAX_IDS_IN_SENTENCE)
        return ids.join(u", "_s);
    return u"%1 and %2 more"_s.arg(ids.first(MAX_IDS_IN_SENTENCE).join(u", "_s)).arg(ids.size() - MAX_IDS_IN_SENTENCE);
}
} // namespace

ChecklistDocument::ChecklistDocument(Store *store, ChecklistTemplate checklist, QString projectName,
                                     QString configPath, QHash<QString, qint64> freshnessSeconds, QString userName,
                                     QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_projectName(std::move(projectName))
    , m_configPath(std::move(configPath))
    , m_freshnessSeconds(std::move(freshnessSeconds))
    , m_userName(std::move(userName))
    , m_model(new ChecklistModel(std::move(checklist), this))
    , m_deployments(new DeploymentListModel(this))
    , m_undoStack(new QUndoStack(this))
{
    connect(m_store, &Store::projectLoaded, this, &ChecklistDocument::handleProjectLoaded);
    connect(m_store, &Store::deploymentLoaded, this, &ChecklistDocument::handleDeploymentLoaded);
    connect(m_store, &Store::deploymentCreated, this, &ChecklistDocument::handleDeploymentCreated);
    connect(m_store, &Store::deploymentReleased, this, &ChecklistDocument::handleDeploymentReleased);
    connect(m_store, &Store::promptVersionsRecorded, this, &ChecklistDocument::handlePromptVersionsRecorded);
    connect(m_store, &Store::changeApplied, this, &ChecklistDocument::handleChangeApplied);
    connect(m_store, &Store::changeFailed, this, &ChecklistDocument::handleChangeFailed);
    connect(m_store, &Store::changedElsewhere, this, &ChecklistDocument::handleChangedElsewhere);
    connect(m_store, &Store::deploymentRefreshed, this, &ChecklistDocument::handleDeploymentRefreshed);
    connect(m_store, &Store::auditLoaded, this, &ChecklistDocument::handleAuditLoaded);
    connect(m_store, &Store::failed, this, &ChecklistDocument::handleStoreFailed);
    connect(m_store, &Store::probeRunRecorded, this, &ChecklistDocument::handleProbeRunRecorded);
    connect(m_store, &Store::probeRunFailed, this, [this](const ProbeRunRecord &, const StoreError &error) {
        emit storeError(error);
    });
    connect(m_store, &Store::probeRunsLoaded, this,
            [this](qint64 deploymentId, const QString &itemId, const QList<ProbeRunRecord> &runs) {
                if (deploymentId == m_current.id)
                    emit probeRunsLoaded(itemId, runs);
            });
    connect(m_model, &ChecklistModel::verdictChanged, this, &ChecklistDocument::verdictChanged);

    m_clockTimer.setInterval(CLOCK_INTERVAL_MS);
    m_clockTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_clockTimer, &QTimer::timeout, this, &ChecklistDocument::refreshContext);
    m_clockTimer.start();
    refreshContext();
}

ChecklistDocument::~ChecklistDocument()
{
    // The commands' sinks point at this document: drop them before anything else goes.
    m_undoStack->clear();
}

const ChecklistTemplate &ChecklistDocument::checklist() const
{
    return m_model->checklist();
}

void ChecklistDocument::open()
{
    m_loadingProject = true;
    beginBusy(u"Loading project %1…"_s.arg(m_projectName));
    m_store->loadProject(m_projectName, m_configPath);
}

void ChecklistDocument::setRunnableProbeKinds(const QSet<QString> &kinds)
{
    m_runnableProbeKinds = kinds;
    refreshContext();
}

void ChecklistDocument::setNotApplicable(const QHash<QString, QString> &reasons)
{
    m_notApplicable = reasons;
    refreshContext();
}

void ChecklistDocument::setPromptSource(QNetworkAccessManager *nam, std::optional<PromptSourceConfig> prompts,
                                        QString repoPath)
{
    m_promptSource = PromptSource {nam, std::move(prompts), std::move(repoPath)};
}

void ChecklistDocument::selectDeployment(qint64 deploymentId)
{
    if (deploymentId <= 0)
        return;
    m_requestedDeploymentId = deploymentId;
    beginBusy(u"Loading deployment…"_s);
    m_store->loadDeployment(deploymentId);
}

void ChecklistDocument::reload()
{
    if (hasDeployment())
        selectDeployment(m_current.id);
}

QString ChecklistDocument::createDeployment(const QString &environment, const QString &version, const QString &name)
{
    if (m_projectId == 0)
        return u"the project is not loaded yet; try again in a moment"_s;
    if (name.trimmed().isEmpty())
        return u"a deployment needs a name"_s;
    DeploymentRecord record;
    record.projectId = m_projectId;
    record.name = name.trimmed();
    record.environment = environment.trimmed();
    record.version = version.trimmed();
    if (!m_promptSource) {
        beginBusy(u"Recording deployment %1…"_s.arg(record.name));
        m_store->createDeployment(record, m_userName);
        return {};
    }
    // First the commit and the prompt versions it ships (libgit2 on a worker, Langfuse over the network).
    beginBusy(u"Reading the prompt versions of %1…"_s.arg(record.name));
    auto *capture = new PromptVersionCapture(m_promptSource->nam, m_promptSource->prompts, m_promptSource->repoPath,
                                             this);
    connect(capture, &PromptVersionCapture::finished, this, [this, capture, record](const ShippedPrompts &shipped) {
        capture->deleteLater();
        DeploymentRecord withCommit = record;
        withCommit.commit = shipped.commit; // the repository's HEAD, as `liftoff deploy new` records it
        m_capturedPrompts.insert(withCommit.name, shipped);
        emit statusMessage(u"Recording deployment %1…"_s.arg(withCommit.name));
        m_store->createDeployment(withCommit, m_userName); // still busy: the store's answer ends it
    });
    capture->start();
    return {};
}

QString ChecklistDocument::releaseCurrentDeployment()
{
    if (!hasDeployment())
        return u"there is no deployment to release; create one with File → New deployment…"_s;
    if (m_current.isReleased())
        return u"%1 is released already"_s.arg(m_current.name);
    beginBusy(u"Releasing %1…"_s.arg(m_current.name));
    m_store->releaseDeployment(m_current.id, m_userName);
    return {};
}

QString ChecklistDocument::mark(const QString &itemId, const MarkRequest &request)
{
    if (!hasDeployment())
        return u"there is no deployment yet; record one with File → New deployment…"_s;
    const ChecklistItem *item = checklist().find(itemId);
    if (!item)
        return u"unknown item %1"_s.arg(itemId);
    MarkRequest effective = request;
    if (effective.by.trimmed().isEmpty())
        effective.by = m_userName;
    const ItemState current = m_model->state(itemId);
    const MarkOutcome outcome = MarkRules::apply(*item, current, effective, QDateTime::currentDateTimeUtc());
    if (!outcome.ok)
        return outcome.error;
    const QString text = u"%1 %2"_s.arg(actionVerb(request.action), itemId);
    // push() calls redo(), which sends the change.
    m_undoStack->push(new ItemChangeCommand([this](const ItemChange &change) { sendChange(change); }, m_current.id,
                                            current, outcome.state, outcome.auditKind, effective.by,
                                            effective.note.trimmed(), text));
    return {};
}

void ChecklistDocument::loadAudit(const QString &itemId)
{
    if (!hasDeployment()) {
        emit auditLoaded(itemId, {});
        return;
    }
    m_store->loadAudit(m_current.id, itemId);
}

const VerdictResult &ChecklistDocument::verdict() const
{
    return m_model->verdict();
}

QString ChecklistDocument::verdictReason() const
{
    if (!hasDeployment())
        return u"No deployment recorded yet: File → New deployment… records one."_s;
    const VerdictResult &v = verdict();
    switch (v.kind) {
    case VerdictKind::NoGo:
        return v.blocking.size() == 1 ? u"1 must item blocks the release: %1."_s.arg(v.blocking.first())
                                      : u"%1 must items block the release: %2."_s.arg(v.blocking.size())
                                            .arg(idList(v.blocking));
    case VerdictKind::ConditionalGo: {
        int waivers = 0;
        for (const EvaluatedItem &e : m_model->evaluatedItems()) {
            if (e.counts && e.effective == Status::Waived)
                ++waivers;
        }
        const qsizetype open = v.conditional.size() - waivers;
        QStringList parts;
        if (open > 0)
            parts.append(open == 1 ? u"1 should item is open or failing"_s
                                   : u"%1 should items are open or failing"_s.arg(open));
        if (waivers > 0)
            parts.append(waivers == 1 ? u"1 waiver is in force"_s : u"%1 waivers are in force"_s.arg(waivers));
        return u"Every must item passes or is waived, but %1."_s.arg(parts.join(u" and "_s));
    }
    case VerdictKind::Go:
        return m_current.isReleased()
                   ? u"Every counted item passes or is not applicable."_s
                   : u"Every pre-deployment and deployment item passes or is not applicable."_s;
    }
    return {};
}

QList<EvaluatedItem> ChecklistDocument::blockingItems() const
{
    QList<EvaluatedItem> items;
    for (const QString &id : verdict().blocking) {
        if (const int row = m_model->rowOf(id); row >= 0)
            items.append(m_model->evaluated(row));
    }
    return items;
}

void ChecklistDocument::handleProjectLoaded(qint64 projectId, const QList<DeploymentRecord> &deployments)
{
    if (!m_loadingProject)
        return;
    m_loadingProject = false;
    m_projectId = projectId;
    m_deployments->setDeployments(deployments);
    endBusy();
    emit projectLoaded();
    if (!deployments.isEmpty()) {
        // The store lists newest first; a rolled-back deployment gives way to the one before it.
        const auto current = std::find_if(deployments.begin(), deployments.end(),
                                          [](const DeploymentRecord &d) { return !d.isRolledBack(); });
        selectDeployment(current != deployments.end() ? current->id : deployments.first().id);
    }
    else
        emit statusMessage(u"No deployment yet: File → New deployment… records one"_s);
}

void ChecklistDocument::handleDeploymentLoaded(const DeploymentRecord &deployment,
                                               const QHash<QString, ItemState> &states)
{
    if (deployment.id != m_requestedDeploymentId)
        return;
    m_requestedDeploymentId = 0;
    if (m_current.id != deployment.id)
        m_undoStack->clear(); // commands belong to the deployment they changed
    m_current = deployment;
    m_deployments->upsert(deployment);
    refreshContext();
    m_model->setStates(states);
    endBusy();
    emit statusMessage(u"Loaded %1"_s.arg(DeploymentListModel::label(deployment)));
    if (const QString notice = m_promptNotices.take(deployment.id); !notice.isEmpty())
        emit statusMessage(notice);
    emit currentDeploymentChanged(m_current);
    emit verdictChanged();
}

void ChecklistDocument::handleDeploymentCreated(const DeploymentRecord &deployment)
{
    if (deployment.projectId != m_projectId)
        return;
    m_deployments->upsert(deployment);
    endBusy();
    emit statusMessage(u"Recorded deployment %1"_s.arg(deployment.name));
    if (const auto captured = m_capturedPrompts.constFind(deployment.name); captured != m_capturedPrompts.constEnd()) {
        const ShippedPrompts shipped = *captured;
        m_capturedPrompts.erase(captured);
        QStringList lines;
        for (const ShippedPrompts::Entry &entry : shipped.entries)
            lines.append(entry.line());
        lines += shipped.warnings;
        if (shipped.configured && !shipped.ok) {
            m_promptProblems.insert(deployment.id, shipped.error);
            m_promptNotices.insert(deployment.id, u"%1 was recorded without its prompt versions: %2"_s.arg(
                                                      deployment.name, shipped.error));
        } else if (!lines.isEmpty()) {
            m_promptNotices.insert(deployment.id, u"%1 ships %2"_s.arg(deployment.name, lines.join(u"; "_s)));
        }
        // Queued before the load below, so the versions are stored when the deployment is shown.
        if (const QList<DeploymentPromptRecord> records = shipped.records(deployment.id); !records.isEmpty())
            m_store->recordPromptVersions(deployment.id, records);
    }
    selectDeployment(deployment.id);
}

void ChecklistDocument::handlePromptVersionsRecorded(qint64 deploymentId, const QList<DeploymentPromptRecord> &records,
                                                     const StoreError &error)
{
    Q_UNUSED(records)
    if (!error.isError())
        return;
    m_promptProblems.insert(deploymentId, error.message);
    emit storeError(StoreError::make(error.kind, u"The deployment was recorded, but not its prompt versions: %1"_s
                                                     .arg(error.message)));
}

void ChecklistDocument::handleDeploymentReleased(const DeploymentRecord &deployment)
{
    if (deployment.projectId != m_projectId)
        return;
    m_deployments->upsert(deployment);
    endBusy();
    if (deployment.id == m_current.id) {
        m_current = deployment;
        refreshContext();
        emit currentDeploymentChanged(m_current);
        emit verdictChanged();
    }
    emit statusMessage(u"Released %1: post-deployment items count now"_s.arg(deployment.name));
    emit deploymentReleased(deployment);
}

void ChecklistDocument::handleChangeApplied(const ItemChange &change, const AuditEvent &event)
{
    Q_UNUSED(event)
    const bool ours = m_pendingChanges.removeOne(changeKey(change));
    if (ours) {
        endBusy();
        if (--m_pendingPerItem[change.state.itemId] <= 0)
            m_pendingPerItem.remove(change.state.itemId);
        m_ownRevision.insert(change.state.itemId, change.state.revision);
    }
    if (change.deploymentId != m_current.id)
        return;
    refreshContext();
    m_model->setState(change.state);
    emit itemChanged(change.state.itemId);
    const QString id = change.state.itemId;
    if (change.kind == u"undo")
        emit statusMessage(u"Undone: %1 is %2 again"_s.arg(id, StatusText::toString(change.state.status)));
    else if (change.kind == u"note")
        emit statusMessage(u"Saved note on %1"_s.arg(id));
    else
        emit statusMessage(u"Saved %1 on %2"_s.arg(savedWhat(change.state.status), id));
}

void ChecklistDocument::handleChangeFailed(const ItemChange &change, const StoreError &error)
{
    if (!m_pendingChanges.removeOne(changeKey(change)))
        return;
    endBusy();
    if (--m_pendingPerItem[change.state.itemId] <= 0)
        m_pendingPerItem.remove(change.state.itemId);
    // The stack now claims a change the store does not hold; undoing it would write a wrong state.
    m_undoStack->clear();
    m_ownRevision.clear();
    reload();
    if (error.kind == StoreError::Kind::Conflict) {
        // Another console changed the item since this one showed it: say who, show what is stored now.
        emit statusMessage(u"Not saved: %1 was changed elsewhere"_s.arg(change.state.itemId));
        emit storeError(StoreError::make(error.kind, u"%1\nThe checklist now shows what is stored."_s.arg(error.message)));
        return;
    }
    emit statusMessage(u"Could not save %1"_s.arg(change.state.itemId));
    emit storeError(StoreError::make(error.kind,
                                     u"Could not save the change to %1: %2\nThe checklist was reloaded from the "
                                     u"store and the undo history was cleared."_s.arg(change.state.itemId,
                                                                                      error.message)));
}

void ChecklistDocument::handleAuditLoaded(qint64 deploymentId, const QString &itemId, const QList<AuditEvent> &events)
{
    if (deploymentId == m_current.id)
        emit auditLoaded(itemId, events);
}

void ChecklistDocument::handleStoreFailed(const StoreError &error)
{
    // Store::failed answers one request (open, load, create, release, audit): nothing in memory changed.
    m_loadingProject = false;
    m_requestedDeploymentId = 0;
    m_busyCount = qMax(1, m_busyCount);
    endBusy();
    emit statusMessage(u"Store error: %1"_s.arg(error.message));
    emit storeError(error);
}

void ChecklistDocument::sendChange(const ItemChange &change)
{
    ItemChange sent = change;
    const QString &id = change.state.itemId;
    // The revision the person saw: the one shown, moved on by our own changes still on their way. An
    // undo must find the item as our own last write left it; whatever another console wrote since is
    // not ours to revert, so the store refuses it.
    const qint64 shown = change.kind == u"undo" ? m_ownRevision.value(id, m_model->state(id).revision)
                                                : m_model->state(id).revision;
    sent.expectedRevision = shown + m_pendingPerItem.value(id);
    m_pendingChanges.append(changeKey(sent));
    ++m_pendingPerItem[id];
    beginBusy(u"Saving %1…"_s.arg(id));
    m_store->applyChange(sent);
}

void ChecklistDocument::handleChangedElsewhere()
{
    if (m_projectId == 0)
        return;
    if (m_refreshInFlight) {
        m_refreshAgain = true;
        return;
    }
    m_refreshInFlight = true;
    m_store->refreshDeployment(m_projectId, m_current.id);
}

void ChecklistDocument::handleDeploymentRefreshed(qint64 projectId, const QList<DeploymentRecord> &deployments,
                                                  const DeploymentRecord &deployment,
                                                  const QHash<QString, ItemState> &states)
{
    m_refreshInFlight = false;
    if (projectId == m_projectId) {
        for (const DeploymentRecord &d : deployments)
            m_deployments->upsert(d);
        // Another console recorded this project's first deployment: show it, as opening would.
        if (m_current.id == 0 && m_requestedDeploymentId == 0 && !deployments.isEmpty())
            selectDeployment(deployments.first().id);
        const bool sameDeployment = deployment.id != 0 && deployment.id == m_current.id && m_requestedDeploymentId == 0;
        if (sameDeployment) {
            bool changed = false;
            if (deployment.released != m_current.released || deployment.rolledBack != m_current.rolledBack) {
                m_current = deployment;
                refreshContext();
                emit currentDeploymentChanged(m_current);
                changed = true;
            }
            for (auto it = states.constBegin(); it != states.constEnd(); ++it) {
                // An item with a change of ours on its way gets its state from the store's answer.
                if (m_pendingPerItem.contains(it.key()) || m_model->rowOf(it.key()) < 0)
                    continue;
                if (m_model->state(it.key()).revision >= it->revision)
                    continue;
                m_model->setState(*it);
                emit itemChanged(it.key());
                changed = true;
            }
            if (changed) {
                emit statusMessage(u"Updated from another console"_s);
                emit verdictChanged();
            }
        }
    }
    if (m_refreshAgain) {
        m_refreshAgain = false;
        handleChangedElsewhere();
    }
}

void ChecklistDocument::refreshContext()
{
    VerdictRules::Context context;
    context.now = QDateTime::currentDateTimeUtc();
    context.released = m_current.isReleased();
    context.runnableProbeKinds = m_runnableProbeKinds;
    context.freshnessSeconds = m_freshnessSeconds;
    context.notApplicable = m_notApplicable;
    m_model->setContext(context);
}

void ChecklistDocument::beginBusy(const QString &message)
{
    if (++m_busyCount == 1)
        emit busyChanged(true);
    emit statusMessage(message);
}

void ChecklistDocument::endBusy()
{
    if (m_busyCount == 0)
        return;
    if (--m_busyCount == 0)
        emit busyChanged(false);
}

void ChecklistDocument::recordProbeRun(const ProbeRunRecord &run)
{
    if (!hasDeployment())
        return;
    ProbeRunRecord record = run;
    record.deploymentId = m_current.id;
    m_store->recordProbeRun(record);
}

void ChecklistDocument::loadProbeRuns(const QString &itemId, int limit)
{
    if (hasDeployment())
        m_store->loadProbeRuns(m_current.id, itemId, limit);
}

void ChecklistDocument::handleProbeRunRecorded(const ProbeRunRecord &run, const ItemState &state,
                                               const AuditEvent &event)
{
    Q_UNUSED(event)
    if (run.deploymentId != m_current.id)
        return;
    refreshContext();
    m_model->setState(state);
    emit itemChanged(state.itemId);
    emit statusMessage(u"%1: %2 — %3"_s.arg(state.itemId, StatusText::toString(run.status), run.summary));
}

QString ChecklistDocument::databasePath() const
{
    return m_store->path();
}
