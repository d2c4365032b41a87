// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DialogProvider.h"

#include <QDateTime>
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

/**
 * Asks for a new deployment: the environment (from the app's list, or typed), the version
 * (prefilled by the app) and a name that defaults to "<env>-<yyyy-MM-dd-hhmm>" until edited.
 */
class NewDeploymentDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewDeploymentDialog)

public:
    NewDeploymentDialog(const QStringList &environments, const QString &defaultVersion, QWidget *parent = nullptr,
                        const QDateTime &now = QDateTime::currentDateTime());

    NewDeploymentRequest request() const;
    static QString defaultName(const QString &environment, const QDateTime &now);

private:
    void handleEnvironmentChanged(const QString &environment);
    void updateOkButton();

    QDateTime m_now;
    QComboBox *m_environmentCombo;
    QLineEdit *m_versionEdit;
    QLineEdit *m_nameEdit;
    QDialogButtonBox *m_buttons;
    bool m_nameEdited = false;
};
