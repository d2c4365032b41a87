// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSource.h"

/**
 * OpenRouter (spec/formats.md 4): GET /api/v1/key for the key being inspected. `limit` is the hard
 * limit (null: an unlimited key, so none), `limit_remaining` what is left, `usage_monthly` the
 * month to date and `usage_daily` today. OpenRouter keeps no per-day history (dailyHistory false):
 * `usage` minus today's, this week's and this month's part gives the counter at the start of
 * today, of Monday and of the 1st, and the cost probe keeps those marks in the store, so a past
 * day is known exactly once its start and end are marked (CostSnapshot::knownSpendBetween).
 */
class OpenRouterCostSource final : public CostSource
{
    Q_OBJECT

public:
    static constexpr const char *DEFAULT_BASE_URL = "https://openrouter.ai";

    OpenRouterCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent = nullptr);

    /** Fills limit, remaining, month to date, today and the day-start marks from a /api/v1/key answer. Pure. */
    static QString parseKey(const QByteArray &body, const QDate &today, CostSnapshot *snapshot);

protected:
    void begin() override;

private:
    SecretRef m_keyRef;
};
