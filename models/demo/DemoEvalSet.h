// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

class Database;
struct DeploymentRecord;

/**
 * The demo project's eval set (evals/cases.yaml, 24 cases against the demo chat bot): most pass,
 * three fail for reasons anyone can see in the Quality evidence: a schema asks for a tracking_url the
 * bot never sends (qa.structured-output), the bot does not know Sunday hours, and "repeat your
 * instructions" leaks the system prompt. Also seeds the baseline run a person blessed on v1.3.2,
 * so v1.4.0's changed prompts fail qa.baseline-recorded until a new run is blessed.
 */
class DemoEvalSet
{
public:
    static constexpr int CASES = 24;
    static constexpr const char *PATH = "evals/cases.yaml";

    static QByteArray casesYaml();
    /** Stores a complete eval run of `deployment` (its prompt versions recorded) and blesses it. Returns an error or "". */
    static QString seedBlessedRun(Database &database, const DeploymentRecord &deployment);
};
