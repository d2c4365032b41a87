// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalBlessing.h"
#include "evals/EvalCaseResult.h"
#include "evals/EvalRunRecord.h"
#include "store/StoreError.h"

#include <QList>

class Database;

/**
 * The SQL of eval runs, their case results and blessings (schema v7). A run row is written when the
 * run starts and each case as it finishes (one transaction each), so an interrupted run keeps what
 * finished. A blessing is append-only and writes its audit event in the same transaction.
 * Synchronous: the CLI or a worker with its own connection, never the GUI thread.
 */
class EvalRunRepository
{
public:
    explicit EvalRunRepository(Database &database);

    /** "prompt=version" lines sorted by prompt; without versions "deployment:ID" (a baseline per deployment). */
    static QString promptKey(const QList<DeploymentPromptRecord> &prompts, qint64 deploymentId);

    /** Inserts the run (id filled in). */
    StoreError beginRun(EvalRunRecord *run);
    StoreError recordCase(qint64 runId, const EvalCaseResult &result);
    /** Writes state, stop message, finish time and counts. */
    StoreError finishRun(const EvalRunRecord &run);

    StoreError run(qint64 runId, EvalRunRecord *out, bool *found);
    /** The deployment's runs, newest first. */
    StoreError runs(qint64 deploymentId, QList<EvalRunRecord> *out, int limit = 100);
    StoreError caseResults(qint64 runId, QList<EvalCaseResult> *out);

    /**
     * Makes a complete run the baseline of its prompt versions: the blessing and an audit event
     * (kind "bless" on qa.baseline-recorded of the run's deployment) in one transaction.
     */
    StoreError bless(qint64 runId, qint64 projectId, const QString &who, const QString &note, EvalBlessing *out);
    /** The newest blessing of the project for promptKey. */
    StoreError blessingFor(qint64 projectId, const QString &promptKey, EvalBlessing *out, bool *found);
    /** The newest blessing of the project, whatever its prompt versions. */
    StoreError latestBlessing(qint64 projectId, EvalBlessing *out, bool *found);

private:
    StoreError readBlessing(const QString &where, const QVariantList &values, EvalBlessing *out, bool *found);
    Database &m_database;
};
