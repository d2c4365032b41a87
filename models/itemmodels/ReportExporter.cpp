// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ReportExporter.h"

#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/ReportFileWriter.h"
#include "report/ReportLoader.h"
#include "store/Database.h"

#include <QFutureWatcher>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

ReportExporter::ReportExporter(ChecklistDocument *document, ProjectConfig project, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_project(std::move(project))
{
}

bool ReportExporter::exportTo(const QString &path, const QString &requestedFormat)
{
    if (m_busy || !m_document->hasDeployment() || path.isEmpty())
        return false;
    QString format = requestedFormat.isEmpty() ? ReportFileWriter::formatForPath(path) : requestedFormat;
    if (format.isEmpty())
        format = u"markdown"_s;
    m_busy = true;
    // The items as the window shows them now; the rest is read on the worker.
    const QList<EvaluatedItem> items = m_document->model()->evaluatedItems();
    const DeploymentRecord deployment = m_document->currentDeployment();
    const QString databasePath = m_document->databasePath();
    const ProjectConfig project = m_project;
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_busy = false;
        emit finished(path, error);
    });
    watcher->setFuture(QtConcurrent::run([=]() -> QString {
        Database database;
        if (StoreError e = database.open(databasePath); e.isError())
            return e.message;
        ReportData data;
        if (StoreError e = ReportLoader::load(database, project, deployment, items, &data); e.isError())
            return e.message;
        return ReportFileWriter::write(ReportDocument(data), format, path);
    }));
    return true;
}
