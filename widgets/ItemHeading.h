// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"

#include <QString>

class QWidget;
class QPlainTextEdit;

/** The pieces every item dialog shares: a heading (title, id, an optional explanation) and a note field. */
namespace ItemHeading {
/** A bold title, the id in the placeholder colour and, when given, an explanation below. */
QWidget *create(const ChecklistItem &item, const QString &explanation, QWidget *parent);
/** A plain-text field about five lines high that Tab leaves (for notes and reasons). */
QPlainTextEdit *createNoteEdit(const QString &objectName, const QString &placeholder, QWidget *parent);
} // namespace ItemHeading
