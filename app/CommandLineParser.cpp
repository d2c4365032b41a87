// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLineParser.h"

#include "config/NearestName.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace {
/** Qt's own options that take a value (QGuiApplication, QApplication); they only matter to the GUI. */
const QStringList &qtValueOptions()
{
    static const QStringList names {u"platform"_s, u"platformpluginpath"_s, u"platformtheme"_s, u"plugin"_s,
                                    u"qwindowgeometry"_s, u"qwindowicon"_s, u"qwindowtitle"_s, u"session"_s,
                                    u"display"_s, u"geometry"_s, u"style"_s, u"stylesheet"_s, u"qmljsdebugger"_s};
    return names;
}

/** Global flags accepted anywhere; --demo only matters without a subcommand. */
const QStringList &globalFlags()
{
    static const QStringList names {u"version"_s, u"help"_s, u"demo"_s};
    return names;
}

QString sentence(QString text)
{
    // QCommandLineParser says "Unknown option 'x'."; ours read "liftoff check: unknown option 'x'".
    if (text.endsWith(u'.'))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text.at(0).toLower();
    return text;
}

void addOption(QCommandLineParser &parser, const QString &name, bool takesValue)
{
    parser.addOption(takesValue ? QCommandLineOption(name, QString(), u"value"_s) : QCommandLineOption(name));
}
} // namespace

CommandLineParser::CommandLineParser(QList<SubcommandSpec> commands, QString globalHelp)
    : m_commands(std::move(commands)), m_globalHelp(std::move(globalHelp))
{
}

const QStringList &CommandLineParser::globalValueOptions()
{
    static const QStringList names {u"db"_s, u"config"_s, u"deployment"_s};
    return names;
}

const SubcommandSpec *CommandLineParser::find(const QString &name) const
{
    for (const SubcommandSpec &spec : m_commands) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

QStringList CommandLineParser::subcommandsOf(const QString &group) const
{
    QStringList names;
    const QString prefix = group + u' ';
    for (const SubcommandSpec &spec : m_commands) {
        if (spec.name.startsWith(prefix))
            names.append(spec.name.mid(prefix.size()));
    }
    return names;
}

qsizetype CommandLineParser::nextCommandWord(const QStringList &words, qsizetype start, QString *unknownOption)
{
    for (qsizetype i = start; i < words.size(); ++i) {
        const QString &word = words.at(i);
        if (word == u"--")
            return -1; // everything after it is positional, never a command
        if (word.startsWith(u"--")) {
            const QString name = word.mid(2).section(u'=', 0, 0);
            if (globalValueOptions().contains(name)) {
                if (!word.contains(u'='))
                    ++i; // skip the value, which may look like a command ("--config check")
            } else if (!globalFlags().contains(name) && unknownOption && unknownOption->isEmpty()) {
                *unknownOption = word;
            }
            continue;
        }
        if (word.size() > 1 && word.startsWith(u'-')) {
            if (qtValueOptions().contains(word.mid(1)))
                ++i;
            continue;
        }
        return i;
    }
    return -1;
}

ParsedCommandLine CommandLineParser::usageError(const SubcommandSpec *spec, const QString &prefix,
                                                const QString &message) const
{
    ParsedCommandLine parsed;
    parsed.action = ParsedCommandLine::Action::UsageError;
    parsed.command = spec;
    QString usage = spec ? spec->usage : u"Usage: liftoff [COMMAND] [OPTIONS]; see liftoff --help"_s;
    if (!usage.endsWith(u'\n'))
        usage += u'\n';
    parsed.error = prefix + u": "_s + message + u'\n' + usage;
    return parsed;
}

ParsedCommandLine CommandLineParser::parse(const QStringList &arguments) const
{
    const QStringList words = arguments.mid(1);
    QString unknown;
    const qsizetype index = nextCommandWord(words, 0, &unknown);
    if (!unknown.isEmpty())
        return usageError(nullptr, u"liftoff"_s, u"unknown option '%1'"_s.arg(unknown));
    if (index < 0)
        return parseGui(words, nullptr);

    const QString name = words.at(index);
    if (name == u"help") {
        ParsedCommandLine parsed;
        parsed.action = ParsedCommandLine::Action::PrintHelp;
        const qsizetype topic = nextCommandWord(words, index + 1, nullptr);
        if (topic >= 0) {
            parsed.command = find(words.at(topic));
            if (!parsed.command && !subcommandsOf(words.at(topic)).isEmpty())
                parsed.command = find(words.at(topic) + u' ' + subcommandsOf(words.at(topic)).constFirst());
        }
        return parsed;
    }
    if (const SubcommandSpec *spec = find(name))
        return spec->opensGui ? parseGui(words.mid(0, index) + words.mid(index + 1), spec)
                              : parseCommand(*spec, words, index);

    const QStringList subs = subcommandsOf(name);
    if (subs.isEmpty()) {
        QStringList names;
        for (const SubcommandSpec &spec : m_commands)
            names.append(spec.name.section(u' ', 0, 0));
        const QString nearest = NearestName::find(name, names);
        return usageError(nullptr, u"liftoff"_s,
                          u"unknown command '%1'"_s.arg(name)
                              + (nearest.isEmpty() ? QString() : u"; did you mean `%1`?"_s.arg(nearest)));
    }
    QString groupUsage;
    for (const QString &sub : subs)
        groupUsage += find(name + u' ' + sub)->usage;
    const qsizetype subIndex = nextCommandWord(words, index + 1, nullptr);
    const SubcommandSpec *spec = subIndex < 0 ? nullptr : find(name + u' ' + words.at(subIndex));
    if (!spec) {
        if (words.contains(u"--help"_s) || words.contains(u"-h"_s)) {
            ParsedCommandLine parsed;
            parsed.action = ParsedCommandLine::Action::PrintHelp;
            parsed.command = find(name + u' ' + subs.constFirst());
            return parsed;
        }
        SubcommandSpec group;
        group.usage = groupUsage;
        ParsedCommandLine parsed = usageError(&group, u"liftoff "_s + name,
                                              subIndex < 0 ? u"which one? %1"_s.arg(subs.join(u", "_s))
                                                           : u"unknown subcommand '%1'; use %2"_s.arg(
                                                                 words.at(subIndex), subs.join(u", "_s)));
        parsed.command = nullptr;
        return parsed;
    }
    return parseCommand(*spec, words, index);
}

ParsedCommandLine CommandLineParser::parseCommand(const SubcommandSpec &spec, QStringList words,
                                                  qsizetype commandIndex) const
{
    words.removeAt(commandIndex);
    const QString prefix = u"liftoff "_s + spec.name;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const QString &name : globalValueOptions())
        addOption(parser, name, true);
    for (const QString &name : spec.valueOptions)
        addOption(parser, name, true);
    for (const QString &name : spec.flags)
        addOption(parser, name, false);
    parser.addOption(QCommandLineOption(QStringList {u"h"_s, u"help"_s}));
    const bool ownVersion = spec.valueOptions.contains(u"version"_s); // deploy new --version V
    if (!ownVersion)
        addOption(parser, u"version"_s, false);
    if (!parser.parse(QStringList {u"liftoff"_s} + words))
        return usageError(&spec, prefix, sentence(parser.errorText()));

    ParsedCommandLine parsed;
    parsed.command = &spec;
    if (parser.isSet(u"help"_s)) {
        parsed.action = ParsedCommandLine::Action::PrintHelp;
        return parsed;
    }
    if (!ownVersion && parser.isSet(u"version"_s)) {
        parsed.action = ParsedCommandLine::Action::PrintVersion;
        return parsed;
    }
    parsed.positionals = parser.positionalArguments();
    const qsizetype ownWords = spec.name.count(u' '); // "deploy new": "new" is the first positional
    if (spec.maxPositional >= 0 && parsed.positionals.size() > ownWords + spec.maxPositional)
        return usageError(&spec, prefix,
                          spec.hidesStrayArguments
                              ? u"unexpected argument (not repeated here; a secret's value is read from stdin, "
                                u"never given as an argument)"_s
                              : u"unexpected argument '%1'"_s.arg(parsed.positionals.at(ownWords + spec.maxPositional)));
    for (const QString &name : globalValueOptions() + spec.valueOptions) {
        if (parser.isSet(name))
            parsed.values.insert(u"--"_s + name, parser.values(name));
    }
    for (const QString &name : spec.flags) {
        if (parser.isSet(name))
            parsed.flags.insert(u"--"_s + name);
    }
    parsed.action = ParsedCommandLine::Action::RunCommand;
    return parsed;
}

ParsedCommandLine CommandLineParser::parseGui(const QStringList &words, const SubcommandSpec *open) const
{
    ParsedCommandLine parsed;
    QStringList ours;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &word = words.at(i);
        const bool qtOption = word.size() > 1 && word.startsWith(u'-') && !word.startsWith(u"--") && word != u"-h";
        if (!qtOption) {
            ours.append(word);
            continue;
        }
        parsed.qtArguments.append(word);
        if (qtValueOptions().contains(word.mid(1)) && i + 1 < words.size())
            parsed.qtArguments.append(words.at(++i));
    }
    QCommandLineParser parser;
    for (const QString &name : globalValueOptions())
        addOption(parser, name, true);
    addOption(parser, u"demo"_s, false);
    addOption(parser, u"version"_s, false);
    parser.addOption(QCommandLineOption(QStringList {u"h"_s, u"help"_s}));
    const QString prefix = open ? u"liftoff open"_s : u"liftoff"_s;
    if (!parser.parse(QStringList {u"liftoff"_s} + ours))
        return usageError(open, prefix, sentence(parser.errorText()));
    parsed.command = open;
    if (parser.isSet(u"help"_s)) {
        parsed.action = ParsedCommandLine::Action::PrintHelp;
        return parsed;
    }
    if (parser.isSet(u"version"_s)) {
        parsed.action = ParsedCommandLine::Action::PrintVersion;
        return parsed;
    }
    parsed.positionals = parser.positionalArguments();
    const qsizetype allowed = open ? open->maxPositional : 0;
    if (parsed.positionals.size() > allowed)
        return usageError(open, prefix, u"unexpected argument '%1'"_s.arg(parsed.positionals.at(allowed)));
    for (const QString &name : globalValueOptions()) {
        if (parser.isSet(name))
            parsed.values.insert(u"--"_s + name, parser.values(name));
    }
    if (open && !parsed.positionals.isEmpty())
        parsed.values.insert(u"--config"_s, {parsed.positionals.constFirst()});
    if (parser.isSet(u"demo"_s))
        parsed.flags.insert(u"--demo"_s);
    parsed.action = ParsedCommandLine::Action::OpenGui;
    return parsed;
}
