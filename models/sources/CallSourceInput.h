// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallLogFormat.h"
#include "sources/CallLogReadResult.h"
#include "sources/JsonlFieldMapping.h"

#include <QByteArray>
#include <QString>

class CallSink;
class PriceTable;

/**
 * One configured call source made ready to read: a file to stream, or the body an HTTP source
 * answered (already fetched by CallSourceFetcher), or the reason it cannot be read. A plain
 * value, so it can be handed to a worker thread; read() is safe to call there.
 */
struct CallSourceInput
{
    QString label;       ///< what reports show: the absolute file path, or the URL (never a secret)
    CallLogFormat format = CallLogFormat::Auto;
    JsonlFieldMapping mapping;
    QString filePath;    ///< set for file sources
    QByteArray data;     ///< set for fetched sources
    QString errorString; ///< set when the source could not be fetched or configured

    bool ok() const { return errorString.isEmpty(); }
    /** Streams the calls into @p sink; an unreadable source gives a result with errorString set. */
    CallLogReadResult read(CallSink &sink, const PriceTable *prices) const;
};
