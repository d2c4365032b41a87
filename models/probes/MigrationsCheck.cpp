// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/MigrationsCheck.h"

#include "scan/MigrationChecker.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
QString reversibilityName(Reversibility r)
{
    switch (r) {
    case Reversibility::Reversible: return u"reversible"_s;
    case Reversibility::Irreversible: return u"irreversible"_s;
    case Reversibility::Unknown: return u"unknown"_s;
    }
    return {};
}
} // namespace

ProbeResult MigrationsCheck::evaluate(const MigrationReport &report, const QString &previousName)
{
    ProbeResult result;
    QJsonArray listed;
    QStringList irreversible;
    QStringList unknown;
    for (const MigrationFinding &m : report.migrations) {
        QJsonObject o {{u"file"_s, m.file},
                       {u"framework"_s, MigrationFinding::frameworkName(m.framework)},
                       {u"reversibility"_s, reversibilityName(m.reversibility)},
                       {u"reason"_s, m.reason}};
        if (m.line > 0)
            o.insert(u"line"_s, m.line);
        listed.append(o);
        const QString where = m.line > 0 ? u"%1:%2"_s.arg(m.file).arg(m.line) : m.file;
        if (m.reversibility == Reversibility::Irreversible)
            irreversible.append(u"%1 (%2)"_s.arg(where, m.reason));
        else if (m.reversibility == Reversibility::Unknown)
            unknown.append(u"%1 (%2)"_s.arg(where, m.reason));
    }
    result.evidence = {{u"base_commit"_s, report.baseCommit},
                       {u"head_commit"_s, report.headCommit},
                       {u"since"_s, previousName},
                       {u"migrations"_s, listed}};
    switch (report.outcome) {
    case MigrationReport::Outcome::Error:
        result.status = Status::Error;
        result.summary = report.error;
        break;
    case MigrationReport::Outcome::NoMigrations:
        result.status = Status::Pass;
        result.summary = u"no migration added since %1"_s.arg(previousName);
        break;
    case MigrationReport::Outcome::AllReversible:
        result.status = Status::Pass;
        result.summary = u"all %1 migration(s) since %2 have a working down step"_s.arg(report.migrations.size()).arg(previousName);
        break;
    case MigrationReport::Outcome::Irreversible:
        result.status = Status::Fail;
        result.summary = u"%1 migration(s) since %2 cannot be undone: %3"_s.arg(irreversible.size())
                             .arg(previousName, irreversible.join(u"; "_s));
        break;
    case MigrationReport::Outcome::NotReported:
        result.status = Status::NotReported;
        result.summary = u"cannot tell whether %1 can be undone (unknown layout); check by hand or mark the item"_s
                             .arg(unknown.isEmpty() ? report.summary() : unknown.join(u"; "_s));
        break;
    }
    return result;
}

ProbeResult MigrationsCheck::run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &)
{
    const QString base = DeploymentHistory::revisionOf(context.deployments.previousReleased);
    if (base.isEmpty()) {
        ProbeResult result;
        result.status = Status::NotReported;
        result.summary = u"no previous released deployment to compare with; record and release one first"_s;
        return result;
    }
    MigrationOptions options;
    const QStringList downCommand = request.spec.params.value(u"down_command"_s).toStringList();
    options.prismaDownCommand = downCommand.join(u' ');
    MigrationReport report = MigrationChecker::check(context.repoPath, base, options);
    QString folder = request.spec.params.value(u"path"_s).toString();
    if (!folder.isEmpty() && report.outcome != MigrationReport::Outcome::Error) {
        if (!folder.endsWith(u'/'))
            folder += u'/';
        report.migrations.removeIf([&folder](const MigrationFinding &m) { return !m.file.startsWith(folder); });
        const auto has = [&report](Reversibility r) {
            return std::any_of(report.migrations.begin(), report.migrations.end(),
                               [r](const MigrationFinding &m) { return m.reversibility == r; });
        };
        report.outcome = report.migrations.isEmpty()           ? MigrationReport::Outcome::NoMigrations
                         : has(Reversibility::Irreversible)   ? MigrationReport::Outcome::Irreversible
                         : has(Reversibility::Unknown)        ? MigrationReport::Outcome::NotReported
                                                              : MigrationReport::Outcome::AllReversible;
    }
    return evaluate(report, context.deployments.previousReleased->version);
}
