// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSource.h"

/**
 * A LiteLLM proxy (spec/formats.md 3): GET /spend/logs?start_date&end_date (per-day summaries, or
 * raw rows from versions that ignore the dates: both are summed by the date of startTime), then
 * GET /key/info for the key's max_budget, which is the hard limit. A /key/info that fails only
 * adds a warning: the spend is still good.
 */
class LiteLlmCostSource final : public CostSource
{
    Q_OBJECT

public:
    LiteLlmCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent = nullptr);

    /** Adds the /spend/logs answer's days in [from, to] to snapshot. Pure. */
    static QString parseSpendLogs(const QByteArray &body, const QDate &from, const QDate &to, CostSnapshot *snapshot);
    /** Reads max_budget (the hard limit) and spend from a /key/info answer. Pure. */
    static QString parseKeyInfo(const QByteArray &body, CostSnapshot *snapshot);

protected:
    void begin() override;

private:
    void requestKeyInfo();

    SecretRef m_keyRef;
    QByteArray m_authorization;
};
