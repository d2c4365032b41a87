// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/MarkRules.h"

#include <QDate>
#include <QDialog>

class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

/**
 * Asks for a waiver's reason and expiry date (default one week ahead). The waiver runs until the
 * end of the chosen day; OK stays disabled until there is a reason and the expiry is in the future.
 */
class WaiverDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaiverDialog)

public:
    static constexpr int DEFAULT_DAYS = 7;

    explicit WaiverDialog(const ChecklistItem &item, QWidget *parent = nullptr);

    MarkRequest request() const;
    void setReason(const QString &reason);
    void setExpiryDate(const QDate &date);
    /** The end of the chosen day, local time. */
    QDateTime expires() const;
    bool isValid() const;

private:
    void updateOkButton();

    QPlainTextEdit *m_reasonEdit;
    QDateEdit *m_expiryEdit;
    QLabel *m_problemLabel;
    QDialogButtonBox *m_buttons;
};
