// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/LangfuseConfig.h"
#include "config/SecretRef.h"

#include <QMap>
#include <QString>

/** One call-log source under `sources.calls`. */
struct CallSourceConfig
{
    enum class Kind { Otel, LiteLLM, Jsonl, Langfuse };

    Kind kind = Kind::Otel;
    QString path;                     ///< otel, jsonl (and litellm as a file): relative to the config file as written
    QString baseUrl;                  ///< litellm API (empty when path is set)
    SecretRef key;                    ///< litellm master_key
    QMap<QString, QString> fieldMap;  ///< jsonl: Liftoff's field name -> the file's field name
    LangfuseConfig langfuse;
};
