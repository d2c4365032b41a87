// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DialogProvider.h"

/** The real dialogs: MarkDialog, WaiverDialog, NaDialog, NewDeploymentDialog and QMessageBox. */
class WidgetDialogProvider final : public DialogProvider
{
public:
    std::optional<MarkRequest> askMark(QWidget *parent, const ChecklistItem &item,
                                       MarkRequest::Action action) override;
    std::optional<NewDeploymentRequest> askNewDeployment(QWidget *parent, const QStringList &environments,
                                                         const QString &defaultVersion) override;
    bool confirm(QWidget *parent, const QString &title, const QString &text) override;
    void showError(QWidget *parent, const QString &title, const QString &text) override;
    void showAbout(QWidget *parent) override;
    QString askSaveFile(QWidget *parent, const QString &title, const QString &suggestedPath,
                        const QString &filter) override;
    std::optional<QString> askText(QWidget *parent, const QString &title, const QString &label) override;
    std::optional<NewProjectRequest> askNewProject(QWidget *parent) override;
    std::optional<SecretEntry> askSecret(QWidget *parent, const QString &suggestedName) override;
};
