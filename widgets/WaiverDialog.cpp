// SPDX-License-Identifier: GPL-3.0-or-later
#include "WaiverDialog.h"

#include "ItemHeading.h"

#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

WaiverDialog::WaiverDialog(const ChecklistItem &item, QWidget *parent)
    : QDialog(parent)
    , m_reasonEdit(ItemHeading::createNoteEdit(u"reasonTextEdit"_s, u"Why the release may go ahead without this item"_s,
                                               this))
    , m_expiryEdit(new QDateEdit(this))
    , m_problemLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"waiverDialog"_s);
    setWindowTitle(u"Waive item"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(ItemHeading::create(item,
                                          u"A waiver accepts a failing item until it expires. While it is in force "
                                          u"the verdict is at best Conditional Go."_s,
                                          this));

    auto *form = new QFormLayout;
    form->addRow(u"&Reason:"_s, m_reasonEdit);
    m_expiryEdit->setObjectName(u"expiryDateEdit"_s);
    m_expiryEdit->setCalendarPopup(true);
    m_expiryEdit->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_expiryEdit->setMinimumDate(QDate::currentDate());
    m_expiryEdit->setDate(QDate::currentDate().addDays(DEFAULT_DAYS));
    form->addRow(u"&Expires:"_s, m_expiryEdit);
    layout->addLayout(form);
    m_problemLabel->setObjectName(u"problemLabel"_s);
    m_problemLabel->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"Waive"_s);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reasonEdit, &QPlainTextEdit::textChanged, this, &WaiverDialog::updateOkButton);
    connect(m_expiryEdit, &QDateEdit::dateChanged, this, &WaiverDialog::updateOkButton);
    updateOkButton();
}

MarkRequest WaiverDialog::request() const
{
    MarkRequest request;
    request.action = MarkRequest::Action::Waive;
    request.note = m_reasonEdit->toPlainText().trimmed();
    request.expires = expires();
    return request;
}

void WaiverDialog::setReason(const QString &reason)
{
    m_reasonEdit->setPlainText(reason);
}

void WaiverDialog::setExpiryDate(const QDate &date)
{
    m_expiryEdit->setDate(date);
}

QDateTime WaiverDialog::expires() const
{
    return QDateTime(m_expiryEdit->date(), QTime(23, 59, 59));
}

bool WaiverDialog::isValid() const
{
    return !m_reasonEdit->toPlainText().trimmed().isEmpty() && expires() > QDateTime::currentDateTime();
}

void WaiverDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isValid());
    if (m_reasonEdit->toPlainText().trimmed().isEmpty())
        m_problemLabel->setText(u"A waiver needs a reason."_s);
    else if (expires() <= QDateTime::currentDateTime())
        m_problemLabel->setText(u"The expiry must be in the future."_s);
    else
        m_problemLabel->setText(u"In force until %1 23:59."_s.arg(m_expiryEdit->date().toString(Qt::ISODate)));
}
