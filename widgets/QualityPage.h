// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class DialogProvider;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QualityController;

/**
 * The Eval Runs tab: the eval runs of the current deployment (the baseline marked), the selected
 * run's cases against the baseline (what regressed, what was fixed) and one case's answer and
 * assertions; Run replays the eval set against a chosen environment with progress and Cancel,
 * Bless makes a complete run the baseline of its prompt versions. It shows the QualityController
 * and forwards the buttons to it.
 */
class QualityPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QualityPage)

public:
    QualityPage(QualityController *controller, DialogProvider *dialogs, QWidget *parent = nullptr);

private:
    void handleRunsChanged();
    void handleCasesChanged();
    void handleCaseSelected();
    void handleProgress(int done, int total, int failed);
    void showMessage(const QString &text, bool error);
    void blessSelectedRun();
    void updateButtons();
    qint64 selectedRunId() const;

    QualityController *m_controller;
    DialogProvider *m_dialogs;
    QLabel *m_status;
    QLabel *m_baseline;
    QLabel *m_message;
    QComboBox *m_environment;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QPushButton *m_blessButton;
    QProgressBar *m_progress;
    QComboBox *m_filter;
    QLabel *m_caseSummary;
    QTableView *m_runsView;
    QTableView *m_casesView;
    QPlainTextEdit *m_caseDetail;
    QString m_selectedCaseId;
    bool m_updating = false;
};
