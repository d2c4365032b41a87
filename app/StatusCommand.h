// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;
class ChecklistReport;

/** `liftoff status`: prints the stored checklist and verdict without running anything. */
namespace StatusCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
/** Prints a report in the chosen format and returns the verdict's exit code (shared with `check`). */
int printReport(const ChecklistReport &report, const QString &format, bool strict, QTextStream &out);
/** True when format is one of text, json, junit, markdown. */
bool isKnownFormat(const QString &format);
} // namespace StatusCommand
