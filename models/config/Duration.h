// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

/**
 * A length of time written in liftoff.yaml as a whole number and a unit: `500ms`, `5s`, `2m`,
 * `1h`, `14d`. Held as milliseconds.
 */
struct Duration
{
    qint64 ms = 0;

    /** Parses "NUMBERUNIT" (units ms, s, m, h, d; no spaces, no fractions); nullopt when invalid or too large. */
    static std::optional<Duration> parse(QStringView text);
    /** The shortest exact spelling: 90000 ms gives "90s", 3600000 ms gives "1h". */
    QString toString() const;

    bool operator==(const Duration &other) const = default;
};
