// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ModelIdClassifier.h"
#include "scan/ModelIdFinder.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** formats.md section 9 row by row (including the Anthropic 4.6 boundary), then finding IDs in files. */
class TestModelIds : public QObject
{
    Q_OBJECT

private slots:
    void classifies_data();
    void classifies();
    void explainsEveryVerdict();
    void recognisesShapes_data();
    void recognisesShapes();
    void findsIdsInCode();
    void findsIdsInConfig();
    void choosesFiles();
};

void TestModelIds::classifies_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("provider");
    const QString P = u"PINNED"_s, F = u"FLOATING"_s, V = u"PREVIEW"_s, U = u"UNKNOWN"_s;
    const QString openai = u"OpenAI"_s, anthropic = u"Anthropic"_s, google = u"Google"_s, mistral = u"Mistral"_s,
                  deepseek = u"DeepSeek"_s;
    struct Row { const char *id; QString expected; QString provider; };
    const Row rows[] = {
        // OpenAI
        {"gpt-4o-2024-08-06", P, openai}, {"o1-2024-12-17", P, openai}, {"gpt-4o-audio-preview-2024-12-17", P, openai},
        {"gpt-4-0613", P, openai}, {"gpt-3.5-turbo-0125", P, openai}, {"gpt-4-32k-0314", P, openai},
        {"gpt-4-1106-preview", P, openai}, {"gpt-4-0125-preview", P, openai}, {"gpt-4o", F, openai},
        {"gpt-4o-mini", F, openai}, {"gpt-4.1", F, openai}, {"gpt-5", F, openai}, {"o3", F, openai},
        {"o4-mini", F, openai}, {"gpt-4-turbo", F, openai}, {"gpt-4-turbo-preview", F, openai},
        {"gpt-3.5-turbo", F, openai}, {"gpt-4", F, openai}, {"chatgpt-4o-latest", F, openai},
        {"gpt-5-chat-latest", F, openai}, {"codex-mini-latest", F, openai}, {"gpt-5-codex", F, openai},
        {"openai/gpt-4o-2024-11-20", P, openai}, {"openai/gpt-4o", F, openai}, {"azure/gpt-4o-mini", F, openai},
        {"ft:gpt-4o-mini-2024-07-18:acme::abc123", P, openai}, {"ft:gpt-3.5-turbo:acme:custom:7p4lURel", P, openai},
        // Anthropic before 4.6
        {"claude-3-5-sonnet-20241022", P, anthropic}, {"claude-sonnet-4-20250514", P, anthropic},
        {"claude-sonnet-4-5-20250929", P, anthropic}, {"claude-haiku-4-5-20251001", P, anthropic},
        {"claude-3-5-sonnet-latest", F, anthropic}, {"claude-3-7-sonnet-latest", F, anthropic},
        {"claude-3-5-haiku-latest", F, anthropic}, {"claude-3-opus-latest", F, anthropic},
        {"claude-sonnet-4-5", F, anthropic}, {"claude-opus-4-1", F, anthropic}, {"claude-sonnet-4-0", F, anthropic},
        {"claude-opus-4-0", F, anthropic}, {"claude-3-5-sonnet", F, anthropic}, {"claude-3-opus", F, anthropic},
        {"claude-haiku-4-5", F, anthropic},
        // Anthropic 4.6 and later: dateless is pinned
        {"claude-sonnet-4-6", P, anthropic}, {"claude-opus-4-6", P, anthropic}, {"claude-opus-4-7", P, anthropic},
        {"claude-haiku-5-0", P, anthropic}, {"claude-opus-4-6-latest", F, anthropic},
        {"anthropic/claude-sonnet-4-6", P, anthropic}, {"anthropic/claude-sonnet-4-5", F, anthropic},
        {"sonnet", F, anthropic},
        // Bedrock and Vertex decorations
        {"anthropic.claude-3-5-sonnet-20241022-v2:0", P, anthropic}, {"us.anthropic.claude-sonnet-4-20250514-v1:0", P, anthropic},
        {"bedrock/anthropic.claude-3-haiku-20240307-v1:0", P, anthropic}, {"anthropic.claude-sonnet-4-5-v1:0", F, anthropic},
        {"claude-3-5-sonnet-v2@20241022", P, anthropic}, {"vertex_ai/claude-opus-4-1@20250805", P, anthropic},
        {"mistral.mistral-large-2407-v1:0", P, mistral}, {"meta.llama3-70b-instruct-v1:0", U, QString()},
        // OpenRouter
        {"~anthropic/claude-opus-latest", F, anthropic}, {"anthropic/claude-3.5-sonnet", U, anthropic},
        {"meta-llama/llama-3.1-70b-instruct", U, QString()},
        // Gemini
        {"gemini-1.5-pro-002", P, google}, {"gemini-1.0-pro-001", P, google}, {"gemini-2.0-flash-001", P, google},
        {"models/gemini-1.5-flash-002", P, google}, {"gemini/gemini-2.0-flash-001", P, google},
        {"gemini-1.5-pro-latest", F, google}, {"gemini-flash-latest", F, google}, {"gemini-pro-latest", F, google},
        {"gemini-1.5-pro", F, google}, {"gemini-2.0-flash", F, google}, {"gemini-pro", F, google},
        {"gemini-2.5-flash-preview-05-20", V, google}, {"gemini-2.5-pro-preview-0506", V, google},
        {"gemini-2.0-flash-exp-1206", V, google}, {"gemini-exp-1206", V, google},
        {"gemini-2.0-flash-thinking-exp-01-21", V, google}, {"gemini-2.0-flash-exp", F, google},
        {"gemini-2.5-pro-preview", F, google}, {"gemini-2.5-pro", U, google}, {"gemini-2.5-flash", U, google},
        // DeepSeek
        {"deepseek-chat", F, deepseek}, {"deepseek-reasoner", F, deepseek}, {"deepseek/deepseek-chat", F, deepseek},
        {"deepseek-v3-0324", P, deepseek}, {"deepseek-r1-0528", P, deepseek}, {"DeepSeek-V3.1", P, deepseek},
        {"deepseek-v3.2", P, deepseek}, {"deepseek-v4-flash", U, deepseek}, {"deepseek-v4-pro", U, deepseek},
        // Mistral
        {"mistral-large-2411", P, mistral}, {"mistral-large-2407", P, mistral}, {"mistral-small-2503", P, mistral},
        {"codestral-2501", P, mistral}, {"mistral-medium-2505", P, mistral}, {"mistral-large-2512", P, mistral},
        {"mistral-large-latest", F, mistral}, {"mistral-small-latest", F, mistral}, {"codestral-latest", F, mistral},
        {"ministral-8b-latest", F, mistral}, {"pixtral-large-latest", F, mistral}, {"magistral-medium-latest", F, mistral},
        {"mistral-tiny", F, mistral}, {"mistral-medium", F, mistral}, {"mistral-embed", U, mistral},
        {"open-mistral-7b", P, mistral}, {"open-mixtral-8x7b", P, mistral}, {"mistral-large-2413", F, mistral},
        // Unknown providers
        {"llama-3.1-70b", U, QString()}, {"command-r-plus", U, QString()},
    };
    for (const Row &row : rows)
        QTest::newRow(row.id) << QString::fromUtf8(row.id) << row.expected << row.provider;
}

void TestModelIds::classifies()
{
    QFETCH(QString, id);
    QFETCH(QString, expected);
    QFETCH(QString, provider);
    const ModelIdClassification c = ModelIdClassifier::classify(id);
    QCOMPARE(ModelIdClassification::pinningName(c.pinning), expected);
    QCOMPARE(c.provider, provider);
    QCOMPARE(c.id, id);
}

void TestModelIds::explainsEveryVerdict()
{
    for (const QString &id : {u"gpt-4o"_s, u"claude-opus-4-6"_s, u"claude-opus-4-1"_s, u"x"_s, u"gemini-2.5-pro"_s})
        QVERIFY2(!ModelIdClassifier::classify(id).reason.isEmpty(), qPrintable(id));
    QVERIFY(ModelIdClassifier::classify(u"claude-opus-4-6"_s).reason.contains(u"4.6"_s));
    QCOMPARE(ModelIdClassifier::classify(u"anthropic.claude-3-5-sonnet-20241022-v2:0"_s).baseId,
             u"claude-3-5-sonnet-20241022"_s);
}

void TestModelIds::recognisesShapes_data()
{
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<bool>("isModel");
    QTest::newRow("gpt") << u"gpt-4o-mini"_s << true;
    QTest::newRow("claude") << u"claude-sonnet-4-6"_s << true;
    QTest::newRow("routed") << u"openrouter/anthropic/claude-3.5-sonnet"_s << true;
    QTest::newRow("bedrock") << u"anthropic.claude-3-haiku-20240307-v1:0"_s << true;
    QTest::newRow("vertex") << u"claude-3-5-sonnet-v2@20241022"_s << true;
    QTest::newRow("o-series") << u"o3-mini"_s << true;
    QTest::newRow("ft") << u"ft:gpt-4o-mini-2024-07-18:acme::abc"_s << true;
    QTest::newRow("bare claude") << u"claude"_s << false;
    QTest::newRow("bare mistral") << u"mistral"_s << false;
    QTest::newRow("sentence") << u"use gpt-4o please"_s << false;
    QTest::newRow("o0") << u"o0"_s << false;
    QTest::newRow("word") << u"gemini"_s << false;
}

void TestModelIds::recognisesShapes()
{
    QFETCH(QString, candidate);
    QFETCH(bool, isModel);
    QCOMPARE(ModelIdFinder::looksLikeModelId(candidate), isModel);
}

void TestModelIds::findsIdsInCode()
{
    const QByteArray py = "import anthropic\n"
                          "MODEL = \"claude-sonnet-4-5\"\n"
                          "FALLBACK = 'gpt-4o-2024-08-06'\n"
                          "o3 = compute()  # o3 is a variable here, not a model\n"
                          "print(\"talking to gemini-2.0-flash now\")\n";
    const QList<ModelIdOccurrence> found = ModelIdFinder::findInText(py, u"app.py"_s, ModelIdFinder::FileKind::Code);
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).line, 2);
    QCOMPARE(found.at(0).classification.pinning, ModelPinning::Floating);
    QCOMPARE(found.at(1).line, 3);
    QCOMPARE(found.at(1).classification.pinning, ModelPinning::Pinned);
}

void TestModelIds::findsIdsInConfig()
{
    const QByteArray env = "OPENAI_MODEL=gpt-4o\nFALLBACK_MODEL=claude-opus-4-6\n";
    const auto envFound = ModelIdFinder::findInText(env, u".env.example"_s, ModelIdFinder::FileKind::Config);
    QCOMPARE(envFound.size(), 2);
    QCOMPARE(envFound.at(1).classification.pinning, ModelPinning::Pinned);
    const QByteArray yaml = "models:\n  primary: mistral-large-latest\n  fallback: \"gemini-1.5-pro-002\"\n";
    const auto yamlFound = ModelIdFinder::findInText(yaml, u"config.yaml"_s, ModelIdFinder::FileKind::Config);
    QCOMPARE(yamlFound.size(), 2);
    QCOMPARE(yamlFound.at(0).line, 2);
    QCOMPARE(yamlFound.at(1).line, 3);
    const QByteArray json = R"({"model": "deepseek-chat", "router": {"default": "~anthropic/claude-opus-latest"}})";
    const auto jsonFound = ModelIdFinder::findInText(json, u"settings.json"_s, ModelIdFinder::FileKind::Config);
    QCOMPARE(jsonFound.size(), 2);
    QCOMPARE(jsonFound.at(1).classification.pinning, ModelPinning::Floating);
}

void TestModelIds::choosesFiles()
{
    using K = ModelIdFinder::FileKind;
    QCOMPARE(ModelIdFinder::kindOf(u"src/app.tsx"_s), K::Code);
    QCOMPARE(ModelIdFinder::kindOf(u"cmd/main.go"_s), K::Code);
    QCOMPARE(ModelIdFinder::kindOf(u".env.example"_s), K::Config);
    QCOMPARE(ModelIdFinder::kindOf(u"deploy/values.yml"_s), K::Config);
    QCOMPARE(ModelIdFinder::kindOf(u"pyproject.toml"_s), K::Config);
    QCOMPARE(ModelIdFinder::kindOf(u"package-lock.json"_s), K::NotScanned);
    QCOMPARE(ModelIdFinder::kindOf(u"node_modules/x/index.js"_s), K::NotScanned);
    QCOMPARE(ModelIdFinder::kindOf(u"README.md"_s), K::NotScanned);
}

QTEST_APPLESS_MAIN(TestModelIds)
#include "TestModelIds.moc"
