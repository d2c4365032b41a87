// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoState.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_VERSIONS = 20;
constexpr qsizetype MAX_FLAGS = 64;
constexpr qint64 MAX_STATE_FILE_BYTES = 64 * 1024;
const QString STATE_FILE_NAME = u"demo-state.json"_s;
} // namespace

DemoState::DemoState(QString stateDir, QStringList versions, QMap<QString, bool> flags)
    : m_dir(std::move(stateDir))
    , m_versions(std::move(versions))
    , m_flags(std::move(flags))
{
}

QString DemoState::filePath() const
{
    return m_dir.isEmpty() ? QString() : QDir(m_dir).filePath(STATE_FILE_NAME);
}

bool DemoState::isValidVersion(const QString &version)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$"_s);
    return pattern.match(version).hasMatch();
}

bool DemoState::isValidFlagKey(const QString &key)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    return pattern.match(key).hasMatch();
}

bool DemoState::load(QString *error)
{
    if (m_dir.isEmpty())
        return true;
    if (!QDir().mkpath(m_dir)) {
        if (error)
            *error = u"cannot create the state directory %1"_s.arg(m_dir);
        return false;
    }
    if (!QFileInfo::exists(filePath())) {
        save();
        if (!m_saveError.isEmpty() && error)
            *error = m_saveError;
        return m_saveError.isEmpty();
    }
    return readFile(error);
}

bool DemoState::readFile(QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = u"%1: %2"_s.arg(filePath(), why);
        return false;
    };
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    if (file.size() > MAX_STATE_FILE_BYTES)
        return fail(u"larger than %1 bytes"_s.arg(MAX_STATE_FILE_BYTES));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(MAX_STATE_FILE_BYTES), &parseError);
    if (!document.isObject())
        return fail(u"not a JSON object (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));

    const QJsonObject root = document.object();
    QStringList versions;
    for (const QJsonValue &value : root.value(u"versions"_s).toArray()) {
        const QString version = value.toString();
        if (!isValidVersion(version))
            return fail(u"invalid version entry"_s);
        versions.append(version);
    }
    if (versions.isEmpty())
        return fail(u"\"versions\" must be a non-empty array of version strings"_s);
    QMap<QString, bool> flags;
    const QJsonObject flagObject = root.value(u"flags"_s).toObject();
    for (auto it = flagObject.begin(); it != flagObject.end(); ++it) {
        if (!isValidFlagKey(it.key()) || !it.value().isBool())
            return fail(u"invalid flag entry \"%1\""_s.arg(it.key()));
        flags.insert(it.key(), it.value().toBool());
    }
    m_versions = versions.mid(std::max<qsizetype>(0, versions.size() - MAX_VERSIONS));
    m_flags = flags;
    rememberFileStamp();
    return true;
}

void DemoState::reloadIfChanged()
{
    if (m_dir.isEmpty())
        return;
    const QFileInfo info(filePath());
    if (!info.exists() || (info.lastModified() == m_fileModified && info.size() == m_fileSize))
        return;
    readFile(nullptr); // a broken file written by someone else keeps the state we have
}

void DemoState::rememberFileStamp()
{
    const QFileInfo info(filePath());
    m_fileModified = info.lastModified();
    m_fileSize = info.size();
}

void DemoState::save()
{
    if (m_dir.isEmpty())
        return;
    QJsonObject flags;
    for (auto it = m_flags.cbegin(); it != m_flags.cend(); ++it)
        flags.insert(it.key(), it.value());
    const QJsonObject root {{u"versions"_s, QJsonArray::fromStringList(m_versions)}, {u"flags"_s, flags}};
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit()) {
        m_saveError = u"cannot write %1: %2"_s.arg(filePath(), file.errorString());
        return;
    }
    m_saveError.clear();
    rememberFileStamp();
}

QString DemoState::currentVersion() const
{
    return m_versions.isEmpty() ? QString() : m_versions.constLast();
}

QString DemoState::previousVersion() const
{
    return m_versions.size() < 2 ? QString() : m_versions.at(m_versions.size() - 2);
}

bool DemoState::rollback(QString *error)
{
    reloadIfChanged();
    if (m_versions.size() < 2) {
        if (error)
            *error = u"there is no previous version to roll back to"_s;
        return false;
    }
    m_versions.removeLast();
    save();
    return true;
}

void DemoState::deploy(const QString &version)
{
    reloadIfChanged();
    m_versions.append(version);
    if (m_versions.size() > MAX_VERSIONS)
        m_versions.removeFirst();
    save();
}

std::optional<bool> DemoState::flag(const QString &key) const
{
    const auto it = m_flags.constFind(key);
    if (it == m_flags.cend())
        return std::nullopt;
    return *it;
}

bool DemoState::setFlag(const QString &key, bool value)
{
    reloadIfChanged();
    if (!m_flags.contains(key) && m_flags.size() >= MAX_FLAGS)
        return false;
    m_flags.insert(key, value);
    save();
    return true;
}
