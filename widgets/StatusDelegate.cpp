// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusDelegate.h"

#include "itemmodels/ChecklistModel.h"
#include "itemmodels/StatusStyle.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace {
constexpr int CHIP_PADDING_X = 9;
constexpr int CHIP_MARGIN = 4;
constexpr qreal CHIP_TINT = 0.16;
constexpr qreal CHIP_BORDER_TINT = 0.45;
} // namespace

StatusDelegate::StatusDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void StatusDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The row background and selection first, then the chip on top.
    opt.text.clear();
    opt.icon = {};
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const Status status = index.data(ChecklistModel::StatusRole).value<Status>();
    const QString text = StatusStyle::label(status);
    const QColor color = StatusStyle::color(status);
    const QColor base = option.palette.color(QPalette::Base);

    QFont font = option.font;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const int chipHeight = qMin(option.rect.height() - 2 * CHIP_MARGIN, metrics.height() + 6);
    const int chipWidth = qMin(option.rect.width() - 2 * CHIP_MARGIN, metrics.horizontalAdvance(text) + 2 * CHIP_PADDING_X);
    const QRect chip(option.rect.left() + CHIP_MARGIN, option.rect.center().y() - chipHeight / 2 + 1, chipWidth,
                     chipHeight);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(chip), chipHeight / 2.0, chipHeight / 2.0);
    painter->fillPath(path, StatusStyle::blend(base, color, CHIP_TINT));
    painter->setPen(QPen(StatusStyle::blend(base, color, CHIP_BORDER_TINT), 1));
    painter->drawPath(path);
    painter->setPen(color);
    painter->setFont(font);
    painter->drawText(chip, Qt::AlignCenter, metrics.elidedText(text, Qt::ElideRight, chip.width() - 4));
    painter->restore();
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QFont font = option.font;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const Status status = index.data(ChecklistModel::StatusRole).value<Status>();
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {metrics.horizontalAdvance(StatusStyle::label(status)) + 2 * CHIP_PADDING_X + 2 * CHIP_MARGIN,
            qMax(base.height(), metrics.height() + 6 + 2 * CHIP_MARGIN)};
}
