// SPDX-License-Identifier: GPL-3.0-or-later
#include "git/GitDescription.h"

#include <git2.h>

using namespace Qt::StringLiterals;

namespace {
/** libgit2 must be initialised once per process; shutdown is left to process exit. */
void ensureLibgit2()
{
    static const int once = git_libgit2_init();
    Q_UNUSED(once);
}

QString lastGitError()
{
    const git_error *e = git_error_last();
    return e && e->message ? QString::fromUtf8(e->message) : u"unknown libgit2 error"_s;
}
} // namespace

GitDescription GitDescription::of(const QString &path)
{
    ensureLibgit2();
    GitDescription result;
    git_repository *repo = nullptr;
    const QByteArray nativePath = path.toUtf8();
    if (git_repository_open_ext(&repo, nativePath.constData(), 0, nullptr) != 0) {
        result.error = u"%1 is not inside a git repository (%2); pass --version"_s.arg(path, lastGitError());
        return result;
    }
    git_oid head;
    if (git_reference_name_to_id(&head, repo, "HEAD") != 0) {
        result.error = u"%1 has no commit yet; commit first or pass --version"_s.arg(path);
        git_repository_free(repo);
        return result;
    }
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &head);
    result.commit = QString::fromLatin1(hex);

    git_describe_options options = GIT_DESCRIBE_OPTIONS_INIT;
    options.describe_strategy = GIT_DESCRIBE_TAGS;
    options.show_commit_oid_as_fallback = 1;
    git_describe_result *describe = nullptr;
    git_object *headObject = nullptr;
    if (git_object_lookup(&headObject, repo, &head, GIT_OBJECT_COMMIT) == 0
        && git_describe_commit(&describe, headObject, &options) == 0) {
        git_describe_format_options format = GIT_DESCRIBE_FORMAT_OPTIONS_INIT;
        format.abbreviated_size = 7;
        git_buf buffer = GIT_BUF_INIT;
        if (git_describe_format(&buffer, describe, &format) == 0) {
            result.describe = QString::fromUtf8(buffer.ptr, static_cast<qsizetype>(buffer.size));
            result.ok = true;
        }
        git_buf_dispose(&buffer);
        git_describe_result_free(describe);
    }
    if (!result.ok)
        result.error = u"git describe failed in %1: %2"_s.arg(path, lastGitError());
    git_object_free(headObject);
    git_repository_free(repo);
    return result;
}
