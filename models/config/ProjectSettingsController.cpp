// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProjectSettingsController.h"

#include "config/ConfigTemplate.h"
#include "config/ConfigWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

ProjectSettingsController::ProjectSettingsController(QObject *parent) : QObject(parent) {}

QString ProjectSettingsController::open(const QString &configPath)
{
    QFile file(configPath);
    if (!file.open(QIODevice::ReadOnly))
        return tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(configPath), file.errorString());
    m_configPath = QFileInfo(configPath).absoluteFilePath();
    m_text = QString::fromUtf8(file.readAll());
    m_form = ProjectForm::fromYaml(m_text);
    return {};
}

QString ProjectSettingsController::createProject(const QString &folder, const QString &projectName)
{
    const QString name = projectName.trimmed();
    if (name.isEmpty())
        return tr("A project needs a name.");
    if (!QDir().mkpath(folder))
        return tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(folder));
    const QString path = QDir(folder).filePath(u"liftoff.yaml"_s);
    if (QFileInfo::exists(path))
        return tr("%1 already exists; open it with File ▸ Open Project… instead.").arg(QDir::toNativeSeparators(path));
    const ConfigWriteResult result = ConfigWriter::writeText(path, ConfigTemplate::commentedYaml(name));
    if (!result.written)
        return result.errorText();
    return open(path);
}

QString ProjectSettingsController::preview(const ProjectForm &form) const
{
    return ConfigWriter::apply(m_text, form.editsFrom(m_form));
}

ConfigWriteResult ProjectSettingsController::save(const ProjectForm &form)
{
    // The file as it is now: edits made elsewhere since the form opened are kept.
    ConfigWriteResult result = ConfigWriter::write(m_configPath, form.editsFrom(m_form));
    if (result.written) {
        m_text = result.text;
        m_form = ProjectForm::fromYaml(m_text);
        emit saved(m_configPath);
    }
    return result;
}
