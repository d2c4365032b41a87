// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/KeychainOutcome.h"

#include "config/KeychainService.h"

using namespace Qt::StringLiterals;

namespace {
/** The backend's text on one line, bounded: it goes into a one-line message. */
QString oneLine(const QString &text)
{
    QString line = text.simplified();
    if (line.size() > 160)
        line = line.first(160) + u"…"_s;
    return line;
}
} // namespace

QString KeychainOutcome::errorText(const QString &name) const
{
    const QString subject = name.isEmpty() ? u"the OS keychain"_s : u"keychain:"_s + name;
    const QString instead = name.isEmpty() ? u"use env:NAME references instead"_s : u"use env:%1 instead"_s.arg(name);
    const QString why = detail.isEmpty() ? QString() : u" (%1)"_s.arg(oneLine(detail));
    switch (status) {
    case Status::Ok: return {};
    case Status::NotFound:
        return u"%1: no such entry in the OS keychain (service \"%2\"); store it with `liftoff secret set %3` "
               u"or Settings ▸ Secrets"_s.arg(subject, KeychainService::SERVICE.toString(),
                                                name.isEmpty() ? u"NAME"_s : name);
    case Status::Unavailable:
        return u"%1: the OS keychain is not available (no Secret Service on the D-Bus session, or no unlocked "
               u"keyring: CI, ssh?)%2; %3"_s.arg(subject, why, instead);
    case Status::Denied:
        return u"%1: the OS keychain refused access (locked?)%2; unlock it or %3"_s.arg(subject, why, instead);
    case Status::TimedOut:
        return u"%1: the OS keychain did not answer within %2 ms (locked, or no Secret Service running?); %3"_s.arg(
            subject, QString::number(timeoutMs), instead);
    }
    return {};
}
