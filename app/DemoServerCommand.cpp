// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoServerCommand.h"

#include "demo/DemoService.h"

#include <QCoreApplication>
#include <QDir>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

#ifdef Q_OS_UNIX
// Self-pipe: the signal handler only writes a byte; the event loop reads it and quits.
int s_signalPipe[2] = {-1, -1};

extern "C" void demoServerSignalHandler(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(s_signalPipe[1], &byte, 1);
}

/** Installs SIGINT/SIGTERM handlers that quit the application; restores the old ones when destroyed. */
class QuitOnSignal
{
public:
    QuitOnSignal()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, QCoreApplication::instance(), [] {
            char byte = 0;
            [[maybe_unused]] const auto bytesRead = ::read(s_signalPipe[0], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = demoServerSignalHandler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &m_oldInt);
        ::sigaction(SIGTERM, &action, &m_oldTerm);
        m_installed = true;
    }
    ~QuitOnSignal()
    {
        if (m_installed) {
            ::sigaction(SIGINT, &m_oldInt, nullptr);
            ::sigaction(SIGTERM, &m_oldTerm, nullptr);
        }
        m_notifier.reset();
        for (int &fd : s_signalPipe) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    }
    QuitOnSignal(const QuitOnSignal &) = delete;
    QuitOnSignal &operator=(const QuitOnSignal &) = delete;

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
    bool m_installed = false;
};
#endif

void printUsage(QTextStream &stream)
{
    stream << "Usage: liftoff demo-server [--port N] [--state DIR]\n"
              "Runs the embedded demo service on 127.0.0.1 in the foreground and prints its base URL.\n"
              "  --port N     port to listen on (default 0: a free port)\n"
              "  --state DIR  keep versions and flags in DIR/demo-state.json (default: in memory)\n"
              "Ctrl-C (SIGINT) or SIGTERM stops it.\n";
}

} // namespace

int runDemoServerCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    if (!rest.isEmpty() && rest.constFirst() == u"demo-server"_s)
        rest.removeFirst();

    DemoServiceOptions options;
    quint16 port = 0;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        QString arg = rest.at(i);
        QString value;
        const qsizetype equals = arg.indexOf(u'=');
        if (arg.startsWith(u"--"_s) && equals > 0) {
            value = arg.mid(equals + 1);
            arg = arg.left(equals);
        } else if ((arg == u"--port"_s || arg == u"--state"_s) && i + 1 < rest.size()) {
            value = rest.at(++i);
        }
        if (arg == u"--help"_s || arg == u"-h"_s) {
            printUsage(out);
            out.flush();
            return 0;
        }
        if (arg == u"--port"_s) {
            bool ok = false;
            const uint number = value.toUInt(&ok);
            if (!ok || number > 65535) {
                err << "liftoff demo-server: --port needs a number from 0 to 65535, got \"" << value << "\"\n";
                err.flush();
                return 2;
            }
            port = quint16(number);
        } else if (arg == u"--state"_s) {
            if (value.isEmpty()) {
                err << "liftoff demo-server: --state needs a directory\n";
                err.flush();
                return 2;
            }
            options.stateDir = QDir(value).absolutePath();
        } else {
            err << "liftoff demo-server: unknown argument \"" << arg << "\"\n";
            printUsage(err);
            err.flush();
            return 2;
        }
    }

    if (!QCoreApplication::instance()) {
        err << "liftoff demo-server: internal error: no QCoreApplication\n";
        err.flush();
        return 1;
    }

    DemoService service(options);
    if (!service.start(port)) {
        err << "liftoff demo-server: " << service.errorString() << '\n';
        err.flush();
        return 1;
    }
#ifdef Q_OS_UNIX
    QuitOnSignal quitOnSignal;
#endif
    out << service.baseUrl().toString() << '\n';
    out.flush();
    QCoreApplication::exec();
    err << "liftoff demo-server: stopped\n";
    err.flush();
    return 0;
}
