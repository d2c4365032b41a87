// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/MarkRules.h"

#include <QDialog>

class QDialogButtonBox;
class QPlainTextEdit;

/** Asks why an item does not apply to this project; OK stays disabled until there is a reason. */
class NaDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NaDialog)

public:
    explicit NaDialog(const ChecklistItem &item, QWidget *parent = nullptr);

    MarkRequest request() const;
    void setReason(const QString &reason);

private:
    void updateOkButton();

    QPlainTextEdit *m_reasonEdit;
    QDialogButtonBox *m_buttons;
};
