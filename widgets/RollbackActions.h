// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class ChecklistDocument;
class KillSwitchController;
class QAction;
class QMenu;
class QPushButton;
class QWidget;
class RollbackController;
class RollbackDialogProvider;

/**
 * The "Rollback" actions of the main window: roll back the selected deployment, list the stored
 * rollbacks, flip the AI kill switch. Opens the dialogs through the RollbackDialogProvider and
 * forwards to the controllers; when a rollback succeeds the document reloads, so the deployment
 * that is current again shows.
 */
class RollbackActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackActions)

public:
    RollbackActions(ChecklistDocument *document, RollbackController *rollback, KillSwitchController *killSwitch,
                    RollbackDialogProvider *dialogs, QWidget *window);

    QMenu *createMenu(QWidget *parent) const;
    /** The always-visible Rollback button for the top bar. */
    QPushButton *createRollbackButton(QWidget *parent) const;
    QAction *rollbackAction() const { return m_rollback; }

    void openRollback();
    void openRollbacks();
    void flipKillSwitch();

signals:
    void message(const QString &text);

private:
    void updateActions();

    ChecklistDocument *m_document;
    RollbackController *m_controller;
    KillSwitchController *m_killSwitch;
    RollbackDialogProvider *m_dialogs;
    QWidget *m_window;
    QAction *m_rollback;
    QAction *m_rollbacks;
    QAction *m_killSwitchAction;
};
