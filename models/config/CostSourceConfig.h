// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/LangfuseConfig.h"
#include "config/SecretRef.h"

#include <QString>
#include <QStringList>

/** The cost adapter under `sources.cost`: exactly one provider or gateway. */
struct CostSourceConfig
{
    enum class Kind { OpenAI, Anthropic, LiteLLM, OpenRouter, Langfuse };

    Kind kind = Kind::OpenAI;
    SecretRef key;          ///< admin_key (openai, anthropic), master_key (litellm), api_key (openrouter)
    QStringList projectIds; ///< openai only
    QString baseUrl;        ///< litellm
    LangfuseConfig langfuse;
};
