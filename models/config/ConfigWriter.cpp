// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigWriter.h"

#include "config/ConfigLoader.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace {

/** One line of block-style YAML as the scanner sees it. */
struct Line
{
    int indent = 0;
    bool content = false; // not blank, not a comment
    bool item = false;    // a sequence entry ("- ...")
    QString key;          // empty unless a "key:" line
    int valueStart = -1;  // where the inline value starts (after ':')
};

// Where a trailing comment starts (a '#' outside quotes, at the start or after a space), or -1.
int commentStart(const QString &s, int from = 0)
{
    QChar quote;
    for (int i = from; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if ((c == u'"' || c == u'\'') && (i == from || s.at(i - 1).isSpace() || s.at(i - 1) == u'[' || s.at(i - 1) == u'{'
                                          || s.at(i - 1) == u','))
            quote = c;
        else if (c == u'#' && (i == 0 || s.at(i - 1).isSpace()))
            return i;
    }
    return -1;
}

Line scan(const QString &text)
{
    Line line;
    while (line.indent < text.size() && text.at(line.indent) == u' ')
        ++line.indent;
    const QString rest = text.mid(line.indent).trimmed();
    line.content = !rest.isEmpty() && !rest.startsWith(u'#');
    if (!line.content)
        return line;
    if (rest == u"-"_s || rest.startsWith(u"- "_s)) {
        line.item = true;
        return line;
    }
    int pos = line.indent;
    QString key;
    if (text.at(pos) == u'"' || text.at(pos) == u'\'') {
        const int close = text.indexOf(text.at(pos), pos + 1);
        if (close < 0)
            return line;
        key = text.mid(pos + 1, close - pos - 1);
        pos = close + 1;
        if (pos >= text.size() || text.at(pos) != u':')
            return line;
    } else {
        if (text.at(pos) == u'{' || text.at(pos) == u'[')
            return line;
        for (; pos < text.size(); ++pos) {
            if (text.at(pos) == u':' && (pos + 1 == text.size() || text.at(pos + 1) == u' '))
                break;
            if (text.at(pos) == u'#' && text.at(pos - 1) == u' ')
                return line;
        }
        if (pos >= text.size())
            return line;
        key = text.mid(line.indent, pos - line.indent).trimmed();
    }
    line.key = key;
    line.valueStart = pos + 1;
    return line;
}

/** The text after "key:" without its trailing comment, trimmed. */
QString inlineValue(const QString &text, const Line &line)
{
    const int c = commentStart(text, line.valueStart);
    return (c < 0 ? text.mid(line.valueStart) : text.mid(line.valueStart, c - line.valueStart)).trimmed();
}

QString trailingComment(const QString &text, const Line &line)
{
    const int c = commentStart(text, line.valueStart);
    return c < 0 ? QString() : text.mid(c);
}

class Patcher
{
public:
    explicit Patcher(const QString &yaml) : m_lines(yaml.split(u'\n')) { rescan(); }

    QString text() const { return m_lines.join(u'\n'); }
    void set(const QStringList &path, const ConfigValue &value);
    void remove(const QStringList &path);

private:
    struct Found
    {
        int depth = 0;     // how many path segments were found
        int line = -1;     // the line of the deepest found key (-1: the document)
        bool stoppedInline = false; // the deepest found key has an inline value, so it was not entered
    };
    void rescan();
    int topLevelInsertion(const QString &key);
    int blockEnd(int keyLine) const;
    int childIndent(int begin, int end) const;
    Found locate(const QStringList &path) const;
    QStringList commentsIn(int begin, int end) const;
    void replaceWhole(const QStringList &prefix, const QStringList &rest, const std::optional<ConfigValue> &value);

    QStringList m_lines;
    QList<Line> m_info;
};

// A new top-level key goes just after its commented-out example ("# budget:" and the "#   ..." lines
// below it, as `liftoff init` writes them), else at the end of the file after a blank line.
int Patcher::topLevelInsertion(const QString &key)
{
    const QString example = u"# "_s + key + u':';
    for (int i = 0; i < m_lines.size(); ++i) {
        const QString &line = m_lines.at(i);
        if (line != example && !line.startsWith(example + u' '))
            continue;
        int end = i + 1;
        while (end < m_lines.size() && m_lines.at(end).startsWith(u"#  "_s))
            ++end;
        return end;
    }
    int end = int(m_lines.size());
    if (!m_lines.isEmpty() && m_lines.last().isEmpty())
        --end; // before the final newline
    if (end > 0 && !m_lines.at(end - 1).trimmed().isEmpty()) {
        m_lines.insert(end, QString());
        m_info.insert(end, Line());
        ++end;
    }
    return end;
}

void Patcher::rescan()
{
    m_info.clear();
    for (const QString &l : std::as_const(m_lines))
        m_info.append(scan(l));
}

// One past the last content line of the key's block (comments after it belong to what follows).
int Patcher::blockEnd(int keyLine) const
{
    const Line &key = m_info.at(keyLine);
    const bool blockValue = inlineValue(m_lines.at(keyLine), key).isEmpty();
    int last = keyLine;
    for (int i = keyLine + 1; i < m_info.size(); ++i) {
        const Line &l = m_info.at(i);
        if (!l.content)
            continue;
        // "key:\n- item" at the key's own indent is still the key's sequence.
        if (l.indent < key.indent || (l.indent == key.indent && !(blockValue && l.item && !key.item)))
            break;
        last = i;
    }
    return last + 1;
}

int Patcher::childIndent(int begin, int end) const
{
    for (int i = begin; i < end; ++i) {
        if (m_info.at(i).content)
            return m_info.at(i).indent;
    }
    return -1;
}

Patcher::Found Patcher::locate(const QStringList &path) const
{
    Found found;
    int begin = 0;
    int end = int(m_lines.size());
    for (const QString &segment : path) {
        const int indent = childIndent(begin, end);
        int hit = -1;
        for (int i = begin; i < end && hit < 0; ++i) {
            const Line &l = m_info.at(i);
            if (l.content && l.indent == indent && !l.item && l.key == segment)
                hit = i;
        }
        if (hit < 0)
            return found;
        found.depth++;
        found.line = hit;
        if (found.depth < path.size() && !inlineValue(m_lines.at(hit), m_info.at(hit)).isEmpty()) {
            found.stoppedInline = true;
            return found;
        }
        begin = hit + 1;
        end = blockEnd(hit);
    }
    return found;
}

QStringList Patcher::commentsIn(int begin, int end) const
{
    QStringList out;
    for (int i = begin; i < end; ++i) {
        const QString &line = m_lines.at(i);
        if (!m_info.at(i).content) {
            if (!line.trimmed().isEmpty())
                out.append(line);
            continue;
        }
        // A replaced line's trailing comment stays, on a line of its own.
        const int c = commentStart(line, m_info.at(i).valueStart >= 0 ? m_info.at(i).valueStart : m_info.at(i).indent);
        if (c >= 0)
            out.append(QString(m_info.at(i).indent, u' ') + line.mid(c));
    }
    return out;
}

void emitValue(YAML::Emitter &out, const ConfigValue &value, bool forceFlow)
{
    const bool flow = forceFlow || value.flow;
    switch (value.kind) {
    case ConfigValue::Kind::Scalar:
        out << value.scalar.toStdString();
        break;
    case ConfigValue::Kind::Sequence:
        if (flow)
            out << YAML::Flow;
        out << YAML::BeginSeq;
        for (const ConfigValue &item : value.items)
            emitValue(out, item, flow);
        out << YAML::EndSeq;
        break;
    case ConfigValue::Kind::Mapping:
        if (flow)
            out << YAML::Flow;
        out << YAML::BeginMap;
        for (const ConfigValue::Entry &e : value.entries) {
            out << YAML::Key << e.first.toStdString() << YAML::Value;
            emitValue(out, e.second, flow);
        }
        out << YAML::EndMap;
        break;
    }
}

QString emitted(const ConfigValue &value, bool flow)
{
    YAML::Emitter out;
    emitValue(out, value, flow);
    return QString::fromUtf8(out.c_str());
}

// True when the value goes on the key's own line: scalars, empty and flow collections.
bool inlineStyle(const ConfigValue &value)
{
    return value.isScalar() || value.isEmptyCollection() || value.flow;
}

QStringList indented(const QString &block, int indent)
{
    QStringList out;
    const QString pad(indent, u' ');
    for (const QString &l : block.split(u'\n'))
        out.append(pad + l);
    return out;
}

ConfigValue toValue(const YAML::Node &node)
{
    if (node.IsSequence()) {
        QList<ConfigValue> items;
        for (const YAML::Node &item : node)
            items.append(toValue(item));
        return ConfigValue::sequence(items, node.Style() == YAML::EmitterStyle::Flow);
    }
    if (node.IsMap()) {
        QList<ConfigValue::Entry> entries;
        for (const auto &kv : node)
            entries.append({QString::fromStdString(kv.first.Scalar()), toValue(kv.second)});
        return ConfigValue::mapping(entries, node.Style() == YAML::EmitterStyle::Flow);
    }
    return ConfigValue::text(node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString());
}

ConfigValue nested(const QStringList &path, const ConfigValue &value)
{
    ConfigValue v = value;
    for (qsizetype i = path.size() - 1; i >= 0; --i)
        v = ConfigValue::mapping({{path.at(i), v}});
    return v;
}

void Patcher::replaceWhole(const QStringList &prefix, const QStringList &rest, const std::optional<ConfigValue> &value)
{
    // The deepest key found holds a flow value (or a scalar): rebuild it as a whole, in flow style.
    ConfigValue whole = ConfigWriter::read(text(), prefix).value_or(ConfigValue());
    if (!whole.isMapping())
        whole = ConfigValue::mapping({}, true);
    ConfigValue *cursor = &whole;
    for (qsizetype i = 0; i + 1 < rest.size(); ++i) {
        ConfigValue *child = nullptr;
        for (ConfigValue::Entry &e : cursor->entries) {
            if (e.first == rest.at(i))
                child = &e.second;
        }
        if (!child || !child->isMapping()) {
            if (!value)
                return;
            cursor->set(rest.at(i), ConfigValue::mapping({}, true));
            child = &cursor->entries.last().second;
            for (ConfigValue::Entry &e : cursor->entries) {
                if (e.first == rest.at(i))
                    child = &e.second;
            }
        }
        cursor = child;
    }
    if (value)
        cursor->set(rest.last(), *value);
    else
        cursor->remove(rest.last());
    whole.flow = true;
    set(prefix, whole);
}

void Patcher::set(const QStringList &path, const ConfigValue &value)
{
    const Found found = locate(path);
    if (found.stoppedInline) {
        replaceWhole(path.mid(0, found.depth), path.mid(found.depth), value);
        return;
    }
    if (found.depth == path.size()) {
        const int keyLine = found.line;
        const Line key = m_info.at(keyLine);
        const QString original = m_lines.at(keyLine);
        const QString oldInline = inlineValue(original, key);
        const int end = blockEnd(keyLine);
        const int indent = childIndent(keyLine + 1, end);
        bool oldBlockMapping = false;
        for (int i = keyLine + 1; i < end && oldInline.isEmpty(); ++i) {
            if (m_info.at(i).content) {
                oldBlockMapping = !m_info.at(i).item;
                break;
            }
        }
        if (value.isMapping() && !value.flow && oldBlockMapping) {
            // Merge key by key, so comments and untouched keys inside the block stay where they are.
            QStringList oldKeys;
            for (int i = keyLine + 1; i < end; ++i) {
                if (m_info.at(i).content && m_info.at(i).indent == indent && !m_info.at(i).key.isEmpty())
                    oldKeys.append(m_info.at(i).key);
            }
            for (const ConfigValue::Entry &e : value.entries)
                set(path + QStringList {e.first}, e.second);
            for (const QString &k : std::as_const(oldKeys)) {
                if (!value.find(k))
                    remove(path + QStringList {k});
            }
            return;
        }
        // A value in flow style stays in flow style; a block one stays block.
        const bool asInline = inlineStyle(value) || !oldInline.isEmpty();
        const QString comment = trailingComment(original, key);
        const QString head = original.left(key.valueStart);
        QStringList replacement;
        if (asInline) {
            QString line = head + u' ' + emitted(value, true);
            if (!comment.isEmpty()) {
                // Keep the comment's column when the new value leaves room for it.
                const int column = commentStart(original, key.valueStart);
                line += line.size() < column ? QString(column - line.size(), u' ') : u"   "_s;
                line += comment;
            }
            replacement.append(line);
        } else {
            replacement.append(original); // "key:   # comment" stays as written
            replacement += indented(emitted(value, false), indent >= 0 ? indent : key.indent + 2);
        }
        replacement += commentsIn(keyLine + 1, end);
        m_lines.remove(keyLine, end - keyLine);
        for (qsizetype i = 0; i < replacement.size(); ++i)
            m_lines.insert(keyLine + i, replacement.at(i));
        rescan();
        return;
    }

    // Append the missing part at the end of the deepest mapping that exists.
    const QStringList rest = path.mid(found.depth);
    const ConfigValue single = ConfigValue::mapping({{rest.first(), nested(rest.mid(1), value)}});
    int insertAt = 0;
    int indent = 0;
    if (found.line < 0) {
        insertAt = topLevelInsertion(rest.first());
    } else {
        const int end = blockEnd(found.line);
        const int children = childIndent(found.line + 1, end);
        indent = children >= 0 ? children : m_info.at(found.line).indent + 2;
        insertAt = end;
    }
    const QStringList block = indented(emitted(single, false), indent);
    for (qsizetype i = 0; i < block.size(); ++i)
        m_lines.insert(insertAt + i, block.at(i));
    rescan();
}

void Patcher::remove(const QStringList &path)
{
    const Found found = locate(path);
    if (found.stoppedInline) {
        replaceWhole(path.mid(0, found.depth), path.mid(found.depth), std::nullopt);
        return;
    }
    if (found.depth != path.size())
        return;
    const int keyLine = found.line;
    const Line key = m_info.at(keyLine);
    const int end = blockEnd(keyLine);
    QStringList kept;
    const QString comment = trailingComment(m_lines.at(keyLine), key);
    if (!comment.isEmpty())
        kept.append(QString(key.indent, u' ') + comment);
    kept += commentsIn(keyLine + 1, end);
    m_lines.remove(keyLine, end - keyLine);
    for (qsizetype i = 0; i < kept.size(); ++i)
        m_lines.insert(keyLine + i, kept.at(i));
    rescan();
    // An emptied parent would read as null, which no section accepts: remove it too.
    if (path.size() > 1) {
        const QStringList parent = path.mid(0, path.size() - 1);
        const Found p = locate(parent);
        if (p.depth == parent.size() && !p.stoppedInline && inlineValue(m_lines.at(p.line), m_info.at(p.line)).isEmpty()
            && childIndent(p.line + 1, blockEnd(p.line)) < 0)
            remove(parent);
    }
}

} // namespace

QString ConfigWriteResult::errorText() const
{
    if (!ioError.isEmpty())
        return ioError;
    QStringList lines;
    for (const ConfigDiagnostic &d : diagnostics)
        lines.append(d.toString());
    return lines.join(u'\n');
}

QString ConfigWriter::apply(const QString &yaml, const QList<ConfigEdit> &edits)
{
    Patcher patcher(yaml);
    for (const ConfigEdit &edit : edits) {
        if (edit.path.isEmpty())
            continue;
        if (edit.value)
            patcher.set(edit.path, *edit.value);
        else
            patcher.remove(edit.path);
    }
    return patcher.text();
}

std::optional<ConfigValue> ConfigWriter::read(const QString &yaml, const QStringList &path)
{
    try {
        YAML::Node node = YAML::Load(yaml.toStdString());
        for (const QString &segment : path) {
            if (!node.IsMap())
                return std::nullopt;
            YAML::Node child;
            bool hit = false;
            for (const auto &kv : node) {
                if (kv.first.IsScalar() && QString::fromStdString(kv.first.Scalar()) == segment) {
                    child = kv.second;
                    hit = true;
                    break;
                }
            }
            if (!hit)
                return std::nullopt;
            node = child;
        }
        if (!node.IsDefined())
            return std::nullopt;
        return toValue(node);
    } catch (const YAML::Exception &) {
        return std::nullopt;
    }
}

ConfigWriteResult ConfigWriter::write(const QString &path, const QList<ConfigEdit> &edits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigWriteResult result;
        result.ioError = u"%1: error: cannot read: %2"_s.arg(path, file.errorString());
        return result;
    }
    const QString original = QString::fromUtf8(file.readAll());
    return writeText(path, apply(original, edits));
}

ConfigWriteResult ConfigWriter::writeText(const QString &path, const QString &yaml)
{
    ConfigWriteResult result;
    result.text = yaml;
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml.toUtf8(), path, QFileInfo(path).absolutePath());
    if (!loaded.ok()) {
        result.diagnostics = loaded.diagnostics;
        if (result.diagnostics.isEmpty())
            result.ioError = loaded.errorText();
        return result;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml.toUtf8()) < 0 || !out.commit()) {
        result.ioError = u"%1: error: cannot write: %2"_s.arg(path, out.errorString());
        return result;
    }
    result.written = true;
    return result;
}
