// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalBlessing.h"
#include "evals/EvalCaseResult.h"
#include "evals/EvalDataset.h"
#include "evals/EvalRunRecord.h"
#include "probes/BackgroundProbe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "probes/ProbeResult.h"

#include <optional>

/**
 * The probe kind `eval` (checklist items qa.eval-dataset, qa.structured-output,
 * qa.baseline-recorded, w1.regression-prod). Blocking, so it runs on a BackgroundProbe worker with
 * its own store connection and its own event loop for the requests:
 * - qa.eval-dataset: the set parses and holds at least `min_cases` cases;
 * - qa.structured-output: every json_schema case of the deployment's newest complete run (or, with
 *   none stored, of a spot run of those cases) returns output valid against its schema;
 * - qa.baseline-recorded: a blessed run exists for this deployment's prompt versions;
 * - w1.regression-prod: after release, the set runs against the deployment's environment (stored)
 *   and fails when the score drops more than `tolerance` below the baseline's, naming each case
 *   that regressed.
 * Placeholders for `conditions`: [CASES], [SCORE], [BASELINE_SCORE], [REGRESSIONS]. The verdicts are
 * pure functions below, tested without a network.
 */
namespace EvalProbe {

ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared);

ProbeResult datasetVerdict(const QString &itemId, const EvalDataset &dataset, int minCases);
/** From the case results of one run (only their json_schema assertions count). */
ProbeResult structuredVerdict(const QString &itemId, const QList<EvalCaseResult> &results, const QString &source);
/** blessing: the one for this deployment's prompt versions; latest: the project's newest (when no match). */
ProbeResult baselineVerdict(const QString &itemId, const QString &promptKey,
                            const std::optional<std::pair<EvalBlessing, EvalRunRecord>> &blessing,
                            const std::optional<std::pair<EvalBlessing, EvalRunRecord>> &latest);
/** The cases that passed in the baseline and did not pass now, by id. */
QStringList regressions(const QList<EvalCaseResult> &baseline, const QList<EvalCaseResult> &current);
ProbeResult regressionVerdict(const QString &itemId, const EvalRunRecord &current,
                              const QList<EvalCaseResult> &currentResults, const EvalRunRecord &baseline,
                              const QList<EvalCaseResult> &baselineResults, double tolerance);
/** Evaluates `conditions` (when written) over [CASES], [SCORE], [BASELINE_SCORE], [REGRESSIONS]; their outcome decides. */
void applyConditions(ProbeResult &result, const QStringList &conditions, const QVariantMap &values);

} // namespace EvalProbe
