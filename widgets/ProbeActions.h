// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>

class ProbeRunController;
class QAction;
class QMenu;
class QProgressBar;
class QPushButton;
class QWidget;

/**
 * The "Checks" actions of the main window: run all, run the selected item, run the current
 * section, cancel; with a progress bar and a cancel button for the status bar. Only forwards to
 * the ProbeRunController; knows nothing of probes itself.
 */
class ProbeActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeActions)

public:
    using Provider = std::function<QString()>;

    ProbeActions(ProbeRunController *runner, Provider currentItem, Provider currentSection, QWidget *parent);

    QMenu *createMenu(QWidget *parent) const;
    QPushButton *createRunAllButton(QWidget *parent) const;
    /** Progress and cancel for the status bar (hidden while nothing runs). */
    QWidget *createProgressWidget(QWidget *parent);
    void runItem(const QString &itemId);

signals:
    void message(const QString &text);

private:
    ProbeRunController *m_runner;
    Provider m_currentItem;
    Provider m_currentSection;
    QAction *m_runAll;
    QAction *m_runItem;
    QAction *m_runSection;
    QAction *m_cancel;
};
