// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallContentReader.h"

#include "sources/CallLogReader.h"
#include "sources/IsoTimestamp.h"

#include <QFile>
#include <QFileInfo>

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <initializer_list>
#include <map>

using namespace Qt::StringLiterals;
using namespace std::string_view_literals;
namespace dom = simdjson::dom;

namespace {

using Side = CallContentPart::Side;
using Role = CallContentPart::Role;

constexpr int MAX_DEPTH = 64;
constexpr int MAX_NESTING = 2; // JSON in a string in JSON in a string, and no deeper

// Keys that hold structure, not content: ids, names of roles and types, counters.
bool structuralKey(std::string_view key)
{
    static constexpr std::string_view keys[] = {
        "role"sv, "type"sv, "id"sv, "model"sv, "object"sv, "finish_reason"sv, "index"sv, "created"sv,
        "system_fingerprint"sv, "tool_call_id"sv, "usage"sv, "logprobs"sv, "service_tier"sv, "mime_type"sv,
        "name"sv, "gen_ai.system"sv, "gen_ai.provider.name"sv, "event.name"sv, "gen_ai.event.name"sv,
        "gen_ai.response.id"sv, "gen_ai.response.model"sv, "gen_ai.request.model"sv, "modality"sv,
    };
    return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

Role roleNamed(std::string_view name, Role fallback)
{
    if (name == "system"sv || name == "developer"sv)
        return Role::System;
    if (name == "assistant"sv || name == "model"sv || name == "ai"sv)
        return Role::Assistant;
    if (name == "user"sv || name == "tool"sv || name == "function"sv || name == "human"sv)
        return Role::User;
    return fallback;
}

std::optional<qint64> integerOf(dom::element e)
{
    int64_t i = 0;
    if (!e.get_int64().get(i))
        return i;
    uint64_t u = 0;
    if (!e.get_uint64().get(u))
        return qint64(std::min<uint64_t>(u, uint64_t(std::numeric_limits<qint64>::max())));
    double d = 0;
    if (!e.get_double().get(d) && std::isfinite(d) && std::fabs(d) < 9e18)
        return qint64(d);
    std::string_view text;
    if (!e.get_string().get(text)) {
        qint64 value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && end == text.data() + text.size())
            return value;
    }
    return std::nullopt;
}

/** ISO text or epoch seconds / milliseconds, as the call-log parser reads timestamps. */
std::optional<qint64> timestampMs(dom::element e)
{
    std::string_view text;
    if (!e.get_string().get(text)) {
        if (const std::optional<qint64> us = IsoTimestamp::parseMicros(text))
            return *us / 1000;
    }
    if (const std::optional<qint64> n = integerOf(e))
        return *n >= 100000000000LL ? *n : *n * 1000;
    return std::nullopt;
}

/** Walks one record's content values into parts. */
class ContentWalker
{
public:
    /** @p nested parses JSON held in strings; @p level is how deep such strings already were. */
    explicit ContentWalker(dom::parser &nested, int level = 0)
        : m_nested(nested)
        , m_level(level)
    {
    }

    CallContentRecord record;

    void add(Side side, Role role, std::string_view text)
    {
        if (!text.empty())
            record.parts.push_back({side, role, std::string(text)});
    }

    /** Any JSON value: strings are content, objects may name a role, structural keys are skipped. */
    void walk(dom::element e, Side side, Role role, int depth = 0)
    {
        if (depth > MAX_DEPTH)
            return;
        switch (e.type()) {
        case dom::element_type::STRING: {
            std::string_view text;
            if (!e.get_string().get(text))
                text_(text, side, role, depth);
            break;
        }
        case dom::element_type::ARRAY: {
            dom::array array;
            if (!e.get_array().get(array)) {
                for (dom::element child : array)
                    walk(child, side, role, depth + 1);
            }
            break;
        }
        case dom::element_type::OBJECT: {
            dom::object object;
            if (e.get_object().get(object))
                break;
            Role own = role;
            std::string_view roleName;
            if (!object["role"sv].get_string().get(roleName))
                own = roleNamed(roleName, role);
            for (dom::key_value_pair field : object) {
                if (!structuralKey(field.key))
                    walk(field.value, side, own, depth + 1);
            }
            break;
        }
        default: break;
        }
    }

    /** An OTLP AnyValue ({"stringValue": ...}, {"arrayValue": {"values": [...]}}, {"kvlistValue": ...}). */
    void walkAnyValue(dom::element e, Side side, Role role, int depth = 0)
    {
        if (depth > MAX_DEPTH)
            return;
        dom::object object;
        if (e.get_object().get(object))
            return;
        std::string_view text;
        if (!object["stringValue"sv].get_string().get(text)) {
            text_(text, side, role, depth);
            return;
        }
        dom::array values;
        if (!object.at_pointer("/arrayValue/values"sv).get_array().get(values)) {
            for (dom::element child : values)
                walkAnyValue(child, side, role, depth + 1);
            return;
        }
        if (!object.at_pointer("/kvlistValue/values"sv).get_array().get(values)) {
            Role own = role;
            for (dom::element kv : values) {
                std::string_view key;
                std::string_view roleName;
                if (!kv["key"sv].get_string().get(key) && key == "role"sv
                    && !kv.at_pointer("/value/stringValue"sv).get_string().get(roleName))
                    own = roleNamed(roleName, role);
            }
            for (dom::element kv : values) {
                std::string_view key;
                dom::element value;
                if (kv["key"sv].get_string().get(key) || kv["value"sv].get(value) || structuralKey(key))
                    continue;
                walkAnyValue(value, side, own, depth + 1);
            }
        }
    }

private:
    // A string may hold JSON itself (OTel's gen_ai.input.messages, LiteLLM messages stored as text).
    void text_(std::string_view text, Side side, Role role, int depth)
    {
        std::size_t first = 0;
        while (first < text.size() && (text[first] == ' ' || text[first] == '\n' || text[first] == '\t'))
            ++first;
        if (m_level < MAX_NESTING && first < text.size() && (text[first] == '[' || text[first] == '{')) {
            // The nested parse reuses one parser per level; its views end with the next parse, so
            // the child walks (and copies) them now and strings inside use the next level's parser.
            const simdjson::padded_string padded(text);
            dom::element inner;
            if (!m_nested.parse(padded).get(inner)) {
                ContentWalker child(m_innerParser(), m_level + 1);
                child.walk(inner, side, role, depth + 1);
                for (CallContentPart &part : child.record.parts)
                    record.parts.push_back(std::move(part));
                return;
            }
        }
        add(side, role, text);
    }

    dom::parser &m_innerParser()
    {
        if (!m_deeper)
            m_deeper = std::make_unique<dom::parser>();
        return *m_deeper;
    }

    dom::parser &m_nested;
    int m_level = 0;
    std::unique_ptr<dom::parser> m_deeper;
};

Side eventSide(std::string_view name, Role *role, bool *known)
{
    *known = true;
    if (name == "gen_ai.system.message"sv) {
        *role = Role::System;
        return Side::Prompt;
    }
    if (name == "gen_ai.user.message"sv || name == "gen_ai.tool.message"sv || name == "gen_ai.content.prompt"sv) {
        *role = Role::User;
        return Side::Prompt;
    }
    if (name == "gen_ai.assistant.message"sv) {
        *role = Role::Assistant;
        return Side::Prompt;
    }
    if (name == "gen_ai.choice"sv || name == "gen_ai.content.completion"sv) {
        *role = Role::Assistant;
        return Side::Response;
    }
    *known = false;
    return Side::Prompt;
}

/** Parses records of one format into content and hands them on. */
class RecordParser
{
public:
    RecordParser(CallLogFormat format, const JsonlFieldMapping &mapping, const CallContentReader::Handler &handler)
        : m_format(format)
        , m_mapping(mapping)
        , m_handler(handler)
    {
    }

    dom::parser parser;
    qint64 delivered = 0;

    /** One record (a line, or an element of a document). */
    void record(dom::element e, qint64 line)
    {
        switch (m_format) {
        case CallLogFormat::Otel: otel(e, line); break;
        case CallLogFormat::LiteLlm: liteLlm(e, line); break;
        case CallLogFormat::Langfuse: langfuse(e, line); break;
        case CallLogFormat::Jsonl:
        case CallLogFormat::Auto: jsonl(e, line); break;
        }
    }

private:
    void deliver(ContentWalker &walker, qint64 line)
    {
        walker.record.line = line;
        ++delivered;
        m_handler(walker.record);
    }

    /** The first of @p keys that holds a non-empty string, as the record's model. */
    static void takeModel(dom::element e, std::initializer_list<std::string_view> keys, CallContentRecord &record)
    {
        for (const std::string_view key : keys) {
            std::string_view text;
            if (!e[key].get_string().get(text) && !text.empty()) {
                record.model = std::string(text);
                return;
            }
        }
    }

    void liteLlm(dom::element e, qint64 line)
    {
        ContentWalker walker(m_nested);
        dom::element value;
        if (!e["startTime"sv].get(value))
            walker.record.timeMs = timestampMs(value);
        takeModel(e, {"model"sv, "model_group"sv}, walker.record);
        const std::size_t before = walker.record.parts.size();
        if (!e["messages"sv].get(value))
            walker.walk(value, Side::Prompt, Role::User);
        if (walker.record.parts.size() == before) {
            // Without store_prompts_in_spend_logs the request body may still hold the messages.
            for (const std::string_view key : {"messages"sv, "prompt"sv, "input"sv, "system"sv}) {
                if (!e["proxy_server_request"sv][key].get(value))
                    walker.walk(value, Side::Prompt, key == "system"sv ? Role::System : Role::User);
            }
        }
        if (!e["response"sv].get(value))
            walker.walk(value, Side::Response, Role::Assistant);
        deliver(walker, line);
    }

    void langfuse(dom::element e, qint64 line)
    {
        ContentWalker walker(m_nested);
        dom::element value;
        if (!e["startTime"sv].get(value))
            walker.record.timeMs = timestampMs(value);
        takeModel(e, {"model"sv}, walker.record);
        if (!e["input"sv].get(value))
            walker.walk(value, Side::Prompt, Role::User);
        if (!e["output"sv].get(value))
            walker.walk(value, Side::Response, Role::Assistant);
        deliver(walker, line);
    }

    void jsonl(dom::element e, qint64 line)
    {
        ContentWalker walker(m_nested);
        dom::element value;
        if (!e[m_mapping.ts].get(value))
            walker.record.timeMs = timestampMs(value);
        takeModel(e, {m_mapping.responseModel, m_mapping.model}, walker.record);
        if (!e[m_mapping.prompt].get(value))
            walker.walk(value, Side::Prompt, Role::User);
        if (!e[m_mapping.response].get(value))
            walker.walk(value, Side::Response, Role::Assistant);
        deliver(walker, line);
    }

    void otel(dom::element e, qint64 line)
    {
        dom::array resources;
        if (!e["resourceSpans"sv].get_array().get(resources)) {
            for (dom::element resource : resources) {
                dom::array scopes;
                if (resource["scopeSpans"sv].get_array().get(scopes))
                    continue;
                for (dom::element scope : scopes) {
                    dom::array spans;
                    if (scope["spans"sv].get_array().get(spans))
                        continue;
                    for (dom::element span : spans)
                        otelSpan(span, line);
                }
            }
        }
        if (!e["resourceLogs"sv].get_array().get(resources)) {
            for (dom::element resource : resources) {
                dom::array scopes;
                if (resource["scopeLogs"sv].get_array().get(scopes))
                    continue;
                for (dom::element scope : scopes) {
                    dom::array records;
                    if (scope["logRecords"sv].get_array().get(records))
                        continue;
                    for (dom::element logRecord : records)
                        otelLogRecord(logRecord, line);
                }
            }
        }
    }

    void otelSpan(dom::element span, qint64 line)
    {
        ContentWalker walker(m_nested);
        dom::element value;
        if (!span["startTimeUnixNano"sv].get(value)) {
            if (const std::optional<qint64> ns = integerOf(value))
                walker.record.timeMs = *ns / 1000000;
        }
        dom::array attributes;
        if (!span["attributes"sv].get_array().get(attributes)) {
            // gen_ai.prompt.N.role comes with gen_ai.prompt.N.content (the attribute-per-message form).
            std::map<std::string, Role> promptRoles;
            for (dom::element kv : attributes) {
                std::string_view key;
                std::string_view roleName;
                if (!kv["key"sv].get_string().get(key) && key.starts_with("gen_ai.prompt."sv) && key.ends_with(".role"sv)
                    && !kv.at_pointer("/value/stringValue"sv).get_string().get(roleName))
                    promptRoles[std::string(key.substr(0, key.size() - 5))] = roleNamed(roleName, Role::User);
            }
            for (dom::element kv : attributes) {
                std::string_view key;
                if (kv["key"sv].get_string().get(key) || kv["value"sv].get(value))
                    continue;
                std::string_view model;
                if ((key == "gen_ai.response.model"sv || (key == "gen_ai.request.model"sv && walker.record.model.empty()))
                    && !value["stringValue"sv].get_string().get(model)) {
                    walker.record.model = std::string(model);
                } else if (key == "gen_ai.input.messages"sv || key == "gen_ai.prompt"sv) {
                    walker.walkAnyValue(value, Side::Prompt, Role::User);
                } else if (key == "gen_ai.system_instructions"sv) {
                    walker.walkAnyValue(value, Side::Prompt, Role::System);
                } else if (key == "gen_ai.output.messages"sv || key == "gen_ai.completion"sv) {
                    walker.walkAnyValue(value, Side::Response, Role::Assistant);
                } else if (key.starts_with("gen_ai.prompt."sv) && key.ends_with(".content"sv)) {
                    const auto it = promptRoles.find(std::string(key.substr(0, key.size() - 8)));
                    walker.walkAnyValue(value, Side::Prompt, it == promptRoles.end() ? Role::User : it->second);
                } else if (key.starts_with("gen_ai.completion."sv) && key.ends_with(".content"sv)) {
                    walker.walkAnyValue(value, Side::Response, Role::Assistant);
                }
            }
        }
        dom::array events;
        if (!span["events"sv].get_array().get(events)) {
            for (dom::element event : events) {
                std::string_view name;
                if (event["name"sv].get_string().get(name))
                    continue;
                Role role = Role::User;
                bool known = false;
                const Side side = eventSide(name, &role, &known);
                dom::array eventAttributes;
                if (!known || event["attributes"sv].get_array().get(eventAttributes))
                    continue;
                for (dom::element kv : eventAttributes) {
                    std::string_view key;
                    if (kv["key"sv].get_string().get(key) || structuralKey(key) || kv["value"sv].get(value))
                        continue;
                    walker.walkAnyValue(value, side, role);
                }
            }
        }
        deliver(walker, line);
    }

    void otelLogRecord(dom::element logRecord, qint64 line)
    {
        ContentWalker walker(m_nested);
        dom::element value;
        if (!logRecord["timeUnixNano"sv].get(value)) {
            if (const std::optional<qint64> ns = integerOf(value))
                walker.record.timeMs = *ns / 1000000;
        }
        std::string_view name;
        if (logRecord["eventName"sv].get_string().get(name)) {
            dom::array attributes;
            if (!logRecord["attributes"sv].get_array().get(attributes)) {
                for (dom::element kv : attributes) {
                    std::string_view key;
                    if (!kv["key"sv].get_string().get(key) && key == "event.name"sv
                        && kv.at_pointer("/value/stringValue"sv).get_string().get(name))
                        name = {};
                }
            }
        }
        Role role = Role::User;
        bool known = false;
        const Side side = eventSide(name, &role, &known);
        if (known && !logRecord["body"sv].get(value))
            walker.walkAnyValue(value, side, role);
        deliver(walker, line);
    }

    CallLogFormat m_format;
    const JsonlFieldMapping &m_mapping;
    const CallContentReader::Handler &m_handler;
    dom::parser m_nested;
};

void noteMalformed(CallLogReadResult &result, qint64 line, const QString &reason)
{
    ++result.malformed;
    if (result.firstMalformed.size() < CallLogReadResult::MAX_REPORTED_MALFORMED)
        result.firstMalformed.append({line, reason});
}

} // namespace

CallLogReadResult CallContentReader::readFile(const QString &path, const Handler &handler) const
{
    CallLogReadResult result;
    QFile file(path);
    if (!QFileInfo(path).isFile()) {
        result.errorString = QFileInfo::exists(path) ? u"%1 is not a file"_s.arg(path) : u"%1 does not exist"_s.arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.errorString = u"cannot open %1: %2"_s.arg(path, file.errorString());
        return result;
    }
    const QByteArray head = file.peek(CallLogReader::LAYOUT_HEAD_BYTES);
    bool document = false;
    const CallLogFormat format = CallLogReader::guessLayout(std::string_view(head.constData(), std::size_t(head.size())),
                                                             m_format, &document);
    if (document) {
        if (file.size() > m_maxDocumentBytes) {
            result.format = format;
            result.document = true;
            result.errorString = u"%1 is one JSON document of %2 bytes, more than the limit of %3 bytes"_s.arg(path)
                                     .arg(file.size())
                                     .arg(m_maxDocumentBytes);
            return result;
        }
        return readDocument(file.readAll(), format, handler);
    }

    result.format = format;
    RecordParser parser(format, m_mapping, handler);
    const std::size_t capacity = std::size_t(m_maxLineBytes) + 2 + simdjson::SIMDJSON_PADDING;
    std::vector<char> buffer(capacity);
    qint64 line = 0;
    while (!file.atEnd()) {
        if (m_cancel && m_cancel->load()) {
            result.errorString = u"cancelled"_s;
            break;
        }
        const qint64 got = file.readLine(buffer.data(), m_maxLineBytes + 2);
        if (got <= 0)
            break;
        ++line;
        std::size_t length = std::size_t(got);
        if (m_progress)
            m_progress->fetch_add(got);
        if (got == m_maxLineBytes + 1 && buffer[length - 1] != '\n') {
            // Longer than the bound: skip the rest of it without keeping it.
            ++result.records;
            noteMalformed(result, line, u"line longer than %1 bytes"_s.arg(m_maxLineBytes));
            while (!file.atEnd()) {
                const qint64 more = file.readLine(buffer.data(), m_maxLineBytes + 2);
                if (more <= 0)
                    break;
                if (m_progress)
                    m_progress->fetch_add(more);
                if (buffer[std::size_t(more) - 1] == '\n')
                    break;
            }
            continue;
        }
        while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r' || buffer[length - 1] == ' '))
            --length;
        std::size_t first = 0;
        while (first < length && (buffer[first] == ' ' || buffer[first] == '\t'))
            ++first;
        if (first == length)
            continue; // blank lines are not records
        ++result.records;
        dom::element root;
        if (const auto error = parser.parser.parse(buffer.data() + first, length - first, false).get(root)) {
            noteMalformed(result, line, u"invalid JSON (%1)"_s.arg(QString::fromLatin1(simdjson::error_message(error))));
            continue;
        }
        if (root.type() != dom::element_type::OBJECT) {
            noteMalformed(result, line, u"not a JSON object"_s);
            continue;
        }
        parser.record(root, line);
    }
    if (result.errorString.isEmpty() && file.error() != QFileDevice::NoError)
        result.errorString = u"cannot read %1: %2"_s.arg(path, file.errorString());
    result.calls = parser.delivered;
    return result;
}

CallLogReadResult CallContentReader::readData(const QByteArray &data, const Handler &handler) const
{
    bool document = false;
    const CallLogFormat format = CallLogReader::guessLayout(std::string_view(data.constData(), std::size_t(data.size())),
                                                             m_format, &document);
    if (document) {
        if (data.size() > m_maxDocumentBytes) {
            CallLogReadResult result;
            result.format = format;
            result.document = true;
            result.errorString = u"JSON document larger than the limit of %1 bytes"_s.arg(m_maxDocumentBytes);
            return result;
        }
        return readDocument(data, format, handler);
    }
    CallLogReadResult result;
    result.format = format;
    RecordParser parser(format, m_mapping, handler);
    qint64 line = 0;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            nl = data.size();
        ++line;
        const QByteArrayView text = QByteArrayView(data).sliced(pos, nl - pos).trimmed();
        pos = nl + 1;
        if (text.isEmpty())
            continue;
        ++result.records;
        if (text.size() > m_maxLineBytes) {
            noteMalformed(result, line, u"line longer than %1 bytes"_s.arg(m_maxLineBytes));
            continue;
        }
        dom::element root;
        if (const auto error = parser.parser.parse(text.data(), std::size_t(text.size()), true).get(root)) {
            noteMalformed(result, line, u"invalid JSON (%1)"_s.arg(QString::fromLatin1(simdjson::error_message(error))));
            continue;
        }
        if (root.type() != dom::element_type::OBJECT) {
            noteMalformed(result, line, u"not a JSON object"_s);
            continue;
        }
        parser.record(root, line);
    }
    result.calls = parser.delivered;
    return result;
}

CallLogReadResult CallContentReader::readDocument(QByteArray json, CallLogFormat format, const Handler &handler) const
{
    CallLogReadResult result;
    result.format = format;
    result.document = true;
    if (m_progress)
        m_progress->fetch_add(json.size());
    const std::size_t length = std::size_t(json.size());
    json.append(qsizetype(simdjson::SIMDJSON_PADDING), ' ');
    RecordParser parser(format, m_mapping, handler);
    dom::element root;
    if (const auto error = parser.parser.parse(json.constData(), length, false).get(root)) {
        result.records = 1;
        noteMalformed(result, 1, u"invalid JSON document (%1)"_s.arg(QString::fromLatin1(simdjson::error_message(error))));
        return result;
    }
    dom::array records;
    if (root.get_array().get(records) && root["data"sv].get_array().get(records)) {
        // A single record (a pretty-printed OTLP TracesData, one row).
        result.records = 1;
        if (root.type() == dom::element_type::OBJECT)
            parser.record(root, 1);
        else
            noteMalformed(result, 1, u"not a JSON object"_s);
        result.calls = parser.delivered;
        return result;
    }
    qint64 index = 0;
    for (dom::element element : records) {
        if (m_cancel && m_cancel->load()) {
            result.errorString = u"cancelled"_s;
            break;
        }
        ++index;
        ++result.records;
        if (element.type() != dom::element_type::OBJECT) {
            noteMalformed(result, index, u"not a JSON object"_s);
            continue;
        }
        parser.record(element, index);
    }
    result.calls = parser.delivered;
    return result;
}
