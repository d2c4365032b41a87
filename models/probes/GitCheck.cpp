// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/GitCheck.h"

#include "git/GitReleaseInspector.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
QJsonObject side(const std::optional<DeploymentRecord> &deployment, const QString &revision, const QString &commit,
                 const QStringList &tags, const QString &error)
{
    QJsonObject o;
    if (deployment) {
        o.insert(u"deployment"_s, deployment->name);
        o.insert(u"version"_s, deployment->version);
    }
    o.insert(u"revision"_s, revision);
    o.insert(u"commit"_s, commit);
    o.insert(u"tags"_s, QJsonArray::fromStringList(tags));
    if (!error.isEmpty())
        o.insert(u"error"_s, error);
    return o;
}

Status worse(Status a, Status b)
{
    const auto rank = [](Status s) {
        switch (s) {
        case Status::Fail: return 3;
        case Status::Warn: return 2;
        case Status::Pass: return 1;
        default: return 0;
        }
    };
    return rank(b) > rank(a) ? b : a;
}
} // namespace

std::optional<GitCheck::DirtyPolicy> GitCheck::dirtyPolicy(const QVariantMap &params, QString *error)
{
    const QString value = params.value(u"dirty"_s, u"warn"_s).toString();
    if (value == u"warn")
        return DirtyPolicy::Warn;
    if (value == u"fail")
        return DirtyPolicy::Fail;
    if (value == u"ignore")
        return DirtyPolicy::Ignore;
    *error = u"dirty: '%1' is not one of warn, fail, ignore"_s.arg(value);
    return std::nullopt;
}

ProbeResult GitCheck::evaluate(const GitReleaseState &state, const DeploymentHistory &deployments, DirtyPolicy dirty)
{
    ProbeResult result;
    if (!state.ok) {
        result.status = Status::Error;
        result.summary = state.error;
        return result;
    }
    QStringList problems;
    QStringList remarks;
    result.status = Status::Pass;
    QJsonObject evidence;
    evidence.insert(u"previous"_s, side(deployments.previousReleased, state.previousRevision, state.previousCommit,
                                       state.previousTags, state.previousError));
    evidence.insert(u"current"_s, side(deployments.current, state.currentRevision, state.currentCommit,
                                      state.currentTags, state.currentError));
    evidence.insert(u"head"_s, state.headCommit);

    if (state.previousRevision.isEmpty()) {
        result.status = worse(result.status, Status::Warn);
        remarks.append(u"no previous released deployment is recorded, so there is no tagged version to roll back to yet"_s);
    } else if (state.previousCommit.isEmpty()) {
        result.status = Status::Fail;
        problems.append(u"the previous deployment's commit %1 is not in the repository (%2)"_s
                            .arg(state.previousRevision, state.previousError));
    } else if (state.previousTags.isEmpty()) {
        result.status = Status::Fail;
        problems.append(u"the previous deployment's commit %1 has no tag; tag it (git tag %2 %1) so a rollback can name it"_s
                            .arg(state.previousCommit.left(12),
                                 deployments.previousReleased ? deployments.previousReleased->version : u"vX.Y.Z"_s));
    } else {
        remarks.append(u"previous %1 tagged %2"_s.arg(state.previousCommit.left(7), state.previousTags.join(u", "_s)));
    }

    if (state.currentCommit.isEmpty()) {
        result.status = worse(result.status, Status::Warn);
        problems.append(u"the current deployment's code (%1) is not a commit of the repository yet"_s
                            .arg(state.currentRevision.isEmpty() ? u"?"_s : state.currentRevision));
    } else if (state.currentTags.isEmpty()) {
        result.status = worse(result.status, Status::Warn);
        problems.append(u"the current commit %1 is not tagged yet; tag it with the release"_s.arg(state.currentCommit.left(7)));
    } else {
        remarks.append(u"current %1 tagged %2"_s.arg(state.currentCommit.left(7), state.currentTags.join(u", "_s)));
    }

    QJsonObject tree;
    tree.insert(u"clean"_s, state.dirtyCount == 0);
    tree.insert(u"changed_files"_s, state.dirtyCount);
    tree.insert(u"files"_s, QJsonArray::fromStringList(state.dirtyFiles));
    evidence.insert(u"working_tree"_s, tree);
    if (state.dirtyCount > 0 && dirty != DirtyPolicy::Ignore) {
        result.status = worse(result.status, dirty == DirtyPolicy::Fail ? Status::Fail : Status::Warn);
        problems.append(u"the working tree has %1 uncommitted change(s)"_s.arg(state.dirtyCount));
    }
    evidence.insert(u"dirty_policy"_s, dirty == DirtyPolicy::Fail ? u"fail"_s : dirty == DirtyPolicy::Warn ? u"warn"_s
                                                                                                         : u"ignore"_s);
    result.evidence = evidence;
    result.summary = (problems + remarks).join(u"; "_s);
    return result;
}

ProbeResult GitCheck::run(const ProbeContext &context, const ProbeRequest &request)
{
    QString error;
    const std::optional<DirtyPolicy> dirty = dirtyPolicy(request.spec.params, &error);
    if (!dirty)
        return ProbeResult::error(request.itemId, error);
    const QString previous = DeploymentHistory::revisionOf(context.deployments.previousReleased);
    QString current = DeploymentHistory::revisionOf(context.deployments.current);
    if (current.isEmpty())
        current = u"HEAD"_s;
    GitReleaseState state = GitReleaseInspector::inspect(context.repoPath, previous, current);
    if (const QString pattern = request.spec.params.value(u"tag_pattern"_s).toString(); !pattern.isEmpty()) {
        // Only release tags count (e.g. v*), not every marker someone put on the commit.
        const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
        const auto keep = [&re](QStringList tags) {
            tags.removeIf([&re](const QString &tag) { return !re.match(tag).hasMatch(); });
            return tags;
        };
        state.previousTags = keep(state.previousTags);
        state.currentTags = keep(state.currentTags);
    }
    ProbeResult result = evaluate(state, context.deployments, *dirty);
    result.itemId = request.itemId;
    return result;
}
