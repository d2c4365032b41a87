// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "store/StoreCopier.h"
#include "store/StoreLocation.h"

#include <optional>

using namespace Qt::StringLiterals;

namespace StoreCommand {

namespace {
/** A usage error: what is wrong, then the usage line, like the parser's own (exit 2). */
int usage(QTextStream &err, const QString &message)
{
    err << "liftoff store copy: " << message << "\nUsage: liftoff store copy --from DB --to DB" << Qt::endl;
    return ExitCode::USAGE;
}

/** The --from / --to location; nullopt with *why (parse never echoes a password). */
std::optional<StoreLocation> location(CliArguments &args, const QString &option, QString *why)
{
    const std::optional<QString> value = args.takeOption(option);
    if (!value || value->trimmed().isEmpty()) {
        *why = u"give %1 DB (a SQLite file or postgresql://USER@HOST:PORT/DATABASE)"_s.arg(option);
        return std::nullopt;
    }
    QString error;
    std::optional<StoreLocation> parsed = StoreLocation::parse(*value, &error);
    if (!parsed)
        *why = option + u": "_s + error;
    return parsed;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    args.takePositional(); // "copy", the only subcommand
    QString why;
    const std::optional<StoreLocation> from = location(args, u"--from"_s, &why);
    if (!from)
        return usage(err, why);
    const std::optional<StoreLocation> to = location(args, u"--to"_s, &why);
    if (!to)
        return usage(err, why);
    if (StoreCopier::sameStore(*from, *to))
        return usage(err, u"--from and --to are the same store (%1); copy into another, empty store"_s.arg(from->display()));

    StoreCopier copier(*from, *to);
    StoreCopier::Result result;
    if (const StoreError error = copier.copy(&result); error.isError()) {
        // Every kind, a refused non-empty target included, is a store error: nothing was written.
        err << "liftoff store copy: " << error.message << Qt::endl;
        return ExitCode::STORE;
    }
    for (const StoreCopier::TableCount &table : std::as_const(result.tables))
        out << table.table << ": " << table.rows << (table.rows == 1 ? " row" : " rows") << '\n';
    out << "copied " << result.totalRows() << " rows in " << result.tables.size() << " tables from " << result.from
        << " to " << result.to << "; counts verified" << Qt::endl;
    return ExitCode::GO;
}

} // namespace StoreCommand
