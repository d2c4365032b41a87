// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/EvalsConfig.h"
#include "evals/EvalCase.h"
#include "evals/EvalCaseResult.h"
#include "evals/EvalRunRecord.h"
#include "evals/EvalRunner.h"
#include "probes/ProbeContext.h"
#include "store/StoreError.h"

#include <functional>

class Database;

/**
 * One whole eval run, blocking on a local event loop (the CLI's main thread or a probe's worker,
 * never the GUI thread): records the run with the deployment's prompt versions, replays the cases
 * with EvalRunner and stores each case as it finishes, then the run's end state. `cancelled` is
 * polled; once it says true nothing new starts and what finished stays stored.
 */
class EvalRunSession
{
public:
    struct Request
    {
        qint64 deploymentId = 0;
        QString environment;
        ProbeContext context;
        EvalsConfig evals;
        QList<EvalCase> cases;
        QString who;
        /** Called once the run row is stored (its id filled in), before the first request. */
        std::function<void(const EvalRunRecord &run)> started;
    };
    struct Outcome
    {
        EvalRunRecord run;
        QList<EvalCaseResult> results;
        StoreError error;
    };
    using Progress = std::function<void(const EvalCaseResult &result, int done, int total)>;

    /** The runner's options from `evals` (concurrency, budgets, the target's timeout). */
    static EvalRunner::Options optionsFor(const EvalsConfig &evals);
    /** Runs and stores (database null: runs without storing, e.g. a probe's spot check). */
    static Outcome run(Database *database, const Request &request, const std::function<bool()> &cancelled,
                       const Progress &progress = {});
};
