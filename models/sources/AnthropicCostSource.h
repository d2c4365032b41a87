// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSource.h"

/**
 * Anthropic Admin API cost report (spec/formats.md 2): GET /v1/organizations/cost_report with an
 * admin key (x-api-key, anthropic-version), daily buckets, amounts as decimal strings in CENTS
 * converted exactly (UsdAmount::fromCentsString), pages followed through next_page while has_more.
 * Anthropic reports no spending limit through this API.
 */
class AnthropicCostSource final : public CostSource
{
    Q_OBJECT

public:
    static constexpr const char *DEFAULT_BASE_URL = "https://api.anthropic.com";
    static constexpr const char *API_VERSION = "2023-06-01";
    static constexpr int BUCKETS_PER_PAGE = 31;

    AnthropicCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent = nullptr);

    /** Adds one page's buckets to snapshot. An error text when the page is not a cost report. Pure. */
    static QString parsePage(const QByteArray &body, CostSnapshot *snapshot, QString *nextPage, bool *hasMore);

protected:
    void begin() override;

private:
    SecretRef m_keyRef;
};
