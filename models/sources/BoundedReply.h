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

} // namespace BoundedReply
