// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/PriceTable.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

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
        const QJsonObject entry = it.value().toObject();
        const QJsonValue in = entry.value(u"input_cost_per_token");
        const QJsonValue out = entry.value(u"output_cost_per_token");
        if (!in.isDouble() && !out.isDouble())
            continue; // image, audio or search pricing only
        Price price;
        price.inputPicoUsdPerToken = std::llround(in.toDouble() * 1e12);
        price.outputPicoUsdPerToken = std::llround(out.toDouble() * 1e12);
        table.m_prices.insert_or_assign(it.key().toStdString(), price);
    }
    return table;
}

std::optional<PriceTable::Price> PriceTable::find(std::string_view model) const
{
    if (model.empty())
        return std::nullopt;
    if (auto it = m_prices.find(model); it != m_prices.end())
        return it->second;
    if (const auto slash = model.find('/'); slash != std::string_view::npos) {
        if (auto it = m_prices.find(model.substr(slash + 1)); it != m_prices.end())
            return it->second;
    }
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
