// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class SecretsController;

/**
 * Settings ▸ Secrets: the names stored in the OS keychain for `keychain:NAME` references, a name
 * and a password-mode value field to store or replace one, and Delete. A value is never shown and
 * the field is cleared as soon as it was handed over. Shows and forwards only: SecretsController
 * talks to the keychain, off the GUI thread.
 */
class SecretsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsDialog)

public:
    explicit SecretsDialog(SecretsController *controller, QWidget *parent = nullptr);

    /** Asks before a delete; tests replace it (no modal box offscreen). */
    void setDeleteConfirmation(std::function<bool(const QString &name)> confirm) { m_confirmDelete = std::move(confirm); }

private:
    void showNames();
    void storeValue();
    void deleteSelected();
    void updateButtons();

    SecretsController *m_controller;
    std::function<bool(const QString &)> m_confirmDelete;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_value;
    QPushButton *m_store;
    QPushButton *m_delete;
    QLabel *m_message;
};
