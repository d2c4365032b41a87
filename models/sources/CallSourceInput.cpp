// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallSourceInput.h"

#include "sources/CallLogReader.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

CallLogReadResult CallSourceInput::read(CallSink &sink, const PriceTable *prices) const
{
    if (!ok()) {
        CallLogReadResult failed;
        failed.errorString = errorString;
        return failed;
    }
    CallLogReader reader;
    reader.setFormat(format);
    reader.setFieldMapping(mapping);
    reader.setPriceTable(prices);
    if (filePath.isEmpty())
        return reader.readData(data, sink);
    if (!QFileInfo(filePath).isFile()) {
        // The reader's own message is about opening; say plainly that the file is not there.
        CallLogReadResult missing;
        missing.errorString = QFileInfo::exists(filePath) ? u"%1 is not a file"_s.arg(filePath)
                                                          : u"%1 does not exist"_s.arg(filePath);
        return missing;
    }
    return reader.readFile(filePath, sink);
}
