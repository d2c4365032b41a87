// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCallSources.h"

#include "sources/CallSourceFetcher.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace CliCallSources {

QString fetch(const ProjectConfig &project, std::optional<qint64> fromMs, QList<CallSourceInput> *inputs,
              QStringList *secrets)
{
    if (project.sources.calls.isEmpty())
        return u"%1 configures no call source (sources.calls)"_s.arg(project.configPath);
    QNetworkAccessManager nam;
    CallSourceFetcher fetcher(&nam);
    QEventLoop loop;
    QObject::connect(&fetcher, &CallSourceFetcher::finished, &loop, [&](const QList<CallSourceInput> &fetched) {
        *inputs = fetched;
        loop.quit();
    });
    fetcher.fetch(project.sources.calls, project.configDir, fromMs);
    loop.exec(); // finished() is always queued, so it cannot come before exec()
    if (secrets)
        *secrets = fetcher.secrets();
    for (const CallSourceInput &input : std::as_const(*inputs)) {
        if (!input.ok())
            return input.errorString;
    }
    return {};
}

} // namespace CliCallSources
