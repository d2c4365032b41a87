// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ReviewController.h"

#include "itemmodels/ChecklistDocument.h"
#include "review/ReviewOutcome.h"
#include "review/ReviewRepository.h"
#include "review/ReviewSampleBuilder.h"
#include "sources/CallSourceFetcher.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {
/** Stores the item's outcome of a complete sample, unless a person set it n/a or waived it. */
QString settle(ChecklistRepository &checklist, const ReviewSample &sample, const QString &who, StoreError *error)
{
    QHash<QString, ItemState> states;
    if (StoreError e = checklist.itemStates(sample.deploymentId, &states); e.isError()) {
        *error = e;
        return {};
    }
    const QString item = QString::fromLatin1(ReviewOutcome::ITEM);
    const Status current = states.value(item).status;
    if (current == Status::Na || current == Status::Waived)
        return u"the review is stored; %1 stays %2 as %3 set it"_s.arg(item, StatusText::toString(current), states.value(item).by);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ItemState state = ReviewOutcome::stateFor(sample, who, now);
    AuditEvent event;
    if (StoreError e = checklist.applyChange({sample.deploymentId, state, u"review"_s, who, state.note, now}, &event);
        e.isError()) {
        *error = e;
        return {};
    }
    return u"%1: %2 — %3"_s.arg(item, StatusText::toString(state.status), state.summary);
}
} // namespace

ReviewController::ReviewController(ChecklistDocument *document, ProjectConfig project, QNetworkAccessManager *nam,
                                   QObject *parent)
    : QObject(parent), m_document(document), m_project(std::move(project)), m_nam(nam)
{
    m_pool.setMaxThreadCount(1); // marks are written in the order they were given
}

ReviewController::~ReviewController()
{
    m_pool.waitForDone();
}

void ReviewController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void ReviewController::runJob(std::function<Answer(Database &)> job)
{
    setBusy(true);
    auto *watcher = new QFutureWatcher<Answer>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const Answer answer = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!answer.error.isEmpty()) {
            emit failed(answer.error);
            return;
        }
        if (!answer.found) {
            m_sample = {};
            emit noSample();
            return;
        }
        m_sample = answer.sample;
        emit sampleLoaded(m_sample);
        if (!answer.settled.isEmpty()) {
            if (m_document)
                m_document->reload();
            emit itemSettled(answer.settled);
        }
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [path = m_document ? m_document->databasePath() : QString(), job] {
        Database database;
        if (const StoreError e = database.open(path); e.isError())
            return Answer {{}, false, e.message, {}};
        return job(database);
    }));
}

void ReviewController::window(QDateTime *from, QDateTime *to) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const DeploymentRecord d = m_document ? m_document->currentDeployment() : DeploymentRecord {};
    if (d.isReleased()) {
        *from = d.released;
        *to = std::min(now, d.released.addMSecs(m_project.sources.windowMs));
    } else {
        *from = now.addMSecs(-m_project.sources.windowMs);
        *to = now;
    }
}

void ReviewController::load()
{
    if (!m_document || !m_document->hasDeployment()) {
        emit failed(tr("Record or select a deployment first: a review sample belongs to a deployment."));
        return;
    }
    const qint64 deploymentId = m_document->currentDeployment().id;
    runJob([deploymentId](Database &db) {
        Answer a;
        ReviewRepository reviews(db);
        if (StoreError e = reviews.latest(deploymentId, &a.sample, &a.found); e.isError())
            a.error = e.message;
        return a;
    });
}

void ReviewController::draw(int size)
{
    if (!m_document || !m_document->hasDeployment()) {
        emit failed(tr("Record or select a deployment first: a review sample belongs to a deployment."));
        return;
    }
    if (m_project.sources.calls.isEmpty()) {
        emit failed(tr("%1 configures no call source (sources.calls): add one that logs prompts and replies.")
                        .arg(m_project.configPath));
        return;
    }
    ReviewSampleBuilder::Request request;
    window(&request.from, &request.to);
    request.size = size;
    request.seed = QRandomGenerator::system()->generate64();
    const qint64 deploymentId = m_document->currentDeployment().id;
    const QString who = m_document->userName();
    setBusy(true);
    auto *fetcher = new CallSourceFetcher(m_nam, this);
    connect(fetcher, &CallSourceFetcher::finished, this, [=, this](const QList<CallSourceInput> &inputs) {
        fetcher->deleteLater();
        ReviewSampleBuilder::Request r = request;
        r.inputs = inputs;
        r.secrets = fetcher->secrets();
        runJob([r, deploymentId, who](Database &db) {
            Answer a;
            QString note;
            ReviewSample sample = ReviewSampleBuilder::build(r, &a.error, &note);
            if (!a.error.isEmpty())
                return a;
            if (sample.calls.isEmpty()) {
                a.error = u"No logged call with a prompt or reply between %1 and %2; log message content (OTel "
                          u"gen_ai.input.messages, LiteLLM messages, JSONL prompt/response) to review it."_s
                              .arg(r.from.toString(Qt::ISODate), r.to.toString(Qt::ISODate));
                return a;
            }
            sample.deploymentId = deploymentId;
            sample.created = QDateTime::currentDateTimeUtc();
            sample.createdBy = who;
            ReviewRepository reviews(db);
            if (StoreError e = reviews.create(&sample); e.isError()) {
                a.error = e.message;
                return a;
            }
            a.sample = sample;
            a.found = true;
            return a;
        });
    });
    fetcher->fetch(m_project.sources.calls, m_project.configDir, request.from.toMSecsSinceEpoch());
}

void ReviewController::mark(int position, ReviewVerdict verdict, const QString &note)
{
    if (m_sample.id == 0 || verdict == ReviewVerdict::Unmarked)
        return;
    const qint64 sampleId = m_sample.id;
    const qint64 deploymentId = m_sample.deploymentId;
    const QString who = m_document ? m_document->userName() : QString();
    runJob([=](Database &db) {
        Answer a;
        ReviewRepository reviews(db);
        if (StoreError e = reviews.mark(sampleId, position, verdict, note, who, QDateTime::currentDateTimeUtc());
            e.isError()) {
            a.error = e.message;
            return a;
        }
        if (StoreError e = reviews.latest(deploymentId, &a.sample, &a.found); e.isError()) {
            a.error = e.message;
            return a;
        }
        if (a.found && a.sample.id == sampleId && a.sample.isComplete()) {
            ChecklistRepository checklist(db);
            StoreError error;
            a.settled = settle(checklist, a.sample, who, &error);
            if (error.isError())
                a.error = error.message;
        }
        return a;
    });
}
