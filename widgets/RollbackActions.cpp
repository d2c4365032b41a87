// SPDX-License-Identifier: GPL-3.0-or-later
#include "RollbackActions.h"

#include "RollbackDialogProvider.h"
#include "actions/KillSwitchController.h"
#include "actions/RollbackController.h"
#include "itemmodels/ChecklistDocument.h"

#include <QAction>
#include <QMenu>
#include <QPushButton>

using namespace Qt::StringLiterals;

RollbackActions::RollbackActions(ChecklistDocument *document, RollbackController *rollback,
                                 KillSwitchController *killSwitch, RollbackDialogProvider *dialogs, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_controller(rollback)
    , m_killSwitch(killSwitch)
    , m_dialogs(dialogs)
    , m_window(window)
    , m_rollback(new QAction(tr("&Roll Back…"), this))
    , m_rollbacks(new QAction(tr("Roll&backs…"), this))
    , m_killSwitchAction(new QAction(tr("&Kill Switch…"), this))
{
    m_rollback->setObjectName(u"rollbackAction"_s);
    m_rollback->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_rollback->setStatusTip(tr("Run the configured rollback for the selected deployment"));
    m_rollbacks->setObjectName(u"rollbacksAction"_s);
    m_rollbacks->setStatusTip(tr("Every rollback of this project with its output and verification"));
    m_killSwitchAction->setObjectName(u"killSwitchAction"_s);
    m_killSwitchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_killSwitchAction->setStatusTip(tr("Read and flip the AI feature flag"));
    connect(m_rollback, &QAction::triggered, this, &RollbackActions::openRollback);
    connect(m_rollbacks, &QAction::triggered, this, &RollbackActions::openRollbacks);
    connect(m_killSwitchAction, &QAction::triggered, this, &RollbackActions::flipKillSwitch);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &RollbackActions::updateActions);
    connect(m_controller, &RollbackController::runningChanged, this, &RollbackActions::updateActions);
    connect(m_controller, &RollbackController::finished, this, [this](const RollbackRecord &record) {
        emit message(tr("%1 %2: %3 → %4")
                         .arg(record.dryRun ? tr("Rollback dry run") : tr("Rollback"), record.outcome,
                              record.fromVersion, record.toVersion));
        if (record.succeeded() && !record.dryRun)
            m_document->open(); // the rolled-back deployment gives way to the previous one
    });
    updateActions();
}

QMenu *RollbackActions::createMenu(QWidget *parent) const
{
    auto *menu = new QMenu(tr("&Rollback"), parent);
    menu->setObjectName(u"rollbackMenu"_s);
    menu->addAction(m_rollback);
    menu->addAction(m_rollbacks);
    menu->addSeparator();
    menu->addAction(m_killSwitchAction);
    return menu;
}

QPushButton *RollbackActions::createRollbackButton(QWidget *parent) const
{
    auto *button = new QPushButton(tr("Rollback…"), parent);
    button->setObjectName(u"rollbackBarButton"_s);
    button->setToolTip(tr("Roll the selected deployment back to the previous released one (%1)")
                           .arg(m_rollback->shortcut().toString(QKeySequence::NativeText)));
    connect(button, &QPushButton::clicked, m_rollback, &QAction::trigger);
    connect(m_rollback, &QAction::enabledChanged, button, &QWidget::setEnabled);
    button->setEnabled(m_rollback->isEnabled());
    return button;
}

void RollbackActions::updateActions()
{
    m_rollback->setEnabled(m_document->hasDeployment());
    m_killSwitchAction->setEnabled(m_killSwitch && m_killSwitch->isConfigured());
}

void RollbackActions::openRollback()
{
    if (!m_document->hasDeployment()) {
        emit message(tr("Record a deployment first: a rollback starts from a deployment."));
        return;
    }
    // A second press while one runs opens the dialog again, which says so; nothing else starts.
    m_dialogs->openRollback(m_window, m_controller, m_document->currentDeployment(), m_document->userName());
}

void RollbackActions::openRollbacks()
{
    m_dialogs->openRollbacks(m_window, m_controller);
}

void RollbackActions::flipKillSwitch()
{
    if (!m_killSwitch || !m_killSwitch->isConfigured()) {
        emit message(tr("No kill switch: add `flags` to liftoff.yaml."));
        return;
    }
    emit message(tr("Reading %1…").arg(m_killSwitch->flag()));
    // Read first so the confirmation shows the current value; then ask.
    auto *context = new QObject(this);
    const auto ask = [this, context](std::optional<bool> current) {
        context->deleteLater();
        const std::optional<FlagFlipRequest> request =
            m_dialogs->askFlagFlip(m_window, m_killSwitch->flag(), m_killSwitch->sourceName(), current);
        if (!request)
            return;
        connect(m_killSwitch, &KillSwitchController::flipFinished, this, [this](const FlagFlipRecord &flip) {
            emit message(flip.outcome == u"flipped"
                             ? tr("Kill switch %1 set to %2 (was %3); recorded and notified")
                                   .arg(flip.flag, flip.toValue, flip.fromValue)
                             : tr("Kill switch %1 not flipped: %2").arg(flip.flag, flip.error));
        }, Qt::SingleShotConnection);
        m_killSwitch->flip(request->value, request->reason, m_document->userName(), m_document->currentDeployment().id);
    };
    connect(m_killSwitch, &KillSwitchController::valueRead, context, [ask](bool value) { ask(value); });
    connect(m_killSwitch, &KillSwitchController::readFailed, context, [this, ask](const QString &error) {
        emit message(error);
        ask(std::nullopt);
    });
    m_killSwitch->read();
}
