// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/StatusStyle.h"

#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace StatusStyle {

QString label(Status status)
{
    switch (status) {
    case Status::Pending: return u"Pending"_s;
    case Status::Pass: return u"Pass"_s;
    case Status::Warn: return u"Warn"_s;
    case Status::Fail: return u"Fail"_s;
    case Status::Error: return u"Error"_s;
    case Status::NotReported: return u"Not reported"_s;
    case Status::Na: return u"N/A"_s;
    case Status::Waived: return u"Waived"_s;
    }
    return {};
}

bool isDarkPalette()
{
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor color(Status status, bool dark)
{
    // Light: deep tones that keep 4.5:1 contrast on white. Dark: lighter tones for dark bases.
    switch (status) {
    case Status::Pass: return dark ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32);
    case Status::Warn: return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xa6, 0x5b, 0x00);
    case Status::Fail: return dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
    case Status::Error: return dark ? QColor(0xf0, 0x62, 0x92) : QColor(0xad, 0x14, 0x57);
    case Status::NotReported: return dark ? QColor(0xb3, 0x9d, 0xdb) : QColor(0x5e, 0x35, 0xb1);
    case Status::Pending: return dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x6b, 0x6b, 0x6b);
    case Status::Na: return dark ? QColor(0x90, 0xa4, 0xae) : QColor(0x54, 0x6e, 0x7a);
    case Status::Waived: return dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0);
    }
    return {};
}

QColor color(Status status)
{
    return color(status, isDarkPalette());
}

QIcon icon(Status status)
{
    static QHash<int, QIcon> cache;
    const bool dark = isDarkPalette();
    const int key = static_cast<int>(status) * 2 + (dark ? 1 : 0);
    if (const auto it = cache.constFind(key); it != cache.constEnd())
        return it.value();
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color(status, dark));
        painter.drawEllipse(QRectF(4, 4, 24, 24));
    }
    const QIcon result(pixmap);
    cache.insert(key, result);
    return result;
}

QColor blend(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() + (tint.redF() - base.redF()) * amount,
                            base.greenF() + (tint.greenF() - base.greenF()) * amount,
                            base.blueF() + (tint.blueF() - base.blueF()) * amount);
}

QColor verdictColor(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Go: return QColor(0x2e, 0x7d, 0x32);
    case VerdictKind::ConditionalGo: return QColor(0xb2, 0x6a, 0x00);
    case VerdictKind::NoGo: return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

} // namespace StatusStyle
