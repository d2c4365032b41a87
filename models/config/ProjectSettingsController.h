// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigWriteResult.h"
#include "config/ProjectForm.h"

#include <QObject>
#include <QString>

/**
 * What the project form does with liftoff.yaml: creates a new project from the commented
 * template, reads the form's fields, and saves a changed form back through ConfigWriter, so the
 * file keeps its comments and is never left invalid (the loader's messages come back instead).
 */
class ProjectSettingsController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectSettingsController)

public:
    explicit ProjectSettingsController(QObject *parent = nullptr);

    /** Reads the form from configPath; returns an error message or an empty string. */
    QString open(const QString &configPath);
    /**
     * Writes folder/liftoff.yaml from the template `liftoff init` writes and opens it; returns an
     * error message or an empty string. An existing liftoff.yaml is never replaced.
     */
    QString createProject(const QString &folder, const QString &projectName);

    QString configPath() const { return m_configPath; }
    /** The form as the file was when opened or last saved. */
    ProjectForm form() const { return m_form; }
    /** The text form would write (not checked). */
    QString preview(const ProjectForm &form) const;
    /** Applies the changed fields, checks the result with the loader and writes it only when it loads. */
    ConfigWriteResult save(const ProjectForm &form);

signals:
    /** The file was written (a save); the app reloads the project from it. */
    void saved(const QString &configPath);

private:
    QString m_configPath;
    QString m_text;
    ProjectForm m_form;
};
