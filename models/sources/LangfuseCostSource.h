// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CostSource.h"

/**
 * Langfuse metrics API v2 (spec/formats.md 5): GET /api/public/v2/metrics?query=<JSON> asking the
 * observations view for sum(totalCost) per day, with HTTP Basic auth (public key : secret key).
 * Rows are summed per time_dimension day; values may come back as numbers or numeric strings.
 * Langfuse knows no spending limit.
 */
class LangfuseCostSource final : public CostSource
{
    Q_OBJECT

public:
    static constexpr const char *DEFAULT_BASE_URL = "https://cloud.langfuse.com";

    LangfuseCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent = nullptr);

    /** The metrics query for the UTC days [from, to]. Pure. */
    static QByteArray query(const QDate &from, const QDate &to);
    /** Adds a metrics answer's rows to snapshot. Pure. */
    static QString parseMetrics(const QByteArray &body, CostSnapshot *snapshot);

protected:
    void begin() override;

private:
    LangfuseConfig m_config;
};
