// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DialogProvider.h"

#include <QList>
#include <QStringList>

/**
 * A DialogProvider for tests: answers from queues filled by the test (an empty queue means
 * "cancelled"), and records every error and confirmation it was shown instead of blocking.
 */
class CannedDialogProvider final : public DialogProvider
{
public:
    QList<MarkRequest> markAnswers;
    QList<NewDeploymentRequest> deploymentAnswers;
    bool confirmAnswer = true;
    QStringList errors;
    QStringList confirmations;
    QList<MarkRequest::Action> askedActions;
    QStringList saveFileAnswers;
    QStringList suggestedSavePaths;
    QStringList textAnswers;
    QStringList askedTexts;
    QList<NewProjectRequest> newProjectAnswers;
    QList<SecretEntry> secretAnswers;
    QStringList suggestedSecretNames;

    std::optional<MarkRequest> askMark(QWidget *, const ChecklistItem &, MarkRequest::Action action) override
    {
        askedActions.append(action);
        if (markAnswers.isEmpty())
            return std::nullopt;
        return markAnswers.takeFirst();
    }
    std::optional<NewDeploymentRequest> askNewDeployment(QWidget *, const QStringList &, const QString &) override
    {
        if (deploymentAnswers.isEmpty())
            return std::nullopt;
        return deploymentAnswers.takeFirst();
    }
    bool confirm(QWidget *, const QString &, const QString &text) override
    {
        confirmations.append(text);
        return confirmAnswer;
    }
    void showError(QWidget *, const QString &, const QString &text) override { errors.append(text); }
    void showAbout(QWidget *) override {}
    QString askSaveFile(QWidget *, const QString &, const QString &suggestedPath, const QString &) override
    {
        suggestedSavePaths.append(suggestedPath);
        return saveFileAnswers.isEmpty() ? QString() : saveFileAnswers.takeFirst();
    }
    std::optional<QString> askText(QWidget *, const QString &, const QString &label) override
    {
        askedTexts.append(label);
        if (textAnswers.isEmpty())
            return std::nullopt;
        return textAnswers.takeFirst();
    }

    std::optional<NewProjectRequest> askNewProject(QWidget *) override
    {
        if (newProjectAnswers.isEmpty())
            return std::nullopt;
        return newProjectAnswers.takeFirst();
    }

    std::optional<SecretEntry> askSecret(QWidget *, const QString &suggestedName) override
    {
        suggestedSecretNames.append(suggestedName);
        if (secretAnswers.isEmpty())
            return std::nullopt;
        return secretAnswers.takeFirst();
    }
};
