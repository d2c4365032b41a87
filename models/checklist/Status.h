// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

/** The status of one checklist item, as spec/checklist.md names them. */
enum class Status {
    Pending,     ///< never evaluated
    Pass,
    Warn,        ///< passes with a remark; never blocks
    Fail,
    Error,       ///< the probe could not run
    NotReported, ///< the source is missing or the last result is stale
    Na,          ///< not applicable, with a reason
    Waived,      ///< failed, accepted by a person until an expiry
};

namespace StatusText {
/** The wire name used in the store, the CLI and reports: "pass", "not-reported", ... */
QString toString(Status status);
/** Parses a wire name; std::nullopt for anything else. */
std::optional<Status> fromString(const QString &text);
/** Every status in display order. */
const QList<Status> &all();
} // namespace StatusText
