// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/BoundedReply.h"

#include <QNetworkReply>

#include <algorithm>

namespace BoundedReply {

bool readInto(QNetworkReply *reply, QByteArray &body, qint64 maxBytes)
{
    const qint64 room = maxBytes - body.size();
    body += reply->read(std::max<qint64>(0, room));
    return !(body.size() >= maxBytes && reply->bytesAvailable() > 0);
}

bool discard(QNetworkReply *reply, qint64 &discarded, qint64 maxBytes)
{
    discarded += reply->skip(reply->bytesAvailable());
    return discarded <= maxBytes;
}

} // namespace BoundedReply
