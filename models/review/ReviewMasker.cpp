// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewMasker.h"

#include "scan/PiiDetector.h"
#include "scan/SecretRedactor.h"

using namespace Qt::StringLiterals;

ReviewMasker::ReviewMasker(QStringList secrets) : m_secrets(std::move(secrets)) {}

QString ReviewMasker::mask(const QString &text) const
{
    QString bounded = text;
    const bool cut = bounded.size() > MAX_TEXT_CHARS;
    if (cut)
        bounded.truncate(MAX_TEXT_CHARS);
    const QByteArray utf8 = SecretRedactor::redact(bounded, m_secrets).toUtf8();
    static const PiiDetector detector;
    QByteArray masked;
    masked.reserve(utf8.size());
    std::size_t done = 0;
    const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
    detector.scan(view, [&](const PiiMatch &m) {
        masked.append(utf8.constData() + done, qsizetype(m.offset - done));
        const QString shown = PiiDetector::sample(view.substr(m.offset, m.length));
        masked.append((u"‹"_s + PiiKindText::toString(m.kind) + (shown.isEmpty() ? QString() : u" "_s + shown) + u"›"_s).toUtf8());
        done = m.offset + m.length;
    });
    masked.append(utf8.constData() + done, qsizetype(std::size_t(utf8.size()) - done));
    QString out = QString::fromUtf8(masked);
    if (cut)
        out += u" …[cut at %1 characters]"_s.arg(MAX_TEXT_CHARS);
    return out;
}
