// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallLogFormat.h"
#include "sources/CallSink.h"
#include "sources/JsonlFieldMapping.h"

#include <simdjson.h>

#include <string>
#include <vector>

class PriceTable;

/**
 * Turns call-log records into LlmCall values with simdjson On-Demand: the per-record hot path.
 *
 * Internal to liftoff_core (simdjson is a private dependency): CallLogReader owns one parser
 * per thread. No QString, QJsonDocument or allocation per record: text fields stay views into
 * the simdjson buffers, keys are compared raw, and the calls of a record are handed to the sink
 * only once the whole record parsed, so a malformed line never yields half of its calls.
 * Unknown fields are skipped; a field of an unexpected type counts as absent.
 */
class CallRecordParser
{
public:
    CallRecordParser(CallLogFormat format, const JsonlFieldMapping &mapping, const PriceTable *prices);

    /**
     * Parses one line holding one JSON object. @p data must stay readable up to
     * data + capacity, with capacity >= length + simdjson::SIMDJSON_PADDING.
     * Returns the number of calls delivered, or -1 with @p reason set for a malformed line.
     */
    qint64 parseLine(const char *data, std::size_t length, std::size_t capacity, CallSink &sink, const char **reason);

    /**
     * Parses a whole JSON document: an array of records, `{"data": [records]}` (LiteLLM
     * /spend/logs/v2, Langfuse v2 observations), or a single record / OTLP TracesData.
     * @p records and @p malformed count array elements; the first malformed elements (1-based)
     * go to @p malformedAt.
     */
    qint64 parseDocument(const simdjson::padded_string &json, CallSink &sink, qint64 &records, qint64 &malformed,
                         std::vector<std::pair<qint64, std::string>> &malformedAt, std::string &fatalError);

private:
    simdjson::error_code parseRecord(simdjson::ondemand::object object);
    simdjson::error_code parseLiteLlm(simdjson::ondemand::object object);
    simdjson::error_code parseJsonl(simdjson::ondemand::object object);
    simdjson::error_code parseLangfuse(simdjson::ondemand::object object);
    simdjson::error_code parseOtel(simdjson::ondemand::object object);
    simdjson::error_code parseOtelSpan(simdjson::ondemand::object span);
    void finish(LlmCall &call, std::optional<qint64> startUs, std::optional<qint64> endUs,
                std::optional<qint64> firstTokenUs);
    qint64 flush(CallSink &sink);

    CallLogFormat m_format;
    JsonlFieldMapping m_mapping;
    const PriceTable *m_prices;
    simdjson::ondemand::parser m_parser;
    std::vector<LlmCall> m_pending;
};
