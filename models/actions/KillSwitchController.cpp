// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/KillSwitchController.h"

#include "actions/FlagSwitch.h"
#include "actions/Notification.h"
#include "actions/NotificationSender.h"
#include "store/RollbackStore.h"

using namespace Qt::StringLiterals;

namespace {
QString boolText(bool value)
{
    return value ? u"true"_s : u"false"_s;
}
} // namespace

KillSwitchController::KillSwitchController(RollbackStore *store, QNetworkAccessManager *nam, ProjectConfig project,
                                           QString environment, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_project(std::move(project))
    , m_sender(std::make_unique<NotificationSender>(nam))
{
    qRegisterMetaType<FlagFlipRecord>();
    if (m_project.flags) {
        m_switch = std::make_unique<FlagSwitch>(nam, *m_project.flags, m_project.configDir, environment);
        connect(m_switch.get(), &FlagSwitch::valueRead, this, [this](bool value) {
            if (m_flipping) {
                m_flip.fromValue = boolText(value);
                m_switch->write(m_flip.toValue == u"true");
                return;
            }
            m_reading = false;
            m_busy = false;
            emit valueRead(value);
        });
        connect(m_switch.get(), &FlagSwitch::valueWritten, this, &KillSwitchController::handleWritten);
        connect(m_switch.get(), &FlagSwitch::failed, this, &KillSwitchController::handleFailed);
    }
    connect(m_sender.get(), &NotificationSender::finished, this, &KillSwitchController::handleNotificationFinished);
}

KillSwitchController::~KillSwitchController() = default;

QString KillSwitchController::flag() const
{
    return m_project.flags ? m_project.flags->flag : QString();
}

QString KillSwitchController::sourceName() const
{
    return m_project.flags ? FlagSwitch::sourceName(m_project.flags->kind) : QString();
}

void KillSwitchController::read()
{
    if (!m_switch)
        return emit readFailed(tr("liftoff.yaml has no `flags` section: no kill switch is configured."));
    if (m_busy)
        return emit readFailed(tr("The kill switch is busy; wait for the previous request."));
    m_busy = true;
    m_reading = true;
    m_switch->read();
}

void KillSwitchController::flip(bool value, const QString &reason, const QString &who, qint64 auditDeploymentId)
{
    m_flip = {};
    m_flip.flag = flag();
    m_flip.source = sourceName();
    m_flip.toValue = boolText(value);
    m_flip.who = who;
    m_flip.reason = reason.trimmed();
    m_flip.at = QDateTime::currentDateTimeUtc();
    if (!m_switch || m_busy || m_flip.reason.isEmpty()) {
        m_flip.outcome = u"refused"_s;
        m_flip.error = !m_switch ? tr("liftoff.yaml has no `flags` section: no kill switch is configured.")
                       : m_busy  ? tr("The kill switch is busy; wait for the previous request.")
                                 : tr("A flip of the kill switch needs a reason.");
        return emit flipFinished(m_flip);
    }
    m_busy = true;
    m_flipping = true;
    m_auditDeploymentId = auditDeploymentId;
    // Read first, so the audit trail says from what to what.
    m_switch->read();
}

void KillSwitchController::handleWritten(bool value)
{
    m_flip.outcome = u"flipped"_s;
    m_flip.toValue = boolText(value);
    record();
}

void KillSwitchController::handleFailed(const QString &error)
{
    if (!m_flipping) {
        m_reading = false;
        m_busy = false;
        return emit readFailed(error);
    }
    m_flip.outcome = u"failed"_s;
    m_flip.error = error;
    record();
}

void KillSwitchController::record()
{
    const ProjectConfig &project = m_project;
    const QString name = project.name;
    const QString configPath = project.configPath;
    FlagFlipRecord flip = m_flip;
    const qint64 auditId = m_auditDeploymentId;
    m_store->run<std::pair<StoreError, FlagFlipRecord>>(
        [name, configPath, flip, auditId](RollbackStore::Session &s) mutable {
            qint64 projectId = 0;
            StoreError e = s.checklist.ensureProject(name, configPath, &projectId);
            flip.projectId = projectId;
            if (!e.isError())
                e = s.rollbacks.recordFlagFlip(&flip, auditId);
            return std::make_pair(e, flip);
        },
        this,
        [this](const std::pair<StoreError, FlagFlipRecord> &answer) {
            if (answer.first.isError())
                emit storeFailed(answer.first);
            m_flip = answer.second;
            QStringList channels = m_project.rollback ? m_project.rollback->notify : QStringList();
            if (channels.isEmpty()) {
                for (const NotifyChannelConfig &c : std::as_const(m_project.notifyChannels))
                    channels.append(c.name);
            }
            Notification n;
            n.project = m_project.name;
            n.event = u"liftoff.flag"_s;
            n.title = tr("Kill switch %1 of %2 set to %3 (%4)")
                          .arg(m_flip.flag, m_project.name, m_flip.toValue, m_flip.outcome);
            n.fields = {{tr("Who"), m_flip.who}, {tr("Why"), m_flip.reason}, {tr("From"), m_flip.fromValue},
                        {tr("To"), m_flip.toValue}, {tr("Source"), m_flip.source}};
            if (!m_flip.error.isEmpty())
                n.fields.append({tr("Error"), m_flip.error});
            for (const QString &channel : std::as_const(channels)) {
                if (const NotifyChannelConfig *config = m_project.notifyChannel(channel))
                    m_pending.insert(m_sender->send(*config, n));
            }
            if (m_pending.isEmpty())
                done();
        });
}

void KillSwitchController::handleNotificationFinished(quint64 ticket, const NotificationResult &)
{
    if (m_pending.remove(ticket) && m_pending.isEmpty())
        done();
}

void KillSwitchController::done()
{
    m_busy = false;
    m_flipping = false;
    emit flipFinished(m_flip);
}
