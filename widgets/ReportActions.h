// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class ChecklistDocument;
class DialogProvider;
class QAction;
class QWidget;
class ReportExporter;

/**
 * File ▸ Export Report…: asks where to save (the suffix picks PDF, HTML, Markdown, JSON or JUnit)
 * and forwards to the ReportExporter, which writes off the GUI thread; the outcome goes to the
 * status bar, a failure to an error dialog.
 */
class ReportActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportActions)

public:
    ReportActions(ChecklistDocument *document, ReportExporter *exporter, DialogProvider *dialogs, QWidget *window);

    QAction *exportAction() const { return m_export; }
    void exportReport();

signals:
    void message(const QString &text);

private:
    void updateAction();

    ChecklistDocument *m_document;
    ReportExporter *m_exporter;
    DialogProvider *m_dialogs;
    QWidget *m_window;
    QAction *m_export;
};
