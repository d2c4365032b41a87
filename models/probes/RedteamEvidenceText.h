// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

/**
 * The red-team evidence as a list a person reads (the item detail panel shows it above the JSON):
 * one line per attack with its verdict, status and reason, and the reply excerpt under each attack
 * that worked or got no verdict. Works on stored evidence only, which is already redacted.
 */
namespace RedteamEvidenceText {

/** The readable list, or an empty string when the evidence is not a red-team run's. */
QString format(const QJsonObject &evidence);

} // namespace RedteamEvidenceText
