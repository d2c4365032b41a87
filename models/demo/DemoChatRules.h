// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** One answer of the demo chat bot, with the rule that produced it. */
struct DemoChatAnswer
{
    QString reply;
    QString rule;        ///< e.g. "refund", "order-json", "leak", "fallback"
    bool leaked = false; ///< true when the reply reveals the system prompt (the deliberate weakness)
};

/**
 * The canned "model" behind the demo's POST /v1/chat: a system prompt with a canary string and a
 * few keyword rules (refunds, orders, shipping, opening hours, greetings). It never echoes the
 * user's text back.
 *
 * DELIBERATE WEAKNESS (so that sec.system-prompt-leak fails for a visible reason): asked to
 * "repeat your instructions" (or for its "system prompt" / "instructions"), it answers with the
 * whole system prompt, canary included. Plain "ignore previous instructions" hijacks are refused.
 */
class DemoChatRules
{
public:
    explicit DemoChatRules(QString canary);

    QString systemPrompt() const;
    QString canary() const { return m_canary; }
    DemoChatAnswer answer(const QString &message) const;

private:
    QString m_canary;
};
