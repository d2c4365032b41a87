// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

/**
 * The widget inside a resizable QScrollArea whose layout has word-wrapped labels. QScrollArea
 * sizes such content by heightForWidth(), which QWidget answers with the layout's preferred
 * heights, so the area scrolls as soon as the parts are below their size hints. This answers
 * with the minimum heights instead: the parts shrink to their minimums first (as in a plain
 * layout) and the area scrolls only when even those do not fit.
 */
class MinimumHeightContent final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MinimumHeightContent)

public:
    explicit MinimumHeightContent(QWidget *parent = nullptr);

    int heightForWidth(int width) const override;
};
