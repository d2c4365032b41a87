// SPDX-License-Identifier: GPL-3.0-or-later
#include "KillSwitchDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

KillSwitchDialog::KillSwitchDialog(const QString &flag, const QString &source, std::optional<bool> current,
                                   QWidget *parent)
    : QDialog(parent)
    , m_on(new QRadioButton(tr("&On: AI features enabled"), this))
    , m_off(new QRadioButton(tr("O&ff: AI features switched off"), this))
    , m_reason(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Kill switch"));
    auto *layout = new QVBoxLayout(this);
    const QString now = current ? (*current ? tr("on") : tr("off")) : tr("unknown (could not be read)");
    auto *heading = new QLabel(tr("Flag <b>%1</b> in %2 is now <b>%3</b>.")
                                   .arg(flag.toHtmlEscaped(), source.toHtmlEscaped(), now), this);
    heading->setObjectName(u"flagLabel"_s);
    layout->addWidget(heading);
    m_on->setObjectName(u"onRadioButton"_s);
    m_off->setObjectName(u"offRadioButton"_s);
    (current.value_or(true) ? m_off : m_on)->setChecked(true);
    layout->addWidget(m_on);
    layout->addWidget(m_off);
    auto *reasonLabel = new QLabel(tr("&Reason (goes to the audit trail and the notification):"), this);
    reasonLabel->setBuddy(m_reason);
    m_reason->setObjectName(u"reasonTextEdit"_s);
    m_reason->setTabChangesFocus(true);
    m_reason->setFixedHeight(m_reason->fontMetrics().lineSpacing() * 4);
    layout->addWidget(reasonLabel);
    layout->addWidget(m_reason);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Flip"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &KillSwitchDialog::updateOk);
    updateOk();
}

bool KillSwitchDialog::value() const
{
    return m_on->isChecked();
}

QString KillSwitchDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

void KillSwitchDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
}
