// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/MarkRules.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;

/**
 * Asks for the note of a tick (pass or fail) or a plain note; for a manual+evidence item that is
 * being passed, also for a link or file as evidence. OK stays disabled until there is a note.
 */
class MarkDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkDialog)

public:
    MarkDialog(const ChecklistItem &item, MarkRequest::Action action, QWidget *parent = nullptr);

    MarkRequest request() const;
    void setNote(const QString &note);
    void setEvidence(const QString &evidence);

private:
    void updateOkButton();
    void browseForEvidence();

    MarkRequest::Action m_action;
    QPlainTextEdit *m_noteEdit;
    QLineEdit *m_evidenceEdit = nullptr;
    QDialogButtonBox *m_buttons;
};
