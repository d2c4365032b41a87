// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectForm.h"

#include <QDialog>
#include <QPointer>

class DialogProvider;
class ProjectSettingsController;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;
class SecretsController;

/**
 * The project form (Settings ▸ Project…, and File ▸ New Project…): liftoff.yaml's main sections as
 * fields. OK hands the fields to ProjectSettingsController, which writes the file only when the
 * loader accepts it; otherwise the loader's messages (file:line:col) show here and the dialog stays.
 */
class ProjectSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectSettingsDialog)

public:
    ProjectSettingsDialog(ProjectSettingsController *controller, SecretsController *secrets, DialogProvider *dialogs,
                          QWidget *parent = nullptr);

    /** The fields as they are now. */
    ProjectForm currentForm() const;
    /** What the last OK answered: the loader's messages, or empty. */
    QString errorText() const;

    void accept() override;

private:
    QWidget *projectTab();
    QWidget *budgetTab();
    QWidget *sourcesTab();
    QWidget *rollbackTab();
    QWidget *evalsTab();
    QWidget *notApplicableTab();
    QLineEdit *lineEdit(const QString &objectName, const QString &placeholder);
    /** A secret field with its "Store in keychain…" button beside it. */
    QWidget *secretField(QLineEdit *edit, const QString &suggestedName);
    QTableWidget *table(const QString &objectName, const QStringList &headers);
    QWidget *withRowButtons(QTableWidget *table, const QString &prefix);
    void fill(const ProjectForm &form);
    void storeSecret(const QString &suggestedName, QLineEdit *field, QTableWidget *table, int column);
    void handleSecretStored();
    void handleSecretFailed(const QString &text);
    void showErrors(const QString &text);

    ProjectSettingsController *m_controller;
    SecretsController *m_secrets;
    DialogProvider *m_dialogs;

    QLineEdit *m_project = nullptr;
    QTableWidget *m_environments = nullptr;
    QLineEdit *m_healthUrl = nullptr;
    QLineEdit *m_monthlyUsd = nullptr;
    QLineEdit *m_alerts = nullptr;
    QLineEdit *m_expectedDaily = nullptr;
    QLineEdit *m_budgetNotify = nullptr;
    QTableWidget *m_channels = nullptr;
    QComboBox *m_costAdapter = nullptr;
    QLineEdit *m_costBaseUrl = nullptr;
    QLineEdit *m_costKey = nullptr;
    QTableWidget *m_calls = nullptr;
    QLineEdit *m_rollbackCommand = nullptr;
    QLineEdit *m_rollbackDryRun = nullptr;
    QLineEdit *m_flagsBaseUrl = nullptr;
    QLineEdit *m_flagsFlag = nullptr;
    QLineEdit *m_evalsDataset = nullptr;
    QLineEdit *m_evalsTargetUrl = nullptr;
    QLineEdit *m_redteamTargetUrl = nullptr;
    QLineEdit *m_redteamCanary = nullptr;
    QTableWidget *m_notApplicable = nullptr;
    QPlainTextEdit *m_diagnostics = nullptr;

    // Where a keychain reference goes once the store answers.
    QPointer<QLineEdit> m_pendingField;
    QTableWidget *m_pendingTable = nullptr;
    int m_pendingRow = -1;
    int m_pendingColumn = -1;
    QString m_pendingName;
};
