// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

/**
 * Writes the demo project into a folder: a liftoff.yaml bound to a running demo service and a small
 * git repository (two tagged releases, prompts, a migration, an MCP config, a call site) with some
 * findings on purpose. The yaml is rewritten on every start because the service's port changes;
 * the repository is made once and kept.
 */
class DemoProject
{
public:
    /** The environment variable that holds the demo service's admin token for the demo project. */
    static constexpr const char *ADMIN_KEY_VARIABLE = "LIFTOFF_DEMO_ADMIN_KEY";
    /** The environment variable that holds the demo's Slack-style webhook URL (the service's /webhooks/release-room). */
    static constexpr const char *SLACK_URL_VARIABLE = "LIFTOFF_DEMO_SLACK_URL";
    /** The environment variable that holds the canary planted in the demo chat bot's system prompt (redteam.canary). */
    static constexpr const char *CANARY_VARIABLE = "LIFTOFF_DEMO_CANARY";
    /** Sets the variables the demo project refers to, for this process and the commands it starts. */
    static void exportEnvironment(const QUrl &serviceUrl, const QString &adminToken);

    /** Writes dir/liftoff.yaml and dir/repo; returns an error message or an empty string. */
    static QString write(const QString &dir, const QUrl &serviceUrl, const QString &liftoffBinary);
    /** The liftoff.yaml text for a service URL (pure; also used by tests). */
    static QString configText(const QUrl &serviceUrl, const QString &liftoffBinary);

    /**
     * Records the demo's two deployments in the store when the project has none yet: v1.3.2
     * released a week ago (what a rollback returns to) and v1.4.0, current, with the prompt versions
     * each shipped and the eval baseline a person blessed on v1.3.2. Synchronous SQL: call it
     * off the GUI thread. Returns an error message or an empty string.
     */
    static QString seedDeployments(const QString &databasePath, const QString &configPath);

private:
    static QString createRepository(const QString &path);
};
