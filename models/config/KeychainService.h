// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

/**
 * Where Liftoff's secrets live in the OS keychain: every entry belongs to the service "liftoff" and
 * is keyed by the reference's NAME (`keychain:NAME`). The entry ":names" of the same service keeps
 * the list of names (one per line, never a value), because the Secret Service cannot be asked for
 * "every entry of this service" through QtKeychain; ':' is not allowed in a NAME, so it cannot clash.
 * On Linux (libsecret) an entry carries the attributes server=liftoff, user=NAME:
 * `secret-tool lookup server liftoff user NAME` shows it.
 */
namespace KeychainService {
constexpr QStringView SERVICE = u"liftoff";
constexpr QStringView INDEX_KEY = u":names";
} // namespace KeychainService
