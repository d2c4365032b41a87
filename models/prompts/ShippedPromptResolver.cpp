// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/ShippedPromptResolver.h"

#include "prompts/GitPromptSource.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {
int indexOfBlob(const PromptHistory &history, const QString &blobId)
{
    for (int i = 0; i < history.versions.size(); ++i) {
        if (!history.versions.at(i).removed && history.versions.at(i).blobId == blobId)
            return i; // newest first: the latest version with exactly this content
    }
    return -1;
}
} // namespace

QHash<QString, int> ShippedPromptResolver::resolve(const PromptCatalog &catalog, const QString &repositoryPath,
                                                   const QString &gitFolder, const QString &revision,
                                                   const QList<DeploymentPromptRecord> &recorded)
{
    QHash<QString, int> out;
    if (catalog.source == PromptCatalog::Source::Langfuse) {
        for (const PromptHistory &history : catalog.prompts) {
            int found = -1;
            for (const DeploymentPromptRecord &r : recorded) {
                for (int i = 0; r.prompt == history.name && found < 0 && i < history.versions.size(); ++i) {
                    if (history.versions.at(i).id == r.version
                        || (!r.label.isEmpty() && history.versions.at(i).labels.contains(r.label)))
                        found = i;
                }
            }
            for (int i = 0; found < 0 && recorded.isEmpty() && i < history.versions.size(); ++i) {
                if (history.versions.at(i).labels.contains(u"production"_s))
                    found = i;
            }
            if (found >= 0)
                out.insert(history.name, found);
        }
        return out;
    }
    // Git: group the prompts by the commit they were recorded at (usually all the same one).
    QHash<QString, QString> revisionOf;
    for (const DeploymentPromptRecord &r : recorded) {
        if (r.source == u"git")
            revisionOf.insert(r.prompt, r.version);
    }
    QHash<QString, QHash<QString, QString>> filesByRevision;
    for (const PromptHistory &history : catalog.prompts) {
        const QString rev = revisionOf.value(history.name, revision);
        if (rev.isEmpty())
            continue;
        if (!filesByRevision.contains(rev)) {
            QString error;
            filesByRevision.insert(rev, GitPromptSource::filesAt(repositoryPath, gitFolder, rev, &error));
        }
        const QString blob = filesByRevision.value(rev).value(history.name);
        if (blob.isEmpty())
            continue;
        const int index = indexOfBlob(history, blob);
        if (index >= 0)
            out.insert(history.name, index);
    }
    return out;
}

QList<DeploymentPromptRecord> ShippedPromptResolver::recorded(const QString &databasePath, qint64 deploymentId,
                                                              QString *error)
{
    QList<DeploymentPromptRecord> out;
    // A SQLite file that is not there yet has nothing recorded (and is not created here); a
    // postgresql:// location is not a file.
    if (databasePath.isEmpty() || deploymentId == 0
        || (!databasePath.contains(u"://"_s) && !QFileInfo::exists(databasePath)))
        return out;
    Database database;
    if (StoreError e = database.open(databasePath); e.isError()) {
        *error = e.message;
        return out;
    }
    PromptVersionRepository repository(database);
    if (StoreError e = repository.versions(deploymentId, &out); e.isError())
        *error = e.message;
    return out;
}
