// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

/** One version of one prompt: a commit that changed the file, or a Langfuse prompt version. */
struct PromptVersion
{
    QString id;          ///< full commit id (git) or the version number (Langfuse)
    QString shortId;     ///< 7-character commit or "v7"
    QDateTime date;
    QString author;
    QString message;     ///< first line of the commit message or Langfuse commitMessage
    QStringList labels;  ///< Langfuse labels (production, latest, ...); tags for git
    QString blobId;      ///< git blob id of the content (empty for Langfuse)
    QByteArray content;  ///< raw bytes as stored; may be invalid UTF-8
    bool removed = false; ///< the commit deleted the file (content empty)
};

/** Every known version of one prompt, newest first. */
struct PromptHistory
{
    QString name;        ///< path relative to the repository (git) or the Langfuse prompt name
    QList<PromptVersion> versions;
};

/** What a prompt source read: prompts with versions, or why it could not. */
struct PromptCatalog
{
    enum class Source { Git, Langfuse };
    Source source = Source::Git;
    bool ok = false;
    QString error;
    QList<PromptHistory> prompts; ///< sorted by name
    bool truncated = false;       ///< a bound was hit (commits, versions, bytes); older versions are missing

    const PromptHistory *find(const QString &name) const
    {
        for (const PromptHistory &history : prompts) {
            if (history.name == name)
                return &history;
        }
        return nullptr;
    }
};

Q_DECLARE_METATYPE(PromptCatalog)
