// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ItemState.h"
#include "prompts/PromptVersion.h"
#include "store/DeploymentPromptRecord.h"
#include "store/StoreRecords.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/**
 * Whether a blessed baseline covers the prompt versions a deployment shipped (qa.baseline-recorded)
 * while no eval runner exists. Until then a baseline is blessed when a person passes
 * qa.baseline-recorded on a deployment (with its note), and it covers the prompt versions that
 * deployment shipped (deployment_prompts). The current deployment is compared with the newest
 * blessed deployment created before it:
 * - a person's own pass or fail on the current deployment stands: nothing is recorded over it;
 * - any prompt whose version differs (or that is new) fails, naming each prompt and its versions;
 * - none differs: pass; no blessing yet, or no versions recorded: not-reported, saying what to do.
 * Pure functions over values read elsewhere (BaselineCheck reads them from the store).
 */
class BaselineComparison
{
public:
    static constexpr const char *ITEM = "qa.baseline-recorded";

    /** A deployment with the prompt versions recorded for it. */
    struct Shipped
    {
        DeploymentRecord deployment;
        QList<DeploymentPromptRecord> prompts;
    };

    /** A deployment on which a person passed the baseline item: who, when and why. */
    struct Blessing
    {
        Shipped shipped;
        QString by;
        QDateTime at;
        QString note;
    };

    /** prompt → version id → version number (1 = the prompt's first version), for git folders. */
    using VersionNumbers = QHash<QString, QHash<QString, int>>;

    struct Input
    {
        Shipped current;
        ItemState currentState;   ///< the baseline item's state on the current deployment
        QList<Blessing> blessings; ///< every blessed deployment of the project (later ones are ignored)
        VersionNumbers numbers;    ///< optional: without it git versions show as short commits
        QString promptsProblem;    ///< why no versions were recorded for the current deployment, when known
    };

    struct Outcome
    {
        bool record = true;        ///< false: a person's tick on this deployment stands; store nothing
        Status status = Status::NotReported;
        QString summary;
        QJsonObject evidence;
        QStringList changed;       ///< prompts whose version differs from the baseline's (or are new)
        QString baseline;          ///< the blessed deployment compared with, or ""
    };

    static Outcome compare(const Input &input);
    /** The version numbers of every prompt in a git catalog (counted from the oldest version). */
    static VersionNumbers numbersOf(const PromptCatalog &catalog);
    /** "v7" (Langfuse), "v3 abc1234" (git, number known) or "abc1234". */
    static QString versionText(const DeploymentPromptRecord &record, const VersionNumbers &numbers);
    /** The probe run to store for the current deployment. */
    static ProbeRunRecord toRun(const Outcome &outcome, qint64 deploymentId, const QDateTime &at);
};
