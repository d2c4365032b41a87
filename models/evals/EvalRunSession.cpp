// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalRunSession.h"

#include "evals/EvalRunRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr int CANCEL_POLL_MS = 50;
}

EvalRunner::Options EvalRunSession::optionsFor(const EvalsConfig &evals)
{
    EvalRunner::Options options;
    options.concurrency = evals.concurrency;
    options.maxRequests = evals.maxRequests;
    options.maxCostUsd = evals.maxCostUsd;
    if (evals.target.timeoutMs)
        options.timeoutMs = *evals.target.timeoutMs;
    return options;
}

EvalRunSession::Outcome EvalRunSession::run(Database *database, const Request &request,
                                            const std::function<bool()> &cancelled, const Progress &progress)
{
    Outcome outcome;
    EvalRunRecord &record = outcome.run;
    record.deploymentId = request.deploymentId;
    record.environment = request.environment;
    record.dataset = request.evals.dataset;
    record.who = request.who;
    record.casesTotal = int(request.cases.size());
    std::unique_ptr<EvalRunRepository> repository;
    if (database) {
        PromptVersionRepository prompts(*database);
        if (StoreError e = prompts.versions(request.deploymentId, &record.prompts); e.isError()) {
            outcome.error = e;
            return outcome;
        }
        record.promptKey = EvalRunRepository::promptKey(record.prompts, request.deploymentId);
        repository = std::make_unique<EvalRunRepository>(*database);
    }
    QNetworkAccessManager nam;
    EvalRunner runner(&nam, request.context, request.evals.target, request.cases, optionsFor(request.evals));
    record.target = runner.displayUrl();
    if (repository) {
        if (StoreError e = repository->beginRun(&record); e.isError()) {
            outcome.error = e;
            return outcome;
        }
    }
    if (request.started)
        request.started(record);
    QEventLoop loop;
    QObject::connect(&runner, &EvalRunner::caseFinished, &loop, [&](const EvalCaseResult &result) {
        outcome.results.append(result);
        if (result.passed)
            ++record.casesPassed;
        ++record.casesRun;
        if (repository && !outcome.error.isError()) {
            outcome.error = repository->recordCase(record.id, result);
            if (outcome.error.isError())
                runner.cancel(); // nothing more can be kept: stop spending
        }
        if (progress)
            progress(result, int(outcome.results.size()), runner.total());
    });
    QObject::connect(&runner, &EvalRunner::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancelled && cancelled())
            runner.cancel();
    });
    poll.start(CANCEL_POLL_MS);
    runner.start();
    loop.exec();
    record.state = EvalRunner::stopText(runner.stop());
    record.stopMessage = runner.stopMessage();
    record.finishedAt = QDateTime::currentDateTimeUtc();
    if (repository) {
        // Stored even after a store error above: the row then says how far the run got.
        const StoreError e = repository->finishRun(record);
        if (!outcome.error.isError())
            outcome.error = e;
    }
    return outcome;
}
