// SPDX-License-Identifier: GPL-3.0-or-later
#include "InitCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "config/ConfigTemplate.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace InitCommand {

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const QString dirPath = args.takePositional().value_or(u"."_s);
    QDir dir(dirPath);
    if (!dir.exists() && !QDir().mkpath(dirPath)) {
        err << "liftoff init: cannot create the folder " << dirPath << Qt::endl;
        return ExitCode::USAGE;
    }
    const QString path = dir.absoluteFilePath(u"liftoff.yaml"_s);
    if (QFileInfo::exists(path)) {
        err << "liftoff init: " << path << " exists already; edit it or remove it first (init never overwrites)"
            << Qt::endl;
        return ExitCode::USAGE;
    }
    QString projectName = QFileInfo(dir.absolutePath()).fileName().toLower();
    projectName.replace(QRegularExpression(u"[^a-z0-9._-]+"_s), u"-"_s);
    if (projectName.isEmpty())
        projectName = u"my-app"_s;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        err << "liftoff init: cannot write " << path << ": " << file.errorString() << Qt::endl;
        return ExitCode::USAGE;
    }
    file.write(ConfigTemplate::commentedYaml(projectName).toUtf8());
    if (!file.commit()) {
        err << "liftoff init: cannot write " << path << ": " << file.errorString() << Qt::endl;
        return ExitCode::USAGE;
    }
    out << "wrote " << path << "; edit the environments, then `liftoff deploy new --env production`" << Qt::endl;
    return ExitCode::GO;
}

} // namespace InitCommand
