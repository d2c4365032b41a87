// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/JsonlFieldMapping.h"

using namespace Qt::StringLiterals;

JsonlFieldMapping::JsonlFieldMapping() = default;
JsonlFieldMapping::JsonlFieldMapping(const JsonlFieldMapping &other) = default;
JsonlFieldMapping &JsonlFieldMapping::operator=(const JsonlFieldMapping &other) = default;
JsonlFieldMapping::~JsonlFieldMapping() = default;

bool JsonlFieldMapping::applyOverrides(const QHash<QString, QString> &overrides, QString *errorMessage)
{
    const std::pair<QString, std::string JsonlFieldMapping::*> fields[] = {
        {u"ts"_s, &JsonlFieldMapping::ts},
        {u"request_id"_s, &JsonlFieldMapping::requestId},
        {u"model"_s, &JsonlFieldMapping::model},
        {u"response_model"_s, &JsonlFieldMapping::responseModel},
        {u"input_tokens"_s, &JsonlFieldMapping::inputTokens},
        {u"output_tokens"_s, &JsonlFieldMapping::outputTokens},
        {u"latency_ms"_s, &JsonlFieldMapping::latencyMs},
        {u"ttft_ms"_s, &JsonlFieldMapping::ttftMs},
        {u"cost_usd"_s, &JsonlFieldMapping::costUsd},
        {u"status"_s, &JsonlFieldMapping::status},
        {u"user"_s, &JsonlFieldMapping::user},
        {u"session"_s, &JsonlFieldMapping::session},
        {u"max_tokens"_s, &JsonlFieldMapping::maxTokens},
        {u"temperature"_s, &JsonlFieldMapping::temperature},
        {u"prompt"_s, &JsonlFieldMapping::prompt},
        {u"response"_s, &JsonlFieldMapping::response},
    };
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        bool found = false;
        for (const auto &[name, member] : fields) {
            if (name == it.key()) {
                this->*member = it.value().toStdString();
                found = true;
                break;
            }
        }
        if (!found) {
            if (errorMessage)
                *errorMessage = u"unknown JSONL field '%1'"_s.arg(it.key());
            return false;
        }
    }
    return true;
}
