// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLineInterface.h"

#include "CliArguments.h"
#include "CommandLineParser.h"
#include "CallsStatsCommand.h"
#include "CheckCommand.h"
#include "CliSession.h"
#include "DemoServerCommand.h"
#include "DeployCommand.h"
#include "EvalCommand.h"
#include "FlagCommand.h"
#include "InitCommand.h"
#include "MarkCommand.h"
#include "ReportCommand.h"
#include "ReviewCommand.h"
#include "RollbackCommand.h"
#include "SecretCommand.h"
#include "StatusCommand.h"
#include "StoreCommand.h"

#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace CommandLineInterface {

namespace {
using Runner = int (*)(CliArguments &, QTextStream &, QTextStream &);

struct Command
{
    SubcommandSpec spec;
    Runner run = nullptr;
};

/**
 * The words a command that reads its own argument list gets: the checked options as
 * --name=value (of the global ones only those it uses), its flags, then `--` and its positional words.
 */
QStringList normalizedWords(CliArguments &args, const SubcommandSpec &spec, const QStringList &globals)
{
    QStringList words;
    for (const QString &name : globals + spec.valueOptions) {
        for (const QString &value : args.takeOptions(u"--"_s + name))
            words.append(u"--"_s + name + u'=' + value);
    }
    for (const QString &name : spec.flags) {
        if (args.takeFlag(u"--"_s + name))
            words.append(u"--"_s + name);
    }
    const QStringList positionals = args.takePositionals();
    if (!positionals.isEmpty())
        words += QStringList {u"--"_s} + positionals;
    return words;
}

const SubcommandSpec &specOf(const char *name);

int runDemoServer(CliArguments &args, QTextStream &out, QTextStream &err)
{
    return runDemoServerCommand(normalizedWords(args, specOf("demo-server"), {}), out, err);
}

int runCalls(CliArguments &args, QTextStream &out, QTextStream &err)
{
    args.takePositional(); // "stats"
    return runCallsStatsCommand(normalizedWords(args, specOf("calls stats"), {u"config"_s}), out, err);
}

const char *const GLOBAL_HELP =
    "Usage: liftoff [GLOBAL OPTIONS] [COMMAND] [OPTIONS]\n"
    "\n"
    "With no command, opens the GUI (on the last project, or the demo).\n"
    "\n"
    "Commands:\n"
    "  open [CONFIG]            open the GUI on a project\n"
    "  init [DIR]               write a commented liftoff.yaml (never overwrites)\n"
    "  deploy new|list|release  record deployments, list them, mark one released\n"
    "  check                    run the probes, store the results, print the verdict\n"
    "  eval run|bless|import    run the eval set and store it; bless a run as the baseline\n"
    "  status                   print the stored checklist and verdict\n"
    "  report --out FILE        the full report: markdown, html, pdf, json or junit\n"
    "  mark ID --status S       tick, waive or mark an item n/a, with a note\n"
    "  calls stats [FILE...]    count, error rate, P50/P95/P99, cost of LLM call logs\n"
    "  rollback --reason TEXT   run the configured rollback (--dry-run, --yes, --approve)\n"
    "  flag get|set on|off      read or flip the AI kill switch\n"
    "  review [--sample N]      review a random sample of logged calls (h24.review-sample)\n"
    "  secret set|delete|list   keychain:NAME secrets in the OS keychain (value read from stdin)\n"
    "  store copy --from --to   copy a whole store between SQLite and PostgreSQL, counts verified\n"
    "  demo-server [--port N]   run only the embedded demo AI service\n"
    "  help [COMMAND]           this text, or a command's\n"
    "\n"
    "Global options (before or after the command):\n"
    "  --db PATH          the database (default: app data folder; env LIFTOFF_DB)\n"
    "  --config PATH      the project file (default: ./liftoff.yaml)\n"
    "  --deployment NAME  the deployment (default: the newest)\n"
    "  --version          print the version\n"
    "  --demo             open the GUI on the built-in demo\n"
    "\n"
    "Exit codes: 0 Go or Conditional Go, 1 No-Go (--strict: Conditional Go too),\n"
    "2 usage or config error, 3 store error, 4 rollback failed or refused, 5 no OS keychain.\n";

const char *const DEPLOY_HELP =
    "Usage: liftoff deploy new [--env ENV] [--version V] [--name NAME] [--by NAME]\n"
    "       liftoff deploy list [--format text|json]\n"
    "       liftoff deploy release NAME [--by NAME]\n"
    "The version defaults to `git describe` of the project's repo; the environment to the first in liftoff.yaml.\n";

const char *const EVAL_HELP =
    "Usage: liftoff eval run [--env ENV] [--by NAME]\n"
    "       liftoff eval bless RUN --note WHY [--by NAME]\n"
    "       liftoff eval import FILE [--by NAME]\n"
    "Runs liftoff.yaml's eval set (evals.dataset) against evals.target in ENV (default: the deployment's),\n"
    "stores every case's answer and assertion outcomes with the deployment's prompt versions, and prints the\n"
    "run number. Ctrl-C starts no new case and keeps what finished. bless makes a complete run the baseline of\n"
    "its prompt versions (qa.baseline-recorded), audited. import stores a promptfoo output.json or a garak\n"
    "report.jsonl as a run of the deployment. Exit 0 complete, 1 stopped early, 2 bad dataset or file.\n";

const char *const FLAG_HELP =
    "Usage: liftoff flag get\n"
    "       liftoff flag set on|off --reason TEXT [--by NAME]\n"
    "Reads or flips the AI kill switch configured under `flags` (OFREP, flagd file, Unleash).\n"
    "A flip is recorded in the audit trail and notified. Exit 0 done, 4 failed.\n";

const char *const SECRET_HELP =
    "Usage: liftoff secret set NAME      (the value is read from stdin: typed without echo, or piped)\n"
    "       liftoff secret delete NAME\n"
    "       liftoff secret list\n"
    "Stores, removes or lists the OS keychain entries that `keychain:NAME` references in liftoff.yaml read\n"
    "(service \"liftoff\", key NAME; on Linux the Secret Service, e.g. GNOME Keyring or KWallet). The value is\n"
    "never an argument and never printed; list prints names only. Where no keychain answers (CI, ssh) use\n"
    "env:NAME references instead. Exit 0 done, 1 no such secret, 2 usage, 5 no OS keychain (or it refused).\n";

const char *const STORE_HELP =
    "Usage: liftoff store copy --from DB --to DB\n"
    "Copies every table of a Liftoff store into an empty one, ids kept: a SQLite file (DB is its path) to a\n"
    "PostgreSQL database (postgresql://USER@HOST:PORT/DATABASE, the password from ?password=env:NAME or\n"
    "PGPASSFILE) or back, in one transaction that commits only when every table's row count matches.\n"
    "An older source is migrated first; a target that already holds rows is refused. No liftoff.yaml needed.\n"
    "Exit 0 copied and verified, 2 usage, 3 store error (nothing written to the target).\n";

Command command(const char *name, Runner run, QStringList valueOptions, QStringList flags, int maxPositional,
                const char *usage, const char *help)
{
    Command c;
    c.spec.name = QString::fromUtf8(name);
    c.spec.valueOptions = std::move(valueOptions);
    c.spec.flags = std::move(flags);
    c.spec.maxPositional = maxPositional;
    c.spec.usage = QString::fromUtf8(usage);
    c.spec.help = QString::fromUtf8(help);
    c.run = run;
    return c;
}

const QList<Command> &commands()
{
    static const QList<Command> table = [] {
        QList<Command> t;
        t.append(command("open", nullptr, {}, {}, 1, "Usage: liftoff open [CONFIG]\n",
                         "Usage: liftoff open [CONFIG]\nOpens the GUI on a project (default: the last one opened, or the demo).\n"));
        t.last().spec.opensGui = true;
        t.append(command("init", &InitCommand::run, {}, {}, 1, "Usage: liftoff init [DIR]\n",
                         "Usage: liftoff init [DIR]\nWrites DIR/liftoff.yaml with every key commented. Refuses to overwrite.\n"));
        t.append(command("deploy new", &DeployCommand::run, {u"env"_s, u"version"_s, u"name"_s, u"by"_s}, {}, 0,
                         "Usage: liftoff deploy new [--env ENV] [--version V] [--name NAME] [--by NAME]\n", DEPLOY_HELP));
        t.append(command("deploy list", &DeployCommand::run, {u"format"_s}, {}, 0,
                         "Usage: liftoff deploy list [--format text|json]\n", DEPLOY_HELP));
        t.append(command("deploy release", &DeployCommand::run, {u"by"_s}, {}, 1,
                         "Usage: liftoff deploy release NAME [--by NAME]\n", DEPLOY_HELP));
        t.append(command("check", &CheckCommand::run, {u"format"_s, u"only"_s, u"phase"_s, u"concurrency"_s},
                         {u"strict"_s, u"approve"_s}, 0,
                         "Usage: liftoff check [--only ID,...] [--phase pre|deploy|post] [--format text|json|junit|markdown] [--strict] [--approve]\n",
                         "Usage: liftoff check [--only ID,...] [--phase pre|deploy|post] [--format text|json|junit|markdown] [--strict] [--approve]\n"
                         "Runs the probes of the deployment's items against its environment, stores every result,\n"
                         "prints the checklist and the verdict. Exit 0 Go/Conditional Go, 1 No-Go.\n"
                         "--approve runs configured commands (infra.env-vars) for this run and prints their hashes.\n"
                         "Alert items send real test messages; without --only they are skipped when they passed within a day.\n"));
        t.append(command("eval run", &EvalCommand::run, {u"env"_s, u"by"_s}, {}, 0,
                         "Usage: liftoff eval run [--env ENV] [--by NAME]\n", EVAL_HELP));
        t.append(command("eval bless", &EvalCommand::run, {u"note"_s, u"by"_s}, {}, 1,
                         "Usage: liftoff eval bless RUN --note WHY [--by NAME]\n", EVAL_HELP));
        t.append(command("eval import", &EvalCommand::run, {u"by"_s}, {}, 1,
                         "Usage: liftoff eval import FILE [--by NAME]\n", EVAL_HELP));
        t.append(command("status", &StatusCommand::run, {u"format"_s}, {u"strict"_s}, 0,
                         "Usage: liftoff status [--format text|json|junit|markdown] [--strict]\n",
                         "Usage: liftoff status [--format text|json|junit|markdown] [--strict]\n"
                         "Prints the stored checklist and the verdict without running anything.\n"
                         "Exit 0 Go/Conditional Go, 1 No-Go (or Conditional Go with --strict).\n"));
        t.append(command("report", &ReportCommand::run, {u"out"_s, u"format"_s}, {u"strict"_s}, 0,
                         "Usage: liftoff report [--format markdown|html|pdf|json|junit] [--out FILE] [--strict]\n",
                         "Usage: liftoff report [--format markdown|html|pdf|json|junit] [--out FILE] [--strict]\n"
                         "Writes the deployment's checklist, evidence, charts (html, pdf) and audit trail.\n"
                         "The format defaults to what FILE's suffix says (.md .html .pdf .json .xml), else markdown;\n"
                         "without --out a text format goes to stdout. The file is replaced only when complete.\n"
                         "Exit 0 Go/Conditional Go, 1 No-Go (or Conditional Go with --strict), like status.\n"));
        t.last().spec.needsGuiApplication = true;
        t.append(command("mark", &MarkCommand::run, {u"status"_s, u"note"_s, u"expires"_s, u"by"_s, u"evidence"_s}, {}, 1,
                         "Usage: liftoff mark ID --status pass|fail|na|waived --note TEXT [--expires DATE] [--by NAME] [--evidence LINK]\n",
                         "Usage: liftoff mark ID --status pass|fail|na|waived --note TEXT [--expires DATE] [--by NAME] [--evidence LINK]\n"
                         "A waiver needs --expires (YYYY-MM-DD); n/a and waivers need a reason in --note.\n"
                         "manual+evidence items need a link or file (--evidence, or a URL in the note) to pass.\n"
                         "Passing an item whose probe failed is refused: waive it instead.\n"));
        t.append(command("calls stats", &runCalls, {u"window"_s, u"input-format"_s, u"format"_s, u"threads"_s, u"prices"_s},
                         {}, -1,
                         "Usage: liftoff calls stats [--window 24h] [--input-format auto|otel|litellm|jsonl|langfuse] [--format text|json]\n"
                         "                           [--threads N] [--prices FILE] [--config PATH] [FILE...]\n",
                         "Usage: liftoff calls stats [--window 24h] [--input-format auto|otel|litellm|jsonl|langfuse] [--format text|json]\n"
                         "                           [--threads N] [--prices FILE] [--config PATH] [FILE...]\n"
                         "Reads LLM call logs (the FILEs, format detected unless given; without FILE the call sources\n"
                         "of --config) and prints count, error rate,\n"
                         "P50/P95/P99 latency (nearest rank, exact), cost, field coverage, per-model figures and drift.\n"));
        t.append(command("rollback", &RollbackCommand::run, {u"reason"_s, u"by"_s}, {u"dry-run"_s, u"yes"_s, u"approve"_s}, 0,
                         "Usage: liftoff rollback [--dry-run] --reason TEXT [--yes] [--approve] [--by NAME]\n"
                         "       liftoff rollback --approve [--by NAME]\n",
                         "Usage: liftoff rollback [--dry-run] --reason TEXT [--yes] [--approve] [--by NAME]\n"
                         "       liftoff rollback --approve [--by NAME]\n"
                         "Runs liftoff.yaml's rollback.command (or rollback.dry_run) for the deployment, then re-runs\n"
                         "rollback.verify, notifies rollback.notify and records everything in the audit trail.\n"
                         "A new or changed command runs only with --approve; without --yes it asks on the terminal.\n"
                         "With rollback.approvers: N the command needs approval by N distinct people first (the one\n"
                         "who starts it counts if they approved); --approve without --reason only records an approval\n"
                         "by --by NAME (default: your configured name), e.g. the second person's.\n"
                         "Exit 0 done and verified (or approval recorded), 4 failed or refused.\n"));
        t.append(command("review", &ReviewCommand::run, {u"sample"_s, u"seed"_s, u"by"_s}, {u"new"_s, u"list"_s}, 0,
                         "Usage: liftoff review [--sample N] [--seed N] [--new] [--list] [--by NAME]\n",
                         "Usage: liftoff review [--sample N] [--seed N] [--new] [--list] [--by NAME]\n"
                         "The h24.review-sample queue: draws N calls (default 20) at random from the deployment's call\n"
                         "log (the first sources.window after release, else the last one; the seed is recorded), shows\n"
                         "each unmarked one with PII and keys masked and reads `good` or `bad` plus an optional note per\n"
                         "line. Marks are stored at once; the item passes (warns on bad calls) when all are marked.\n"
                         "--list prints the sample and its marks; --new draws a new sample.\n"));
        t.append(command("flag get", &FlagCommand::run, {}, {}, 0, "Usage: liftoff flag get\n", FLAG_HELP));
        t.append(command("flag set", &FlagCommand::run, {u"reason"_s, u"by"_s}, {}, 1,
                         "Usage: liftoff flag set on|off --reason TEXT [--by NAME]\n", FLAG_HELP));
        t.append(command("secret set", &SecretCommand::run, {}, {}, 1,
                         "Usage: liftoff secret set NAME   (value from stdin)\n", SECRET_HELP));
        t.last().spec.hidesStrayArguments = true;
        t.append(command("secret delete", &SecretCommand::run, {}, {}, 1, "Usage: liftoff secret delete NAME\n",
                         SECRET_HELP));
        t.append(command("secret list", &SecretCommand::run, {}, {}, 0, "Usage: liftoff secret list\n", SECRET_HELP));
        t.append(command("store copy", &StoreCommand::run, {u"from"_s, u"to"_s}, {}, 0,
                         "Usage: liftoff store copy --from DB --to DB\n", STORE_HELP));
        t.append(command("demo-server", &runDemoServer, {u"port"_s, u"state"_s, u"url"_s, u"rate-limit"_s},
                         {u"rollback"_s, u"dry-run"_s}, 0,
                         "Usage: liftoff demo-server [--port N] [--state DIR] [--rate-limit N]\n",
                         "Usage: liftoff demo-server [--port N] [--state DIR] [--rate-limit N]\n"
                         "Runs the embedded demo AI service on 127.0.0.1 in the foreground and prints its base URL; "
                         "Ctrl-C stops it. --rate-limit sets POST /v1/chat's bucket (requests per 10 s, default 20).\n"));
        return t;
    }();
    return table;
}

const SubcommandSpec &specOf(const char *name)
{
    for (const Command &c : commands()) {
        if (c.spec.name == QLatin1StringView(name))
            return c.spec;
    }
    Q_UNREACHABLE();
}

const CommandLineParser &parser()
{
    static const CommandLineParser instance = [] {
        QList<SubcommandSpec> specs;
        for (const Command &c : commands())
            specs.append(c.spec);
        return CommandLineParser(specs, QString::fromUtf8(GLOBAL_HELP));
    }();
    return instance;
}
} // namespace

ParsedCommandLine parse(const QStringList &arguments)
{
    return parser().parse(arguments);
}

int run(const ParsedCommandLine &parsed)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    switch (parsed.action) {
    case ParsedCommandLine::Action::PrintVersion:
        out << "liftoff " << LIFTOFF_VERSION << Qt::endl;
        return ExitCode::GO;
    case ParsedCommandLine::Action::PrintHelp:
        out << (parsed.command ? parsed.command->help : parser().globalHelp());
        out.flush();
        return ExitCode::GO;
    case ParsedCommandLine::Action::UsageError:
        err << parsed.error;
        err.flush();
        return ExitCode::USAGE;
    case ParsedCommandLine::Action::OpenGui:
        err << "liftoff: the GUI is opened by main(), not run()" << Qt::endl;
        return ExitCode::USAGE;
    case ParsedCommandLine::Action::RunCommand:
        break;
    }
    for (const Command &c : commands()) {
        if (c.spec.name == parsed.command->name) {
            CliArguments args(parsed);
            return c.run(args, out, err);
        }
    }
    return ExitCode::USAGE;
}

} // namespace CommandLineInterface
