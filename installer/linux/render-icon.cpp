// SPDX-License-Identifier: GPL-3.0-or-later
// Build tool: renders the SVG icon to the PNG sizes of the hicolor theme, through Qt's own SVG
// image plugin (libqt6svg6), so no other renderer is needed.
//
//   liftoff-render-icon ICON.svg OUTDIR NAME SIZE...   writes OUTDIR/SIZExSIZE/apps/NAME.png
#include <QDir>
#include <QCoreApplication>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s ICON.svg OUTDIR NAME SIZE...\n", argv[0]);
        return 2;
    }
    QCoreApplication app(argc, argv); // the image plugins need no display (the icon has no text)
    const QString svg = QString::fromLocal8Bit(argv[1]);
    const QString outDir = QString::fromLocal8Bit(argv[2]);
    const QString name = QString::fromLocal8Bit(argv[3]);
    for (int i = 4; i < argc; ++i) {
        bool ok = false;
        const int size = QString::fromLocal8Bit(argv[i]).toInt(&ok);
        if (!ok || size <= 0 || size > 1024) {
            std::fprintf(stderr, "render-icon: bad size %s\n", argv[i]);
            return 2;
        }
        QImageReader reader(svg, "svg");
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        if (image.isNull()) {
            std::fprintf(stderr, "render-icon: cannot read %s: %s (is the Qt SVG image plugin installed?)\n",
                         argv[1], qPrintable(reader.errorString()));
            return 1;
        }
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(outDir).arg(size);
        if (!QDir().mkpath(dir)) {
            std::fprintf(stderr, "render-icon: cannot create %s\n", qPrintable(dir));
            return 1;
        }
        QImageWriter writer(dir + QLatin1Char('/') + name + QStringLiteral(".png"), "png");
        if (!writer.write(image.convertToFormat(QImage::Format_ARGB32))) {
            std::fprintf(stderr, "render-icon: cannot write %s: %s\n", qPrintable(writer.fileName()),
                         qPrintable(writer.errorString()));
            return 1;
        }
    }
    return 0;
}
