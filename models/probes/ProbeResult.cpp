// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeResult.h"

#include "actions/CommandRunner.h"

#include <QJsonDocument>

ProbeResult ProbeResult::error(const QString &itemId, const QString &message)
{
    ProbeResult r;
    r.itemId = itemId;
    r.status = Status::Error;
    r.summary = message;
    r.startedAt = QDateTime::currentDateTimeUtc();
    return r;
}

void ProbeResult::redact(const QStringList &secrets)
{
    if (secrets.isEmpty())
        return;
    summary = CommandRunner::redact(summary, secrets);
    const QString conditionText = QString::fromUtf8(QJsonDocument(conditions).toJson(QJsonDocument::Compact));
    conditions = QJsonDocument::fromJson(CommandRunner::redact(conditionText, secrets).toUtf8()).array();
    const QString evidenceText = QString::fromUtf8(QJsonDocument(evidence).toJson(QJsonDocument::Compact));
    evidence = QJsonDocument::fromJson(CommandRunner::redact(evidenceText, secrets).toUtf8()).object();
}
