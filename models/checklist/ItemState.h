// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/Status.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

/** Where a status came from. */
enum class StatusSource { None, Probe, Manual };

/** The stored state of one item in one deployment: its status and the who/when/why behind it. */
struct ItemState
{
    QString itemId;
    Status status = Status::Pending;
    /** What the item reverts to when a waiver expires (the failing status that was waived). */
    Status baseStatus = Status::Pending;
    StatusSource source = StatusSource::None;
    QString summary;
    QString note;
    QString by;
    QDateTime checkedAt;
    QDateTime waiverExpires; ///< only with Status::Waived
    QJsonObject evidence;
    QJsonArray conditions;
    /**
     * The row version: 0 before anything is stored, then +1 on every write of the item (a tick, a
     * probe run). A change made from a view names the revision it saw, and the store refuses it when
     * the row has moved on since (optimistic concurrency between consoles).
     */
    qint64 revision = 0;

    bool operator==(const ItemState &other) const = default;
};

namespace StatusSourceText {
QString toString(StatusSource source);
StatusSource fromString(const QString &text);
} // namespace StatusSourceText
