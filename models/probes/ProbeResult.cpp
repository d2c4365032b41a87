// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeResult.h"

#include "scan/SecretRedactor.h"

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
    // Key shapes go even without secrets: a probe body may echo a key nobody configured.
    const SecretRedactor redactor(secrets);
    summary = redactor.redact(summary);
    conditions = redactor.redactJson(conditions);
    evidence = redactor.redactJson(evidence);
}
