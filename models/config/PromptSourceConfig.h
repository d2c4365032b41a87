// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/LangfuseConfig.h"

#include <QString>

/** Where prompt versions live (`prompts`): a folder in the repo or a Langfuse project. */
struct PromptSourceConfig
{
    enum class Kind { Git, Langfuse };

    Kind kind = Kind::Git;
    QString gitFolder; ///< relative to the repo, as written
    LangfuseConfig langfuse;
};
