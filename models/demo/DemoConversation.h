// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoCallRecord.h"

#include <QJsonArray>
#include <QJsonObject>

/**
 * The logged messages of a demo call, as LiteLLM stores them with store_prompts_in_spend_logs:
 * the system prompt, the customer's question and the bot's answer. Chosen per call from its
 * request id, so a call always says the same. A few customers paste an e-mail address, a card
 * number or a phone number, the bot once repeats a phone number, and a few prompts try to
 * inject instructions: sec.no-pii-in-logs fails and w1.injection-attempts warns on every demo day.
 */
namespace DemoConversation {
/** The `messages` column: [{role: system, ...}, {role: user, ...}]. */
QJsonArray messages(const DemoCallRecord &record);
/** The `response` column: a chat completion with the assistant's answer (empty for failed calls). */
QJsonObject response(const DemoCallRecord &record);
} // namespace DemoConversation
