// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewCallReader.h"

#include "sources/IsoTimestamp.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

std::optional<qint64> isoMs(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double v = value.toDouble();
        return qint64(v > 1e11 ? v : v * 1000); // epoch seconds or milliseconds
    }
    const QByteArray text = value.toString().toUtf8();
    if (text.isEmpty())
        return std::nullopt;
    if (const auto micros = IsoTimestamp::parseMicros(std::string_view(text.constData(), size_t(text.size()))))
        return *micros / 1000;
    return std::nullopt;
}

/** An OTLP attribute value ({stringValue: …} and friends) as a plain JSON value. */
QJsonValue otlpValue(const QJsonObject &value)
{
    if (value.contains(u"stringValue"))
        return value.value(u"stringValue");
    if (value.contains(u"intValue"))
        return value.value(u"intValue");
    if (value.contains(u"doubleValue"))
        return value.value(u"doubleValue");
    if (value.contains(u"boolValue"))
        return value.value(u"boolValue");
    if (value.contains(u"arrayValue")) {
        QJsonArray out;
        for (const QJsonValue &v : value.value(u"arrayValue").toObject().value(u"values").toArray())
            out.append(otlpValue(v.toObject()));
        return out;
    }
    if (value.contains(u"kvlistValue")) {
        QJsonObject out;
        for (const QJsonValue &kv : value.value(u"kvlistValue").toObject().value(u"values").toArray())
            out.insert(kv[u"key"].toString(), otlpValue(kv[u"value"].toObject()));
        return out;
    }
    return {};
}

QJsonObject otlpAttributes(const QJsonArray &attributes)
{
    QJsonObject out;
    for (const QJsonValue &kv : attributes)
        out.insert(kv[u"key"].toString(), otlpValue(kv[u"value"].toObject()));
    return out;
}

bool inWindow(std::optional<qint64> t, std::optional<qint64> from, std::optional<qint64> to)
{
    if (!t)
        return !from && !to; // a call without a time belongs to no window
    return (!from || *t >= *from) && (!to || *t <= *to);
}

class RecordReader
{
public:
    RecordReader(const CallSourceInput &input, std::optional<qint64> from, std::optional<qint64> to,
                 const std::function<void(ReviewCall &&)> &found, ReviewCallReader::Result &result)
        : m_input(input), m_from(from), m_to(to), m_found(found), m_result(result)
    {
    }

    void record(const QJsonObject &object, const QString &where)
    {
        if (object.contains(u"resourceSpans") || m_input.format == CallLogFormat::Otel) {
            otel(object, where);
            return;
        }
        ++m_result.records;
        ReviewCall call;
        call.ref = where;
        const bool liteLlm = m_input.format == CallLogFormat::LiteLlm
            || (m_input.format == CallLogFormat::Auto && (object.contains(u"messages") || object.contains(u"startTime")));
        if (liteLlm) {
            call.prompt = ReviewCallReader::contentText(object.value(u"messages"));
            call.response = ReviewCallReader::contentText(object.value(u"response"));
            call.timeMs = isoMs(object.value(u"startTime"));
            call.model = object.value(u"model").toString();
        } else {
            const JsonlFieldMapping &m = m_input.mapping;
            const auto key = [](const std::string &name) { return QString::fromStdString(name); };
            call.prompt = ReviewCallReader::contentText(object.value(key(m.prompt)));
            call.response = ReviewCallReader::contentText(object.value(key(m.response)));
            call.timeMs = isoMs(object.value(key(m.ts)));
            call.model = object.value(key(m.responseModel)).toString(object.value(key(m.model)).toString());
        }
        hand(std::move(call));
    }

private:
    void otel(const QJsonObject &object, const QString &where)
    {
        for (const QJsonValue &resource : object.value(u"resourceSpans").toArray()) {
            for (const QJsonValue &scope : resource[u"scopeSpans"].toArray()) {
                for (const QJsonValue &spanValue : scope[u"spans"].toArray())
                    span(spanValue.toObject(), where);
            }
        }
    }

    void span(const QJsonObject &span, const QString &where)
    {
        const QJsonObject a = otlpAttributes(span.value(u"attributes").toArray());
        if (!a.contains(u"gen_ai.request.model") && !a.contains(u"gen_ai.operation.name") && !a.contains(u"gen_ai.system"))
            return; // not an LLM call (an HTTP or database span of the same trace)
        ++m_result.records;
        ReviewCall call;
        call.ref = where + u" span "_s + span.value(u"spanId").toString();
        call.model = a.value(u"gen_ai.response.model").toString(a.value(u"gen_ai.request.model").toString());
        const QString start = span.value(u"startTimeUnixNano").toVariant().toString();
        if (!start.isEmpty())
            call.timeMs = start.toLongLong() / 1000000;
        QStringList prompt {ReviewCallReader::contentText(a.value(u"gen_ai.input.messages"))};
        prompt.append(ReviewCallReader::contentText(a.value(u"gen_ai.prompt")));
        QStringList reply {ReviewCallReader::contentText(a.value(u"gen_ai.output.messages"))};
        reply.append(ReviewCallReader::contentText(a.value(u"gen_ai.completion")));
        // The older event form: one event per message.
        for (const QJsonValue &eventValue : span.value(u"events").toArray()) {
            const QString name = eventValue[u"name"].toString();
            const QJsonObject ea = otlpAttributes(eventValue[u"attributes"].toArray());
            if (name == u"gen_ai.choice") {
                reply.append(ReviewCallReader::contentText(ea.contains(u"message") ? ea.value(u"message") : ea.value(u"content")));
            } else if (name.startsWith(u"gen_ai.") && name.endsWith(u".message")) {
                const QString role = name.mid(7, name.size() - 15);
                const QString text = ReviewCallReader::contentText(ea.value(u"content"));
                if (!text.isEmpty())
                    prompt.append(role + u": "_s + text);
            }
        }
        prompt.removeAll(QString());
        reply.removeAll(QString());
        call.prompt = prompt.join(u'\n');
        call.response = reply.join(u'\n');
        hand(std::move(call));
    }

    void hand(ReviewCall &&call)
    {
        if (call.prompt.isEmpty() && call.response.isEmpty())
            return;
        if (!inWindow(call.timeMs, m_from, m_to))
            return;
        ++m_result.withContent;
        m_found(std::move(call));
    }

    const CallSourceInput &m_input;
    std::optional<qint64> m_from;
    std::optional<qint64> m_to;
    const std::function<void(ReviewCall &&)> &m_found;
    ReviewCallReader::Result &m_result;
};

void readDocument(const QByteArray &data, const QString &label, RecordReader &reader, ReviewCallReader::Result &result)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        result.error = u"%1: not valid JSON at byte %2: %3"_s.arg(label).arg(error.offset).arg(error.errorString());
        return;
    }
    // A LiteLLM /spend/logs answer is an array; some exports wrap it as {"data": [...]}.
    const QJsonArray rows = doc.isArray() ? doc.array() : doc.object().value(u"data").toArray();
    if (doc.isObject() && rows.isEmpty()) {
        reader.record(doc.object(), label);
        return;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows.at(i).isObject())
            reader.record(rows.at(i).toObject(), u"%1 [%2]"_s.arg(label).arg(i));
        else
            ++result.skipped;
    }
}

void readLines(QIODevice &device, const QString &label, RecordReader &reader, ReviewCallReader::Result &result)
{
    qint64 lineNumber = 0;
    while (!device.atEnd()) {
        ++lineNumber;
        QByteArray line = device.readLine(ReviewCallReader::MAX_RECORD_BYTES + 2);
        if (line.size() > ReviewCallReader::MAX_RECORD_BYTES && !line.endsWith('\n')) {
            ++result.skipped; // too long: skip the rest of it without keeping it
            char c = 0;
            while (device.getChar(&c) && c != '\n') {
            }
            continue;
        }
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject()) {
            ++result.skipped;
            continue;
        }
        reader.record(doc.object(), u"%1:%2"_s.arg(label).arg(lineNumber));
    }
}

} // namespace

QString ReviewCallReader::contentText(const QJsonValue &value, int depth)
{
    if (depth > 8)
        return {};
    if (value.isString()) {
        const QString text = value.toString();
        const QString trimmed = text.trimmed();
        // OTel carries message lists as a JSON string.
        if ((trimmed.startsWith(u'[') && trimmed.endsWith(u']')) || (trimmed.startsWith(u'{') && trimmed.endsWith(u'}'))) {
            const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8());
            if (!doc.isNull())
                return contentText(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), depth + 1);
        }
        return text;
    }
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : value.toArray()) {
            const QString text = contentText(v, depth + 1);
            if (!text.isEmpty())
                parts.append(text);
        }
        return parts.join(u'\n');
    }
    if (!value.isObject())
        return {};
    const QJsonObject o = value.toObject();
    for (const QString &key : {u"content"_s, u"parts"_s, u"text"_s, u"message"_s, u"choices"_s, u"output"_s}) {
        if (!o.contains(key))
            continue;
        const QString text = contentText(o.value(key), depth + 1);
        if (text.isEmpty())
            continue;
        const QString role = o.value(u"role").toString();
        return role.isEmpty() ? text : role + u": "_s + text;
    }
    return {};
}

ReviewCallReader::Result ReviewCallReader::read(const CallSourceInput &input, std::optional<qint64> fromMs,
                                                std::optional<qint64> toMs, const std::function<void(ReviewCall &&)> &found)
{
    Result result;
    if (!input.ok()) {
        result.error = input.errorString;
        return result;
    }
    RecordReader reader(input, fromMs, toMs, found, result);
    if (!input.filePath.isEmpty()) {
        QFile file(input.filePath);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error = u"%1: %2"_s.arg(input.label, file.errorString());
            return result;
        }
        // One JSON document (a LiteLLM array) or JSON lines: the first character tells.
        char first = 0;
        while (file.peek(&first, 1) == 1 && QChar::isSpace(uchar(first)))
            file.getChar(&first);
        if (first == '[') {
            if (file.size() > MAX_DOCUMENT_BYTES) {
                result.error = u"%1: a JSON array of %2 MB is more than the review reads (%3 MB); export JSON lines"_s
                                   .arg(input.label)
                                   .arg(file.size() >> 20)
                                   .arg(MAX_DOCUMENT_BYTES >> 20);
                return result;
            }
            readDocument(file.readAll(), input.label, reader, result);
        } else {
            readLines(file, input.label, reader, result);
        }
        return result;
    }
    const QByteArray trimmed = input.data.trimmed();
    if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.contains('\n'))) {
        readDocument(trimmed, input.label, reader, result);
    } else {
        QByteArray copy = input.data;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        readLines(buffer, input.label, reader, result);
    }
    return result;
}
