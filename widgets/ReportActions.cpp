// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReportActions.h"

#include "DialogProvider.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ReportExporter.h"

#include <QAction>
#include <QDir>
#include <QStandardPaths>
#include <QWidget>

using namespace Qt::StringLiterals;

ReportActions::ReportActions(ChecklistDocument *document, ReportExporter *exporter, DialogProvider *dialogs,
                             QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_exporter(exporter)
    , m_dialogs(dialogs)
    , m_window(window)
    , m_export(new QAction(u"&Export Report…"_s, this))
{
    m_export->setObjectName(u"exportReportAction"_s);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_export->setStatusTip(u"Save the deployment's checklist, evidence, charts and audit trail as PDF, HTML, "
                           u"Markdown, JSON or JUnit"_s);
    connect(m_export, &QAction::triggered, this, &ReportActions::exportReport);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &ReportActions::updateAction);
    connect(m_exporter, &ReportExporter::finished, this, [this](const QString &path, const QString &error) {
        updateAction();
        if (error.isEmpty())
            emit message(u"Wrote the report to %1"_s.arg(QDir::toNativeSeparators(path)));
        else
            m_dialogs->showError(m_window, u"Cannot export the report"_s, error);
    });
    updateAction();
}

void ReportActions::updateAction()
{
    m_export->setEnabled(m_document->hasDeployment() && !m_exporter->isBusy());
}

void ReportActions::exportReport()
{
    if (!m_document->hasDeployment())
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = QDir(folder).filePath(u"%1-report.pdf"_s.arg(m_document->currentDeployment().name));
    const QString path = m_dialogs->askSaveFile(m_window, u"Export Report"_s, suggested,
                                                u"PDF (*.pdf);;HTML (*.html);;Markdown (*.md);;JSON (*.json);;"
                                                u"JUnit XML (*.xml)"_s);
    if (path.isEmpty())
        return;
    if (m_exporter->exportTo(path)) {
        updateAction();
        emit message(u"Writing the report to %1…"_s.arg(QDir::toNativeSeparators(path)));
    }
}
