// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvalCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "evals/EvalDatasetParser.h"
#include "evals/EvalImport.h"
#include "evals/EvalRunRepository.h"
#include "evals/EvalRunSession.h"
#include "probes/ProbePlanner.h"
#include "store/PromptVersionRepository.h"

#include <QFile>
#include <QFileInfo>

#include <QList>

#include <atomic>
#include <csignal>

using namespace Qt::StringLiterals;

namespace EvalCommand {
namespace {
/** Set by SIGINT; the run polls it, starts nothing new and stores what finished. */
std::atomic<bool> s_interrupted {false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void handleInterrupt(int)
{
    s_interrupted.store(true);
}

/** SIGINT sets the flag while a run is in progress; the previous handler comes back afterwards. */
class InterruptGuard
{
public:
    InterruptGuard()
    {
        s_interrupted.store(false);
        m_previous = std::signal(SIGINT, handleInterrupt);
    }
    ~InterruptGuard() { std::signal(SIGINT, m_previous); }
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

private:
    void (*m_previous)(int) = nullptr;
};

QString percent(double share)
{
    return QString::number(share * 100, 'f', 1) + u'%';
}

int runEval(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> env = args.takeOption(u"--env"_s);
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    const ProjectConfig &project = session.project();
    if (!project.evals) {
        err << "liftoff eval run: no `evals:` in liftoff.yaml; add a dataset and a target (see `liftoff init`)" << Qt::endl;
        return ExitCode::USAGE;
    }
    const DeploymentRecord &deployment = session.deployment();
    const QString environment = env.value_or(deployment.environment);
    bool known = false;
    for (const EnvironmentConfig &e : project.environments)
        known = known || e.name == environment;
    if (!known) {
        err << "liftoff eval run: no environment `" << environment << "` in liftoff.yaml" << Qt::endl;
        return ExitCode::USAGE;
    }
    const EvalDataset dataset = EvalDatasetParser::parseFile(project.evals->dataset, project.configDir);
    if (!dataset.ok()) {
        for (const ConfigDiagnostic &d : dataset.errors)
            err << d.toString() << Qt::endl;
        return ExitCode::USAGE;
    }
    EvalRunSession::Request request;
    request.deploymentId = deployment.id;
    request.environment = environment;
    request.context = ProbePlanner::contextFor(project, environment, deployment.version);
    request.evals = *project.evals;
    request.cases = dataset.cases;
    request.who = CliSession::currentUser(by);
    err << "liftoff eval run: " << dataset.cases.size() << " cases of " << dataset.path << " against " << environment
        << " (Ctrl-C stops and keeps what finished)" << Qt::endl;
    int failed = 0;
    const auto progress = [&](const EvalCaseResult &r, int done, int total) {
        if (!r.passed)
            ++failed;
        // Progress on stderr: stdout carries the result.
        err << "  [" << done << '/' << total << "] " << (r.passed ? "pass " : "FAIL ") << r.caseId;
        if (!r.passed) {
            QString why = r.error;
            for (const EvalAssertionOutcome &a : r.assertions) {
                if (why.isEmpty() && !a.ok)
                    why = a.kind + u": "_s + a.detail;
            }
            err << " — " << why.left(200);
        }
        err << " (" << r.latencyMs << " ms)" << Qt::endl;
    };
    EvalRunSession::Outcome outcome;
    {
        InterruptGuard guard;
        outcome = EvalRunSession::run(&session.database(), request, [] { return s_interrupted.load(); }, progress);
    }
    const EvalRunRecord &run = outcome.run;
    if (outcome.error.isError() && run.id == 0)
        return session.storeFailure(outcome.error);
    out << "eval run " << run.id << ": " << run.casesPassed << " of " << run.casesRun << " cases pass (score "
        << percent(run.score()) << ") against " << environment << " " << run.target << Qt::endl;
    if (run.state != u"complete")
        out << "stopped early (" << run.state << "): " << run.stopMessage << "; the " << run.casesRun
            << " finished cases are stored" << Qt::endl;
    else
        out << "bless it as the baseline of this deployment's prompt versions: liftoff eval bless " << run.id
            << " --note WHY" << Qt::endl;
    if (outcome.error.isError())
        return session.storeFailure(outcome.error);
    return run.state == u"complete" ? ExitCode::GO : ExitCode::NO_GO;
}

int blessRun(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> note = args.takeOption(u"--note"_s);
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    const std::optional<QString> runText = args.takePositional();
    CliSession session(out, err);
    if (const int code = session.open(args, false))
        return code;
    bool ok = false;
    const qint64 runId = runText ? runText->toLongLong(&ok) : 0;
    if (!ok || runId <= 0) {
        err << "liftoff eval bless: give the run number that `eval run` printed: liftoff eval bless RUN --note WHY" << Qt::endl;
        return ExitCode::USAGE;
    }
    if (!note || note->trimmed().isEmpty()) {
        err << "liftoff eval bless: say why this run is the baseline with --note TEXT" << Qt::endl;
        return ExitCode::USAGE;
    }
    EvalRunRepository runs(session.database());
    EvalBlessing blessing;
    const StoreError e = runs.bless(runId, session.projectId(), CliSession::currentUser(by), note->trimmed(), &blessing);
    if (e.kind == StoreError::Kind::NotFound || e.kind == StoreError::Kind::Conflict) {
        err << "liftoff eval bless: " << e.message << Qt::endl;
        return ExitCode::USAGE;
    }
    if (e.isError())
        return session.storeFailure(e);
    EvalRunRecord run;
    bool found = false;
    runs.run(runId, &run, &found);
    out << "eval run " << runId << " (" << run.casesPassed << " of " << run.casesRun << " cases pass, "
        << percent(run.score()) << ") is the baseline of its prompt versions; blessed by " << blessing.who << Qt::endl;
    return ExitCode::GO;
}
int importRun(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> by = args.takeOption(u"--by"_s);
    const std::optional<QString> path = args.takePositional();
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    if (!path) {
        err << "liftoff eval import: give the file: a promptfoo output.json or a garak report.jsonl" << Qt::endl;
        return ExitCode::USAGE;
    }
    QFile file(*path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "liftoff eval import: " << *path << ": " << file.errorString() << Qt::endl;
        return ExitCode::USAGE;
    }
    if (file.size() > EvalImport::MAX_FILE_BYTES) {
        err << "liftoff eval import: " << *path << " is larger than " << EvalImport::MAX_FILE_BYTES << " bytes" << Qt::endl;
        return ExitCode::USAGE;
    }
    const EvalImport::Result imported = EvalImport::parse(file.read(EvalImport::MAX_FILE_BYTES));
    if (!imported.error.isEmpty()) {
        err << "liftoff eval import: " << *path << ": " << imported.error << Qt::endl;
        return ExitCode::USAGE;
    }
    const DeploymentRecord &deployment = session.deployment();
    EvalRunRecord run;
    run.deploymentId = deployment.id;
    run.environment = deployment.environment;
    run.target = imported.format + u" import"_s;
    run.dataset = QFileInfo(*path).fileName();
    run.who = CliSession::currentUser(by);
    run.casesTotal = int(imported.cases.size());
    if (StoreError e = PromptVersionRepository(session.database()).versions(deployment.id, &run.prompts); e.isError())
        return session.storeFailure(e);
    EvalRunRepository runs(session.database());
    if (StoreError e = runs.beginRun(&run); e.isError())
        return session.storeFailure(e);
    for (const EvalCaseResult &c : imported.cases) {
        if (StoreError e = runs.recordCase(run.id, c); e.isError())
            return session.storeFailure(e);
        ++run.casesRun;
        run.casesPassed += c.passed ? 1 : 0;
    }
    run.state = u"complete"_s;
    if (StoreError e = runs.finishRun(run); e.isError())
        return session.storeFailure(e);
    out << "eval run " << run.id << " imported from " << imported.format << " " << run.dataset << ": " << run.casesPassed
        << " of " << run.casesRun << " cases pass (score " << percent(run.score()) << ")" << Qt::endl;
    return ExitCode::GO;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> sub = args.takePositional();
    if (sub == u"run")
        return runEval(args, out, err);
    if (sub == u"bless")
        return blessRun(args, out, err);
    if (sub == u"import")
        return importRun(args, out, err);
    err << "liftoff eval: use `eval run [--env ENV]`, `eval bless RUN --note WHY` or `eval import FILE`" << Qt::endl;
    return ExitCode::USAGE;
}

} // namespace EvalCommand
