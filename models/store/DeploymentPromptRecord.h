// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

/** The version of one prompt that one deployment shipped (schema v5, table deployment_prompts). */
struct DeploymentPromptRecord
{
    qint64 deploymentId = 0;
    QString prompt;   ///< path in the repository or Langfuse prompt name
    QString source;   ///< git or langfuse
    QString version;  ///< commit id (git) or version number (Langfuse)
    QString label;    ///< Langfuse label or git tag, when known
    QDateTime recorded;

    bool operator==(const DeploymentPromptRecord &) const = default;
};
Q_DECLARE_METATYPE(DeploymentPromptRecord)
