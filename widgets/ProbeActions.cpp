// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProbeActions.h"

#include "itemmodels/ProbeRunController.h"

#include <QAction>
#include <QHBoxLayout>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>

using namespace Qt::StringLiterals;

ProbeActions::ProbeActions(ProbeRunController *runner, Provider currentItem, Provider currentSection,
                           QWidget *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_currentItem(std::move(currentItem))
    , m_currentSection(std::move(currentSection))
{
    auto make = [parent](const QString &text, const QString &name, const QKeySequence &shortcut) {
        auto *action = new QAction(text, parent);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        parent->addAction(action);
        return action;
    };
    m_runAll = make(u"Run &All Checks"_s, u"runAllAction"_s, QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runItem = make(u"Run Selected &Item"_s, u"runItemAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_runSection = make(u"Run This &Section"_s, u"runSectionAction"_s, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    m_cancel = make(u"&Cancel Running Checks"_s, u"cancelChecksAction"_s, QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_cancel->setEnabled(false);
    connect(m_runAll, &QAction::triggered, m_runner, &ProbeRunController::runAll);
    connect(m_runItem, &QAction::triggered, this, [this] {
        const QString id = m_currentItem();
        if (id.isEmpty())
            emit message(tr("Select an item first"));
        else
            runItem(id);
    });
    connect(m_runSection, &QAction::triggered, this, [this] {
        const QString section = m_currentSection();
        if (section.isEmpty())
            emit message(tr("Open a section tab first"));
        else
            m_runner->runSection(section);
    });
    connect(m_cancel, &QAction::triggered, m_runner, &ProbeRunController::cancel);
    connect(m_runner, &ProbeRunController::runningChanged, m_cancel, &QAction::setEnabled);
    connect(m_runner, &ProbeRunController::message, this, &ProbeActions::message);
}

void ProbeActions::runItem(const QString &itemId)
{
    m_runner->runItems({itemId});
}

QMenu *ProbeActions::createMenu(QWidget *parent) const
{
    auto *menu = new QMenu(tr("&Checks"), parent);
    menu->addActions({m_runAll, m_runSection, m_runItem});
    menu->addSeparator();
    menu->addAction(m_cancel);
    return menu;
}

QPushButton *ProbeActions::createRunAllButton(QWidget *parent) const
{
    auto *button = new QPushButton(tr("Run All Checks"), parent);
    button->setObjectName(u"runAllButton"_s);
    button->setToolTip(tr("Run every probe of this deployment against its environment (Ctrl+R)"));
    connect(button, &QPushButton::clicked, m_runAll, &QAction::trigger);
    return button;
}

QWidget *ProbeActions::createProgressWidget(QWidget *parent)
{
    auto *box = new QWidget(parent);
    box->setObjectName(u"probeProgressWidget"_s);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QProgressBar(box);
    bar->setObjectName(u"probeProgressBar"_s);
    bar->setMaximumWidth(180);
    bar->setMaximumHeight(16);
    bar->setFormat(tr("%v of %m checks"));
    auto *cancel = new QPushButton(tr("Cancel"), box);
    cancel->setObjectName(u"cancelChecksButton"_s);
    cancel->setFlat(true);
    connect(cancel, &QPushButton::clicked, m_cancel, &QAction::trigger);
    layout->addWidget(bar);
    layout->addWidget(cancel);
    box->hide();
    connect(m_runner, &ProbeRunController::runningChanged, box, &QWidget::setVisible);
    connect(m_runner, &ProbeRunController::progressChanged, bar, [bar](int done, int total) {
        bar->setRange(0, qMax(1, total));
        bar->setValue(done);
    });
    return box;
}
