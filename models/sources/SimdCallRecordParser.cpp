// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/SimdCallRecordParser.h"

#include "sources/IsoTimestamp.h"
#include "sources/PriceTable.h"

#include <cmath>
#include <memory>
#include <utility>

using namespace simdjson;
using ondemand::json_type;
using namespace std::string_view_literals;

namespace LIFTOFF_CALL_PARSER_NS {
namespace {

using Object = ondemand::object;
using Value = ondemand::value;
using RawKey = ondemand::raw_json_string;

bool is(RawKey key, std::string_view name)
{
    return key.unsafe_is_equal(name);
}

json_type typeOf(Value &v)
{
    json_type t = json_type::null;
    if (v.type().get(t))
        return json_type::null;
    return t;
}

// Lenient readers: a value of another type (or null) is "absent", and is skipped by the caller's
// object iteration. Scalar getters in simdjson On-Demand only advance on success, so retrying
// with another getter is allowed.
bool readString(Value &v, std::string_view &out)
{
    // Most strings in call logs have no escapes: then the raw token is the value, without the
    // copy into simdjson's string buffer that get_string() makes. raw_json_token() does not
    // consume the value.
    const std::string_view token = v.raw_json_token();
    if (token.empty() || token.front() != '"')
        return false;
    const std::size_t close = token.find('"', 1);
    if (close != std::string_view::npos && token.substr(1, close - 1).find('\\') == std::string_view::npos) {
        out = token.substr(1, close - 1);
        return true;
    }
    return !v.get_string().get(out);
}

bool readInt(Value &v, qint64 &out)
{
    switch (typeOf(v)) {
    case json_type::number: {
        int64_t i = 0;
        if (!v.get_int64().get(i)) {
            out = i;
            return true;
        }
        double d = 0;
        if (!v.get_double().get(d) && std::isfinite(d) && std::fabs(d) < 9e18) {
            out = std::llround(d);
            return true;
        }
        return false;
    }
    case json_type::string: {
        int64_t i = 0;
        if (!v.get_int64_in_string().get(i)) {
            out = i;
            return true;
        }
        return false;
    }
    default:
        return false;
    }
}

bool readDouble(Value &v, double &out)
{
    switch (typeOf(v)) {
    case json_type::number:
        return !v.get_double().get(out) && std::isfinite(out);
    case json_type::string:
        return !v.get_double_in_string().get(out) && std::isfinite(out);
    default:
        return false;
    }
}

bool readUsdAsNano(Value &v, std::optional<qint64> &out)
{
    double usd = 0;
    if (!readDouble(v, usd) || std::fabs(usd) > 9e9)
        return false;
    // Costs are logged with at most 8-10 decimals; below 4e6 USD per call a double holds them
    // well within 0.5 nano-dollar, so rounding gives the exact decimal value.
    out = std::llround(usd * 1e9);
    return true;
}

bool readTimestampUs(Value &v, std::optional<qint64> &out)
{
    std::string_view text;
    if (readString(v, text)) {
        out = IsoTimestamp::parseMicros(text);
        return out.has_value();
    }
    qint64 number = 0;
    if (readInt(v, number)) {
        // Epoch seconds or milliseconds, told apart by magnitude (ms after 1973-03-03).
        out = number >= 100000000000LL ? number * 1000 : number * 1000000;
        return true;
    }
    return false;
}

bool present(Value &v)
{
    return typeOf(v) != json_type::null;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = char(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

// An OTLP AnyValue, reduced to what the console reads.
struct AnyValue
{
    enum Kind { None, String, Int, Double, Bool, Other } kind = None;
    std::string_view text;
    qint64 integer = 0;
    double real = 0;
};

error_code readAnyValue(Value &v, AnyValue &out)
{
    Object o;
    if (auto e = v.get_object().get(o))
        return typeOf(v) == json_type::null ? SUCCESS : e;
    for (auto fieldResult : o) {
        if (auto e = fieldResult.error())
            return e;
        ondemand::field &field = fieldResult.value_unsafe();
        const RawKey key = field.key();
        Value value = field.value();
        if (is(key, "stringValue"sv)) {
            if (readString(value, out.text))
                out.kind = AnyValue::String;
        } else if (is(key, "intValue"sv)) {
            if (readInt(value, out.integer))
                out.kind = AnyValue::Int;
        } else if (is(key, "doubleValue"sv)) {
            if (readDouble(value, out.real))
                out.kind = AnyValue::Double;
        } else if (is(key, "boolValue"sv)) {
            bool b = false;
            if (!value.get_bool().get(b)) {
                out.kind = AnyValue::Bool;
                out.integer = b ? 1 : 0;
            }
        } else if (present(value)) {
            out.kind = AnyValue::Other;
        }
    }
    return SUCCESS;
}

bool anyInt(const AnyValue &a, qint64 &out)
{
    if (a.kind == AnyValue::Int) {
        out = a.integer;
        return true;
    }
    if (a.kind == AnyValue::Double && std::isfinite(a.real) && std::fabs(a.real) < 9e18) {
        out = std::llround(a.real);
        return true;
    }
    return false;
}

// Spans for agents, tools and workflows are not model calls.
bool isNonModelOperation(std::string_view op)
{
    return op == "execute_tool"sv || op == "invoke_agent"sv || op == "create_agent"sv || op == "invoke_workflow"sv;
}

} // namespace

std::unique_ptr<CallRecordParser> createParser(CallLogFormat format, const JsonlFieldMapping &mapping,
                                               const PriceTable *prices)
{
    return std::make_unique<SimdCallRecordParser>(format, mapping, prices);
}

SimdCallRecordParser::SimdCallRecordParser(CallLogFormat format, const JsonlFieldMapping &mapping,
                                           const PriceTable *prices)
    : m_format(format), m_mapping(mapping), m_prices(prices)
{
    m_pending.reserve(128);
    const JsonlFieldMapping &m = m_mapping;
    m_notACallReason = "not a call record: none of the fields " + m.ts + ", " + m.model + ", " + m.responseModel
        + ", " + m.inputTokens + ", " + m.outputTokens + ", " + m.latencyMs + ", " + m.costUsd
        + " (map the file's names with `fields:` in liftoff.yaml, or give --input-format)";
}

const char *SimdCallRecordParser::instructionSet() const
{
#define LIFTOFF_STRINGIFY_(x) #x
#define LIFTOFF_STRINGIFY(x) LIFTOFF_STRINGIFY_(x)
    return LIFTOFF_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
#undef LIFTOFF_STRINGIFY
#undef LIFTOFF_STRINGIFY_
}

qint64 SimdCallRecordParser::flush(CallSink &sink)
{
    for (const LlmCall &call : m_pending)
        sink.addCall(call);
    const qint64 n = qint64(m_pending.size());
    m_pending.clear();
    return n;
}

qint64 SimdCallRecordParser::parseLine(const char *data, std::size_t length, std::size_t capacity, CallSink &sink,
                                   const char **reason)
{
    m_pending.clear();
    m_rejectReason = nullptr;
    ondemand::document doc;
    error_code e = m_parser.iterate(padded_string_view(data, length, capacity)).get(doc);
    Object object;
    if (!e)
        e = doc.get_object().get(object);
    if (!e)
        e = parseRecord(object);
    const char *trailing = nullptr;
    if (!e && !doc.current_location().get(trailing))
        e = TRAILING_CONTENT; // the record is complete, but more tokens follow it
    if (e) {
        m_pending.clear();
        *reason = m_rejectReason ? m_rejectReason : error_message(e);
        return -1;
    }
    return flush(sink);
}

qint64 SimdCallRecordParser::parseDocument(const char *data, std::size_t length, std::size_t capacity, CallSink &sink,
                                           DocumentOutcome &outcome)
{
    qint64 calls = 0;
    qint64 &records = outcome.records;
    qint64 &malformed = outcome.malformed;
    auto &malformedAt = outcome.malformedAt;
    std::string &fatalError = outcome.fatalError;
    ondemand::document doc;
    if (auto e = m_parser.iterate(padded_string_view(data, length, capacity)).get(doc)) {
        fatalError = error_message(e);
        return 0;
    }
    auto parseElements = [&](ondemand::array array) -> error_code {
        for (auto elementResult : array) {
            Value element;
            if (auto e = elementResult.get(element))
                return e; // structural: the rest of the array cannot be trusted
            ++records;
            m_pending.clear();
            m_rejectReason = nullptr;
            Object object;
            error_code e = element.get_object().get(object);
            if (!e)
                e = parseRecord(object);
            if (e) {
                m_pending.clear();
                ++malformed;
                if (malformedAt.size() < std::size_t(5))
                    malformedAt.emplace_back(records, m_rejectReason ? m_rejectReason : error_message(e));
                if (e != INCORRECT_TYPE)
                    return e;
                continue;
            }
            calls += flush(sink);
        }
        return SUCCESS;
    };

    json_type type = json_type::null;
    if (auto e = doc.type().get(type)) {
        fatalError = error_message(e);
        return 0;
    }
    error_code e = SUCCESS;
    if (type == json_type::array) {
        ondemand::array array;
        e = doc.get_array().get(array);
        if (!e)
            e = parseElements(array);
    } else if (type == json_type::object) {
        Object root;
        e = doc.get_object().get(root);
        if (!e && m_format == CallLogFormat::Otel) {
            ++records;
            m_pending.clear();
            e = parseOtel(root);
            if (!e)
                calls += flush(sink);
        } else if (!e) {
            // {"data": [...]} wrappers, or a single record.
            Value data;
            error_code found = root.find_field_unordered("data").get(data);
            ondemand::array array;
            if (!found && !data.get_array().get(array)) {
                e = parseElements(array);
            } else {
                root.reset();
                ++records;
                m_pending.clear();
                m_rejectReason = nullptr;
                e = parseRecord(root);
                if (!e) {
                    calls += flush(sink);
                } else if (m_rejectReason) {
                    // Valid JSON that is not a call: a malformed record, not a broken document.
                    m_pending.clear();
                    ++malformed;
                    malformedAt.emplace_back(records, m_rejectReason);
                    e = SUCCESS;
                }
            }
        }
    } else {
        e = INCORRECT_TYPE;
    }
    if (e)
        fatalError = error_message(e);
    return calls;
}

error_code SimdCallRecordParser::parseRecord(Object object)
{
    switch (m_format) {
    case CallLogFormat::Otel: return parseOtel(object);
    case CallLogFormat::LiteLlm: return parseLiteLlm(object);
    case CallLogFormat::Langfuse: return parseLangfuse(object);
    case CallLogFormat::Jsonl:
    case CallLogFormat::Auto: return parseJsonl(object);
    }
    return INCORRECT_TYPE;
}

void SimdCallRecordParser::finish(LlmCall &call, std::optional<qint64> startUs, std::optional<qint64> endUs,
                              std::optional<qint64> firstTokenUs)
{
    if (startUs) {
        call.timeMs = *startUs >= 0 ? *startUs / 1000 : (*startUs - 999) / 1000;
        if (!call.latencyMs && endUs && *endUs >= *startUs)
            call.latencyMs = (*endUs - *startUs + 500) / 1000;
        if (!call.ttftMs && firstTokenUs && *firstTokenUs >= *startUs)
            call.ttftMs = (*firstTokenUs - *startUs + 500) / 1000;
    }
    if (call.latencyMs && *call.latencyMs < 0)
        call.latencyMs.reset();
    if (!call.costNanoUsd && m_prices && (call.inputTokens || call.outputTokens)) {
        const qint64 in = call.inputTokens.value_or(0);
        const qint64 out = call.outputTokens.value_or(0);
        auto cost = m_prices->estimateNanoUsd(call.model(), in, out);
        if (!cost && call.model() != call.requestedModel)
            cost = m_prices->estimateNanoUsd(call.requestedModel, in, out);
        if (cost) {
            call.costNanoUsd = cost;
            call.costEstimated = true;
        }
    }
}

error_code SimdCallRecordParser::parseLiteLlm(Object object)
{
    LlmCall call;
    std::optional<qint64> startUs, endUs, firstTokenUs;
    std::string_view model, modelGroup, user, endUser, status, metadataStatus, endText;
    qint64 n = 0;
    for (auto fieldResult : object) {
        if (auto e = fieldResult.error())
            return e;
        ondemand::field &field = fieldResult.value_unsafe();
        const RawKey key = field.key();
        Value &v = field.value();
        switch (key.raw()[0]) {
        case 's':
            if (is(key, "spend"sv))
                readUsdAsNano(v, call.costNanoUsd);
            else if (is(key, "startTime"sv))
                readTimestampUs(v, startUs);
            else if (is(key, "status"sv))
                readString(v, status);
            else if (is(key, "session_id"sv))
                readString(v, call.session);
            break;
        case 'p':
            if (is(key, "prompt_tokens"sv)) {
                if (readInt(v, n))
                    call.inputTokens = n;
            } else if (is(key, "proxy_server_request"sv) && typeOf(v) == json_type::object) {
                // The stored request body, when LiteLLM keeps it: its parameters tell max_tokens.
                Object request;
                if (auto e = v.get_object().get(request))
                    return e;
                for (auto inner : request) {
                    if (auto e = inner.error())
                        return e;
                    ondemand::field &f = inner.value_unsafe();
                    const RawKey k = f.key();
                    if (is(k, "max_tokens"sv) || is(k, "max_completion_tokens"sv))
                        call.hasMaxTokens = call.hasMaxTokens || present(f.value());
                    else if (is(k, "temperature"sv))
                        call.hasTemperature = call.hasTemperature || present(f.value());
                }
            }
            break;
        case 'c':
            if (is(key, "completion_tokens"sv)) {
                if (readInt(v, n))
                    call.outputTokens = n;
            } else if (is(key, "completionStartTime"sv)) {
                readTimestampUs(v, firstTokenUs);
            }
            break;
        case 'e':
            // Parsed only when request_duration_ms (which follows it) is missing.
            if (is(key, "endTime"sv) && !readString(v, endText))
                readTimestampUs(v, endUs);
            else if (is(key, "end_user"sv))
                readString(v, endUser);
            break;
        case 'r':
            if (is(key, "request_duration_ms"sv) && readInt(v, n))
                call.latencyMs = n;
            break;
        case 'm':
            if (is(key, "model"sv)) {
                readString(v, model);
            } else if (is(key, "model_group"sv)) {
                readString(v, modelGroup);
            } else if (is(key, "metadata"sv) && typeOf(v) == json_type::object) {
                // Older rows carry the outcome only as metadata.status.
                Object metadata;
                if (auto e = v.get_object().get(metadata))
                    return e;
                for (auto inner : metadata) {
                    if (auto e = inner.error())
                        return e;
                    ondemand::field &f = inner.value_unsafe();
                    if (is(f.key(), "status"sv))
                        readString(f.value(), metadataStatus);
                }
            }
            break;
        case 'u':
            if (is(key, "user"sv))
                readString(v, user);
            break;
        case 'a':
            if (is(key, "api_base"sv))
                readString(v, call.endpoint);
            break;
        default:
            break;
        }
    }
    call.answeredModel = model;
    call.requestedModel = modelGroup.empty() ? model : modelGroup;
    // end_user is the caller's own user; `user` is the owner of the virtual key.
    call.user = endUser.empty() ? user : endUser;
    const std::string_view outcome = status.empty() ? metadataStatus : status;
    call.error = iequals(outcome, "failure"sv);
    if (!call.latencyMs && !endText.empty())
        endUs = IsoTimestamp::parseMicros(endText);
    finish(call, startUs, endUs, firstTokenUs);
    m_pending.push_back(PendingCall {call});
    return SUCCESS;
}

error_code SimdCallRecordParser::parseJsonl(Object object)
{
    LlmCall call;
    std::optional<qint64> startUs;
    const JsonlFieldMapping &m = m_mapping;
    qint64 n = 0;
    double d = 0;
    for (auto fieldResult : object) {
        if (auto e = fieldResult.error())
            return e;
        ondemand::field &field = fieldResult.value_unsafe();
        const RawKey key = field.key();
        Value &v = field.value();
        if (is(key, m.ts)) {
            readTimestampUs(v, startUs);
        } else if (is(key, m.model)) {
            readString(v, call.requestedModel);
        } else if (is(key, m.responseModel)) {
            readString(v, call.answeredModel);
        } else if (is(key, m.inputTokens)) {
            if (readInt(v, n))
                call.inputTokens = n;
        } else if (is(key, m.outputTokens)) {
            if (readInt(v, n))
                call.outputTokens = n;
        } else if (is(key, m.latencyMs)) {
            if (readDouble(v, d) && std::fabs(d) < 9e15)
                call.latencyMs = std::llround(d);
        } else if (is(key, m.ttftMs)) {
            if (readDouble(v, d) && std::fabs(d) < 9e15)
                call.ttftMs = std::llround(d);
        } else if (is(key, m.costUsd)) {
            readUsdAsNano(v, call.costNanoUsd);
        } else if (is(key, m.status)) {
            std::string_view s;
            if (typeOf(v) == json_type::number) {
                if (readInt(v, n))
                    call.error = n < 200 || n > 299;
            } else if (readString(v, s)) {
                bool okCode = s.size() == 3 && s[0] == '2' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9';
                call.error = !(okCode || iequals(s, "ok"sv) || iequals(s, "success"sv));
            }
        } else if (is(key, m.user)) {
            readString(v, call.user);
        } else if (is(key, m.session)) {
            readString(v, call.session);
        } else if (is(key, m.maxTokens)) {
            call.hasMaxTokens = present(v);
        } else if (is(key, m.temperature)) {
            call.hasTemperature = present(v);
        }
    }
    // A JSON object with none of a call's fields (a health answer, a cost page) is not a call:
    // counting it would report calls that never happened.
    if (!startUs && call.requestedModel.empty() && call.answeredModel.empty() && !call.inputTokens
        && !call.outputTokens && !call.latencyMs && !call.costNanoUsd) {
        m_rejectReason = m_notACallReason.c_str();
        return INCORRECT_TYPE;
    }
    finish(call, startUs, std::nullopt, std::nullopt);
    m_pending.push_back(PendingCall {call});
    return SUCCESS;
}

error_code SimdCallRecordParser::parseLangfuse(Object object)
{
    LlmCall call;
    std::optional<qint64> startUs, endUs, firstTokenUs;
    std::string_view type, level, providedModel, model;
    std::optional<qint64> usageInput, usageOutput, usageTotal, legacyInput, legacyOutput, costTotal, totalCost;
    double d = 0;
    auto readUsage = [](Value &v, std::optional<qint64> &in, std::optional<qint64> &out,
                        std::optional<qint64> *total) -> error_code {
        if (typeOf(v) != json_type::object)
            return SUCCESS;
        Object usage;
        if (auto e = v.get_object().get(usage))
            return e;
        for (auto inner : usage) {
            if (auto e = inner.error())
                return e;
            ondemand::field &f = inner.value_unsafe();
            const RawKey k = f.key();
            qint64 n = 0;
            if (!readInt(f.value(), n))
                continue;
            // usageDetails splits cached input out of "input"; the call's input is their sum.
            if (is(k, "input"sv) || is(k, "input_cached_tokens"sv) || is(k, "cache_read_input_tokens"sv)
                || is(k, "cache_creation_input_tokens"sv))
                in = in.value_or(0) + n;
            else if (is(k, "output"sv))
                out = n;
            else if (total && is(k, "total"sv))
                *total = n;
        }
        return SUCCESS;
    };
    for (auto fieldResult : object) {
        if (auto e = fieldResult.error())
            return e;
        ondemand::field &field = fieldResult.value_unsafe();
        const RawKey key = field.key();
        Value &v = field.value();
        if (is(key, "startTime"sv)) {
            readTimestampUs(v, startUs);
        } else if (is(key, "endTime"sv)) {
            readTimestampUs(v, endUs);
        } else if (is(key, "completionStartTime"sv)) {
            readTimestampUs(v, firstTokenUs);
        } else if (is(key, "type"sv)) {
            readString(v, type);
        } else if (is(key, "level"sv)) {
            readString(v, level);
        } else if (is(key, "providedModelName"sv)) {
            readString(v, providedModel);
        } else if (is(key, "model"sv)) {
            readString(v, model);
        } else if (is(key, "userId"sv)) {
            readString(v, call.user);
        } else if (is(key, "sessionId"sv)) {
            readString(v, call.session);
        } else if (is(key, "usageDetails"sv)) {
            if (auto e = readUsage(v, usageInput, usageOutput, &usageTotal))
                return e;
        } else if (is(key, "usage"sv)) {
            if (auto e = readUsage(v, legacyInput, legacyOutput, nullptr))
                return e;
        } else if (is(key, "totalCost"sv) || is(key, "calculatedTotalCost"sv)) {
            readUsdAsNano(v, totalCost);
        } else if (is(key, "costDetails"sv) && typeOf(v) == json_type::object) {
            Object cost;
            if (auto e = v.get_object().get(cost))
                return e;
            for (auto inner : cost) {
                if (auto e = inner.error())
                    return e;
                ondemand::field &f = inner.value_unsafe();
                if (is(f.key(), "total"sv))
                    readUsdAsNano(f.value(), costTotal);
            }
        } else if (is(key, "latency"sv)) {
            if (readDouble(v, d) && d >= 0 && d < 9e12)
                call.latencyMs = std::llround(d * 1000.0); // seconds
        } else if (is(key, "timeToFirstToken"sv)) {
            if (readDouble(v, d) && d >= 0 && d < 9e12)
                call.ttftMs = std::llround(d * 1000.0);
        } else if (is(key, "modelParameters"sv) && typeOf(v) == json_type::object) {
            Object params;
            if (auto e = v.get_object().get(params))
                return e;
            for (auto inner : params) {
                if (auto e = inner.error())
                    return e;
                ondemand::field &f = inner.value_unsafe();
                const RawKey k = f.key();
                if (is(k, "max_tokens"sv) || is(k, "max_completion_tokens"sv) || is(k, "max_output_tokens"sv)
                    || is(k, "maxTokens"sv))
                    call.hasMaxTokens = call.hasMaxTokens || present(f.value());
                else if (is(k, "temperature"sv))
                    call.hasTemperature = call.hasTemperature || present(f.value());
            }
        }
    }
    if (!type.empty() && !iequals(type, "GENERATION"sv))
        return SUCCESS; // spans and events are not model calls
    call.requestedModel = providedModel.empty() ? model : providedModel;
    call.inputTokens = usageInput ? usageInput : legacyInput;
    call.outputTokens = usageOutput ? usageOutput : legacyOutput;
    if (!call.inputTokens && usageTotal && call.outputTokens)
        call.inputTokens = *usageTotal - *call.outputTokens;
    call.costNanoUsd = totalCost ? totalCost : costTotal;
    call.error = iequals(level, "ERROR"sv);
    finish(call, startUs, endUs, firstTokenUs);
    m_pending.push_back(PendingCall {call});
    return SUCCESS;
}

error_code SimdCallRecordParser::parseOtel(Object object)
{
    // TracesData: resourceSpans[] -> scopeSpans[] -> spans[]
    for (auto rootField : object) {
        if (auto e = rootField.error())
            return e;
        ondemand::field &field = rootField.value_unsafe();
        if (!is(field.key(), "resourceSpans"sv))
            continue;
        ondemand::array resourceSpans;
        if (auto e = field.value().get_array().get(resourceSpans))
            return e;
        for (auto rsResult : resourceSpans) {
            Object rs;
            if (auto e = rsResult.get_object().get(rs))
                return e;
            for (auto rsField : rs) {
                if (auto e = rsField.error())
                    return e;
                ondemand::field &f = rsField.value_unsafe();
                if (!is(f.key(), "scopeSpans"sv))
                    continue;
                ondemand::array scopeSpans;
                if (auto e = f.value().get_array().get(scopeSpans))
                    return e;
                for (auto ssResult : scopeSpans) {
                    Object ss;
                    if (auto e = ssResult.get_object().get(ss))
                        return e;
                    for (auto ssField : ss) {
                        if (auto e = ssField.error())
                            return e;
                        ondemand::field &sf = ssField.value_unsafe();
                        if (!is(sf.key(), "spans"sv))
                            continue;
                        ondemand::array spans;
                        if (auto e = sf.value().get_array().get(spans))
                            return e;
                        for (auto spanResult : spans) {
                            Object span;
                            if (auto e = spanResult.get_object().get(span))
                                return e;
                            if (auto e = parseOtelSpan(span))
                                return e;
                        }
                    }
                }
            }
        }
    }
    return SUCCESS;
}

error_code SimdCallRecordParser::parseOtelSpan(Object span)
{
    LlmCall call;
    qint64 startNs = 0, endNs = 0;
    bool hasStart = false, hasEnd = false, genAi = false;
    std::string_view operation, userId, endUserId, sessionId, conversationId;
    std::optional<qint64> inputTokens, legacyInputTokens, outputTokens, legacyOutputTokens;
    for (auto fieldResult : span) {
        if (auto e = fieldResult.error())
            return e;
        ondemand::field &field = fieldResult.value_unsafe();
        const RawKey key = field.key();
        Value &v = field.value();
        if (is(key, "startTimeUnixNano"sv)) {
            hasStart = readInt(v, startNs);
        } else if (is(key, "endTimeUnixNano"sv)) {
            hasEnd = readInt(v, endNs);
        } else if (is(key, "status"sv)) {
            if (typeOf(v) != json_type::object)
                continue;
            Object status;
            if (auto e = v.get_object().get(status))
                return e;
            for (auto inner : status) {
                if (auto e = inner.error())
                    return e;
                ondemand::field &f = inner.value_unsafe();
                if (!is(f.key(), "code"sv))
                    continue;
                qint64 code = 0;
                std::string_view name;
                if (readInt(f.value(), code))
                    call.error = call.error || code == 2;
                else if (readString(f.value(), name))
                    call.error = call.error || name == "STATUS_CODE_ERROR"sv;
            }
        } else if (is(key, "attributes"sv)) {
            ondemand::array attributes;
            if (auto e = v.get_array().get(attributes))
                return e;
            for (auto attrResult : attributes) {
                Object attr;
                if (auto e = attrResult.get_object().get(attr))
                    return e;
                std::string_view name;
                if (auto e = attr.find_field_unordered("key").get_string().get(name))
                    return e;
                Value value;
                if (attr.find_field_unordered("value").get(value))
                    continue; // an attribute without value says nothing
                AnyValue a;
                if (auto e = readAnyValue(value, a))
                    return e;
                qint64 n = 0;
                if (name.substr(0, 7) == "gen_ai."sv) {
                    genAi = true;
                    const std::string_view rest = name.substr(7);
                    if (rest == "request.model"sv)
                        call.requestedModel = a.kind == AnyValue::String ? a.text : std::string_view();
                    else if (rest == "response.model"sv)
                        call.answeredModel = a.kind == AnyValue::String ? a.text : std::string_view();
                    else if (rest == "usage.input_tokens"sv && anyInt(a, n))
                        inputTokens = n;
                    else if (rest == "usage.prompt_tokens"sv && anyInt(a, n))
                        legacyInputTokens = n;
                    else if (rest == "usage.output_tokens"sv && anyInt(a, n))
                        outputTokens = n;
                    else if (rest == "usage.completion_tokens"sv && anyInt(a, n))
                        legacyOutputTokens = n;
                    else if (rest == "request.max_tokens"sv)
                        call.hasMaxTokens = a.kind != AnyValue::None;
                    else if (rest == "request.temperature"sv)
                        call.hasTemperature = a.kind != AnyValue::None;
                    else if (rest == "operation.name"sv && a.kind == AnyValue::String)
                        operation = a.text;
                    else if (rest == "conversation.id"sv && a.kind == AnyValue::String)
                        conversationId = a.text;
                } else if (name == "error.type"sv) {
                    call.error = call.error || a.kind != AnyValue::None;
                } else if (name == "user.id"sv && a.kind == AnyValue::String) {
                    userId = a.text;
                } else if (name == "enduser.id"sv && a.kind == AnyValue::String) {
                    endUserId = a.text;
                } else if (name == "session.id"sv && a.kind == AnyValue::String) {
                    sessionId = a.text;
                } else if (name == "server.address"sv && a.kind == AnyValue::String) {
                    call.endpoint = a.text;
                }
            }
        }
    }
    if (!genAi || isNonModelOperation(operation))
        return SUCCESS; // not an LLM call span (HTTP, DB, tool, agent...)
    call.inputTokens = inputTokens ? inputTokens : legacyInputTokens;
    call.outputTokens = outputTokens ? outputTokens : legacyOutputTokens;
    call.user = userId.empty() ? endUserId : userId;
    call.session = sessionId.empty() ? conversationId : sessionId;
    std::optional<qint64> startUs, endUs;
    if (hasStart)
        startUs = startNs / 1000;
    if (hasStart && hasEnd && endNs >= startNs)
        call.latencyMs = (endNs - startNs + 500000) / 1000000;
    if (hasEnd)
        endUs = endNs / 1000;
    finish(call, startUs, endUs, std::nullopt);
    m_pending.push_back(PendingCall {call});
    return SUCCESS;
}

} // namespace LIFTOFF_CALL_PARSER_NS
