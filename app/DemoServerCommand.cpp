// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoServerCommand.h"

#include "demo/DemoService.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

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
    stream << "Usage: liftoff demo-server [--port N] [--state DIR] [--rate-limit N]\n"
              "       liftoff demo-server --rollback --url URL [--dry-run]\n"
              "Runs the embedded demo service on 127.0.0.1 in the foreground and prints its base URL.\n"
              "  --port N     port to listen on (default 0: a free port)\n"
              "  --state DIR  keep versions and flags in DIR/demo-state.json (default: in memory)\n"
              "  --rate-limit N  POST /v1/chat answers N requests per 10 s per client, then 429 (default 20)\n"
              "  --rollback   switch the service at --url back to its previous version (the demo's\n"
              "               rollback command); with --dry-run only say what would change\n"
              "Ctrl-C (SIGINT) or SIGTERM stops it.\n";
}

/** One request to a running demo service, waited for on a local event loop (CLI only). */
QByteArray demoRequest(const QUrl &url, const QByteArray &method, int *status, QString *error)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, method == "POST" ? QByteArray("{}") : QByteArray());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    *error = reply->errorString();
    const QByteArray body = reply->read(64 * 1024);
    reply->deleteLater();
    return body;
}

/**
 * `demo-server --rollback --url URL [--dry-run]`: the demo project's rollback command. Switches the
 * running demo service back to its previous version (POST /admin/rollback); a dry run only reads
 * GET /admin/version and says what would change. Exit 0 done, 1 failed.
 */
int runRollbackClient(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString url;
    bool dryRun = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == u"--rollback"_s)
            continue;
        if (arg == u"--dry-run"_s) {
            dryRun = true;
        } else if (arg == u"--url"_s && i + 1 < args.size()) {
            url = args.at(++i);
        } else if (arg.startsWith(u"--url="_s)) {
            url = arg.mid(6);
        } else {
            err << "liftoff demo-server --rollback: unknown argument \"" << arg << "\"\n";
            err.flush();
            return 2;
        }
    }
    const QUrl base(url);
    if (url.isEmpty() || !base.isValid() || base.scheme().isEmpty()) {
        err << "liftoff demo-server --rollback: --url needs the demo service's base URL\n";
        err.flush();
        return 2;
    }
    QString root = url;
    while (root.endsWith(u'/'))
        root.chop(1);
    int status = 0;
    QString error;
    const QByteArray body = demoRequest(QUrl(root + (dryRun ? u"/admin/version"_s : u"/admin/rollback"_s)),
                                        dryRun ? "GET" : "POST", &status, &error);
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (status < 200 || status >= 300) {
        err << "liftoff demo-server --rollback: " << root << " answered "
            << (status ? QString::number(status) : error) << ": "
            << answer.value(u"error"_s).toString(QString::fromUtf8(body.left(200))) << "\n";
        err.flush();
        return 1;
    }
    const QString current = answer.value(u"version"_s).toString();
    if (dryRun) {
        const QString previous = answer.value(u"previous"_s).toString();
        if (previous.isEmpty()) {
            err << "liftoff demo-server --rollback --dry-run: " << current << " has no previous version to go back to\n";
            err.flush();
            return 1;
        }
        out << "dry run: would switch " << root << " from " << current << " to " << previous << "\n";
    } else {
        out << "rolled back " << root << " from " << answer.value(u"rolledBackFrom"_s).toString() << " to " << current
            << "\n";
    }
    out.flush();
    return 0;
}

} // namespace

int runDemoServerCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    if (!rest.isEmpty() && rest.constFirst() == u"demo-server"_s)
        rest.removeFirst();
    if (rest.contains(u"--rollback"_s))
        return runRollbackClient(rest, out, err);

    DemoServiceOptions options;
    quint16 port = 0;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        QString arg = rest.at(i);
        QString value;
        const qsizetype equals = arg.indexOf(u'=');
        if (arg.startsWith(u"--"_s) && equals > 0) {
            value = arg.mid(equals + 1);
            arg = arg.left(equals);
        } else if ((arg == u"--port"_s || arg == u"--state"_s || arg == u"--rate-limit"_s) && i + 1 < rest.size()) {
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
        } else if (arg == u"--rate-limit"_s) {
            // Benchmarks replay hundreds of cases; the default bucket (20 per 10 s) is the burst test's.
            bool ok = false;
            const int capacity = value.toInt(&ok);
            if (!ok || capacity < 1 || capacity > 1000000) {
                err << "liftoff demo-server: --rate-limit needs a number of requests per 10 s, got \"" << value << "\"\n";
                err.flush();
                return 2;
            }
            options.rateLimitCapacity = capacity;
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
