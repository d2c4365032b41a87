// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ModelPriceConfig.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

/**
 * Per-token list prices by model ID, used to estimate the cost of calls whose log has none.
 *
 * The file format is LiteLLM's `model_prices_and_context_window.json` (spec/formats.md section
 * 10): an object keyed by model ID with `input_cost_per_token` / `output_cost_per_token` in USD,
 * `sample_spec` skipped, plus two keys of our own: `_meta.date` (the day the prices are from,
 * shown next to every estimated cost) and `_prefixes` (an object of ID prefix -> the same price
 * fields, for IDs matched by their start, such as dated snapshots). builtIn() loads
 * `models/sources/prices/model_prices.json`, converted from pydantic/genai-prices by
 * convert-genai-prices.py next to it and compiled in as the resource
 * `:/liftoff/prices/model_prices.json`; fromFile() loads the real LiteLLM file or any file of
 * that shape instead. withOverrides() lays a project's `prices:` (liftoff.yaml) over a table.
 *
 * Prices are kept as integer pico-dollars per token, so an estimate is exact to 1e-12 USD per
 * token before it is rounded to the call's nano-dollar cost.
 */
class PriceTable
{
public:
    struct Price
    {
        qint64 inputPicoUsdPerToken = 0;
        qint64 outputPicoUsdPerToken = 0;
    };

    /** The table shipped with Liftoff (resource path above). */
    static const PriceTable &builtIn();
    static PriceTable fromJson(const QByteArray &json, QString *errorMessage);
    static PriceTable fromFile(const QString &path, QString *errorMessage);
    /** A price given in USD per million tokens, as liftoff.yaml and genai-prices write them. */
    static Price fromUsdPerMillion(double inputUsdPerMtok, double outputUsdPerMtok);

    /** Adds the exact ID @p model, or replaces its price. */
    void setPrice(const QString &model, Price price);
    /** This table with each of @p prices added, or replacing the entry of the same exact ID. */
    PriceTable withOverrides(const QList<ModelPriceConfig> &prices) const;

    /**
     * The price of @p model: the exact ID, else its lower-case form, else the ID without a
     * `provider/` prefix (both forms again), else the longest `_prefixes` entry it starts with.
     */
    std::optional<Price> find(std::string_view model) const;
    /** Cost in nano-dollars of a call, rounded half up; std::nullopt when the model is unknown. */
    std::optional<qint64> estimateNanoUsd(std::string_view model, qint64 inputTokens, qint64 outputTokens) const;

    QString date() const { return m_date; }
    QString source() const { return m_source; }
    /** Exact IDs; prefixes are counted by prefixCount(). */
    int size() const { return int(m_prices.size()); }
    int prefixCount() const { return int(m_prefixes.size()); }
    bool isEmpty() const { return m_prices.empty() && m_prefixes.empty(); }

private:
    std::optional<Price> findExact(std::string_view model) const;
    std::optional<Price> findPrefix(std::string_view model) const;

    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
    };
    std::unordered_map<std::string, Price, Hash, std::equal_to<>> m_prices;
    std::vector<std::pair<std::string, Price>> m_prefixes; ///< sorted by prefix
    QString m_date;
    QString m_source;
};
