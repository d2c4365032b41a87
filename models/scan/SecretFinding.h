// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

/** One provider key found in a file or blob. Holds only the redacted key and its fingerprint, never the key. */
struct SecretFinding
{
    QString file;          ///< repository-relative path (or the origin given to scanText)
    int line = 0;          ///< 1-based
    QString commit;        ///< first commit (in walk order, oldest first) whose tree holds the blob; empty if never committed
    bool inWorkingTree = false; ///< the key is in the current working tree (not only in history)
    QString ruleId;        ///< e.g. anthropic-api-key
    QString provider;      ///< e.g. Anthropic
    QString redacted;      ///< prefix + "…" + last four characters
    QString fingerprint;   ///< SHA-256 hex of the key, usable in the caller's allowlist

    bool operator==(const SecretFinding &) const = default;
};
