// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSource.h"


/**
 * OpenAI organization costs (spec/formats.md 1): GET /v1/organization/costs with an admin key,
 * daily buckets (bucket_width=1d), amounts as JSON numbers in USD, pages followed through
 * next_page while has_more. OpenAI reports no spending limit through this API.
 */
class OpenAiCostSource final : public CostSource
{
    Q_OBJECT

public:
    static constexpr const char *DEFAULT_BASE_URL = "https://api.openai.com";
    static constexpr int BUCKETS_PER_PAGE = 31;

    OpenAiCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent = nullptr);

    /** Adds one page's buckets to snapshot. An error text when the page is not a costs page. Pure. */
    static QString parsePage(const QByteArray &body, CostSnapshot *snapshot, QString *nextPage, bool *hasMore);

protected:
    void begin() override;

private:
    SecretRef m_keyRef;
    QStringList m_projectIds;
};
