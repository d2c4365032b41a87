// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/** One generated LLM call of the demo's history: what a gateway log would hold for it. */
struct DemoCallRecord
{
    /** The deliberate defects of DemoConversation (PII kinds and an injection attempt). */
    static constexpr int DEFECT_KINDS = 5;
    QString requestId;
    QDateTime start; ///< UTC
    qint64 latencyMs = 0;
    qint64 ttftMs = 0;
    QString requestedModel; ///< what the app asked for, e.g. the floating "gpt-4o-mini"
    QString responseModel;  ///< what answered, e.g. "gpt-4o-mini-2024-07-18"
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double inputCostUsd = 0;
    double outputCostUsd = 0;
    bool failed = false;
    QString endUser;
    QString sessionId;
    QString feature;    ///< "answer", "summarize", ...
    int defect = -1;    ///< which deliberate defect its content carries (DemoConversation), -1: by its id
    int maxTokens = 0;  ///< 0 when the request carried none
    double temperature = 0.2;

    double spendUsd() const { return inputCostUsd + outputCostUsd; }
    QDateTime end() const { return start.addMSecs(latencyMs); }
};
