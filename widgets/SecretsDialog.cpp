// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretsDialog.h"

#include "config/SecretRef.h"
#include "config/SecretsController.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SecretsDialog::SecretsDialog(SecretsController *controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_value(new QLineEdit(this))
    , m_store(new QPushButton(tr("&Set"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
    , m_message(new QLabel(this))
{
    setWindowTitle(tr("Secrets"));
    m_confirmDelete = [this](const QString &name) {
        return QMessageBox::question(this, tr("Delete secret"),
                                     tr("Delete keychain:%1 from the OS keychain? References to it stop working.")
                                         .arg(name))
               == QMessageBox::Yes;
    };
    m_list->setObjectName(u"namesListWidget"_s);
    m_name->setObjectName(u"nameLineEdit"_s);
    m_name->setPlaceholderText(tr("NAME, referenced as keychain:NAME"));
    m_value->setObjectName(u"valueLineEdit"_s);
    m_value->setEchoMode(QLineEdit::Password);
    m_value->setPlaceholderText(tr("paste the value; it is never shown"));
    m_store->setObjectName(u"storePushButton"_s);
    m_delete->setObjectName(u"deletePushButton"_s);
    m_message->setObjectName(u"messageLabel"_s);
    m_message->setWordWrap(true);

    auto *intro = new QLabel(tr("Entries of the OS keychain (service \"liftoff\") that <code>keychain:NAME</code> "
                                "references in liftoff.yaml read. Values are never shown."),
                             this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Value:"), m_value);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_store, QDialogButtonBox::ActionRole);
    buttons->addButton(m_delete, QDialogButtonBox::DestructiveRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        if (!name.isEmpty())
            m_name->setText(name);
    });
    connect(m_name, &QLineEdit::textChanged, this, &SecretsDialog::updateButtons);
    connect(m_value, &QLineEdit::textChanged, this, &SecretsDialog::updateButtons);
    connect(m_value, &QLineEdit::returnPressed, this, &SecretsDialog::storeValue);
    connect(m_store, &QPushButton::clicked, this, &SecretsDialog::storeValue);
    connect(m_delete, &QPushButton::clicked, this, &SecretsDialog::deleteSelected);
    connect(m_controller, &SecretsController::namesChanged, this, &SecretsDialog::showNames);
    connect(m_controller, &SecretsController::busyChanged, this, &SecretsDialog::updateButtons);
    connect(m_controller, &SecretsController::failed, this, [this](const QString &text) { m_message->setText(text); });
    connect(m_controller, &SecretsController::done, this, [this](const QString &text) { m_message->setText(text); });
    showNames();
    updateButtons();
    m_message->setText(tr("Reading the keychain…"));
    connect(m_controller, &SecretsController::busyChanged, this, [this](bool busy) {
        if (!busy && m_message->text() == tr("Reading the keychain…"))
            m_message->setText(m_controller->errorString());
    });
    m_controller->refresh();
}

void SecretsDialog::showNames()
{
    const QString current = m_list->currentItem() ? m_list->currentItem()->text() : QString();
    m_list->clear();
    m_list->addItems(m_controller->names());
    const QList<QListWidgetItem *> again = m_list->findItems(current, Qt::MatchExactly);
    if (!again.isEmpty())
        m_list->setCurrentItem(again.first());
    updateButtons();
}

void SecretsDialog::storeValue()
{
    if (!m_store->isEnabled())
        return;
    QString value = m_value->text();
    // Handed over: the field keeps nothing, whatever the keychain answers.
    m_value->clear();
    m_controller->store(m_name->text().trimmed(), value);
    value.fill(u'\0');
}

void SecretsDialog::deleteSelected()
{
    const QString name = m_name->text().trimmed();
    if (!m_controller->names().contains(name) || !m_confirmDelete(name))
        return;
    m_controller->remove(name);
}

void SecretsDialog::updateButtons()
{
    const QString name = m_name->text().trimmed();
    const bool known = m_controller->names().contains(name);
    const bool idle = !m_controller->isBusy();
    m_store->setText(known ? tr("&Replace") : tr("&Set"));
    m_store->setEnabled(idle && SecretRef::isValidName(name) && !m_value->text().isEmpty());
    m_delete->setEnabled(idle && known);
}
