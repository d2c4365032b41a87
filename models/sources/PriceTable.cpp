// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/PriceTable.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr std::size_t MAX_LOWERED_ID = 256; // longer IDs are looked up as written only

/** The prices of one LiteLLM-shaped entry; std::nullopt when it has neither token price. */
std::optional<PriceTable::Price> priceOf(const QJsonObject &entry)
{
    const QJsonValue in = entry.value(u"input_cost_per_token");
    const QJsonValue out = entry.value(u"output_cost_per_token");
    if (!in.isDouble() && !out.isDouble())
        return std::nullopt; // image, audio or search pricing only
    return PriceTable::Price {std::llround(in.toDouble() * 1e12), std::llround(out.toDouble() * 1e12)};
}

/** model in ASCII lower case in buffer, or an empty view when it is already lower case or too long. */
std::string_view lowered(std::string_view model, std::array<char, MAX_LOWERED_ID> &buffer)
{
    if (model.size() > buffer.size()
        || std::none_of(model.begin(), model.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return {};
    std::transform(model.begin(), model.end(), buffer.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    return {buffer.data(), model.size()};
}
} // namespace

const PriceTable &PriceTable::builtIn()
{
    static const PriceTable instance = [] {
        QString error;
        PriceTable table = fromFile(u":/liftoff/prices/model_prices.json"_s, &error);
        if (!error.isEmpty())
            qFatal("built-in price table invalid: %s", qPrintable(error));
        return table;
    }();
    return instance;
}

PriceTable PriceTable::fromFile(const QString &path, QString *errorMessage)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *errorMessage = u"%1: %2"_s.arg(path, file.errorString());
        return {};
    }
    PriceTable table = fromJson(file.readAll(), errorMessage);
    table.m_source = path;
    if (!errorMessage->isEmpty())
        *errorMessage = u"%1: %2"_s.arg(path, *errorMessage);
    return table;
}

PriceTable PriceTable::fromJson(const QByteArray &json, QString *errorMessage)
{
    PriceTable table;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *errorMessage = u"offset %1: %2"_s.arg(parseError.offset).arg(parseError.errorString());
        return table;
    }
    if (!doc.isObject()) {
        *errorMessage = u"a price table must be a JSON object keyed by model ID"_s;
        return table;
    }
    const QJsonObject root = doc.object();
    table.m_date = root.value(u"_meta").toObject().value(u"date").toString();
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.key() == u"sample_spec" || it.key().startsWith(u'_') || !it.value().isObject())
            continue;
        if (const std::optional<Price> price = priceOf(it.value().toObject()))
            table.m_prices.insert_or_assign(it.key().toStdString(), *price);
    }
    const QJsonObject prefixes = root.value(u"_prefixes").toObject();
    for (auto it = prefixes.constBegin(); it != prefixes.constEnd(); ++it) {
        if (it.key().isEmpty() || !it.value().isObject())
            continue;
        if (const std::optional<Price> price = priceOf(it.value().toObject()))
            table.m_prefixes.emplace_back(it.key().toStdString(), *price);
    }
    std::sort(table.m_prefixes.begin(), table.m_prefixes.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return table;
}

PriceTable::Price PriceTable::fromUsdPerMillion(double inputUsdPerMtok, double outputUsdPerMtok)
{
    // USD per 1e6 tokens = 1e12 / 1e6 pico-dollars per token.
    return Price {std::llround(inputUsdPerMtok * 1e6), std::llround(outputUsdPerMtok * 1e6)};
}

void PriceTable::setPrice(const QString &model, Price price)
{
    m_prices.insert_or_assign(model.toStdString(), price);
}

PriceTable PriceTable::withOverrides(const QList<ModelPriceConfig> &prices) const
{
    PriceTable table = *this;
    for (const ModelPriceConfig &price : prices)
        table.setPrice(price.model, fromUsdPerMillion(price.inputPerMtok, price.outputPerMtok));
    return table;
}

std::optional<PriceTable::Price> PriceTable::findExact(std::string_view model) const
{
    if (auto it = m_prices.find(model); it != m_prices.end())
        return it->second;
    std::array<char, MAX_LOWERED_ID> buffer;
    if (const std::string_view lower = lowered(model, buffer); !lower.empty()) {
        if (auto it = m_prices.find(lower); it != m_prices.end())
            return it->second;
    }
    return std::nullopt;
}

std::optional<PriceTable::Price> PriceTable::findPrefix(std::string_view model) const
{
    // The longest prefix of model in the sorted list: the greatest entry <= model is it when it
    // is a prefix; otherwise any shorter answer is a prefix of the part both share, so search that.
    std::array<char, MAX_LOWERED_ID> buffer;
    if (const std::string_view lower = lowered(model, buffer); !lower.empty())
        model = lower;
    while (!model.empty()) {
        auto it = std::upper_bound(m_prefixes.begin(), m_prefixes.end(), model,
                                   [](std::string_view key, const auto &entry) { return key < entry.first; });
        if (it == m_prefixes.begin())
            return std::nullopt;
        --it;
        const std::string_view prefix = it->first;
        if (model.substr(0, prefix.size()) == prefix)
            return it->second;
        const auto shared = std::mismatch(prefix.begin(), prefix.end(), model.begin(), model.end()).first;
        model = model.substr(0, std::size_t(shared - prefix.begin()));
    }
    return std::nullopt;
}

std::optional<PriceTable::Price> PriceTable::find(std::string_view model) const
{
    if (model.empty())
        return std::nullopt;
    if (auto price = findExact(model))
        return price;
    const auto slash = model.find('/');
    const std::string_view bare = slash == std::string_view::npos ? std::string_view() : model.substr(slash + 1);
    if (!bare.empty()) {
        if (auto price = findExact(bare))
            return price;
    }
    if (m_prefixes.empty())
        return std::nullopt;
    if (auto price = findPrefix(model))
        return price;
    if (!bare.empty())
        return findPrefix(bare);
    return std::nullopt;
}

std::optional<qint64> PriceTable::estimateNanoUsd(std::string_view model, qint64 inputTokens, qint64 outputTokens) const
{
    const auto price = find(model);
    if (!price)
        return std::nullopt;
    const qint64 pico = inputTokens * price->inputPicoUsdPerToken + outputTokens * price->outputPicoUsdPerToken;
    return (pico + 500) / 1000;
}
