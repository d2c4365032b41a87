// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/GitSupport.h"

#include <git2.h>

using namespace Qt::StringLiterals;

namespace GitSupport {

void ensureInitialised()
{
    static const int once = git_libgit2_init();
    Q_UNUSED(once);
}

QString lastError()
{
    const git_error *e = git_error_last();
    return e && e->message ? QString::fromUtf8(e->message) : u"unknown libgit2 error"_s;
}

QString toHex(const void *oid)
{
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, static_cast<const git_oid *>(oid));
    return QString::fromLatin1(hex);
}

Repository::~Repository()
{
    git_repository_free(m_repo);
}

bool Repository::open(const QString &path)
{
    ensureInitialised();
    git_repository_free(m_repo);
    m_repo = nullptr;
    const QByteArray native = path.toUtf8();
    return git_repository_open_ext(&m_repo, native.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0;
}

} // namespace GitSupport
