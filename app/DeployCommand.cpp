// SPDX-License-Identifier: GPL-3.0-or-later
#include "DeployCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "actions/ReleaseCostProjection.h"
#include "config/NearestName.h"
#include "git/GitDescription.h"
#include "prompts/PromptVersionCapture.h"
#include "store/PromptVersionRepository.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace DeployCommand {

namespace {
/**
 * Records the prompt versions the new deployment ships and says what they are; when they cannot be
 * read the deployment stays recorded and a warning on stderr names the problem and what to do. Then
 * qa.baseline-recorded is compared with the blessed baseline, so `status` shows it straight away.
 */
int recordPrompts(CliSession &session, const DeploymentRecord &deployment, QTextStream &out, QTextStream &err)
{
    const ProjectConfig &project = session.project();
    if (!project.prompts)
        return ExitCode::GO; // no `prompts:`: nothing to record, nothing to say
    QNetworkAccessManager nam;
    PromptVersionCapture capture(&nam, project.prompts, project.repoPath);
    ShippedPrompts shipped;
    QEventLoop loop;
    QObject::connect(&capture, &PromptVersionCapture::finished, &loop, [&shipped, &loop](const ShippedPrompts &p) {
        shipped = p;
        loop.quit();
    });
    capture.start(deployment.commit);
    loop.exec();
    for (const QString &warning : std::as_const(shipped.warnings))
        err << "liftoff deploy new: warning: " << warning << Qt::endl;
    if (!shipped.ok) {
        err << "liftoff deploy new: warning: " << deployment.name << " was recorded without its prompt versions: "
            << shipped.error << Qt::endl;
    }
    PromptVersionRepository repository(session.database());
    for (const DeploymentPromptRecord &record : shipped.records(deployment.id)) {
        if (StoreError e = repository.record(record); e.isError())
            return session.storeFailure(e);
    }
    for (const ShippedPrompts::Entry &entry : std::as_const(shipped.entries))
        out << entry.line() << Qt::endl;
    return ExitCode::GO;
}

int createDeployment(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> env = args.takeOption(u"--env"_s);
    std::optional<QString> version = args.takeOption(u"--version"_s);
    std::optional<QString> name = args.takeOption(u"--name"_s);
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    CliSession session(out, err);
    if (const int code = session.open(args, false))
        return code;
    const ProjectConfig &project = session.project();
    QStringList envNames;
    for (const EnvironmentConfig &e : project.environments)
        envNames.append(e.name);
    QString environment;
    if (env) {
        environment = *env;
    } else if (project.defaultEnvironment()) {
        environment = project.defaultEnvironment()->name;
    } else {
        err << "liftoff deploy new: give --env ENV (liftoff.yaml lists no environments)" << Qt::endl;
        return ExitCode::USAGE;
    }
    if (!envNames.isEmpty() && !envNames.contains(environment)) {
        err << "liftoff deploy new: unknown environment '" << environment << "'";
        const QString nearest = NearestName::find(environment, envNames);
        if (!nearest.isEmpty())
            err << "; did you mean `" << nearest << "`?";
        err << " (known: " << envNames.join(u", "_s) << ")" << Qt::endl;
        return ExitCode::USAGE;
    }
    const GitDescription git = GitDescription::of(project.repoPath);
    if (!version) {
        if (!git.ok) {
            err << "liftoff deploy new: no --version given and " << git.error << Qt::endl;
            return ExitCode::USAGE;
        }
        version = git.describe;
    }
    DeploymentRecord deployment;
    deployment.projectId = session.projectId();
    deployment.environment = environment;
    deployment.version = version->trimmed();
    deployment.commit = git.ok ? git.commit : QString();
    deployment.created = QDateTime::currentDateTimeUtc();
    deployment.name = name ? name->trimmed()
                           : u"%1-%2"_s.arg(environment, deployment.created.toString(u"yyyy-MM-dd-HHmmss"_s));
    if (deployment.name.isEmpty() || deployment.version.isEmpty()) {
        err << "liftoff deploy new: the name and version must not be empty" << Qt::endl;
        return ExitCode::USAGE;
    }
    if (StoreError e = session.repository().createDeployment(&deployment, CliSession::currentUser(by)); e.isError())
        return session.storeFailure(e);
    out << "recorded deployment " << deployment.name << " (" << deployment.environment << ", " << deployment.version
        << ")" << Qt::endl;
    return recordPrompts(session, deployment, out, err);
}

int listDeployments(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const QString format = args.takeOption(u"--format"_s).value_or(u"text"_s);
    CliSession session(out, err);
    if (const int code = session.open(args, false))
        return code;
    QList<DeploymentRecord> list;
    if (StoreError e = session.repository().deployments(session.projectId(), &list); e.isError())
        return session.storeFailure(e);
    if (format == u"json") {
        QJsonArray array;
        for (const DeploymentRecord &d : list) {
            array.append(QJsonObject {{u"name"_s, d.name}, {u"environment"_s, d.environment},
                                      {u"version"_s, d.version}, {u"commit"_s, d.commit},
                                      {u"created"_s, d.created.toString(Qt::ISODate)},
                                      {u"released"_s, d.isReleased() ? QJsonValue(d.released.toString(Qt::ISODate))
                                                                     : QJsonValue(QJsonValue::Null)}});
        }
        out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitCode::GO;
    }
    if (list.isEmpty()) {
        out << "no deployments yet; record one with `liftoff deploy new --env ENV`" << Qt::endl;
        return ExitCode::GO;
    }
    qsizetype nameWidth = 4, envWidth = 11, versionWidth = 7;
    for (const DeploymentRecord &d : list) {
        nameWidth = qMax(nameWidth, d.name.size());
        envWidth = qMax(envWidth, d.environment.size());
        versionWidth = qMax(versionWidth, d.version.size());
    }
    out << u"NAME"_s.leftJustified(nameWidth) << "  " << u"ENVIRONMENT"_s.leftJustified(envWidth) << "  "
        << u"VERSION"_s.leftJustified(versionWidth) << "  " << u"CREATED"_s.leftJustified(20) << "  RELEASED\n";
    for (const DeploymentRecord &d : list) {
        out << d.name.leftJustified(nameWidth) << "  " << d.environment.leftJustified(envWidth) << "  "
            << d.version.leftJustified(versionWidth) << "  "
            << d.created.toString(Qt::ISODate).leftJustified(20) << "  "
            << (d.isReleased() ? d.released.toString(Qt::ISODate) : u"-"_s) << "\n";
    }
    out.flush();
    return ExitCode::GO;
}

int releaseDeployment(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    const std::optional<QString> name = args.takePositional();
    CliSession session(out, err);
    if (!name) {
        err << "liftoff deploy release: which deployment? give its NAME (see liftoff deploy list)" << Qt::endl;
        return ExitCode::USAGE;
    }
    if (const int code = session.open(args, false))
        return code;
    DeploymentRecord deployment;
    if (StoreError e = session.repository().findDeployment(session.projectId(), *name, &deployment); e.isError())
        return session.storeFailure(e);
    if (deployment.isReleased()) {
        err << "liftoff deploy release: " << deployment.name << " was released already on "
            << deployment.released.toString(Qt::ISODate) << Qt::endl;
        return ExitCode::USAGE;
    }
    const QDateTime releasedAt = QDateTime::currentDateTimeUtc();
    if (StoreError e = session.repository().releaseDeployment(deployment.id, releasedAt, CliSession::currentUser(by));
        e.isError())
        return session.storeFailure(e);
    out << "released " << deployment.name << "; post-deployment items count from now on" << Qt::endl;
    // The release stands even when the cost reading fails: the projection is then taken later.
    if (session.project().sources.cost) {
        QNetworkAccessManager nam;
        ReleaseCostProjection projection(&nam);
        ReleaseCostProjection::Outcome outcome;
        QEventLoop loop;
        QObject::connect(&projection, &ReleaseCostProjection::finished, &loop,
                         [&](const ReleaseCostProjection::Outcome &o) {
                             outcome = o;
                             loop.quit();
                         });
        projection.run(session.project(), session.databasePath(), deployment.id, releasedAt);
        loop.exec();
        (outcome.recorded ? out : err) << outcome.message << Qt::endl;
    }
    return ExitCode::GO;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> sub = args.takePositional();
    if (sub == u"new")
        return createDeployment(args, out, err);
    if (sub == u"list")
        return listDeployments(args, out, err);
    if (sub == u"release")
        return releaseDeployment(args, out, err);
    err << "liftoff deploy: use `deploy new --env ENV`, `deploy list` or `deploy release NAME`" << Qt::endl;
    return ExitCode::USAGE;
}

} // namespace DeployCommand
