// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/SecretScanner.h"

#include "scan/GitSupport.h"
#include "scan/ParallelRunner.h"
#include "scan/PathGlob.h"
#include "scan/WorkingTreeFiles.h"

#include <QFile>
#include <QHash>
#include <QSet>

#include <git2.h>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

enum class ReadOutcome { Scanned, Binary, TooLarge, Unreadable, Skipped };

struct FileScan
{
    ReadOutcome outcome = ReadOutcome::Skipped;
    QByteArray blobId; ///< raw 20-byte id of the content as a git blob
    QList<SecretFinding> findings;
};

/** A blob met for the first time during the history walk. */
struct BlobJob
{
    git_oid oid;
    QString path;
    QString commit;
};

struct BlobScan
{
    ReadOutcome outcome = ReadOutcome::Skipped;
    QList<SecretFinding> findings;
};

QByteArray rawId(const git_oid &oid)
{
    return QByteArray(reinterpret_cast<const char *>(oid.id), GIT_OID_RAWSZ);
}

/** State of the history walk shared with the libgit2 tree-walk callback. */
struct HistoryWalk
{
    QSet<QByteArray> seenTrees;
    QSet<QByteArray> seenBlobs;
    std::vector<BlobJob> jobs;
    const PathGlob *allowedPaths = nullptr;
    QString commit;
    int skippedAllowlisted = 0;
};

int visitTreeEntry(const char *root, const git_tree_entry *entry, void *payload)
{
    auto *walk = static_cast<HistoryWalk *>(payload);
    const git_oid *oid = git_tree_entry_id(entry);
    const QByteArray id = rawId(*oid);
    switch (git_tree_entry_type(entry)) {
    case GIT_OBJECT_TREE:
        if (walk->seenTrees.contains(id))
            return 1; // this subtree was walked under an earlier commit: skip it
        walk->seenTrees.insert(id);
        return 0;
    case GIT_OBJECT_BLOB: {
        if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK || walk->seenBlobs.contains(id))
            return 0;
        const QString path = QString::fromUtf8(root) + QString::fromUtf8(git_tree_entry_name(entry));
        if (walk->allowedPaths->matches(path)) {
            ++walk->skippedAllowlisted; // not marked seen: the same blob elsewhere is still scanned
            return 0;
        }
        walk->seenBlobs.insert(id);
        walk->jobs.push_back(BlobJob {*oid, path, walk->commit});
        return 0;
    }
    default:
        return 0; // submodule commits
    }
}

bool isCancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load();
}

} // namespace

QString SecretScanResult::summary() const
{
    const auto historyOnly = std::count_if(findings.cbegin(), findings.cend(),
                                           [](const SecretFinding &f) { return !f.inWorkingTree; });
    QString text = findings.isEmpty() ? u"no provider keys"_s
                                      : u"%1 key(s) (%2 only in history)"_s.arg(findings.size()).arg(historyOnly);
    text += u" in %1 files"_s.arg(filesScanned);
    if (isGitRepository)
        text += u", %1 history blobs, %2 commits"_s.arg(blobsScanned).arg(commitsWalked);
    if (skippedBinary + skippedTooLarge > 0)
        text += u"; skipped %1 binary and %2 oversized"_s.arg(skippedBinary).arg(skippedTooLarge);
    if (cancelled)
        text += u" (cancelled)"_s;
    return text;
}

SecretScanner::SecretScanner(SecretScanOptions options)
    : m_options(std::move(options))
{
    m_options.threads = std::max(1, m_options.threads);
}

QList<SecretFinding> SecretScanner::scanText(QStringView text, const QString &origin) const
{
    const SecretDetector detector(m_options.allowedFingerprints, m_options.maxLineBytes);
    const QByteArray utf8 = text.toUtf8();
    return detector.scan(QByteArrayView(utf8).first(std::min<qsizetype>(utf8.size(), m_options.maxFileBytes)), origin);
}

SecretScanResult SecretScanner::scanRepository(const QString &folder, const SecretScanProgressCallback &progress,
                                               const std::atomic<bool> *cancel) const
{
    SecretScanResult result;
    auto report = [&](SecretScanProgress::Phase phase, qint64 done, qint64 total) {
        if (progress)
            progress(SecretScanProgress {phase, done, total});
    };
    report(SecretScanProgress::Phase::ListingFiles, 0, 0);
    const WorkingTreeFiles listing = WorkingTreeFiles::list(folder);
    if (!listing.ok) {
        result.error = listing.error;
        return result;
    }
    result.isGitRepository = listing.isGitRepository;
    const SecretDetector detector(m_options.allowedFingerprints, m_options.maxLineBytes);
    const PathGlob allowedPaths(m_options.allowedPathGlobs);

    // Working tree.
    QStringList files;
    if (m_options.scanWorkingTree) {
        for (const QString &file : listing.files) {
            if (allowedPaths.matches(file))
                ++result.skippedAllowlistedPaths;
            else
                files.append(file);
        }
    }
    std::vector<FileScan> fileScans(static_cast<size_t>(files.size()));
    const qint64 maxFileBytes = m_options.maxFileBytes;
    ParallelRunner::run(
        files.size(), m_options.threads,
        [&](qsizetype index, int) {
            FileScan &scan = fileScans[static_cast<size_t>(index)];
            QFile file(listing.root + u'/' + files.at(index));
            if (!file.open(QIODevice::ReadOnly)) {
                scan.outcome = ReadOutcome::Unreadable;
                return;
            }
            if (file.size() > maxFileBytes) {
                scan.outcome = ReadOutcome::TooLarge;
                return;
            }
            const QByteArray content = file.readAll();
            // Unmodified tracked files have their blob id in the index: no need to hash them again.
            scan.blobId = listing.unmodifiedBlobIds.value(files.at(index));
            if (TextScan::looksBinary(content)) {
                scan.outcome = ReadOutcome::Binary;
                return;
            }
            scan.outcome = ReadOutcome::Scanned;
            scan.findings = detector.scan(content, files.at(index));
        },
        [&](qsizetype done) { report(SecretScanProgress::Phase::WorkingTree, done, files.size()); }, cancel);

    QHash<QByteArray, QList<qsizetype>> treeFindingsByBlob; // blob id -> indexes into result.findings
    QSet<QByteArray> scannedTreeBlobs;
    QHash<QString, qsizetype> findingByPathAndKey;           // path + '\n' + fingerprint -> index
    for (size_t i = 0; i < fileScans.size(); ++i) {
        const FileScan &scan = fileScans[i];
        switch (scan.outcome) {
        case ReadOutcome::Scanned: ++result.filesScanned; break;
        case ReadOutcome::Binary: ++result.skippedBinary; break;
        case ReadOutcome::TooLarge: ++result.skippedTooLarge; break;
        default: break;
        }
        if (scan.outcome == ReadOutcome::Scanned && !scan.blobId.isEmpty())
            scannedTreeBlobs.insert(scan.blobId);
        for (SecretFinding finding : scan.findings) {
            finding.inWorkingTree = true;
            findingByPathAndKey.insert(finding.file + u'\n' + finding.fingerprint, result.findings.size());
            treeFindingsByBlob[scan.blobId].append(result.findings.size());
            result.findings.append(finding);
        }
    }
    if (isCancelled(cancel)) {
        result.cancelled = true;
        return result;
    }

    if (!m_options.scanHistory || !listing.isGitRepository) {
        result.ok = true;
        return result;
    }

    // History: every commit reachable from any ref, parents before children.
    GitSupport::Repository repo;
    if (!repo.open(listing.root)) {
        result.error = u"cannot open the git repository %1: %2"_s.arg(listing.root, GitSupport::lastError());
        return result;
    }
    git_revwalk *revwalk = nullptr;
    if (git_revwalk_new(&revwalk, repo.get()) != 0) {
        result.error = u"cannot walk the history of %1: %2"_s.arg(listing.root, GitSupport::lastError());
        return result;
    }
    git_revwalk_sorting(revwalk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    git_revwalk_push_glob(revwalk, "refs/*"); // non-commit refs (a tag on a blob) are ignored by libgit2
    git_revwalk_push_head(revwalk);           // fails harmlessly on an unborn HEAD

    HistoryWalk walk;
    walk.allowedPaths = &allowedPaths;
    git_oid commitId;
    while (git_revwalk_next(&commitId, revwalk) == 0) {
        if (isCancelled(cancel))
            break;
        git_commit *commit = nullptr;
        if (git_commit_lookup(&commit, repo.get(), &commitId) != 0)
            continue;
        git_tree *tree = nullptr;
        if (git_commit_tree(&tree, commit) == 0) {
            const QByteArray treeId = rawId(*git_tree_id(tree));
            if (!walk.seenTrees.contains(treeId)) {
                walk.seenTrees.insert(treeId);
                walk.commit = GitSupport::toHex(&commitId);
                git_tree_walk(tree, GIT_TREEWALK_PRE, visitTreeEntry, &walk);
            }
            git_tree_free(tree);
        }
        git_commit_free(commit);
        ++result.commitsWalked;
        if (result.commitsWalked % 64 == 0)
            report(SecretScanProgress::Phase::WalkingHistory, result.commitsWalked, 0);
    }
    git_revwalk_free(revwalk);
    result.skippedAllowlistedPaths += walk.skippedAllowlisted;
    if (isCancelled(cancel)) {
        result.cancelled = true;
        return result;
    }

    // Blobs equal to a scanned working-tree file are not read again: their findings get the commit.
    std::vector<qsizetype> toScan;
    toScan.reserve(walk.jobs.size());
    for (size_t i = 0; i < walk.jobs.size(); ++i) {
        const BlobJob &job = walk.jobs[i];
        const QByteArray id = rawId(job.oid);
        if (!scannedTreeBlobs.contains(id)) {
            toScan.push_back(static_cast<qsizetype>(i));
            continue;
        }
        for (const qsizetype index : treeFindingsByBlob.value(id)) {
            if (result.findings[index].commit.isEmpty())
                result.findings[index].commit = job.commit;
        }
    }

    std::vector<BlobScan> blobScans(toScan.size());
    std::vector<std::unique_ptr<GitSupport::Repository>> workerRepos(static_cast<size_t>(m_options.threads));
    const QString root = listing.root;
    ParallelRunner::run(
        static_cast<qsizetype>(toScan.size()), m_options.threads,
        [&](qsizetype index, int worker) {
            auto &workerRepo = workerRepos[static_cast<size_t>(worker)];
            if (!workerRepo) {
                workerRepo = std::make_unique<GitSupport::Repository>();
                if (!workerRepo->open(root))
                    return;
            }
            if (!workerRepo->get())
                return;
            const BlobJob &job = walk.jobs[static_cast<size_t>(toScan[static_cast<size_t>(index)])];
            BlobScan &scan = blobScans[static_cast<size_t>(index)];
            git_blob *blob = nullptr;
            if (git_blob_lookup(&blob, workerRepo->get(), &job.oid) != 0) {
                scan.outcome = ReadOutcome::Unreadable;
                return;
            }
            const auto size = static_cast<qint64>(git_blob_rawsize(blob));
            if (size > maxFileBytes) {
                scan.outcome = ReadOutcome::TooLarge;
            } else {
                const QByteArrayView content(static_cast<const char *>(git_blob_rawcontent(blob)), size);
                if (TextScan::looksBinary(content)) {
                    scan.outcome = ReadOutcome::Binary;
                } else {
                    scan.outcome = ReadOutcome::Scanned;
                    scan.findings = detector.scan(content, job.path);
                }
            }
            git_blob_free(blob);
        },
        [&](qsizetype done) { report(SecretScanProgress::Phase::History, done, static_cast<qint64>(toScan.size())); },
        cancel);

    for (size_t i = 0; i < toScan.size(); ++i) {
        const BlobScan &scan = blobScans[i];
        const BlobJob &job = walk.jobs[static_cast<size_t>(toScan[i])];
        switch (scan.outcome) {
        case ReadOutcome::Scanned: ++result.blobsScanned; break;
        case ReadOutcome::Binary: ++result.skippedBinary; break;
        case ReadOutcome::TooLarge: ++result.skippedTooLarge; break;
        default: break;
        }
        for (SecretFinding finding : scan.findings) {
            const QString key = finding.file + u'\n' + finding.fingerprint;
            const auto existing = findingByPathAndKey.constFind(key);
            if (existing != findingByPathAndKey.cend()) {
                if (result.findings[*existing].commit.isEmpty())
                    result.findings[*existing].commit = job.commit;
                continue; // the same key in the same file was reported already (tree or an older commit)
            }
            finding.commit = job.commit;
            finding.inWorkingTree = false;
            findingByPathAndKey.insert(key, result.findings.size());
            result.findings.append(finding);
        }
    }
    result.cancelled = isCancelled(cancel);
    result.ok = !result.cancelled;
    return result;
}
