// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

struct git_repository;

/** libgit2 plumbing shared by the repository scanners (private to models/scan). */
namespace GitSupport {

/** Initialises libgit2 once per process; shutdown is left to process exit. */
void ensureInitialised();

/** The message of libgit2's last error, or a generic text. */
QString lastError();

/** Lowercase hex of a 20-byte object id. */
QString toHex(const void *oid);

/** Owns one git_repository handle (one per thread: libgit2 handles are not shared across threads). */
class Repository
{
public:
    Repository() = default;
    ~Repository();
    Repository(const Repository &) = delete;
    Repository &operator=(const Repository &) = delete;

    /** Opens the repository whose working tree (or bare folder) is exactly path, without searching upwards. */
    bool open(const QString &path);
    git_repository *get() const { return m_repo; }

private:
    git_repository *m_repo = nullptr;
};

} // namespace GitSupport
