// SPDX-License-Identifier: GPL-3.0-or-later
#include "ItemHeading.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int NOTE_LINES = 5;
constexpr int NOTE_MIN_WIDTH = 400;
} // namespace

namespace ItemHeading {

QWidget *create(const ChecklistItem &item, const QString &explanation, QWidget *parent)
{
    auto *heading = new QWidget(parent);
    auto *layout = new QVBoxLayout(heading);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->setSpacing(2);
    auto *title = new QLabel(item.title, heading);
    title->setObjectName(u"itemTitleLabel"_s);
    title->setWordWrap(true);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    auto *id = new QLabel(item.id, heading);
    id->setObjectName(u"itemIdLabel"_s);
    id->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(title);
    layout->addWidget(id);
    if (!explanation.isEmpty()) {
        auto *text = new QLabel(explanation, heading);
        text->setWordWrap(true);
        layout->addSpacing(6);
        layout->addWidget(text);
    }
    return heading;
}

QPlainTextEdit *createNoteEdit(const QString &objectName, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setTabChangesFocus(true);
    edit->setPlaceholderText(placeholder);
    edit->setMinimumWidth(NOTE_MIN_WIDTH);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * NOTE_LINES + 2 * edit->frameWidth() + 8);
    return edit;
}

} // namespace ItemHeading
