// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/MarkRules.h"

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

/** What the "New deployment" dialog answers. */
struct NewDeploymentRequest
{
    QString environment;
    QString version;
    QString name;
};

/** What File ▸ New Project… asks: the folder that gets liftoff.yaml and the project's name. */
struct NewProjectRequest
{
    QString folder;
    QString name;
};

/** A secret pasted by the user, to store in the OS keychain under name. */
struct SecretEntry
{
    QString name;
    QString value;
};

/**
 * The seam between the main window and every modal dialog or message box. The app passes a
 * WidgetDialogProvider; tests pass one that returns canned answers, so nothing blocks on exec().
 */
class DialogProvider
{
public:
    DialogProvider() = default;
    virtual ~DialogProvider() = default;
    DialogProvider(const DialogProvider &) = delete;
    DialogProvider &operator=(const DialogProvider &) = delete;

    /** Asks for what a manual change needs (note, evidence, reason, expiry); nullopt when cancelled. */
    virtual std::optional<MarkRequest> askMark(QWidget *parent, const ChecklistItem &item,
                                               MarkRequest::Action action) = 0;
    virtual std::optional<NewDeploymentRequest> askNewDeployment(QWidget *parent, const QStringList &environments,
                                                                 const QString &defaultVersion) = 0;
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text) = 0;
    virtual void showError(QWidget *parent, const QString &title, const QString &text) = 0;
    virtual void showAbout(QWidget *parent) = 0;
    /** Where to save a file; empty when cancelled. The filter's first entry is the default type. */
    virtual QString askSaveFile(QWidget *parent, const QString &title, const QString &suggestedPath,
                                const QString &filter) = 0;
    /** One line of text (a blessing's reason, say); nullopt when cancelled. */
    virtual std::optional<QString> askText(QWidget *parent, const QString &title, const QString &label) = 0;
    /** A folder and a project name for a new liftoff.yaml; nullopt when cancelled. */
    virtual std::optional<NewProjectRequest> askNewProject(QWidget *parent) = 0;
    /** A keychain entry name (suggestedName filled in) and its value, typed hidden; nullopt when cancelled. */
    virtual std::optional<SecretEntry> askSecret(QWidget *parent, const QString &suggestedName) = 0;
};
