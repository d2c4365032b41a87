// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretInput.h"

#include <QByteArray>
#include <QStringDecoder>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_VALUE_BYTES = 64 * 1024;

struct termios s_savedTerminal;
volatile sig_atomic_t s_echoOff = 0;

/** Ctrl-C while the prompt waits must not leave the terminal without echo. */
void restoreAndExit(int signal)
{
    if (s_echoOff)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &s_savedTerminal);
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

/** Reads until end of file, or for a terminal until the end of the line. */
bool readAll(bool untilNewline, QByteArray *data, QString *why)
{
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *why = u"cannot read standard input: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (n == 0)
            return true;
        data->append(buffer, n);
        if (data->size() > MAX_VALUE_BYTES) {
            data->fill('\0');
            *why = u"the value is longer than 64 KiB"_s;
            return false;
        }
        if (untilNewline && data->contains('\n'))
            return true;
    }
}
} // namespace

namespace SecretInput {

std::optional<QString> read(const QString &prompt, QString *why)
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    QByteArray data;
    bool ok = false;
    if (terminal) {
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        struct termios quiet;
        const bool canHide = tcgetattr(STDIN_FILENO, &s_savedTerminal) == 0;
        if (canHide) {
            quiet = s_savedTerminal;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            quiet.c_lflag |= ECHONL;
            ::signal(SIGINT, restoreAndExit);
            ::signal(SIGTERM, restoreAndExit);
            s_echoOff = 1;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
        ok = readAll(true, &data, why);
        if (canHide) {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &s_savedTerminal);
            s_echoOff = 0;
            ::signal(SIGINT, SIG_DFL);
            ::signal(SIGTERM, SIG_DFL);
        }
    } else {
        ok = readAll(false, &data, why);
    }
    if (!ok)
        return std::nullopt;
    if (terminal && data.contains('\n'))
        data.truncate(data.indexOf('\n'));
    if (data.endsWith('\n'))
        data.chop(1);
    if (data.endsWith('\r'))
        data.chop(1);
    if (data.isEmpty()) {
        *why = terminal ? u"no value typed"_s : u"no value on standard input (pipe it in: `printf %s \"$KEY\" | liftoff secret set NAME`)"_s;
        return std::nullopt;
    }
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    QString value = decoder.decode(data);
    data.fill('\0');
    if (decoder.hasError()) {
        value.fill(u'\0');
        *why = u"the value is not UTF-8 text"_s;
        return std::nullopt;
    }
    return value;
}

} // namespace SecretInput
