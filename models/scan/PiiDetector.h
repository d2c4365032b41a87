// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <string_view>

/** The kinds of personal data the log scan looks for (spec/detectors.md "PII in logs"). */
enum class PiiKind { Email, Phone, Card, Iban, Ssn, Ip };

namespace PiiKindText {
/** Wire name used in liftoff.yaml `kinds` and in evidence: "email", "phone", "card", "iban", "ssn", "ip". */
QString toString(PiiKind kind);
std::optional<PiiKind> fromString(const QString &text);
const QList<PiiKind> &all();
} // namespace PiiKindText

/** One finding: where in the scanned bytes it is. The caller keeps only a redacted sample. */
struct PiiMatch
{
    PiiKind kind = PiiKind::Email;
    std::size_t offset = 0;
    std::size_t length = 0;
};

/**
 * Finds personal data in text (UTF-8 or any ASCII-compatible bytes): e-mail addresses with a real
 * top-level domain, Luhn-valid card numbers, mod-97-valid IBANs of the right length for their
 * country, US SSNs outside the never-issued and sample ranges, phone numbers (international `+`
 * form, or national with a context word before), and parseable IP addresses that are not version
 * strings, loopback or unspecified addresses.
 *
 * One left-to-right pass over the bytes, cheap on ordinary text: only '@', '+', ':', a digit or
 * an upper-case letter at the start of a word make it look closer; the rest of a word is skipped.
 * Findings never overlap. Thread-safe: const methods only.
 */
class PiiDetector
{
public:
    explicit PiiDetector(const QList<PiiKind> &kinds = PiiKindText::all());

    bool enabled(PiiKind kind) const { return (m_mask & bit(kind)) != 0; }

    /** Calls @p found for every finding in @p text, left to right. */
    void scan(std::string_view text, const std::function<void(const PiiMatch &)> &found) const;
    /** The findings of @p text (tests, small texts). */
    QList<PiiMatch> findAll(std::string_view text) const;

    /** The Luhn checksum of a string of digits (other characters are ignored). */
    static bool luhnValid(std::string_view digits);
    /** A compact IBAN (no spaces): known country, its exact length, and ISO 13616 mod 97 == 1. */
    static bool ibanValid(std::string_view compact);
    /** The registered IBAN length of a country code, or 0. */
    static int ibanLength(std::string_view country);
    /** "AAA-GG-SSSS" (or with spaces): an SSN that could have been issued and is no known sample. */
    static bool ssnValid(std::string_view text);
    /** True when @p label (any case) is a real top-level domain. */
    static bool isTopLevelDomain(std::string_view label);
    /** A finding shown safely: its first and last characters around "…" (nothing for 1-2 characters). */
    static QString sample(std::string_view value);

private:
    static unsigned bit(PiiKind kind) { return 1u << unsigned(kind); }
    std::size_t tryEmail(std::string_view text, std::size_t at, std::size_t floor, std::size_t *start) const;
    std::size_t tryNumber(std::string_view text, std::size_t at, PiiKind *kind) const;
    std::size_t tryIpv6(std::string_view text, std::size_t at, std::size_t floor, std::size_t *start) const;
    std::size_t tryIban(std::string_view text, std::size_t at) const;

    unsigned m_mask = 0;
};
