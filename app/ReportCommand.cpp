// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReportCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "itemmodels/ReportFileWriter.h"
#include "report/ReportLoader.h"

using namespace Qt::StringLiterals;

namespace ReportCommand {

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> path = args.takeOption(u"--out"_s);
    const bool strict = args.takeFlag(u"--strict"_s);
    QString format = args.takeOption(u"--format"_s).value_or(QString());
    if (format.isEmpty() && path)
        format = ReportFileWriter::formatForPath(*path);
    if (format.isEmpty())
        format = u"markdown"_s;
    if (!ReportFileWriter::formats().contains(format)) {
        err << "liftoff report: unknown --format '" << format << "'; use "
            << ReportFileWriter::formats().join(u", "_s) << Qt::endl;
        return ExitCode::USAGE;
    }
    if (format == u"pdf" && !path) {
        err << "liftoff report: a PDF needs --out FILE" << Qt::endl;
        return ExitCode::USAGE;
    }
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    QHash<QString, ItemState> states;
    if (StoreError e = session.repository().itemStates(session.deployment().id, &states); e.isError())
        return session.storeFailure(e);
    ReportData data;
    if (StoreError e = ReportLoader::load(session.database(), session.project(), session.deployment(),
                                          session.evaluate(states), &data);
        e.isError())
        return session.storeFailure(e);
    const ReportDocument document(data);
    if (path) {
        if (const QString error = ReportFileWriter::write(document, format, *path); !error.isEmpty()) {
            err << "liftoff report: " << error << Qt::endl;
            return ExitCode::USAGE;
        }
        out << "wrote the " << format << " report of " << session.deployment().name << " to " << *path << Qt::endl;
    } else {
        out << QString::fromUtf8(ReportFileWriter::render(document, format));
        out.flush();
    }
    const VerdictResult verdict = VerdictRules::verdict(data.items);
    switch (verdict.kind) {
    case VerdictKind::NoGo: return ExitCode::NO_GO;
    case VerdictKind::ConditionalGo: return strict ? ExitCode::NO_GO : ExitCode::GO;
    case VerdictKind::Go: return ExitCode::GO;
    }
    return ExitCode::NO_GO;
}

} // namespace ReportCommand
