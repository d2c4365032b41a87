// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/McpConfigInspector.h"

#include "FakeKeys.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** MCP client configs: a clean one, shells, filesystem roots, wildcard network, inline secrets, malformed JSON. */
class TestMcpConfigInspector : public QObject
{
    Q_OBJECT

private slots:
    void listsACleanConfig();
    void flagsShellServers();
    void flagsFilesystemRoots_data();
    void flagsFilesystemRoots();
    void flagsWildcardNetwork();
    void flagsAndRedactsInlineSecrets();
    void acceptsVsCodeLayoutWithComments();
    void reportsMalformedJsonWithPlace();
    void reportsMissingFile();

private:
    static QList<McpRisk> risks(const McpServer &server);
};

QList<McpRisk> TestMcpConfigInspector::risks(const McpServer &server)
{
    QList<McpRisk> out;
    for (const McpIssue &issue : server.issues)
        out.append(issue.risk);
    return out;
}

void TestMcpConfigInspector::listsACleanConfig()
{
    const QByteArray json = R"({"mcpServers": {
        "docs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/srv/app/docs"],
                 "env": {"LOG_LEVEL": "info", "GITHUB_TOKEN": "${GITHUB_TOKEN}"}},
        "remote": {"url": "https://mcp.example.com/sse", "headers": {"Authorization": "Bearer ${MCP_TOKEN}"}}
    }})";
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u"claude_desktop_config.json"_s);
    QVERIFY2(report.ok, qPrintable(report.error));
    QCOMPARE(report.servers.size(), 2);
    const McpServer &docs = report.servers.at(0);
    QCOMPARE(docs.name, u"docs"_s);
    QCOMPARE(docs.command, u"npx"_s);
    QCOMPARE(docs.args.size(), 3);
    QCOMPARE(docs.envNames, QStringList({u"GITHUB_TOKEN"_s, u"LOG_LEVEL"_s}));
    QVERIFY(docs.issues.isEmpty());
    QCOMPARE(report.servers.at(1).url, u"https://mcp.example.com/sse"_s);
    QVERIFY(report.servers.at(1).issues.isEmpty());
    QCOMPARE(report.issueCount(), 0);
    QVERIFY(report.summary().contains(u"2 MCP server(s), 0 with excess privilege"_s));
}

void TestMcpConfigInspector::flagsShellServers()
{
    const QByteArray json = R"({"mcpServers": {
        "runner": {"command": "/bin/bash", "args": ["-c", "node server.js"]},
        "commander": {"command": "npx", "args": ["-y", "@wonderwhy-er/desktop-commander"]},
        "ps": {"command": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "args": []},
        "git": {"command": "uvx", "args": ["mcp-server-git"]}
    }})";
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u"x.json"_s);
    QVERIFY(report.ok);
    QCOMPARE(report.servers.size(), 4);
    for (const McpServer &server : report.servers) {
        const bool expectShell = server.name != u"git"_s;
        QCOMPARE(risks(server).contains(McpRisk::ShellExecution), expectShell);
    }
}

void TestMcpConfigInspector::flagsFilesystemRoots_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<bool>("flagged");
    QTest::newRow("slash") << u"/"_s << true;
    QTest::newRow("tilde") << u"~"_s << true;
    QTest::newRow("tilde slash") << u"~/"_s << true;
    QTest::newRow("home var") << u"$HOME"_s << true;
    QTest::newRow("home braces") << u"${HOME}"_s << true;
    QTest::newRow("project") << u"/home/dev/project"_s << false;
    QTest::newRow("home subfolder") << u"~/projects/app"_s << false;
}

void TestMcpConfigInspector::flagsFilesystemRoots()
{
    QFETCH(QString, root);
    QFETCH(bool, flagged);
    const QByteArray json = R"({"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", ")"
        + root.toUtf8() + R"("]}}})";
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u"x.json"_s);
    QVERIFY2(report.ok, qPrintable(report.error));
    QCOMPARE(risks(report.servers.first()).contains(McpRisk::FilesystemRoot), flagged);
}

void TestMcpConfigInspector::flagsWildcardNetwork()
{
    const QByteArray json = R"({"mcpServers": {
        "fetch": {"command": "uvx", "args": ["mcp-server-fetch", "--allowed-hosts", "*"]},
        "fetch2": {"command": "node", "args": ["fetch.js", "--allowed-domains=*"]},
        "deno": {"command": "deno", "args": ["run", "--allow-net", "server.ts"]},
        "env": {"command": "node", "args": ["x.js"], "env": {"ALLOWED_HOSTS": "*"}},
        "cfg": {"command": "node", "args": ["y.js"], "allowedHosts": ["*"]},
        "narrow": {"command": "uvx", "args": ["mcp-server-fetch", "--allowed-hosts", "api.example.com"]}
    }})";
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u"x.json"_s);
    QVERIFY(report.ok);
    for (const McpServer &server : report.servers)
        QCOMPARE(risks(server).contains(McpRisk::WildcardNetwork), server.name != u"narrow"_s);
}

void TestMcpConfigInspector::flagsAndRedactsInlineSecrets()
{
    const QByteArray key = FakeKeys::anthropic(77);
    const QByteArray token = FakeKeys::join({"gh", "p_", FakeKeys::random(FakeKeys::ALNUM, 36, 78)});
    const QByteArray json = FakeKeys::join({R"({"mcpServers": {
        "a": {"command": "node", "args": ["s.js"], "env": {"ANTHROPIC_API_KEY": ")", key, R"(", "MODE": "fast"}},
        "b": {"command": "node", "args": ["s.js", "--api-key", "plainsecretvalue123"]},
        "c": {"command": "node", "args": ["s.js", "--token=)", token, R"("]},
        "d": {"url": "https://mcp.example.com/sse?api_key=abcdef123456"},
        "e": {"command": "docker", "args": ["run", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
              "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": ")", token, R"("}}
    }})"});
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u"x.json"_s);
    QVERIFY2(report.ok, qPrintable(report.error));
    QCOMPARE(report.servers.size(), 5);
    for (const McpServer &server : report.servers)
        QVERIFY2(risks(server).contains(McpRisk::InlineSecret), qPrintable(server.name));
    // Nothing a user sees holds the secrets.
    const QString keyTail = QString::fromLatin1(key.mid(20, 30));
    const QString tokenTail = QString::fromLatin1(token.mid(4, 20));
    for (const McpServer &server : report.servers) {
        const QString shown = server.args.join(u' ') + server.url + server.envNames.join(u' ');
        QString details;
        for (const McpIssue &issue : server.issues)
            details += issue.detail;
        for (const QString &text : {shown, details}) {
            QVERIFY(!text.contains(keyTail));
            QVERIFY(!text.contains(tokenTail));
            QVERIFY(!text.contains(u"plainsecretvalue123"_s));
            QVERIFY(!text.contains(u"abcdef123456"_s));
        }
    }
    QCOMPARE(report.servers.at(1).args.at(2), u"…e123"_s);
    QCOMPARE(report.servers.at(3).url, u"https://mcp.example.com/sse?…"_s);
}

void TestMcpConfigInspector::acceptsVsCodeLayoutWithComments()
{
    const QByteArray json = "{\n  // workspace servers\n  \"servers\": {\n    /* shell */ \"sh\": {\"type\": \"stdio\", \"command\": \"sh\"}\n  }\n}\n";
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u".vscode/mcp.json"_s);
    QVERIFY2(report.ok, qPrintable(report.error));
    QCOMPARE(report.servers.size(), 1);
    QVERIFY(risks(report.servers.first()).contains(McpRisk::ShellExecution));
}

void TestMcpConfigInspector::reportsMalformedJsonWithPlace()
{
    const QByteArray json = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"node\",}\n  }\n}\n";
    const McpConfigReport report = McpConfigInspector::inspectJson(json, u"claude_desktop_config.json"_s);
    QVERIFY(!report.ok);
    QVERIFY2(report.error.startsWith(u"claude_desktop_config.json: malformed JSON at line 3"_s), qPrintable(report.error));
    QVERIFY(!McpConfigInspector::inspectJson("[]", u"a.json"_s).ok);
    QVERIFY(McpConfigInspector::inspectJson("{\"x\": 1}", u"a.json"_s).error.contains(u"no mcpServers"_s));
    QVERIFY(McpConfigInspector::inspectJson("{\"mcpServers\": []}", u"a.json"_s).error.contains(u"must be an object"_s));
}

void TestMcpConfigInspector::reportsMissingFile()
{
    QTemporaryDir dir;
    const McpConfigReport missing = McpConfigInspector::inspectFile(dir.path() + u"/nope.json"_s);
    QVERIFY(!missing.ok);
    QVERIFY(missing.error.contains(u"nope.json"_s));
    QFile file(dir.path() + u"/mcp.json"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"mcpServers": {"a": {"command": "node"}}})");
    file.close();
    QVERIFY(McpConfigInspector::inspectFile(file.fileName()).ok);
}

QTEST_APPLESS_MAIN(TestMcpConfigInspector)
#include "TestMcpConfigInspector.moc"
