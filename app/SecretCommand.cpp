// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "SecretInput.h"
#include "config/KeychainService.h"
#include "config/KeychainWorker.h"
#include "config/SecretRef.h"

using namespace Qt::StringLiterals;

namespace SecretCommand {

namespace {
int failure(QTextStream &err, const QString &command, const KeychainOutcome &outcome, const QString &name)
{
    err << "liftoff secret " << command << ": " << outcome.errorText(name) << Qt::endl;
    return outcome.keychainUnreachable() ? ExitCode::KEYCHAIN : ExitCode::NO_GO;
}

/** NAME or keychain:NAME; nullopt (with the message printed) for anything else. */
std::optional<QString> takeName(CliArguments &args, const QString &command, QTextStream &err)
{
    QString name = args.takePositional().value_or(QString());
    if (name.startsWith(u"keychain:"))
        name = name.sliced(9);
    if (!SecretRef::isValidName(name)) {
        err << "liftoff secret " << command << ": give the secret's NAME ([A-Za-z_][A-Za-z0-9_.-]*), as in keychain:NAME"
            << Qt::endl;
        return std::nullopt;
    }
    return name;
}
} // namespace

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.takePositional().value_or(QString());
    if (sub == u"list") {
        const KeychainOutcome outcome = KeychainWorker::run(KeychainRequest::listNames());
        if (!outcome.ok())
            return failure(err, sub, outcome, {});
        for (const QString &name : outcome.names)
            out << name << '\n';
        out.flush();
        return ExitCode::GO;
    }
    if (sub != u"set" && sub != u"delete") {
        err << "liftoff secret: use `secret set NAME`, `secret delete NAME` or `secret list`" << Qt::endl;
        return ExitCode::USAGE;
    }
    const std::optional<QString> name = takeName(args, sub, err);
    if (!name)
        return ExitCode::USAGE;
    if (sub == u"delete") {
        const KeychainOutcome outcome = KeychainWorker::run(KeychainRequest::remove(*name));
        if (!outcome.ok())
            return failure(err, sub, outcome, *name);
        out << "deleted keychain:" << *name << Qt::endl;
        return ExitCode::GO;
    }
    QString why;
    std::optional<QString> value = SecretInput::read(u"Value for keychain:%1 (not shown): "_s.arg(*name), &why);
    if (!value) {
        err << "liftoff secret set: " << why << Qt::endl;
        return ExitCode::USAGE;
    }
    const KeychainOutcome outcome = KeychainWorker::run(KeychainRequest::write(*name, *value));
    value->fill(u'\0');
    if (!outcome.ok())
        return failure(err, sub, outcome, *name);
    out << "stored keychain:" << *name << " in the OS keychain (service \"" << KeychainService::SERVICE.toString()
        << "\")" << Qt::endl;
    return ExitCode::GO;
}

} // namespace SecretCommand
