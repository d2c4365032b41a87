// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/RollbackPreview.h"
#include "store/RollbackRecords.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class RollbackController;

/**
 * The rollback of one deployment as a person does it: shows the exact command (and asks for its
 * approval when it is new or changed, or whose approval is still missing when rollback.approvers
 * asks for more than one person; a second person approves under their own name), the from- and
 * to-version and what does not roll back, takes
 * a reason, then shows the live output with a cancel and the outcome with its verification. Every
 * action is forwarded to the RollbackController.
 */
class RollbackDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackDialog)

public:
    RollbackDialog(RollbackController *controller, DeploymentRecord from, QString who, QWidget *parent = nullptr);

protected:
    void reject() override;

private:
    void handlePrepared(const RollbackPreview &preview);
    void handleStarted(const RollbackRecord &record);
    void handleFinished(const RollbackRecord &record);
    void handleRefused(const QString &reason);
    void startRun(bool dryRun);
    void updateButtons();
    void showApproval();

    RollbackController *m_controller;
    DeploymentRecord m_from;
    QString m_who;
    RollbackPreview m_preview;
    bool m_prepared = false;
    bool m_ownRun = false;
    QLabel *m_versionsLabel;
    QLabel *m_commandLabel;
    QLabel *m_approvalLabel;
    QLineEdit *m_approver;
    QLabel *m_staysLabel;
    QLineEdit *m_reason;
    QPlainTextEdit *m_output;
    QLabel *m_outcomeLabel;
    QPushButton *m_approveButton;
    QPushButton *m_dryRunButton;
    QPushButton *m_rollbackButton;
    QPushButton *m_cancelRunButton;
    QPushButton *m_closeButton;
};
