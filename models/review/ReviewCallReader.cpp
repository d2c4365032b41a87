// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewCallReader.h"

#include "sources/CallContentReader.h"

using namespace Qt::StringLiterals;

namespace {
QString roleName(CallContentPart::Role role)
{
    switch (role) {
    case CallContentPart::Role::System:
        return u"system"_s;
    case CallContentPart::Role::Assistant:
        return u"assistant"_s;
    case CallContentPart::Role::User:
        break;
    }
    return u"user"_s;
}

QString sideText(const CallContentRecord &record, CallContentPart::Side side)
{
    QStringList lines;
    for (const CallContentPart &part : record.parts) {
        if (part.side == side && !part.text.empty())
            lines.append(roleName(part.role) + u": "_s + QString::fromUtf8(part.text.data(), qsizetype(part.text.size())));
    }
    return lines.join(u'\n');
}

bool inWindow(const std::optional<qint64> &t, const std::optional<qint64> &from, const std::optional<qint64> &to)
{
    if (!t)
        return !from && !to; // a call without a time belongs to no window
    return (!from || *t >= *from) && (!to || *t <= *to);
}
} // namespace

ReviewCallReader::Result ReviewCallReader::read(const CallSourceInput &input, std::optional<qint64> fromMs,
                                                std::optional<qint64> toMs, const std::function<void(ReviewCall &&)> &found)
{
    Result result;
    if (!input.ok()) {
        result.error = input.errorString;
        return result;
    }
    CallContentReader reader;
    reader.setFormat(input.format);
    reader.setFieldMapping(input.mapping);
    const auto handler = [&](const CallContentRecord &record) {
        ++result.records;
        ReviewCall call;
        call.prompt = sideText(record, CallContentPart::Side::Prompt);
        call.response = sideText(record, CallContentPart::Side::Response);
        if (call.prompt.isEmpty() && call.response.isEmpty())
            return;
        call.timeMs = record.timeMs;
        if (!inWindow(call.timeMs, fromMs, toMs))
            return;
        call.ref = input.label + (input.filePath.isEmpty() ? u" [%1]"_s : u":%1"_s).arg(record.line);
        call.model = QString::fromStdString(record.model);
        ++result.withContent;
        found(std::move(call));
    };
    const CallLogReadResult read = input.filePath.isEmpty() ? reader.readData(input.data, handler)
                                                            : reader.readFile(input.filePath, handler);
    if (!read.ok())
        result.error = read.errorString.isEmpty() ? u"%1 could not be read"_s.arg(input.label) : read.errorString;
    result.skipped = read.malformed;
    return result;
}
