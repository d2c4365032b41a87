// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/Status.h"
#include "checklist/Verdict.h"

#include <QColor>
#include <QIcon>
#include <QString>

/**
 * How statuses and verdicts look: display labels, a colour that reads on the current palette
 * (light or dark) and a small round icon. Shared by the item models and the widgets' delegates.
 */
namespace StatusStyle {
/** "Pass", "Not reported", "N/A", ... */
QString label(Status status);
/** True when the application palette has a dark window background. */
bool isDarkPalette();
/** The status colour for a light or dark palette. */
QColor color(Status status, bool dark);
QColor color(Status status);
/** A filled circle in the status colour (cached per status and palette). */
QIcon icon(Status status);
/** base mixed with tint by amount (0 = base, 1 = tint): opaque chip backgrounds that read on any palette. */
QColor blend(const QColor &base, const QColor &tint, qreal amount);
/** Go green, Conditional Go amber, No-Go red (tuned for white text on top). */
QColor verdictColor(VerdictKind kind);
} // namespace StatusStyle
