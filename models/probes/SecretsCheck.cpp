// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/SecretsCheck.h"

#include "config/ProjectConfig.h"
#include "scan/PathGlob.h"
#include "scan/SecretScanner.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 MAX_CONFIG_BYTES = 1024 * 1024;

QJsonObject toJson(const SecretFinding &f)
{
    QJsonObject o {{u"file"_s, f.file},
                   {u"line"_s, f.line},
                   {u"rule"_s, f.ruleId},
                   {u"provider"_s, f.provider},
                   {u"key"_s, f.redacted},
                   {u"in_working_tree"_s, f.inWorkingTree},
                   {u"fingerprint"_s, f.fingerprint.left(16)}};
    if (!f.commit.isEmpty())
        o.insert(u"commit"_s, f.commit);
    return o;
}
} // namespace

ProbeResult SecretsCheck::evaluate(const SecretScanResult &scan, const QList<SecretFinding> &configFindings)
{
    ProbeResult result;
    if (!scan.ok) {
        result.status = Status::Error;
        result.summary = scan.cancelled ? u"cancelled"_s : scan.error;
        return result;
    }
    const QList<SecretFinding> all = configFindings + scan.findings;
    QJsonArray listed;
    for (qsizetype i = 0; i < all.size() && i < MAX_LISTED_FINDINGS; ++i)
        listed.append(toJson(all.at(i)));
    int historyOnly = 0;
    for (const SecretFinding &f : scan.findings)
        historyOnly += f.inWorkingTree ? 0 : 1;
    result.evidence = {{u"findings"_s, listed},
                       {u"finding_count"_s, int(all.size())},
                       {u"history_only"_s, historyOnly},
                       {u"config_findings"_s, int(configFindings.size())},
                       {u"files_scanned"_s, scan.filesScanned},
                       {u"blobs_scanned"_s, scan.blobsScanned},
                       {u"commits_walked"_s, scan.commitsWalked},
                       {u"skipped_binary"_s, scan.skippedBinary},
                       {u"skipped_too_large"_s, scan.skippedTooLarge},
                       {u"skipped_allowlisted"_s, scan.skippedAllowlistedPaths},
                       {u"scan"_s, scan.summary()}};
    if (all.isEmpty()) {
        result.status = Status::Pass;
        result.summary = u"no provider key in the tree, its history or liftoff.yaml (%1)"_s.arg(scan.summary());
        return result;
    }
    result.status = Status::Fail;
    const SecretFinding &first = all.first();
    QString where = u"%1:%2"_s.arg(first.file).arg(first.line);
    if (!first.inWorkingTree && !first.commit.isEmpty())
        where += u" in commit %1"_s.arg(first.commit.left(7));
    result.summary = u"%1 key(s) found (%2 in history only, %3 in liftoff.yaml), first: %4 %5 at %6; rotate the key, "
                     u"then remove it (history too)"_s
                         .arg(all.size())
                         .arg(historyOnly)
                         .arg(configFindings.size())
                         .arg(first.provider, first.redacted, where);
    return result;
}

ProbeResult SecretsCheck::run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared)
{
    const QVariantMap &params = request.spec.params;
    SecretScanOptions options;
    options.allowedPathGlobs = params.value(u"exclude"_s).toStringList();
    options.scanHistory = params.value(u"history"_s, true).toBool();
    const SecretScanner scanner(options);
    SecretScanResult scan = scanner.scanRepository(
        context.repoPath,
        [&shared](const SecretScanProgress &progress) {
            shared.done = progress.done;
            shared.total = progress.total;
        },
        &shared.cancel);
    const PathGlob only(params.value(u"paths"_s).toStringList());
    if (!only.isEmpty()) {
        scan.findings.removeIf([&only](const SecretFinding &f) { return !only.matches(f.file); });
    }
    QList<SecretFinding> configFindings;
    if (context.project && !context.project->configPath.isEmpty()) {
        QFile config(context.project->configPath);
        if (config.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromUtf8(config.read(MAX_CONFIG_BYTES));
            configFindings = scanner.scanText(text, QFileInfo(config).fileName());
        }
    }
    return evaluate(scan, configFindings);
}
