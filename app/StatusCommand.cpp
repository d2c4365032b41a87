// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "report/ChecklistReport.h"

#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace StatusCommand {

bool isKnownFormat(const QString &format)
{
    return format == u"text" || format == u"json" || format == u"junit" || format == u"markdown";
}

int printReport(const ChecklistReport &report, const QString &format, bool strict, QTextStream &out)
{
    if (format == u"json")
        out << QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    else if (format == u"junit")
        out << report.toJUnit();
    else if (format == u"markdown")
        out << report.toMarkdown();
    else
        out << report.toText(isatty(fileno(stdout)) == 1);
    out.flush();
    switch (report.verdict().kind) {
    case VerdictKind::NoGo: return ExitCode::NO_GO;
    case VerdictKind::ConditionalGo: return strict ? ExitCode::NO_GO : ExitCode::GO;
    case VerdictKind::Go: return ExitCode::GO;
    }
    return ExitCode::NO_GO;
}

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const QString format = args.takeOption(u"--format"_s).value_or(u"text"_s);
    const bool strict = args.takeFlag(u"--strict"_s);
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    if (!isKnownFormat(format)) {
        err << "liftoff status: unknown --format '" << format << "'; use text, json, junit or markdown" << Qt::endl;
        return ExitCode::USAGE;
    }
    QHash<QString, ItemState> states;
    if (StoreError e = session.repository().itemStates(session.deployment().id, &states); e.isError())
        return session.storeFailure(e);
    const ChecklistReport report(session.project().name, session.deployment(), session.evaluate(states));
    return printReport(report, format, strict, out);
}

} // namespace StatusCommand
