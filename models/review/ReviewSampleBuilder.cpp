// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewSampleBuilder.h"

#include "review/ReviewCallReader.h"
#include "review/ReviewMasker.h"
#include "review/ReviewSampler.h"

using namespace Qt::StringLiterals;

ReviewSample ReviewSampleBuilder::build(const Request &request, QString *error, QString *note)
{
    ReviewSampler sampler(request.size, request.seed);
    const std::optional<qint64> from = request.from.isValid() ? std::optional(request.from.toMSecsSinceEpoch()) : std::nullopt;
    const std::optional<qint64> to = request.to.isValid() ? std::optional(request.to.toMSecsSinceEpoch()) : std::nullopt;
    qint64 records = 0;
    qint64 skipped = 0;
    for (const CallSourceInput &input : request.inputs) {
        const ReviewCallReader::Result r = ReviewCallReader::read(input, from, to, [&](ReviewCall &&call) {
            sampler.offer(std::move(call));
        });
        if (!r.error.isEmpty()) {
            *error = r.error;
            return {};
        }
        records += r.records;
        skipped += r.skipped;
    }
    const ReviewMasker masker(request.secrets);
    ReviewSample sample;
    sample.seed = request.seed;
    sample.requested = request.size;
    sample.population = sampler.offered();
    sample.windowFrom = request.from;
    sample.windowTo = request.to;
    sample.calls = sampler.take();
    for (ReviewCall &call : sample.calls) {
        call.prompt = masker.mask(call.prompt);
        call.response = masker.mask(call.response);
        call.ref = masker.mask(call.ref);
    }
    QStringList notes;
    if (records > sample.population)
        notes.append(u"%1 of %2 logged calls carry no prompt or reply in the window"_s.arg(records - sample.population).arg(records));
    if (skipped)
        notes.append(u"%1 malformed or oversized records skipped"_s.arg(skipped));
    *note = notes.join(u"; "_s);
    return sample;
}
