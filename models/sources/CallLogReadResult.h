// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallLogFormat.h"

#include <QList>
#include <QString>

/**
 * What reading one call log produced besides the calls: counts, the format that was used, and
 * where the first malformed records are. Malformed records never stop a read; only an
 * unreadable file (errorString) does.
 */
struct CallLogReadResult
{
    /** A record that could not be read, by 1-based line (or array element, for JSON documents). */
    struct Malformed
    {
        qint64 line = 0;
        QString reason;
    };
    static constexpr int MAX_REPORTED_MALFORMED = 5;

    CallLogFormat format = CallLogFormat::Auto; ///< the format actually read (after detection)
    bool document = false;                      ///< a whole JSON document (array / {"data": [...]}), not lines
    qint64 records = 0;                         ///< lines or array elements looked at (blank lines excluded)
    qint64 calls = 0;                           ///< calls handed to the sink
    qint64 malformed = 0;
    QList<Malformed> firstMalformed;            ///< the first MAX_REPORTED_MALFORMED, by line
    QString errorString;                        ///< set when the log could not be read at all

    bool ok() const { return errorString.isEmpty(); }
    /** "line 7: invalid JSON (TAPE_ERROR)" style texts of firstMalformed. */
    QStringList malformedSummary() const;
};
