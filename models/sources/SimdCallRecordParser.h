// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallRecordParser.h"
#include "sources/JsonlFieldMapping.h"

#include <simdjson.h>

#include <string>
#include <vector>

// This header is compiled once per instruction set (see SimdCallRecordParserAvx2.cpp): simdjson's
// On-Demand API is built for the instruction set the translation unit targets, so each build of
// the parser lives in its own namespace and CallRecordParser::create() picks one at run time.
#ifndef LIFTOFF_CALL_PARSER_NS
#define LIFTOFF_CALL_PARSER_NS callparser_generic
#endif

namespace LIFTOFF_CALL_PARSER_NS {

/** An LlmCall waiting for its record to finish parsing (a type of its own per instruction set). */
struct PendingCall : LlmCall
{
};

/** Creates this instruction set's parser. */
std::unique_ptr<CallRecordParser> createParser(CallLogFormat format, const JsonlFieldMapping &mapping,
                                               const PriceTable *prices);

/**
 * Turns call-log records into LlmCall values with simdjson On-Demand: the per-record hot path.
 *
 * Internal to liftoff_core (simdjson is a private dependency). No QString, QJsonDocument or
 * allocation per record: text fields stay views into the simdjson buffers, keys are compared
 * raw, and the calls of a record are handed to the sink only once the whole record parsed, so
 * a malformed line never yields half of its calls. Unknown fields are skipped; a field of an
 * unexpected type counts as absent.
 */
class SimdCallRecordParser final : public CallRecordParser
{
public:
    SimdCallRecordParser(CallLogFormat format, const JsonlFieldMapping &mapping, const PriceTable *prices);

    qint64 parseLine(const char *data, std::size_t length, std::size_t capacity, CallSink &sink,
                     const char **reason) override;
    qint64 parseDocument(const char *data, std::size_t length, std::size_t capacity, CallSink &sink,
                         DocumentOutcome &outcome) override;
    const char *instructionSet() const override;

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
    std::vector<PendingCall> m_pending;
    /** Why a JSONL record was refused as "not a call", naming the mapping's field names. */
    std::string m_notACallReason;
    /** Set by a parser that refuses a record with a reason of its own (else simdjson's message). */
    const char *m_rejectReason = nullptr;
};

} // namespace LIFTOFF_CALL_PARSER_NS
