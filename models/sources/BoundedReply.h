// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

class QNetworkReply;

/** Reading network answers with a ceiling, so an endless or huge answer cannot fill the memory. */
namespace BoundedReply {

/**
 * Appends what `reply` has ready to `body`, never past `maxBytes` in all. Returns false when more
 * is waiting beyond the ceiling; the caller then records why and aborts the reply (abort() may
 * emit finished() at once, so the reason must be set first).
 */
bool readInto(QNetworkReply *reply, QByteArray &body, qint64 maxBytes);

/**
 * Reads and drops what `reply` has ready, for requests where only the headers matter, so the
 * reply still ends normally; counts into `discarded`. Returns false once more than `maxBytes`
 * went by (the caller aborts the reply: an endless body is cut).
 */
bool discard(QNetworkReply *reply, qint64 &discarded, qint64 maxBytes);

} // namespace BoundedReply
