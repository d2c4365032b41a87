// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

/** One LLM SDK call in source code and which generation limits its arguments set. */
struct CallSite
{
    QString file;
    int line = 0;              ///< line of the call's name
    QString sdk;               ///< openai, anthropic, litellm, langchain, ai-sdk
    QString call;              ///< e.g. chat.completions.create, ChatAnthropic
    bool hasMaxTokens = false; ///< max_tokens, max_output_tokens, max_completion_tokens, maxTokens, max_tokens_to_sample...
    bool hasTemperature = false;
    bool spreadsArguments = false; ///< **kwargs or ...options: the limits may come from there

    bool lacksLimits() const { return !hasMaxTokens || !hasTemperature; }
};

/** All call sites of a tree and how many files were read. */
struct CallSiteReport
{
    QList<CallSite> callSites;
    int filesScanned = 0;

    QList<CallSite> lackingLimits() const;
    QString summary() const;
};
