// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/RollbackRecords.h"

#include <QDialog>
#include <QList>

class QPlainTextEdit;
class QTableWidget;
class RollbackController;

/** Every stored rollback of the project, newest first; the selected one's output and verification below. */
class RollbacksDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbacksDialog)

public:
    explicit RollbacksDialog(RollbackController *controller, QWidget *parent = nullptr);

private:
    void handleLoaded(const QList<RollbackRecord> &records);
    void showDetails(int row);

    RollbackController *m_controller;
    QList<RollbackRecord> m_records;
    QTableWidget *m_table;
    QPlainTextEdit *m_details;
};
