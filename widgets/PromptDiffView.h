// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptDiffResult.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

/**
 * Two read-only text views side by side showing a PromptDiffResult row for row: removed and added
 * lines, changed lines with their changed words, whitespace-only changes in their own colour, and
 * filler rows where one side has no line. Colours follow the palette (light or dark); both views
 * scroll together, vertically and horizontally.
 */
class PromptDiffView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptDiffView)

public:
    explicit PromptDiffView(QWidget *parent = nullptr);

    void setDiff(const PromptDiffResult &diff, const QString &leftTitle, const QString &rightTitle);
    QPlainTextEdit *leftView() const { return m_left; }
    QPlainTextEdit *rightView() const { return m_right; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void syncVertical(QPlainTextEdit *from, int value);
    void syncHorizontal(QPlainTextEdit *from, int value);

    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    QLabel *m_legend;
    PromptDiffResult m_diff;
    bool m_syncing = false;
};
