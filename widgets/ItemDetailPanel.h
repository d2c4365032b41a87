// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/MarkRules.h"
#include "store/StoreRecords.h"

#include <QWidget>

class AuditTableModel;
class ChecklistDocument;
class DashboardModel;
class ItemChartPanel;
class QLabel;
class UptimeMonitor;
class UptimeSparkline;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QVBoxLayout;

/**
 * Everything about one checklist item: title, id, level, binding, "passes when", status with
 * who and when, summary, evidence, note and the audit history (loaded from the store when the
 * item changes), plus buttons that ask for the same changes as the Item menu.
 */
class ItemDetailPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemDetailPanel)

public:
    explicit ItemDetailPanel(ChecklistDocument *document, QWidget *parent = nullptr);

    QString itemId() const { return m_itemId; }
    /** Shows an item (empty: nothing) and asks the store for its history. */
    void setItem(const QString &itemId);
    /** Shows the health endpoint's recent polls on infra.health and mon.uptime. */
    void setUptimeMonitor(UptimeMonitor *monitor);
    /** Shows the matching chart of model (latency, error rate, spend, tokens by model) on the items that have one. */
    void setDashboard(DashboardModel *model);
    /** Shows the Eval Runs… button on the eval items (once the window has that tab). */
    void setEvalRunsAvailable(bool available);
    /** The item's chart, or nullptr before setDashboard(). */
    ItemChartPanel *chartPanel() const { return m_chartPanel; }

signals:
    void markRequested(const QString &itemId, MarkRequest::Action action);
    /** The Run button: run this item's probe now. */
    void runRequested(const QString &itemId);
    /** The Review button of h24.review-sample: open its review queue. */
    void reviewRequested();
    /** The Eval Runs… button of an item of probe kind eval: show the Eval Runs tab. */
    void evalRunsRequested();

private:
    void refresh();
    void handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void handleItemChanged(const QString &itemId);
    void handleAuditLoaded(const QString &itemId, const QList<AuditEvent> &events);
    QPushButton *addButton(const QString &text, const QString &objectName, MarkRequest::Action action);

    ChecklistDocument *m_document;
    AuditTableModel *m_auditModel;
    QString m_itemId;
    QLabel *m_titleLabel;
    QLabel *m_metaLabel;
    QLabel *m_statusLabel;
    QLabel *m_statusByLabel;
    QLabel *m_passesWhenLabel;
    QLabel *m_summaryLabel;
    QLabel *m_noteLabel;
    QLabel *m_conditionsLabel;
    QLabel *m_uptimeCaption = nullptr;
    UptimeSparkline *m_sparkline = nullptr;
    UptimeMonitor *m_uptimeMonitor = nullptr;
    QVBoxLayout *m_chartSlot = nullptr;
    ItemChartPanel *m_chartPanel = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_reviewButton = nullptr;
    QPushButton *m_evalRunsButton = nullptr;
    bool m_evalRunsAvailable = false;
    QPlainTextEdit *m_evidenceEdit;
    QTableView *m_auditView;
    QList<QPushButton *> m_buttons;
};
