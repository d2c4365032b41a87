// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/Status.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

/** What one probe run decided: status, a one-line summary, each condition, evidence and timing. */
struct ProbeResult
{
    QString itemId;
    Status status = Status::Error;
    QString summary;
    QJsonArray conditions; ///< [{expr, actual, ok[, error]}]
    QJsonObject evidence;  ///< already free of secret values
    QDateTime startedAt;
    qint64 durationMs = 0;
    int attempts = 1;

    static ProbeResult error(const QString &itemId, const QString &message);
    /** Replaces every key shape and every given secret value in summary, conditions and evidence (SecretRedactor). */
    void redact(const QStringList &secrets);
};
Q_DECLARE_METATYPE(ProbeResult)
