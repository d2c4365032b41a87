// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"
#include "review/ReviewSample.h"
#include "store/StoreError.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

class ChecklistDocument;
class QNetworkAccessManager;

/**
 * The h24.review-sample queue of the current deployment for the GUI: loads its sample, draws a
 * new one from the project's call sources (fetched on this thread's event loop, read, sampled and
 * masked on a worker), and stores each mark on a worker, with its own connection to the database.
 * When the last call is marked it stores the item's pass or warn (never over a person's n/a or
 * waiver) and has the document re-read the checklist. Every answer arrives as a signal.
 */
class ReviewController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewController)

public:
    ReviewController(ChecklistDocument *document, ProjectConfig project, QNetworkAccessManager *nam,
                     QObject *parent = nullptr);
    ~ReviewController() override;

    /** Loads the current deployment's newest sample; sampleLoaded (or noSample) answers. */
    void load();
    /** Draws and stores a new sample; sampleLoaded answers, or failed says why not. */
    void draw(int size);
    void mark(int position, ReviewVerdict verdict, const QString &note);
    bool isBusy() const { return m_busy; }
    const ReviewSample &sample() const { return m_sample; }
    /** The window a new sample is drawn from (see ReviewCommand). */
    void window(QDateTime *from, QDateTime *to) const;

signals:
    void sampleLoaded(const ReviewSample &sample);
    void noSample();
    void failed(const QString &message);
    void busyChanged(bool busy);
    /** The item was decided (the last mark); summary says how. */
    void itemSettled(const QString &summary);

private:
    struct Answer
    {
        ReviewSample sample;
        bool found = false;
        QString error;
        QString settled;
    };
    void runJob(std::function<Answer(class Database &)> job);
    void setBusy(bool busy);

    QPointer<ChecklistDocument> m_document;
    ProjectConfig m_project;
    QNetworkAccessManager *m_nam;
    QThreadPool m_pool;
    ReviewSample m_sample;
    bool m_busy = false;
};
