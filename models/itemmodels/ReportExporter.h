// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"

#include <QObject>

class ChecklistDocument;

/**
 * File ▸ Export Report…: writes the current deployment's report (ReportDocument through
 * ReportFileWriter) on a worker thread with its own store connection, so the window stays
 * responsive while the audit trail is read and a PDF is laid out. One export at a time.
 */
class ReportExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExporter)

public:
    ReportExporter(ChecklistDocument *document, ProjectConfig project, QObject *parent = nullptr);

    /** Starts writing `path` in `format` (empty: from the suffix, else markdown); false when busy or nothing to export. */
    bool exportTo(const QString &path, const QString &format = {});
    bool isBusy() const { return m_busy; }

signals:
    /** error is empty on success. */
    void finished(const QString &path, const QString &error);

private:
    ChecklistDocument *m_document;
    ProjectConfig m_project;
    bool m_busy = false;
};
