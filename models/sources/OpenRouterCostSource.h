// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSource.h"

/**
 * OpenRouter (spec/formats.md 4): GET /api/v1/key for the key being inspected. `limit` is the hard
 * limit (null: an unlimited key, so none), `limit_remaining` what is left, `usage_monthly` the
 * month to date and `usage_daily` today. OpenRouter keeps no per-day history, so the snapshot
 * holds today only (dailyHistory false) and window sums over past days are unknown.
 */
class OpenRouterCostSource final : public CostSource
{
    Q_OBJECT

public:
    static constexpr const char *DEFAULT_BASE_URL = "https://openrouter.ai";

    OpenRouterCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent = nullptr);

    /** Fills limit, remaining, month to date and today from a /api/v1/key answer. Pure. */
    static QString parseKey(const QByteArray &body, const QDate &today, CostSnapshot *snapshot);

protected:
    void begin() override;

private:
    SecretRef m_keyRef;
};
