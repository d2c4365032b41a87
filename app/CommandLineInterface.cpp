// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLineInterface.h"

#include "CliArguments.h"
#include "CallsStatsCommand.h"
#include "CheckCommand.h"
#include "CliSession.h"
#include "DemoServerCommand.h"
#include "DeployCommand.h"
#include "FlagCommand.h"
#include "InitCommand.h"
#include "MarkCommand.h"
#include "ReportCommand.h"
#include "RollbackCommand.h"
#include "StatusCommand.h"

#include <QHash>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace CommandLineInterface {

namespace {
using Runner = int (*)(CliArguments &, QTextStream &, QTextStream &);

struct Command
{
    Runner run;
    const char *help;
};

int runDemoServer(CliArguments &args, QTextStream &out, QTextStream &err)
{
    return runDemoServerCommand(args.remaining(), out, err);
}

int runCalls(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> sub = args.takePositional();
    if (sub != u"stats") {
        err << "liftoff calls: use `liftoff calls stats [--window 24h] [--input-format F] [FILE...]`" << Qt::endl;
        return ExitCode::USAGE;
    }
    return runCallsStatsCommand(args.remaining(), out, err);
}

const char *const GLOBAL_HELP =
    "Usage: liftoff [COMMAND] [OPTIONS]\n"
    "\n"
    "With no command, opens the GUI (on the last project, or the demo).\n"
    "\n"
    "Commands:\n"
    "  open [CONFIG]            open the GUI on a project\n"
    "  init [DIR]               write a commented liftoff.yaml (never overwrites)\n"
    "  deploy new|list|release  record deployments, list them, mark one released\n"
    "  check                    run the probes, store the results, print the verdict\n"
    "  status                   print the stored checklist and verdict\n"
    "  report --out FILE        the full report: markdown, html, pdf, json or junit\n"
    "  mark ID --status S       tick, waive or mark an item n/a, with a note\n"
    "  calls stats [FILE...]    count, error rate, P50/P95/P99, cost of LLM call logs\n"
    "  rollback --reason TEXT   run the configured rollback (--dry-run, --yes, --approve)\n"
    "  flag get|set on|off      read or flip the AI kill switch\n"
    "  demo-server [--port N]   run only the embedded demo AI service\n"
    "\n"
    "Global options:\n"
    "  --db PATH          the database (default: app data folder; env LIFTOFF_DB)\n"
    "  --config PATH      the project file (default: ./liftoff.yaml)\n"
    "  --deployment NAME  the deployment (default: the newest)\n"
    "  --version          print the version\n"
    "  --demo             open the GUI on the built-in demo\n"
    "\n"
    "Exit codes: 0 Go or Conditional Go, 1 No-Go (--strict: Conditional Go too),\n"
    "2 usage or config error, 3 store error, 4 rollback failed or refused.\n";

const QHash<QString, Command> &commands()
{
    static const QHash<QString, Command> table {
        {u"init"_s, {&InitCommand::run, "Usage: liftoff init [DIR]\nWrites DIR/liftoff.yaml with every key commented. Refuses to overwrite.\n"}},
        {u"calls"_s, {&runCalls,
                      "Usage: liftoff calls stats [--window 24h] [--input-format auto|otel|litellm|jsonl] [--format text|json]\n"
                      "                           [--threads N] [--prices FILE] [--config PATH] [FILE...]\n"
                      "Reads LLM call logs (the FILEs, format detected unless given; without FILE the call sources\n"
                      "of --config) and prints count, error rate,\n"
                      "P50/P95/P99 latency (nearest rank, exact), cost, field coverage, per-model figures and drift.\n"}},
        {u"check"_s, {&CheckCommand::run,
                      "Usage: liftoff check [--only ID,...] [--phase pre|deploy|post] [--format text|json|junit|markdown] [--strict] [--approve]\n"
                      "Runs the probes of the deployment's items against its environment, stores every result,\n"
                      "prints the checklist and the verdict. Exit 0 Go/Conditional Go, 1 No-Go.\n"
                      "--approve runs configured commands (infra.env-vars) for this run and prints their hashes.\n"
                      "Alert items send real test messages; without --only they are skipped when they passed within a day.\n"}},
        {u"deploy"_s, {&DeployCommand::run,
                       "Usage: liftoff deploy new [--env ENV] [--version V] [--name NAME] [--by NAME]\n"
                       "       liftoff deploy list [--format text|json]\n"
                       "       liftoff deploy release NAME [--by NAME]\n"
                       "The version defaults to `git describe` of the project's repo; the environment to the first in liftoff.yaml.\n"}},
        {u"report"_s, {&ReportCommand::run,
                       "Usage: liftoff report [--format markdown|html|pdf|json|junit] [--out FILE] [--strict]\n"
                       "Writes the deployment's checklist, evidence, charts (html, pdf) and audit trail.\n"
                       "The format defaults to what FILE's suffix says (.md .html .pdf .json .xml), else markdown;\n"
                       "without --out a text format goes to stdout. The file is replaced only when complete.\n"
                       "Exit 0 Go/Conditional Go, 1 No-Go (or Conditional Go with --strict), like status.\n"}},
        {u"status"_s, {&StatusCommand::run,
                       "Usage: liftoff status [--format text|json|junit|markdown] [--strict]\n"
                       "Prints the stored checklist and the verdict without running anything.\n"
                       "Exit 0 Go/Conditional Go, 1 No-Go (or Conditional Go with --strict).\n"}},
        {u"demo-server"_s, {&runDemoServer,
                            "Usage: liftoff demo-server [--port N] [--state DIR]\n"
                            "Runs the embedded demo AI service on 127.0.0.1 in the foreground and prints its base URL; "
                            "Ctrl-C stops it.\n"}},
        {u"rollback"_s, {&RollbackCommand::run,
                         "Usage: liftoff rollback [--dry-run] --reason TEXT [--yes] [--approve] [--by NAME]\n"
                         "Runs liftoff.yaml's rollback.command (or rollback.dry_run) for the deployment, then re-runs\n"
                         "rollback.verify, notifies rollback.notify and records everything in the audit trail.\n"
                         "A new or changed command runs only with --approve; without --yes it asks on the terminal.\n"
                         "Exit 0 done and verified, 4 failed or refused.\n"}},
        {u"flag"_s, {&FlagCommand::run,
                     "Usage: liftoff flag get\n"
                     "       liftoff flag set on|off --reason TEXT [--by NAME]\n"
                     "Reads or flips the AI kill switch configured under `flags` (OFREP, flagd file, Unleash).\n"
                     "A flip is recorded in the audit trail and notified. Exit 0 done, 4 failed.\n"}},
        {u"mark"_s, {&MarkCommand::run,
                     "Usage: liftoff mark ID --status pass|fail|na|waived --note TEXT [--expires DATE] [--by NAME] [--evidence LINK]\n"
                     "A waiver needs --expires (YYYY-MM-DD); n/a and waivers need a reason in --note.\n"
                     "manual+evidence items need a link or file (--evidence, or a URL in the note) to pass.\n"
                     "Passing an item whose probe failed is refused: waive it instead.\n"}},
    };
    return table;
}
} // namespace

bool isHeadless(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString first = arguments.at(1);
    // Anything that is not the GUI's own (open, --demo, Qt's -platform style options) is a command,
    // so a mistyped command gets an error instead of a window.
    if (first == u"open" || first == u"--demo" || (first.startsWith(u'-') && !first.startsWith(u"--"))
        || first == u"--config" || first == u"--db")
        return false;
    return true;
}

bool needsGui(const QStringList &arguments)
{
    return arguments.value(1) == u"report";
}

int run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList words = arguments.mid(1);
    const QString name = words.value(0);
    if (name == u"--version") {
        out << "liftoff " << LIFTOFF_VERSION << Qt::endl;
        return ExitCode::GO;
    }
    if (name == u"--help" || name == u"-h" || name == u"help") {
        out << GLOBAL_HELP;
        return ExitCode::GO;
    }
    const auto it = commands().constFind(name);
    if (it == commands().constEnd()) {
        err << "liftoff: unknown command '" << name << "'\n" << GLOBAL_HELP;
        return ExitCode::USAGE;
    }
    CliArguments args(words.mid(1));
    if (args.takeFlag(u"--help"_s) || args.takeFlag(u"-h"_s)) {
        out << it->help;
        return ExitCode::GO;
    }
    return it->run(args, out, err);
}

} // namespace CommandLineInterface
