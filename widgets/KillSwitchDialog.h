// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QPlainTextEdit;
class QRadioButton;

/** Confirms a flip of the AI kill switch: shows the flag and its current value, asks for the new value and a reason. */
class KillSwitchDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KillSwitchDialog)

public:
    KillSwitchDialog(const QString &flag, const QString &source, std::optional<bool> current,
                     QWidget *parent = nullptr);

    bool value() const;
    QString reason() const;

private:
    void updateOk();

    QRadioButton *m_on;
    QRadioButton *m_off;
    QPlainTextEdit *m_reason;
    QDialogButtonBox *m_buttons;
};
