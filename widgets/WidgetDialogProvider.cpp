// SPDX-License-Identifier: GPL-3.0-or-later
#include "WidgetDialogProvider.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLineEdit>

#include "MarkDialog.h"
#include "NaDialog.h"
#include "NewDeploymentDialog.h"
#include "WaiverDialog.h"

#include <QMessageBox>

using namespace Qt::StringLiterals;

std::optional<MarkRequest> WidgetDialogProvider::askMark(QWidget *parent, const ChecklistItem &item,
                                                         MarkRequest::Action action)
{
    switch (action) {
    case MarkRequest::Action::Waive: {
        WaiverDialog dialog(item, parent);
        if (dialog.exec() == QDialog::Accepted)
            return dialog.request();
        return std::nullopt;
    }
    case MarkRequest::Action::Na: {
        NaDialog dialog(item, parent);
        if (dialog.exec() == QDialog::Accepted)
            return dialog.request();
        return std::nullopt;
    }
    case MarkRequest::Action::Reset: {
        if (!confirm(parent, u"Reset item"_s, u"Reset %1 to pending?"_s.arg(item.id)))
            return std::nullopt;
        MarkRequest request;
        request.action = MarkRequest::Action::Reset;
        return request;
    }
    default: {
        MarkDialog dialog(item, action, parent);
        if (dialog.exec() == QDialog::Accepted)
            return dialog.request();
        return std::nullopt;
    }
    }
}

std::optional<NewDeploymentRequest> WidgetDialogProvider::askNewDeployment(QWidget *parent,
                                                                           const QStringList &environments,
                                                                           const QString &defaultVersion)
{
    NewDeploymentDialog dialog(environments, defaultVersion, parent);
    if (dialog.exec() == QDialog::Accepted)
        return dialog.request();
    return std::nullopt;
}

bool WidgetDialogProvider::confirm(QWidget *parent, const QString &title, const QString &text)
{
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
           == QMessageBox::Yes;
}

void WidgetDialogProvider::showError(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.exec();
}

void WidgetDialogProvider::showAbout(QWidget *parent)
{
    QMessageBox::about(parent, u"About Liftoff"_s,
                       u"<h3>Liftoff %1</h3><p>A release console for teams shipping LLM-powered applications: "
                       u"the AI deployment checklist, live probes and a Go / No-Go verdict.</p>"_s.arg(
                           QStringLiteral(LIFTOFF_VERSION)));
}

QString WidgetDialogProvider::askSaveFile(QWidget *parent, const QString &title, const QString &suggestedPath,
                                          const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, title, suggestedPath, filter);
}

std::optional<QString> WidgetDialogProvider::askText(QWidget *parent, const QString &title, const QString &label)
{
    bool ok = false;
    const QString text = QInputDialog::getText(parent, title, label, QLineEdit::Normal, {}, &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

std::optional<NewProjectRequest> WidgetDialogProvider::askNewProject(QWidget *parent)
{
    const QString folder = QFileDialog::getExistingDirectory(parent, u"New project: the folder for liftoff.yaml"_s,
                                                             QDir::homePath());
    if (folder.isEmpty())
        return std::nullopt;
    bool ok = false;
    const QString name = QInputDialog::getText(parent, u"New project"_s, u"Project name:"_s, QLineEdit::Normal,
                                               QFileInfo(folder).fileName(), &ok);
    if (!ok || name.trimmed().isEmpty())
        return std::nullopt;
    return NewProjectRequest {folder, name.trimmed()};
}

std::optional<SecretEntry> WidgetDialogProvider::askSecret(QWidget *parent, const QString &suggestedName)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(u"Store in keychain"_s);
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(suggestedName, &dialog);
    name->setObjectName(u"secretNameLineEdit"_s);
    auto *value = new QLineEdit(&dialog);
    value->setObjectName(u"secretValueLineEdit"_s);
    value->setEchoMode(QLineEdit::Password); // a pasted key is never shown
    form->addRow(u"Name:"_s, name);
    form->addRow(u"Value:"_s, value);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || name->text().trimmed().isEmpty() || value->text().isEmpty())
        return std::nullopt;
    return SecretEntry {name->text().trimmed(), value->text()};
}
