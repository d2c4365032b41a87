// SPDX-License-Identifier: GPL-3.0-or-later
#include "NaDialog.h"

#include "ItemHeading.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NaDialog::NaDialog(const ChecklistItem &item, QWidget *parent)
    : QDialog(parent)
    , m_reasonEdit(ItemHeading::createNoteEdit(
          u"reasonTextEdit"_s, u"Why this item does not apply (e.g. the app has no database)"_s, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"naDialog"_s);
    setWindowTitle(u"Mark not applicable"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(ItemHeading::create(item, u"Not applicable items count as passing for the verdict."_s, this));
    auto *form = new QFormLayout;
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
