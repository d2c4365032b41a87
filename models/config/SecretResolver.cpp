// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SecretResolver.h"

using namespace Qt::StringLiterals;

namespace {
void setError(QString *errorMessage, const QString &text)
{
    if (errorMessage)
        *errorMessage = text;
}
} // namespace

std::optional<QString> SecretResolver::resolve(const SecretRef &ref, QString *errorMessage)
{
    if (!SecretRef::isValidName(ref.name)) {
        setError(errorMessage, u"invalid secret reference name"_s);
        return std::nullopt;
    }
    switch (ref.store) {
    case SecretRef::Store::Env: return resolveEnvironment(ref.name, errorMessage);
    case SecretRef::Store::Keychain: return resolveKeychain(ref.name, errorMessage);
    }
    return std::nullopt;
}

std::optional<QString> SecretResolver::resolveEnvironment(const QString &name, QString *errorMessage)
{
    const QByteArray variable = name.toLatin1();
    if (!qEnvironmentVariableIsSet(variable.constData())) {
        setError(errorMessage, u"env:%1: the environment variable %1 is not set"_s.arg(name));
        return std::nullopt;
    }
    const QString value = qEnvironmentVariable(variable.constData());
    if (value.isEmpty()) {
        setError(errorMessage, u"env:%1: the environment variable %1 is empty"_s.arg(name));
        return std::nullopt;
    }
    return value;
}

std::optional<QString> SecretResolver::resolveKeychain(const QString &name, QString *errorMessage)
{
    setError(errorMessage,
             u"keychain:%1: the OS keychain is not available in this build; use env:%1 instead"_s.arg(name));
    return std::nullopt;
}
