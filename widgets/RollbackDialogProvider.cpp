// SPDX-License-Identifier: GPL-3.0-or-later
#include "RollbackDialogProvider.h"

#include "KillSwitchDialog.h"
#include "RollbackDialog.h"
#include "RollbacksDialog.h"

QDialog *RollbackDialogProvider::openRollback(QWidget *parent, RollbackController *controller,
                                              const DeploymentRecord &from, const QString &who)
{
    auto *dialog = new RollbackDialog(controller, from, who, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QDialog *RollbackDialogProvider::openRollbacks(QWidget *parent, RollbackController *controller)
{
    auto *dialog = new RollbacksDialog(controller, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

std::optional<FlagFlipRequest> RollbackDialogProvider::askFlagFlip(QWidget *parent, const QString &flag,
                                                                   const QString &source, std::optional<bool> current)
{
    KillSwitchDialog dialog(flag, source, current, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return FlagFlipRequest {dialog.value(), dialog.reason()};
}
