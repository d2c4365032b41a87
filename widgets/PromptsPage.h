// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class PromptDiffView;
class PromptsController;
class QComboBox;
class QLabel;
class QTreeView;

/**
 * The Prompts tab: the project's prompts and their versions on the left, two version pickers and
 * the side-by-side diff on the right. Selecting a prompt compares the previous deployment's
 * version with the current one's; selecting a version compares it with the one before it.
 */
class PromptsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptsPage)

public:
    explicit PromptsPage(PromptsController *controller, QWidget *parent = nullptr);

    PromptDiffView *diffView() const { return m_diffView; }
    QString currentPrompt() const { return m_prompt; }
    /** Shows a prompt with a chosen pair of versions (indices into its versions, newest first). */
    void showPrompt(const QString &prompt, int leftIndex, int rightIndex);

private:
    void handleCatalogChanged();
    void handleSelection();
    void handlePickerChanged();
    void fillPickers();

    PromptsController *m_controller;
    QLabel *m_status;
    QTreeView *m_tree;
    QComboBox *m_leftPicker;
    QComboBox *m_rightPicker;
    PromptDiffView *m_diffView;
    QString m_prompt;
    bool m_updating = false;
};
