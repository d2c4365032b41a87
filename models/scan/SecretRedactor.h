// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

/**
 * The one place that hides secrets in text Liftoff keeps or shows from outside: command output,
 * webhook and flag-service answers, probe summaries and evidence, error messages.
 *
 * Two kinds of secret go: the exact values the caller resolved (secret references), and anything
 * shaped like a provider key of spec/detectors.md. The key rules are deliberately more generous
 * than SecretDetector's exact shapes: a known prefix followed by at least MIN_TOKEN_LENGTH
 * characters of the key alphabet is a key, whatever its length, because a false alarm here only
 * hides a few characters while a miss stores a live key. Both become "••••" plus the last four
 * characters (nothing of short values), the convention of every redacted text in Liftoff.
 *
 * Cheap on text without keys: a single pass looks for a known prefix before any regex runs.
 * Thread-safe: const methods only, the pattern is compiled once.
 */
class SecretRedactor
{
public:
    /** Characters a key must have after its prefix. */
    static constexpr qsizetype MIN_TOKEN_LENGTH = 16;
    /** Given secrets shorter than this are not looked for (they would hide ordinary words). */
    static constexpr qsizetype MIN_SECRET_LENGTH = 4;
    /** Secrets up to this length are hidden whole; longer ones keep their last four characters. */
    static constexpr qsizetype MAX_FULLY_HIDDEN_LENGTH = 8;

    explicit SecretRedactor(const QStringList &secrets = {});

    /** The exact values to hide besides the key shapes (e.g. resolved secret references). */
    void setSecrets(const QStringList &secrets);
    bool hasSecrets() const { return !m_secrets.isEmpty(); }

    /** text with every key shape and every given secret replaced by its mask. */
    QString redact(const QString &text) const;
    QStringList redactLines(const QStringList &lines) const;
    /** Every string in the value, object keys included, redacted; numbers and booleans stay. */
    QJsonValue redactJson(const QJsonValue &value) const;
    QJsonObject redactJson(const QJsonObject &object) const;
    QJsonArray redactJson(const QJsonArray &array) const;

    /** One-off form: key shapes and the given secrets. */
    static QString redact(const QString &text, const QStringList &secrets);
    /** Key shapes only, for text that no resolved secret could be in (or is not known here). */
    static QString redactKeys(const QString &text);
    /** "••••" plus the last four characters, or only "••••" for values of 8 characters or fewer. */
    static QString mask(QStringView value);
    /** Index of the first place a key shape could start, or -1: the pre-filter before the regex. */
    static qsizetype firstKeyCandidate(QStringView text, qsizetype from = 0);

private:
    struct Secret
    {
        QString value;
        QString masked;
    };
    QList<Secret> m_secrets; ///< longest first, so that a secret containing another goes whole
};
