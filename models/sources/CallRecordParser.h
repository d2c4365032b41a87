// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallLogFormat.h"
#include "sources/CallSink.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

class PriceTable;
struct JsonlFieldMapping;

/**
 * Parses call-log records (one JSON line, or a whole JSON document) into LlmCalls for a sink.
 *
 * Internal to liftoff_core: CallLogReader owns one per thread. create() returns the simdjson
 * build that suits this CPU (AVX2 where the CPU has it, else portable code); both give the same
 * results (the environment variable LIFTOFF_CALL_PARSER=generic forces the portable one). Input buffers must stay readable for SIMDJSON_PADDING (64) bytes past their length.
 */
class CallRecordParser
{
public:
    static constexpr std::size_t PADDING = 64; ///< simdjson::SIMDJSON_PADDING

    /** What parsing a whole document produced besides calls. */
    struct DocumentOutcome
    {
        qint64 records = 0;   ///< array elements (or 1 for a single record)
        qint64 malformed = 0;
        std::vector<std::pair<qint64, std::string>> malformedAt; ///< first few, 1-based element numbers
        std::string fatalError; ///< set when the document is not valid JSON from some point on
    };

    virtual ~CallRecordParser() = default;

    /** The parser for this CPU; see the class comment. */
    static std::unique_ptr<CallRecordParser> create(CallLogFormat format, const JsonlFieldMapping &mapping,
                                                    const PriceTable *prices);

    /**
     * Parses one line holding one JSON object, readable up to data + capacity
     * (capacity >= length + PADDING). Returns the number of calls delivered, or -1 with
     * @p reason set for a malformed line.
     */
    virtual qint64 parseLine(const char *data, std::size_t length, std::size_t capacity, CallSink &sink,
                             const char **reason) = 0;
    /**
     * Parses a whole JSON document: an array of records, `{"data": [records]}` (LiteLLM
     * /spend/logs/v2, Langfuse v2 observations), a single record or an OTLP TracesData.
     */
    virtual qint64 parseDocument(const char *data, std::size_t length, std::size_t capacity, CallSink &sink,
                                 DocumentOutcome &outcome) = 0;
    /** The simdjson implementation compiled in: "haswell", "fallback", ... */
    virtual const char *instructionSet() const = 0;
};
