// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

/**
 * Per-token list prices by model ID, used to estimate the cost of calls whose log has none.
 *
 * The file format is LiteLLM's `model_prices_and_context_window.json` (spec/formats.md section
 * 10): an object keyed by model ID with `input_cost_per_token` / `output_cost_per_token` in USD,
 * `sample_spec` skipped, plus our optional `_meta.date` (the day the prices were checked, shown
 * next to every estimated cost). builtIn() loads `models/sources/prices/model_prices.json`,
 * compiled in as the resource `:/liftoff/prices/model_prices.json`; fromFile() loads the real
 * LiteLLM file or any file of that shape instead.
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

    /** The price of @p model: exact ID, else the ID without a `provider/` prefix. */
    std::optional<Price> find(std::string_view model) const;
    /** Cost in nano-dollars of a call, rounded half up; std::nullopt when the model is unknown. */
    std::optional<qint64> estimateNanoUsd(std::string_view model, qint64 inputTokens, qint64 outputTokens) const;

    QString date() const { return m_date; }
    QString source() const { return m_source; }
    int size() const { return int(m_prices.size()); }
    bool isEmpty() const { return m_prices.empty(); }

private:
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
    };
    std::unordered_map<std::string, Price, Hash, std::equal_to<>> m_prices;
    QString m_date;
    QString m_source;
};
