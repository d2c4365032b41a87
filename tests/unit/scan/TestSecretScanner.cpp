// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/SecretDetector.h"
#include "scan/SecretScanner.h"

#include "FakeKeys.h"
#include "GitTestRepo.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace FakeKeys;

/** Key shapes line by line, then whole repositories: tree, history, ignore rules, allowlists, limits. */
class TestSecretScanner : public QObject
{
    Q_OBJECT

private slots:
    void detectsShapes_data();
    void detectsShapes();
    void redactsAndNeverStoresTheKey();
    void reportsLineNumbers();
    void capsLongLines();
    void allowlistsFingerprints();
    void scansArbitraryText();
    void findsKeysInTreeAndHistory();
    void respectsGitignoreAndScansUntracked();
    void skipsAllowlistedPathsBinaryAndLargeFiles();
    void scansBlobsOnlyReachableFromTags();
    void reportsProgressAndHonoursCancel();
    void scansPlainFolders();
};

void TestSecretScanner::detectsShapes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("rule");

    const QByteArray ant = anthropic();
    QTest::newRow("anthropic api") << join({"ANTHROPIC_API_KEY=", ant}) << u"anthropic-api-key"_s;
    QTest::newRow("anthropic admin") << join({"k = \"sk-", "ant-", "admin01-", random(URL_SAFE, 93, 9), "AA\""})
                                     << u"anthropic-admin-key"_s;
    QTest::newRow("anthropic one short") << join({"sk-", "ant-", "api03-", random(URL_SAFE, 92, 1), "AA"}) << QString();
    QTest::newRow("anthropic no AA") << join({"sk-", "ant-", "api03-", random(URL_SAFE, 93, 1), "AB"}) << QString();
    QTest::newRow("anthropic placeholder") << QByteArray("ANTHROPIC_API_KEY=sk-ant-...") << QString();
    QTest::newRow("anthropic all same") << join({"sk-", "ant-", "api03-", QByteArray(93, 'a'), "AA"}) << QString();
    QTest::newRow("openai project 74") << join({"key: ", openAiProject(2, 74)}) << u"openai-project-key"_s;
    QTest::newRow("openai project 58") << join({"key: ", openAiProject(4, 58)}) << u"openai-project-key"_s;
    QTest::newRow("openai project 60 wrong length") << join({"value: ", openAiProject(4, 60)}) << QString();
    QTest::newRow("openai svcacct")
        << join({"x=sk-", "svcacct-", random(URL_SAFE, 58, 5), "T3Blbk", "FJ", random(URL_SAFE, 58, 6)})
        << u"openai-service-account-key"_s;
    QTest::newRow("openai project no marker")
        << join({"sk-", "proj-", random(URL_SAFE, 74, 5), "T3Blbk", "XX", random(URL_SAFE, 74, 6)}) << QString();
    QTest::newRow("openai legacy") << join({"openai.api_key = '", openAiLegacy(), "'"}) << u"openai-legacy-key"_s;
    QTest::newRow("openai placeholder") << QByteArray("OPENAI_API_KEY=sk-...") << QString();
    QTest::newRow("openrouter") << join({"sk-", "or-v1-", random(LOWER_HEX, 64, 7)}) << u"openrouter-api-key"_s;
    QTest::newRow("openrouter uppercase hex") << join({"sk-", "or-v1-", random(LOWER_HEX, 64, 7).toUpper()})
                                              << QString();
    QTest::newRow("deepseek with context") << join({"DEEPSEEK_API_KEY=sk-", random(LOWER_ALNUM, 32, 8)})
                                           << u"deepseek-api-key"_s;
    QTest::newRow("deepseek without context") << join({"SOME_VALUE_X=sk-", random(LOWER_ALNUM, 32, 8)})
                                              << QString();
    QTest::newRow("google") << join({"GEMINI_API_KEY=AIza", random(URL_SAFE, 35, 10)}) << u"google-api-key"_s;
    QTest::newRow("google one short") << join({"GEMINI_X=AIza", random(ALNUM, 34, 10)}) << QString();
    QTest::newRow("aws") << join({"aws_access_key_id = AK", "IA", random(BASE32_UPPER, 16, 11)})
                         << u"aws-access-key-id"_s;
    QTest::newRow("aws example") << join({"aws_access_key_id = AK", "IAIOSFODNN7", "EXAMPLE"}) << QString();
    QTest::newRow("aws wrong alphabet") << join({"id = AK", "IA", random(BASE32_UPPER, 15, 11), "1"}) << QString();
    QTest::newRow("aws sts") << join({"AS", "IA", random(BASE32_UPPER, 16, 12)}) << u"aws-access-key-id"_s;
    QTest::newRow("aws bedrock") << join({"AWS_BEARER_TOKEN_BEDROCK=AB", "SK", random(ALNUM, 120, 13)})
                                 << u"aws-bedrock-api-key"_s;
    QTest::newRow("huggingface") << join({"HF_TOKEN=hf_", random(LETTERS, 34, 14)}) << u"huggingface-token"_s;
    QTest::newRow("huggingface with digit") << join({"t = hf_", random(LETTERS, 33, 14), "7"}) << QString();
    QTest::newRow("huggingface org") << join({"api_", "org_", random(LETTERS, 34, 15)}) << u"huggingface-org-token"_s;
    QTest::newRow("groq") << join({"GROQ_API_KEY=gsk_", random(ALNUM, 52, 16)}) << u"groq-api-key"_s;
    QTest::newRow("groq one long") << join({"GROQ_X=gsk_", random(ALNUM, 53, 16)}) << QString();
    QTest::newRow("replicate") << join({"r8_", random(URL_SAFE, 37, 17)}) << u"replicate-api-token"_s;
    QTest::newRow("xai") << join({"XAI_API_KEY=xai-", random(ALNUM, 80, 18)}) << u"xai-api-key"_s;
    QTest::newRow("perplexity") << join({"pplx-", random(ALNUM, 48, 19)}) << u"perplexity-api-key"_s;
    QTest::newRow("langsmith")
        << join({"LANGSMITH_API_KEY=lsv2_", "pt_", random(LOWER_HEX, 32, 20), "_", random(LOWER_HEX, 10, 21)})
        << u"langsmith-api-key"_s;
    QTest::newRow("langsmith short tail")
        << join({"lsv2_", "sk_", random(LOWER_HEX, 32, 20), "_", random(LOWER_HEX, 9, 21)}) << QString();
    QTest::newRow("github classic") << join({"token: gh", "p_", random(ALNUM, 36, 22)}) << u"github-token"_s;
    QTest::newRow("github fine grained") << join({"github_", "pat_", random(ALNUM, 82, 23)})
                                         << u"github-fine-grained-token"_s;
    QTest::newRow("slack webhook")
        << join({"url = \"https://hooks.slack.com/services/T", random(BASE32_UPPER, 10, 24), "/B",
                 random(BASE32_UPPER, 10, 25), "/", random(ALNUM, 24, 26), "\""})
        << u"slack-webhook-url"_s;
    QTest::newRow("slack bot") << join({"xox", "b-", "123456789012-", random(ALNUM, 24, 27)}) << u"slack-bot-token"_s;
    QTest::newRow("azure with host")
        << join({"endpoint: https://acme.openai.azure.com/\napi_key: ", random(LOWER_HEX, 32, 28)})
        << u"azure-openai-key"_s;
    QTest::newRow("azure without host") << join({"digest: ", random(LOWER_HEX, 32, 28)}) << QString();
    QTest::newRow("cohere") << join({"CO_API_KEY=", random(ALNUM, 40, 29)}) << u"cohere-api-key"_s;
    QTest::newRow("mistral") << join({"mistral_api_key = \"", random(ALNUM, 32, 30), "\""}) << u"mistral-api-key"_s;
    QTest::newRow("mistral wrong length") << join({"MISTRAL_MODEL_NAME=", random(ALNUM, 31, 30)}) << QString();
    QTest::newRow("generic quoted") << QByteArray("db_password = \"x9$Lq2!vR7#pT4zW\"") << u"generic-credential"_s;
    QTest::newRow("generic env ref") << QByteArray("api_key = os.environ[\"OPENAI_API_KEY\"]") << QString();
    QTest::newRow("generic dollar ref") << QByteArray("API_KEY=${OPENAI_API_KEY}") << QString();
    QTest::newRow("generic your key") << QByteArray("api_key = \"YOUR_KEY_HERE\"") << QString();
    QTest::newRow("generic low entropy") << QByteArray("password = \"aaaaaaaaaaaaaa1\"") << QString();
    QTest::newRow("generic max_tokens") << QByteArray("max_tokens = 1234567890") << QString();
    QTest::newRow("generic call") << QByteArray("token = request.headers.get(\"Authorization\")") << QString();
    QTest::newRow("generic dotted") << QByteArray("    auth_token: self.settings.provider_token") << QString();
    QTest::newRow("generic author") << QByteArray("author = \"J0hn-Sm1th-2024!\"") << QString();
    QTest::newRow("generic auth url") << QByteArray("auth_url = \"https://login.example.com/o2/v1\"") << QString();
    QTest::newRow("inside a word") << join({"mask-", random(LOWER_ALNUM, 32, 8), " deepseek"}) << QString();
}

void TestSecretScanner::detectsShapes()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, rule);
    const SecretDetector detector;
    const QList<SecretFinding> findings = detector.scan(text, u"f"_s);
    if (rule.isEmpty()) {
        QVERIFY2(findings.isEmpty(), qPrintable(findings.value(0).ruleId));
    } else {
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().ruleId, rule);
    }
}

void TestSecretScanner::redactsAndNeverStoresTheKey()
{
    const QByteArray key = anthropic(42);
    const QList<SecretFinding> findings = SecretDetector().scan(join({"KEY=", key, "\n"}), u"a.env"_s);
    QCOMPARE(findings.size(), 1);
    const SecretFinding &f = findings.first();
    QCOMPARE(f.redacted, u"sk-ant-api03-…"_s + QString::fromLatin1(key.right(4)));
    QCOMPARE(f.provider, u"Anthropic"_s);
    QCOMPARE(f.fingerprint, TextScan::fingerprint(key));
    const QString body = QString::fromLatin1(key.mid(13, 20));
    QVERIFY(!f.redacted.contains(body) && !f.file.contains(body) && !f.ruleId.contains(body));
}

void TestSecretScanner::reportsLineNumbers()
{
    const QByteArray text = join({"line one\n\n# comment\nGROQ_API_KEY=gsk_", random(ALNUM, 52, 1),
                                  "\nother\nhf=hf_", random(LETTERS, 34, 2), "\n"});
    const QList<SecretFinding> findings = SecretDetector().scan(text, u"x"_s);
    QCOMPARE(findings.size(), 2);
    QCOMPARE(findings.at(0).line, 4);
    QCOMPARE(findings.at(1).line, 6);
}

void TestSecretScanner::capsLongLines()
{
    const QByteArray key = anthropic(5);
    const QByteArray early = join({QByteArray(100, ' '), key, " ", QByteArray(20000, 'z')});
    const QByteArray late = join({QByteArray(9000, ' '), key, "\n", key});
    QCOMPARE(SecretDetector().scan(early, u"x"_s).size(), 1);
    const QList<SecretFinding> findings = SecretDetector({}, 8192).scan(late, u"x"_s);
    QCOMPARE(findings.size(), 1); // the key past 8 KiB on line 1 is not looked at
    QCOMPARE(findings.first().line, 2);
}

void TestSecretScanner::allowlistsFingerprints()
{
    const QByteArray key = anthropic(6);
    const QString fingerprint = TextScan::fingerprint(key);
    QCOMPARE(SecretDetector({fingerprint}).scan(key, u"x"_s).size(), 0);
    QCOMPARE(SecretDetector({fingerprint.left(16).toUpper()}).scan(key, u"x"_s).size(), 0);
    QCOMPARE(SecretDetector({fingerprint.left(8)}).scan(key, u"x"_s).size(), 1); // too short to count
}

void TestSecretScanner::scansArbitraryText()
{
    const SecretScanner scanner;
    const QString value = QString::fromLatin1(join({"Bearer ", openAiProject(8)}));
    const QList<SecretFinding> findings = scanner.scanText(value, u"liftoff.yaml: sources.cost.api_key"_s);
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().file, u"liftoff.yaml: sources.cost.api_key"_s);
    QVERIFY(scanner.scanText(u"env:OPENAI_API_KEY"_s, u"x"_s).isEmpty());
}

void TestSecretScanner::findsKeysInTreeAndHistory()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    QVERIFY(repo.isValid());
    const QByteArray removedKey = anthropic(100);
    const QByteArray keptKey = join({"gsk_", random(ALNUM, 52, 101)});
    repo.writeFile(u"README.md"_s, "hello\n");
    const QString first = repo.commitAll(u"init"_s);
    repo.writeFile(u"app/settings.py"_s, join({"import os\n\nANTHROPIC_KEY = \"", removedKey, "\"\n"}));
    repo.writeFile(u"app/groq.py"_s, join({"client = Groq(api_key=\"", keptKey, "\")\n"}));
    const QString added = repo.commitAll(u"add keys"_s);
    QVERIFY(repo.tag(u"v1"_s));
    repo.writeFile(u"app/settings.py"_s, "import os\n\nANTHROPIC_KEY = os.environ[\"ANTHROPIC_API_KEY\"]\n");
    repo.commitAll(u"remove the key"_s);

    const SecretScanResult result = SecretScanner().scanRepository(dir.path());
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.isGitRepository);
    QCOMPARE(result.commitsWalked, 3);
    QCOMPARE(result.findings.size(), 2);

    const SecretFinding &tree = result.findings.at(0);
    QCOMPARE(tree.file, u"app/groq.py"_s);
    QCOMPARE(tree.line, 1);
    QVERIFY(tree.inWorkingTree);
    QCOMPARE(tree.commit, added); // first commit that holds it
    QCOMPARE(tree.ruleId, u"groq-api-key"_s);

    const SecretFinding &history = result.findings.at(1);
    QCOMPARE(history.file, u"app/settings.py"_s);
    QCOMPARE(history.line, 3);
    QVERIFY(!history.inWorkingTree);
    QCOMPARE(history.commit, added);
    QCOMPARE(history.ruleId, u"anthropic-api-key"_s);
    QVERIFY(first != added);
    QVERIFY(result.summary().contains(u"1 only in history"_s));

    SecretScanOptions treeOnly;
    treeOnly.scanHistory = false;
    const SecretScanResult withoutHistory = SecretScanner(treeOnly).scanRepository(dir.path());
    QCOMPARE(withoutHistory.findings.size(), 1);
    QVERIFY(withoutHistory.findings.first().commit.isEmpty());
}

void TestSecretScanner::respectsGitignoreAndScansUntracked()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    repo.writeFile(u".gitignore"_s, ".env\nbuild/\n");
    repo.writeFile(u"main.py"_s, "print('hi')\n");
    repo.commitAll(u"init"_s);
    repo.writeFile(u".env"_s, join({"ANTHROPIC_API_KEY=", anthropic(7), "\n"}));
    repo.writeFile(u"build/out.js"_s, join({"const k = '", anthropic(8), "';\n"}));
    repo.writeFile(u"notes/untracked.txt"_s, join({"HF_TOKEN=hf_", random(LETTERS, 34, 9), "\n"}));
    const SecretScanResult result = SecretScanner().scanRepository(dir.path());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.findings.size(), 1);
    QCOMPARE(result.findings.first().file, u"notes/untracked.txt"_s);
    QVERIFY(result.findings.first().commit.isEmpty());
    QCOMPARE(result.filesScanned, 3); // .gitignore, main.py, notes/untracked.txt
}

void TestSecretScanner::skipsAllowlistedPathsBinaryAndLargeFiles()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    repo.writeFile(u"tests/fixtures/keys.env"_s, join({"K=", anthropic(10), "\n"}));
    repo.writeFile(u"snapshots/a.snap"_s, join({"K=", anthropic(11), "\n"}));
    QByteArray binary = join({"\x7f" "ELF", QByteArray(16, '\0'), anthropic(12)});
    repo.writeFile(u"bin/tool"_s, binary);
    QByteArray large = join({anthropic(13), "\n"});
    large.append(QByteArray(3 * 1024 * 1024, 'x'));
    repo.writeFile(u"data/large.txt"_s, large);
    repo.writeFile(u"src/real.env"_s, join({"K=", anthropic(14), "\n"}));
    repo.commitAll(u"fixtures"_s);

    SecretScanOptions options;
    options.allowedPathGlobs = {u"tests/fixtures/**"_s, u"*.snap"_s};
    const SecretScanResult result = SecretScanner(options).scanRepository(dir.path());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.findings.size(), 1);
    QCOMPARE(result.findings.first().file, u"src/real.env"_s);
    QCOMPARE(result.skippedAllowlistedPaths, 4); // two in the tree, the same two in history
    QCOMPARE(result.skippedBinary, 2);           // tree and history
    QCOMPARE(result.skippedTooLarge, 2);
    QCOMPARE(result.blobsScanned, 0); // history blobs equal the working tree: read once
}

void TestSecretScanner::scansBlobsOnlyReachableFromTags()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    repo.writeFile(u"a.txt"_s, "a\n");
    repo.commitAll(u"init"_s);
    QVERIFY(repo.branch(u"experiment"_s));
    QVERIFY(repo.checkout(u"experiment"_s));
    repo.writeFile(u"exp/config.toml"_s, join({"key = \"pplx-", random(ALNUM, 48, 15), "\"\n"}));
    const QString experimentCommit = repo.commitAll(u"experiment"_s);
    QVERIFY(repo.tag(u"exp-1"_s));
    QVERIFY(repo.checkout(u"master"_s) || repo.checkout(u"main"_s));
    QVERIFY(!QFile::exists(dir.path() + u"/exp/config.toml"_s));

    const SecretScanResult result = SecretScanner().scanRepository(dir.path());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.findings.size(), 1);
    QCOMPARE(result.findings.first().commit, experimentCommit);
    QCOMPARE(result.findings.first().ruleId, u"perplexity-api-key"_s);
}

void TestSecretScanner::reportsProgressAndHonoursCancel()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    for (int i = 0; i < 300; ++i)
        repo.writeFile(u"src/f%1.py"_s.arg(i), "x = 1\n");
    repo.commitAll(u"many"_s);

    QList<SecretScanProgress> seen;
    const SecretScanResult result =
        SecretScanner().scanRepository(dir.path(), [&](const SecretScanProgress &p) { seen.append(p); });
    QVERIFY(result.ok);
    QVERIFY(!seen.isEmpty());
    const auto lastTree = std::find_if(seen.crbegin(), seen.crend(), [](const SecretScanProgress &p) {
        return p.phase == SecretScanProgress::Phase::WorkingTree;
    });
    QVERIFY(lastTree != seen.crend());
    QCOMPARE(lastTree->done, 300);
    QCOMPARE(lastTree->total, 300);

    std::atomic<bool> cancel {true};
    const SecretScanResult cancelled = SecretScanner().scanRepository(dir.path(), {}, &cancel);
    QVERIFY(cancelled.cancelled);
    QVERIFY(!cancelled.ok);
    QCOMPARE(cancelled.filesScanned, 0);
}

void TestSecretScanner::scansPlainFolders()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + u"/.git/objects"_s); // not a repository: just a folder named .git
    QFile key(dir.path() + u"/.git/objects/k"_s);
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write(anthropic(16));
    key.close();
    QFile other(dir.path() + u"/app.env"_s);
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write(join({"XAI_API_KEY=xai-", random(ALNUM, 80, 17), "\n"}));
    other.close();
    const SecretScanResult result = SecretScanner().scanRepository(dir.path());
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(!result.isGitRepository);
    QCOMPARE(result.findings.size(), 1);
    QCOMPARE(result.findings.first().file, u"app.env"_s);
    QVERIFY(!SecretScanner().scanRepository(dir.path() + u"/missing"_s).ok);
}

QTEST_APPLESS_MAIN(TestSecretScanner)
#include "TestSecretScanner.moc"
