// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewSample.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class ReviewController;

/**
 * The h24.review-sample queue: the sampled calls of the current deployment on the left, the
 * selected call's prompt and reply (PII masked) on the right, Good / Bad with an optional note.
 * A mark moves on to the next unmarked call. Shows and forwards only: ReviewController stores.
 */
class ReviewDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewDialog)

public:
    explicit ReviewDialog(ReviewController *controller, QWidget *parent = nullptr);

private:
    void showSample(const ReviewSample &sample);
    void showNoSample();
    void showCall(int row);
    void markSelected(ReviewVerdict verdict);
    void updateButtons();

    ReviewController *m_controller;
    ReviewSample m_sample;
    QLabel *m_progress;
    QLabel *m_message;
    QSpinBox *m_size;
    QPushButton *m_draw;
    QTableWidget *m_table;
    QPlainTextEdit *m_prompt;
    QPlainTextEdit *m_reply;
    QLineEdit *m_note;
    QPushButton *m_good;
    QPushButton *m_bad;
    int m_pendingRow = -1;
};
