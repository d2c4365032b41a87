// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QString>
#include <QStringList>

/** Access to a Langfuse project (prompts, cost or calls source). */
struct LangfuseConfig
{
    QString baseUrl;
    SecretRef publicKey;
    SecretRef secretKey;
    QStringList names; ///< prompt names (prompts source only)
};
