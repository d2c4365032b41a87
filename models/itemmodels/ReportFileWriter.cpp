// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ReportFileWriter.h"

#include "report/ChecklistReport.h"

#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace ReportFileWriter {

namespace {
// Charts are rasterised at twice their size so they stay sharp in print.
constexpr int CHART_SCALE = 2;

QString writeBytes(const QByteArray &bytes, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    return {};
}

QString writePdf(const ReportDocument &document, const QString &path)
{
    // QPdfWriter writes as it goes: render into a temporary sibling and move it into place.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    {
        QPdfWriter pdf(&file);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setResolution(144);
        pdf.setTitle(u"Liftoff report"_s);
        pdf.setCreator(u"Liftoff"_s);
        QTextDocument text;
        text.setDefaultStyleSheet(u"th{background:#f1f3f4} td,th{padding:3px} pre{font-size:8pt}"_s);
        for (const auto &[name, svg] : document.charts()) {
            QImage image;
            if (!image.loadFromData(svg.toUtf8(), "SVG"))
                continue; // no SVG image plugin: the chart is left out, the rest stays
            image = image.scaledToWidth(image.width() * CHART_SCALE, Qt::SmoothTransformation);
            text.addResource(QTextDocument::ImageResource, QUrl(ReportDocument::chartUrl(name)), image);
        }
        text.setHtml(document.html(ReportDocument::Charts::ImageReferences));
        text.setPageSize(QSizeF(pdf.width(), pdf.height()));
        text.print(&pdf);
    }
    if (!file.commit())
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    return {};
}
} // namespace

const QStringList &formats()
{
    static const QStringList all {u"markdown"_s, u"html"_s, u"pdf"_s, u"json"_s, u"junit"_s};
    return all;
}

QString formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"md" || suffix == u"markdown")
        return u"markdown"_s;
    if (suffix == u"html" || suffix == u"htm")
        return u"html"_s;
    if (suffix == u"pdf" || suffix == u"json")
        return suffix;
    if (suffix == u"xml")
        return u"junit"_s;
    return {};
}

QByteArray render(const ReportDocument &document, const QString &format)
{
    if (format == u"markdown")
        return document.markdown().toUtf8();
    if (format == u"html")
        return document.html().toUtf8();
    if (format == u"json")
        return QJsonDocument(document.json()).toJson(QJsonDocument::Indented);
    if (format == u"junit")
        return document.junit().toUtf8();
    return {};
}

QString write(const ReportDocument &document, const QString &format, const QString &path)
{
    if (!formats().contains(format))
        return u"unknown report format '%1'; use %2"_s.arg(format, formats().join(u", "_s));
    if (format == u"pdf")
        return writePdf(document, path);
    return writeBytes(render(document, format), path);
}

} // namespace ReportFileWriter
