// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/CallSiteScanner.h"
#include "scan/SourceMasker.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** LLM call sites in Python and JS/TS: multi-line calls, comments and strings that must not count. */
class TestCallSiteScanner : public QObject
{
    Q_OBJECT

private slots:
    void masksCommentsAndStrings();
    void readsArguments_data();
    void readsArguments();
    void reportsLinesOfMultiLineCalls();
    void bareLiteLlmNeedsTheImport();
    void skipsDefinitions();
    void scansATree();
};

void TestCallSiteScanner::masksCommentsAndStrings()
{
    const QByteArray py = "x = f('a(b', \"\"\"c)\nd\"\"\")  # max_tokens=1 )\n";
    const SourceMasker::Masked m = SourceMasker::mask(py, SourceLanguage::Python);
    QCOMPARE(m.withoutComments.size(), py.size());
    QVERIFY(!m.withoutComments.contains("max_tokens"));
    QVERIFY(m.withoutComments.contains("a(b"));
    QVERIFY(!m.withoutCommentsAndStrings.contains("a(b"));
    QCOMPARE(m.withoutCommentsAndStrings.count('\n'), 2);
    const QByteArray js = "a(`x)`, /* ) */ 'y') // temperature: 1\n";
    const SourceMasker::Masked j = SourceMasker::mask(js, SourceLanguage::JavaScript);
    QVERIFY(!j.withoutComments.contains("temperature"));
    QCOMPARE(j.withoutCommentsAndStrings.count(')'), 1); // only the real closing parenthesis
}

void TestCallSiteScanner::readsArguments_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("call");
    QTest::addColumn<bool>("hasMax");
    QTest::addColumn<bool>("hasTemperature");

    QTest::newRow("py openai both") << u"a.py"_s
        << QByteArray("r = client.chat.completions.create(model=M, messages=m, max_tokens=500, temperature=0.2)\n")
        << u"chat.completions.create"_s << true << true;
    QTest::newRow("py openai none") << u"a.py"_s
        << QByteArray("r = client.chat.completions.create(\n    model=M,\n    messages=m,\n)\n")
        << u"chat.completions.create"_s << false << false;
    QTest::newRow("py comment does not count") << u"a.py"_s
        << QByteArray("r = client.chat.completions.create(\n    model=M,  # TODO max_tokens=100\n"
                      "    # temperature=0\n    messages=m)\n")
        << u"chat.completions.create"_s << false << false;
    QTest::newRow("py string does not count") << u"a.py"_s
        << QByteArray("client.messages.create(model=M, messages=[{\"role\": \"user\", \"content\": \"max_tokens please\"}],"
                      " temperature=1)\n")
        << u"messages.create"_s << false << true;
    QTest::newRow("py dict keys count") << u"a.py"_s
        << QByteArray("client.responses.create(**{\"model\": M, \"max_output_tokens\": 9, \"temperature\": 0})\n")
        << u"responses.create"_s << true << true;
    QTest::newRow("py anthropic legacy name") << u"a.py"_s
        << QByteArray("client.messages.create(model=M, max_tokens_to_sample=5, temperature=0)\n")
        << u"messages.create"_s << true << true;
    QTest::newRow("py completion tokens") << u"a.py"_s
        << QByteArray("await client.chat.completions.create(model=M, max_completion_tokens=5)\n")
        << u"chat.completions.create"_s << true << false;
    QTest::newRow("py litellm") << u"a.py"_s
        << QByteArray("import litellm\nresp = litellm.completion(model='gpt-4o', messages=m, temperature=0)\n")
        << u"litellm.completion"_s << false << true;
    QTest::newRow("py langchain") << u"a.py"_s
        << QByteArray("llm = ChatAnthropic(model='claude-sonnet-4-6', max_tokens=1024, temperature=0)\n")
        << u"ChatAnthropic"_s << true << true;
    QTest::newRow("py nested parens") << u"a.py"_s
        << QByteArray("x = client.chat.completions.create(model=pick(a, (b)), messages=build(m)\n"
                      ")\ny = dict(max_tokens=1, temperature=1)\n")
        << u"chat.completions.create"_s << false << false;
    QTest::newRow("js openai object") << u"a.ts"_s
        << QByteArray("const r = await openai.chat.completions.create({\n  model,\n  messages,\n  max_tokens: 256,\n"
                      "  temperature: 0.1,\n});\n")
        << u"chat.completions.create"_s << true << true;
    QTest::newRow("js comments") << u"a.js"_s
        << QByteArray("await anthropic.messages.create({\n  model: M, // max_tokens: 100\n  /* temperature: 0 */\n"
                      "  messages,\n});\n")
        << u"messages.create"_s << false << false;
    QTest::newRow("js shorthand") << u"a.mjs"_s
        << QByteArray("const max_tokens = 5; client.messages.create({ model, max_tokens, temperature })\n")
        << u"messages.create"_s << true << true;
    QTest::newRow("js langchain camel") << u"a.tsx"_s
        << QByteArray("const llm = new ChatOpenAI({ model: 'gpt-4o', maxTokens: 100 });\n")
        << u"ChatOpenAI"_s << true << false;
    QTest::newRow("js ai sdk") << u"a.ts"_s
        << QByteArray("const { text } = await generateText({ model: openai('gpt-4o'), prompt, temperature: 0 });\n")
        << u"generateText"_s << false << true;
    QTest::newRow("js template string") << u"a.ts"_s
        << QByteArray("openai.responses.create({ input: `max_tokens: ${n})`, model })\n")
        << u"responses.create"_s << false << false;
}

void TestCallSiteScanner::readsArguments()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, source);
    QFETCH(QString, call);
    QFETCH(bool, hasMax);
    QFETCH(bool, hasTemperature);
    const QList<CallSite> sites = CallSiteScanner::scanText(source, file);
    QCOMPARE(sites.size(), 1);
    QCOMPARE(sites.first().call, call);
    QCOMPARE(sites.first().hasMaxTokens, hasMax);
    QCOMPARE(sites.first().hasTemperature, hasTemperature);
}

void TestCallSiteScanner::reportsLinesOfMultiLineCalls()
{
    const QByteArray py = "from openai import OpenAI\n\nclient = OpenAI()\n\n"
                          "def ask(m, **kw):\n"
                          "    return client.chat.completions.create(\n        model='gpt-4o',\n        messages=m,\n"
                          "        **kw,\n    )\n\n"
                          "def other():\n    return client.messages.create(model='x', max_tokens=1, temperature=0)\n";
    const QList<CallSite> sites = CallSiteScanner::scanText(py, u"svc.py"_s);
    QCOMPARE(sites.size(), 2);
    QCOMPARE(sites.at(0).line, 6);
    QVERIFY(sites.at(0).spreadsArguments);
    QVERIFY(sites.at(0).lacksLimits());
    QCOMPARE(sites.at(1).line, 13);
    QVERIFY(!sites.at(1).lacksLimits());
    QCOMPARE(sites.at(1).sdk, u"anthropic"_s);
}

void TestCallSiteScanner::bareLiteLlmNeedsTheImport()
{
    const QByteArray with = "from litellm import completion, acompletion\nr = completion(model=m, messages=x)\n"
                            "s = await acompletion(model=m, messages=x, max_tokens=3, temperature=0)\n";
    const QList<CallSite> sites = CallSiteScanner::scanText(with, u"l.py"_s);
    QCOMPARE(sites.size(), 2);
    QCOMPARE(sites.at(0).call, u"completion"_s);
    QVERIFY(sites.at(0).lacksLimits());
    QVERIFY(!sites.at(1).lacksLimits());
    QCOMPARE(CallSiteScanner::scanText("r = completion(a)\n", u"x.py"_s).size(), 0);
}

void TestCallSiteScanner::skipsDefinitions()
{
    const QByteArray py = "import litellm\ndef completion(x):\n    pass\nclass Wrapper(ChatOpenAI):\n    pass\n";
    QCOMPARE(CallSiteScanner::scanText(py, u"w.py"_s).size(), 0);
    QCOMPARE(CallSiteScanner::scanText("import { ChatOpenAI } from '@langchain/openai';\n", u"w.ts"_s).size(), 0);
}

void TestCallSiteScanner::scansATree()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + u"/src"_s);
    QDir().mkpath(dir.path() + u"/node_modules/openai"_s);
    auto write = [&](const QString &path, const QByteArray &content) {
        QFile f(dir.path() + u'/' + path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    };
    write(u"src/a.py"_s, "client.chat.completions.create(model=m)\n");
    write(u"src/b.ts"_s, "client.messages.create({model, max_tokens: 1, temperature: 0})\n");
    write(u"node_modules/openai/index.js"_s, "client.chat.completions.create({})\n");
    write(u"README.md"_s, "client.chat.completions.create(model=m)\n");
    const CallSiteReport report = CallSiteScanner::scanTree(dir.path());
    QCOMPARE(report.filesScanned, 2);
    QCOMPARE(report.callSites.size(), 2);
    QCOMPARE(report.lackingLimits().size(), 1);
    QCOMPARE(report.lackingLimits().first().file, u"src/a.py"_s);
    QVERIFY(report.summary().contains(u"1 without max_tokens"_s));
}

QTEST_APPLESS_MAIN(TestCallSiteScanner)
#include "TestCallSiteScanner.moc"
