// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptVersion.h"

#include <QList>

#include <optional>

/**
 * Reads Langfuse prompt management answers (formats.md section 5): the prompt list
 * (`GET /api/public/v2/prompts?name=…`) for version numbers and labels, and one prompt version
 * (`GET /api/public/v2/prompts/{name}?version=N`), whose text or chat messages plus config become
 * the content to diff. Pure.
 */
class LangfusePromptParser
{
public:
    /** Version numbers of the named prompt, newest first; nullopt (with error) for a malformed answer. */
    static std::optional<QList<int>> parseVersionList(const QByteArray &json, const QString &name, QString *error);
    static std::optional<PromptVersion> parseVersion(const QByteArray &json, QString *error);
    /** The text shown and diffed for a prompt value (string or chat messages) and its config. */
    static QByteArray render(const QJsonValue &prompt, const QJsonValue &config);
};
