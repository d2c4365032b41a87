// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVirtualObject>

#include <cstdio>

using namespace Qt::StringLiterals;

/**
 * A Secret Service that never answers: owns org.freedesktop.secrets on the session bus and keeps
 * every call unanswered (a locked keyring waiting for a prompt nobody sees looks like this to a
 * client). Prints "ready" once it owns the name; runs until killed.
 */
class SilentObject final : public QDBusVirtualObject
{
public:
    QString introspect(const QString &) const override { return {}; }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &) override
    {
        m_unanswered.append(message); // kept, never replied to
        return true;
    }

private:
    QList<QDBusMessage> m_unanswered;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QDBusConnection bus = QDBusConnection::sessionBus();
    SilentObject object;
    if (!bus.isConnected() || !bus.registerVirtualObject(u"/"_s, &object, QDBusConnection::SubPath)
        || !bus.registerService(u"org.freedesktop.secrets"_s)) {
        std::fprintf(stderr, "hung-secret-service: cannot claim org.freedesktop.secrets: %s\n",
                     qPrintable(bus.lastError().message()));
        return 1;
    }
    std::puts("ready");
    std::fflush(stdout);
    return QCoreApplication::exec();
}
