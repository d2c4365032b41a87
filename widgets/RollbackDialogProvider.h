// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreRecords.h"

#include <QString>

#include <optional>

class KillSwitchController;
class QDialog;
class QWidget;
class RollbackController;

/** What the kill-switch confirmation answers: the new value and why. */
struct FlagFlipRequest
{
    bool value = false;
    QString reason;
};

/**
 * The seam between the main window and the rollback and kill-switch dialogs. The rollback dialog
 * and the rollbacks list are opened without a nested event loop (QDialog::open), so a test walks
 * the real dialog; the kill-switch confirmation is a question with an answer, so a test gives a
 * canned one.
 */
class RollbackDialogProvider
{
public:
    RollbackDialogProvider() = default;
    virtual ~RollbackDialogProvider() = default;
    RollbackDialogProvider(const RollbackDialogProvider &) = delete;
    RollbackDialogProvider &operator=(const RollbackDialogProvider &) = delete;

    /** Opens the rollback dialog for `from` (window-modal, not blocking); returns it. */
    virtual QDialog *openRollback(QWidget *parent, RollbackController *controller, const DeploymentRecord &from,
                                  const QString &who);
    /** Opens the list of stored rollbacks with their output and verification; returns it. */
    virtual QDialog *openRollbacks(QWidget *parent, RollbackController *controller);
    /** Asks whether to flip the kill switch (current value shown) and why; nullopt when cancelled. */
    virtual std::optional<FlagFlipRequest> askFlagFlip(QWidget *parent, const QString &flag, const QString &source,
                                                       std::optional<bool> current);
};
