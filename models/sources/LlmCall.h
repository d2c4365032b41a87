// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <optional>
#include <string_view>

/**
 * One LLM call as read from a call log, in a format-neutral shape.
 *
 * This is the value every call-log reader produces per record. It is built on the hot path, so
 * the text fields are `std::string_view`s into the reader's parse buffer: they are valid only
 * while the CallSink::addCall() that receives the call runs. A sink that keeps text copies it.
 * Absent fields are empty views or std::nullopt, never made-up zeros.
 */
struct LlmCall
{
    std::optional<qint64> timeMs;        ///< start of the call, ms since the Unix epoch (UTC)
    std::string_view requestedModel;     ///< model ID the client asked for (alias or snapshot)
    std::string_view answeredModel;      ///< model ID that answered (usually the dated snapshot)
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> latencyMs;     ///< end - start, whole milliseconds, never negative
    std::optional<qint64> ttftMs;        ///< time to first token, when the format records it
    std::optional<qint64> costNanoUsd;   ///< cost in 1e-9 USD (logged, or estimated: see costEstimated)
    bool costEstimated = false;          ///< costNanoUsd came from a price table, not from the log
    bool error = false;                  ///< the format marks the call as failed
    bool hasMaxTokens = false;           ///< the request carried max_tokens (or an equivalent)
    bool hasTemperature = false;         ///< the request carried temperature
    std::string_view user;
    std::string_view session;
    std::string_view endpoint;           ///< api_base / server.address, when known

    /** The model a call is grouped by: the answering model, else the requested one. */
    std::string_view model() const { return answeredModel.empty() ? requestedModel : answeredModel; }
};
