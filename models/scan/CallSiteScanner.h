// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/CallSite.h"

#include <QByteArrayView>

#include <atomic>

/**
 * Finds LLM SDK call sites in Python and JavaScript/TypeScript (OpenAI chat.completions.create and
 * responses.create, Anthropic messages.create, LiteLLM completion/acompletion, LangChain chat model
 * constructors, AI SDK generateText/streamText) and reads each argument list (balanced brackets
 * across lines, comments and strings ignored) for max_tokens and temperature (api.max-tokens,
 * api.temperature).
 */
class CallSiteScanner
{
public:
    /** True for .py, .js, .mjs, .cjs, .jsx, .ts, .tsx, .mts, .cts outside node_modules. */
    static bool isSourceFile(const QString &relativePath);
    static QList<CallSite> scanText(QByteArrayView text, const QString &file);
    static CallSiteReport scanTree(const QString &folder, const std::atomic<bool> *cancel = nullptr);
};
