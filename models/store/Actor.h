// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/**
 * Who is acting, as every stored tick, waiver, approval and rollback records it (issue 13):
 *
 * - the display name: `--by NAME` on the command line, else the `name` key of the user's settings
 *   (~/.config/Liftoff/liftoff.conf, written by Settings ▸ Your Name…), else the OS user;
 * - the OS account, `user@host`, of the process that writes (never typed, so a team can tell two
 *   people who configured the same name apart);
 * - on PostgreSQL the database role, which the store takes from the connection itself
 *   (SqlDialect::currentRole), so it cannot be claimed.
 */
namespace Actor {
/** The name key of the user's settings. */
inline constexpr char NAME_SETTING[] = "name";

/** `given` when not blank, else the configured name, else $USER/$USERNAME/$LOGNAME, else "unknown". */
QString displayName(const std::optional<QString> &given = std::nullopt);
/** The OS user and host of this process, "user@host". */
QString osAccount();
} // namespace Actor
