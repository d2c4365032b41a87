// SPDX-License-Identifier: GPL-3.0-or-later
#include "NewDeploymentDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NewDeploymentDialog::NewDeploymentDialog(const QStringList &environments, const QString &defaultVersion,
                                         QWidget *parent, const QDateTime &now)
    : QDialog(parent), m_now(now), m_environmentCombo(new QComboBox(this)), m_versionEdit(new QLineEdit(this))
    , m_nameEdit(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"newDeploymentDialog"_s);
    setWindowTitle(u"New deployment"_s);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_environmentCombo->setObjectName(u"environmentComboBox"_s);
    m_environmentCombo->setEditable(true);
    m_environmentCombo->addItems(environments);
    m_environmentCombo->setMinimumWidth(260);
    form->addRow(u"&Environment:"_s, m_environmentCombo);
    m_versionEdit->setObjectName(u"versionLineEdit"_s);
    m_versionEdit->setText(defaultVersion);
    m_versionEdit->setPlaceholderText(u"v1.4.0 or a commit"_s);
    form->addRow(u"&Version:"_s, m_versionEdit);
    m_nameEdit->setObjectName(u"nameLineEdit"_s);
    form->addRow(u"&Name:"_s, m_nameEdit);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"Create"_s);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_environmentCombo, &QComboBox::currentTextChanged, this, &NewDeploymentDialog::handleEnvironmentChanged);
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    connect(m_nameEdit, &QLineEdit::textChanged, this, &NewDeploymentDialog::updateOkButton);
    handleEnvironmentChanged(m_environmentCombo->currentText());
}

NewDeploymentRequest NewDeploymentDialog::request() const
{
    return {m_environmentCombo->currentText().trimmed(), m_versionEdit->text().trimmed(), m_nameEdit->text().trimmed()};
}

QString NewDeploymentDialog::defaultName(const QString &environment, const QDateTime &now)
{
    return u"%1-%2"_s.arg(environment.trimmed().isEmpty() ? u"deploy"_s : environment.trimmed(),
                          now.toString(u"yyyy-MM-dd-HHmm"_s));
}

void NewDeploymentDialog::handleEnvironmentChanged(const QString &environment)
{
    if (!m_nameEdited)
        m_nameEdit->setText(defaultName(environment, m_now));
    updateOkButton();
}

void NewDeploymentDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_environmentCombo->currentText().trimmed().isEmpty() && !m_nameEdit->text().trimmed().isEmpty());
}
