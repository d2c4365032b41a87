// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/MarkRules.h"

#include <QWidget>

class ChecklistDocument;
class ItemDetailPanel;
class QSplitter;
class QTableView;
class SectionFilterModel;

/**
 * One section of the checklist (one tab): the items in a table with status chips, and the
 * selected item's details beside it in a splitter.
 */
class SectionPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SectionPage)

public:
    SectionPage(ChecklistDocument *document, const QString &section, QWidget *parent = nullptr);

    QString section() const { return m_section; }
    QTableView *tableView() const { return m_tableView; }
    QSplitter *splitter() const { return m_splitter; }
    ItemDetailPanel *detailPanel() const { return m_detailPanel; }
    /** The id of the selected item, or "". */
    QString currentItemId() const;
    /** Selects an item of this section, scrolls to it and focuses the table. */
    bool selectItem(const QString &itemId);

    /** Restores splitter sizes saved earlier (instead of the first-show default split). */
    void restoreSplitterState(const QByteArray &state);

    /** "apiModelConfigurationSectionPage" for "API & Model Configuration". */
    static QString objectNameFor(const QString &section);

signals:
    void currentItemChanged(const QString &itemId);
    void markRequested(const QString &itemId, MarkRequest::Action action);
    void runRequested(const QString &itemId);
    void reviewRequested();
    void evalRunsRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void handleCurrentChanged();

    QString m_section;
    SectionFilterModel *m_filter;
    QTableView *m_tableView;
    ItemDetailPanel *m_detailPanel;
    QSplitter *m_splitter;
    bool m_splitterSized = false;
};
