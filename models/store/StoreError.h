// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

/** Why the store could not do what was asked. The CLI maps every kind but None to exit code 3. */
struct StoreError
{
    enum class Kind { None, Locked, ReadOnly, Corrupt, NewerSchema, NotFound, Conflict, Io };
    Kind kind = Kind::None;
    QString message;

    bool isError() const { return kind != Kind::None; }
    static StoreError make(Kind kind, const QString &message) { return StoreError {kind, message}; }
};
Q_DECLARE_METATYPE(StoreError)
