// SPDX-License-Identifier: GPL-3.0-or-later
#include "MinimumHeightContent.h"

#include <QLayout>

MinimumHeightContent::MinimumHeightContent(QWidget *parent)
    : QWidget(parent)
{
}

int MinimumHeightContent::heightForWidth(int width) const
{
    const QLayout *l = layout();
    if (!l || !l->hasHeightForWidth())
        return QWidget::heightForWidth(width);
    // The layout's own margins are included; this widget has none of its own.
    return l->minimumHeightForWidth(width);
}
