// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/**
 * `liftoff store copy --from DB --to DB`: the whole store into an empty one, SQLite or PostgreSQL
 * either way (StoreCopier). Needs no liftoff.yaml. Exit 0 copied and verified, 2 usage (a missing
 * or malformed location, the same store twice), 3 any store error (nothing written to the target).
 */
namespace StoreCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace StoreCommand
