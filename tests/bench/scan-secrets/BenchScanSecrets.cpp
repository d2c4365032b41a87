// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark for SecretScanner: builds a deterministic repository (default 20,000 files, 2,000 commits)
// with libgit2, then times the full scan (working tree + every reachable blob) in a child process so
// that peak RSS belongs to the scan alone, and compares with `git grep -c sk-ant-` over the same tree.
#include "scan/SecretScanner.h"

#include "FakeKeys.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <git2.h>
#include <sys/resource.h>

#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int DIRS = 200;

struct Options
{
    int files = 20000;
    int commits = 2000;
    int threads = 2;
};

QByteArray fileContent(int dir, int file, int revision)
{
    QByteArray out = "# generated module d" + QByteArray::number(dir) + "/f" + QByteArray::number(file) + "\n"
                     "import os\nimport json\n\n";
    const int functions = 6 + (dir * 7 + file) % 6;
    for (int f = 0; f < functions; ++f) {
        const QByteArray n = QByteArray::number(f);
        out += "def handler_" + n + "(event, context):\n"
               "    payload = json.loads(event[\"body\"])  # revision " + QByteArray::number(revision) + "\n"
               "    token_count = len(payload.get(\"text\", \"\")) + " + QByteArray::number((file * 31 + f) % 997) + "\n"
               "    api_key = os.environ[\"SERVICE_API_KEY\"]\n"
               "    return {\"status\": 200, \"tokens\": token_count, \"task-id\": \"t-" + n + "\"}\n\n";
    }
    return out;
}

QString fileName(int file)
{
    return u"f%1.py"_s.arg(file, 3, 10, QLatin1Char('0'));
}

git_oid writeBlob(git_repository *repo, const QByteArray &content)
{
    git_oid oid;
    git_blob_create_from_buffer(&oid, repo, content.constData(), static_cast<size_t>(content.size()));
    return oid;
}

/** Replaces (or adds) entries of one folder tree and returns the new tree id. */
git_oid updateFolder(git_repository *repo, const git_oid *base, const std::vector<std::pair<QString, git_oid>> &entries)
{
    git_tree *baseTree = nullptr;
    if (base)
        git_tree_lookup(&baseTree, repo, base);
    git_treebuilder *builder = nullptr;
    git_treebuilder_new(&builder, repo, baseTree);
    for (const auto &[name, oid] : entries) {
        const QByteArray native = name.toUtf8();
        git_treebuilder_insert(nullptr, builder, native.constData(), &oid, GIT_FILEMODE_BLOB);
    }
    git_oid out;
    git_treebuilder_write(&out, builder);
    git_treebuilder_free(builder);
    git_tree_free(baseTree);
    return out;
}

bool buildRepository(const QString &path, const Options &options, QTextStream &out)
{
    QElapsedTimer timer;
    timer.start();
    git_repository *repo = nullptr;
    const QByteArray nativePath = path.toUtf8();
    if (git_repository_init(&repo, nativePath.constData(), 0) != 0)
        return false;
    const int filesPerDir = (options.files + DIRS - 1) / DIRS;
    std::vector<git_oid> folderTrees(DIRS);
    for (int d = 0; d < DIRS; ++d) {
        std::vector<std::pair<QString, git_oid>> entries;
        for (int f = 0; f < filesPerDir && d * filesPerDir + f < options.files; ++f) {
            QByteArray content = fileContent(d, f, 0);
            if (d == 3 && f == 0) // a key that stays in the tree: file 0 of a folder is never edited
                content += "ANTHROPIC_API_KEY = \"" + FakeKeys::anthropic(1001) + "\"\n";
            entries.emplace_back(fileName(f), writeBlob(repo, content));
        }
        folderTrees[static_cast<size_t>(d)] = updateFolder(repo, nullptr, entries);
    }
    auto rootTree = [&] {
        std::vector<std::pair<QString, git_oid>> entries;
        git_treebuilder *builder = nullptr;
        git_treebuilder_new(&builder, repo, nullptr);
        for (int d = 0; d < DIRS; ++d) {
            const QByteArray name = "d" + QByteArray::number(d).rightJustified(3, '0');
            git_treebuilder_insert(nullptr, builder, name.constData(), &folderTrees[static_cast<size_t>(d)], GIT_FILEMODE_TREE);
        }
        git_oid out;
        git_treebuilder_write(&out, builder);
        git_treebuilder_free(builder);
        return out;
    };

    git_oid parent;
    bool hasParent = false;
    unsigned random = 12345;
    auto next = [&] { random = random * 1103515245u + 12345u; return (random >> 16) & 0x7fff; };
    int plantedDir = -1;
    int plantedFile = -1;
    const int plantAt = options.commits / 4;
    const int removeAt = options.commits * 9 / 20;
    for (int c = 0; c < options.commits; ++c) {
        if (c > 0) {
            // Each later commit edits three files of one folder; a few plant or remove keys.
            int d = static_cast<int>(next() % DIRS);
            std::vector<std::pair<QString, git_oid>> entries;
            int first = 1 + static_cast<int>(next() % static_cast<unsigned>(filesPerDir - 1));
            if (c == removeAt && plantedDir >= 0) { // edit the planted file again: its key is now only in history
                d = plantedDir;
                first = plantedFile;
            }
            for (int k = 0; k < 3; ++k) {
                const int f = 1 + (first - 1 + k) % (filesPerDir - 1); // three distinct files, never file 0
                QByteArray content = fileContent(d, f, c);
                if (c == plantAt && k == 0) { // only in history: removed again at removeAt
                    content += "OPENAI_API_KEY = \"" + FakeKeys::openAiProject(1002) + "\"\n";
                    plantedDir = d;
                    plantedFile = f;
                }
                if (c == options.commits * 3 / 4 && k == 0)
                    content += "GROQ_API_KEY = \"gsk_" + FakeKeys::random(FakeKeys::ALNUM, 52, 1003) + "\"\n";
                entries.emplace_back(fileName(f), writeBlob(repo, content));
            }
            folderTrees[static_cast<size_t>(d)] = updateFolder(repo, &folderTrees[static_cast<size_t>(d)], entries);
        }
        const git_oid treeId = rootTree();
        git_tree *tree = nullptr;
        git_tree_lookup(&tree, repo, &treeId);
        git_signature *signature = nullptr;
        git_signature_new(&signature, "Bench", "bench@example.invalid", 1700000000 + 60 * c, 0);
        git_commit *parentCommit = nullptr;
        if (hasParent)
            git_commit_lookup(&parentCommit, repo, &parent);
        const git_commit *parents[] = {parentCommit};
        git_oid commitId;
        const QByteArray message = "commit " + QByteArray::number(c);
        git_commit_create(&commitId, repo, "refs/heads/main", signature, signature, nullptr, message.constData(), tree,
                          hasParent ? 1 : 0, hasParent ? parents : nullptr);
        git_commit_free(parentCommit);
        git_signature_free(signature);
        git_tree_free(tree);
        parent = commitId;
        hasParent = true;
        if (c == options.commits / 2) {
            git_object *target = nullptr;
            git_object_lookup(&target, repo, &commitId, GIT_OBJECT_COMMIT);
            git_oid tagId;
            git_tag_create_lightweight(&tagId, repo, "v1.0", target, 0);
            git_object_free(target);
        }
    }
    git_repository_set_head(repo, "refs/heads/main");
    const qint64 historyMs = timer.elapsed();
    git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
    checkout.checkout_strategy = GIT_CHECKOUT_FORCE;
    const int rc = git_checkout_head(repo, &checkout);
    git_repository_free(repo);
    out << "built " << options.files << " files, " << options.commits << " commits: history " << historyMs
        << " ms, checkout " << (timer.elapsed() - historyMs) << " ms\n";
    out.flush();
    return rc == 0;
}

long peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

/** Child mode: one scan, one result line. */
int scanOnce(const QString &path, int threads)
{
    SecretScanOptions options;
    options.threads = threads;
    QElapsedTimer timer;
    timer.start();
    int lastPhase = -1;
    QString phases;
    const SecretScanResult result = SecretScanner(options).scanRepository(path, [&](const SecretScanProgress &p) {
        if (static_cast<int>(p.phase) != lastPhase) {
            lastPhase = static_cast<int>(p.phase);
            phases += u" phase%1@%2ms"_s.arg(lastPhase).arg(timer.elapsed());
        }
    });
    const qint64 ms = timer.elapsed();
    std::printf("threads=%d wall_ms=%lld peak_rss_kib=%ld ok=%d findings=%lld files=%d blobs=%d commits=%d\n", threads,
                static_cast<long long>(ms), peakRssKiB(), result.ok ? 1 : 0,
                static_cast<long long>(result.findings.size()), result.filesScanned, result.blobsScanned,
                result.commitsWalked);
    std::printf("  phases (0 list, 1 tree, 2 walk, 3 blobs):%s\n", qPrintable(phases));
    for (const SecretFinding &f : result.findings)
        std::printf("  %s:%d %s %s %s\n", qPrintable(f.file), f.line, qPrintable(f.ruleId), qPrintable(f.redacted),
                    f.inWorkingTree ? "tree" : qPrintable(u"history@"_s + f.commit.left(10)));
    return result.ok ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    git_libgit2_init();
    QStringList args = app.arguments().mid(1);
    if (args.value(0) == u"--scan"_s)
        return scanOnce(args.value(1), args.value(2, u"2"_s).toInt());

    Options options;
    QString keepPath;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--files"_s)
            options.files = args.value(++i).toInt();
        else if (args.at(i) == u"--commits"_s)
            options.commits = args.value(++i).toInt();
        else if (args.at(i) == u"--repo"_s)
            keepPath = args.value(++i);
    }
    QTextStream out(stdout);
    QTemporaryDir temp;
    const QString path = keepPath.isEmpty() ? temp.path() : keepPath;
    QDir().mkpath(path);
    if (!QDir(path + u"/.git"_s).exists() && !buildRepository(path, options, out)) {
        out << "failed to build the repository in " << path << "\n";
        return 1;
    }
    for (const int threads : {1, 2}) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedChannels);
        child.start(app.applicationFilePath(), {u"--scan"_s, path, QString::number(threads)});
        child.waitForFinished(-1);
    }
    QElapsedTimer timer;
    timer.start();
    QProcess grep;
    grep.start(u"git"_s, {u"-C"_s, path, u"grep"_s, u"-c"_s, u"sk-ant-"_s});
    grep.waitForFinished(-1);
    const qint64 grepMs = timer.elapsed();
    out << "git grep -c sk-ant- (tree only, floor): " << grepMs << " ms, matches: "
        << QString::fromUtf8(grep.readAllStandardOutput()).trimmed().replace(u'\n', u' ') << "\n";
    return 0;
}
