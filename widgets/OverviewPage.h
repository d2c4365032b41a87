// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/Status.h"

#include <QList>
#include <QWidget>

class ChecklistDocument;
class QFrame;
class QLabel;
class QStackedWidget;
class QTableView;
class SectionFilterModel;

/**
 * The first tab: the verdict as a coloured banner with the reason, what blocks the release,
 * the MVP five, the count of items per status and the deployment's facts.
 */
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(ChecklistDocument *document, QWidget *parent = nullptr);

signals:
    /** A blocking or MVP item was double-clicked (or Enter pressed on it). */
    void itemActivated(const QString &itemId);

private:
    void refresh();
    QTableView *makeItemTable(SectionFilterModel *filter, const QString &objectName);

    ChecklistDocument *m_document;
    SectionFilterModel *m_blockingFilter;
    SectionFilterModel *m_mvpFilter;
    QFrame *m_verdictFrame;
    QLabel *m_verdictLabel;
    QLabel *m_verdictReasonLabel;
    QStackedWidget *m_blockingStack;
    QList<std::pair<Status, QLabel *>> m_countLabels; // in StatusText::all() order
    QLabel *m_nameValue;
    QLabel *m_environmentValue;
    QLabel *m_versionValue;
    QLabel *m_createdValue;
    QLabel *m_releasedValue;
};
