// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigEdit.h"

#include <QList>
#include <QString>

/**
 * The fields of the project form (Settings ▸ Project…) as text, read from liftoff.yaml, and the
 * edits that turn one state of the form into another. Only changed fields become edits, so what
 * the form does not show (timeouts, conditions, headers) stays as the user wrote it.
 */
struct ProjectForm
{
    struct Environment
    {
        QString name;
        QString url;
        bool operator==(const Environment &) const = default;
    };
    /** An alert channel: kind is slack, discord or webhook; target its (secret) URL reference. */
    struct Channel
    {
        QString name;
        QString kind;
        QString target;
        bool operator==(const Channel &) const = default;
    };
    /** A call-log source: otel or jsonl (location is a file), or litellm (location is its base URL, key its master key). */
    struct CallSource
    {
        QString kind;
        QString location;
        QString key;
        bool operator==(const CallSource &) const = default;
    };
    struct NotApplicable
    {
        QString itemId;
        QString why;
        bool operator==(const NotApplicable &) const = default;
    };

    QString project;
    QList<Environment> environments;
    QString healthUrl;           ///< checks.infra.health.http.url
    QString monthlyUsd;
    QString alerts;              ///< "50, 75, 90"
    QString expectedDailyUsd;    ///< "5, 40"
    QString budgetNotify;        ///< channel names, comma separated
    QList<Channel> channels;
    QString costAdapter;         ///< empty, openai, anthropic, litellm or openrouter
    QString costBaseUrl;         ///< litellm only
    QString costKey;             ///< a secret reference
    QList<CallSource> calls;
    QString rollbackCommand;     ///< argv as one line; quote arguments with spaces
    QString rollbackDryRun;
    QString flagsBaseUrl;        ///< flags.ofrep
    QString flagsFlag;
    QString evalsDataset;
    QString evalsTargetUrl;
    QString redteamTargetUrl;
    QString redteamCanary;       ///< a secret reference
    QList<NotApplicable> notApplicable;

    bool operator==(const ProjectForm &) const = default;

    /** The form as liftoff.yaml's text fills it (a text that does not parse gives an empty form). */
    static ProjectForm fromYaml(const QString &yaml);
    /** The edits that turn a file read as original into this form. */
    QList<ConfigEdit> editsFrom(const ProjectForm &original) const;
    /** The key that holds a cost adapter's secret (admin_key, master_key or api_key). */
    static QString costKeyName(const QString &adapter);
    /** An argv list shown as one line, and back. */
    static QString joinArguments(const QStringList &argv);
    static QStringList splitArguments(const QString &line);
    /** "50, 75, 90" and back. */
    static QStringList splitList(const QString &text);
};
