// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/ReportDocument.h"

#include <QString>
#include <QStringList>

/**
 * Writes a ReportDocument to a file in one of `liftoff report`'s formats: markdown, html, json,
 * junit or pdf. The file is replaced atomically (QSaveFile), so a failed write leaves the old one.
 * PDF lays the HTML out with QTextDocument and draws the SVG charts as images (QtGui, hence here
 * and not in the core). Blocking; the GUI runs it on a worker thread.
 */
namespace ReportFileWriter {

/** "markdown", "html", "pdf", "json", "junit". */
const QStringList &formats();
/** The format a file name implies (by its suffix), or empty. */
QString formatForPath(const QString &path);
/** The report as bytes in a text format (not pdf). */
QByteArray render(const ReportDocument &document, const QString &format);
/** Writes the file; returns an error message (empty on success) naming the path. */
QString write(const ReportDocument &document, const QString &format, const QString &path);

} // namespace ReportFileWriter
