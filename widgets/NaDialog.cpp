// SPDX-License-Identifier: GPL-3.0-or-later
#include "NaDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NaDialog::NaDialog(const ChecklistItem &item, QWidget *parent)
    : QDialog(parent), m_reasonEdit(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"naDialog"_s);
    setWindowTitle(u"Mark not applicable"_s);
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(u"<b>%1</b><br>%2"_s.arg(item.title.toHtmlEscaped(), item.id.toHtmlEscaped()), this);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    auto *form = new QFormLayout;
    m_reasonEdit->setObjectName(u"reasonTextEdit"_s);
    m_reasonEdit->setTabChangesFocus(true);
    m_reasonEdit->setPlaceholderText(u"Why this item does not apply (e.g. the app has no database)"_s);
    m_reasonEdit->setMinimumSize(380, 80);
    form->addRow(u"&Reason:"_s, m_reasonEdit);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"Mark n/a"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reasonEdit, &QPlainTextEdit::textChanged, this, &NaDialog::updateOkButton);
    updateOkButton();
}

MarkRequest NaDialog::request() const
{
    MarkRequest request;
    request.action = MarkRequest::Action::Na;
    request.note = m_reasonEdit->toPlainText().trimmed();
    return request;
}

void NaDialog::setReason(const QString &reason)
{
    m_reasonEdit->setPlainText(reason);
}

void NaDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_reasonEdit->toPlainText().trimmed().isEmpty());
}
