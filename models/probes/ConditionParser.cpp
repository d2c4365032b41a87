// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionParser.h"

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_QUOTED_TOKEN = 20;
constexpr qsizetype MAX_QUOTED_CONTEXT = 40;
constexpr qsizetype MAX_INDEX_DIGITS = 9;

const QString EXPECTED_VALUE = u"expected a value (number, string, duration, [PLACEHOLDER] or function)"_s;
const QString EXPECTED_OPERATOR = u"expected an operator (==, !=, <, <=, >, >=)"_s;

bool isControl(QChar c)
{
    return c.category() == QChar::Other_Control && !c.isSpace();
}

bool isOperatorChar(QChar c)
{
    return c == u'=' || c == u'!' || c == u'<' || c == u'>';
}

/** A character that can be part of a bare word: a bare string, number, duration or function name. */
bool isBareChar(QChar c)
{
    if (c.isSpace() || isControl(c) || isOperatorChar(c))
        return false;
    switch (c.unicode()) {
    case u'"':
    case u'\'':
    case u'(':
    case u')':
    case u'[':
    case u']':
    case u',': return false;
    default: return true;
    }
}

/** A character of a path key after '.': a bare character other than '.'. */
bool isPathChar(QChar c)
{
    return isBareChar(c) && c != u'.';
}

bool isNameChar(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
}

bool isValidPlaceholderName(const QString &name)
{
    if (name.isEmpty() || !(name.front() >= u'A' && name.front() <= u'Z'))
        return false;
    for (QChar c : name) {
        if (!((c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'))
            return false;
    }
    return true;
}

QString shortened(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    // Never end on the first half of a surrogate pair.
    const qsizetype keep = text.at(maxChars - 1).isHighSurrogate() ? maxChars - 1 : maxChars;
    return text.left(keep) + u'…';
}

QString quoted(const QString &text)
{
    return u'\'' + shortened(text.trimmed(), MAX_QUOTED_CONTEXT) + u'\'';
}

ConditionValue classifyBareWord(const QString &word)
{
    if (word == u"true")
        return ConditionValue::fromBool(true);
    if (word == u"false")
        return ConditionValue::fromBool(false);
    if (const std::optional<double> number = ConditionValue::parseNumber(word))
        return ConditionValue::fromNumber(*number);
    if (const std::optional<double> ms = ConditionValue::parseDurationMs(word))
        return ConditionValue::fromDurationMs(*ms);
    return ConditionValue::fromString(word);
}
} // namespace

ConditionParser::ConditionParser(const QString &text)
    : m_text(text)
{
}

ConditionParseResult ConditionParser::parse()
{
    ConditionParseResult result;
    const auto failed = [this, &result] {
        result.column = m_errorColumn;
        result.message = m_errorMessage;
        return result;
    };

    if (m_text.size() > Condition::MAX_LENGTH) {
        fail(Condition::MAX_LENGTH + 1, u"the condition is longer than %1 characters"_s.arg(Condition::MAX_LENGTH));
        return failed();
    }
    for (qsizetype i = 0; i < m_text.size(); ++i) {
        if (isControl(m_text.at(i))) {
            m_pos = i;
            const QString code = QString::number(m_text.at(i).unicode(), 16).toUpper().rightJustified(4, u'0');
            fail(column(), u"unexpected control character U+"_s + code);
            return failed();
        }
    }
    skipSpace();
    if (atEnd()) {
        fail(1, u"expected a condition such as [STATUS] == 200"_s);
        return failed();
    }

    const std::optional<ConditionOperand> left = parseOperand(QString());
    if (!left)
        return failed();
    if (left->kind == ConditionOperand::Kind::Pattern || left->kind == ConditionOperand::Kind::AnyOf) {
        fail(left->column, left->functionName() + u"() belongs on the right-hand side, as in "_s
                               + (left->kind == ConditionOperand::Kind::Pattern ? u"[BODY] == pat(*ok*)"_s
                                                                                 : u"[STATUS] == any(200, 204)"_s));
        return failed();
    }
    skipSpace();
    if (atEnd() && left->kind == ConditionOperand::Kind::Exists) {
        result.condition = Condition(m_text, *left);
        return result;
    }

    const qsizetype operatorStart = m_pos;
    const std::optional<ConditionOperator> op = parseOperator(left->source);
    if (!op)
        return failed();
    skipSpace();
    const std::optional<ConditionOperand> right = parseOperand(ConditionOperatorText::toString(*op));
    if (!right)
        return failed();

    if (ConditionOperatorText::isOrdering(*op)) {
        for (const ConditionOperand *operand : {&*left, &*right}) {
            if (operand->kind != ConditionOperand::Kind::Term && operand->kind != ConditionOperand::Kind::Length) {
                fail(static_cast<int>(operatorStart) + 1, u"'"_s + ConditionOperatorText::toString(*op)
                                                              + u"' cannot be used with "_s
                                                              + operand->functionName() + u"(); use == or !="_s);
                return failed();
            }
        }
    }

    skipSpace();
    if (!atEnd()) {
        const QChar c = current();
        const bool looksLikeText = isBareChar(c) || c == u'"' || c == u'\'';
        fail(column(), u"expected the end of the condition after "_s + quoted(right->source) + foundSuffix()
                           + (looksLikeText ? u" (put quotes around text that contains spaces)"_s : QString()));
        return failed();
    }
    result.condition = Condition(m_text, *left, *op, *right);
    return result;
}

std::optional<ConditionOperand> ConditionParser::parseOperand(const QString &before)
{
    if (atEnd()) {
        fail(column(), EXPECTED_VALUE + u" after "_s + quoted(before));
        return std::nullopt;
    }
    const qsizetype start = m_pos;
    const QChar c = current();
    if (c == u'[' || c == u'"' || c == u'\'' || isBareChar(c)) {
        if (isBareChar(c)) {
            const QString word = readBareWord();
            if (!atEnd() && current() == u'(')
                return parseFunction(word, start);
            m_pos = start;
        }
        const std::optional<ConditionTerm> term = parseTerm(before, QString());
        if (!term)
            return std::nullopt;
        ConditionOperand operand;
        operand.kind = ConditionOperand::Kind::Term;
        operand.terms = {*term};
        operand.source = term->source;
        operand.column = term->column;
        return operand;
    }
    fail(column(), EXPECTED_VALUE + foundSuffix());
    return std::nullopt;
}

std::optional<ConditionOperand> ConditionParser::parseFunction(const QString &name, qsizetype nameStart)
{
    ConditionOperand operand;
    operand.column = static_cast<int>(nameStart) + 1;
    if (name == u"len")
        operand.kind = ConditionOperand::Kind::Length;
    else if (name == u"has")
        operand.kind = ConditionOperand::Kind::Exists;
    else if (name == u"pat")
        operand.kind = ConditionOperand::Kind::Pattern;
    else if (name == u"any")
        operand.kind = ConditionOperand::Kind::AnyOf;
    else {
        fail(operand.column, u"unknown function "_s + quoted(name) + u"; expected len, has, pat or any"_s);
        return std::nullopt;
    }
    ++m_pos; // '('
    skipSpace();
    const QString opened = name + u'(';

    switch (operand.kind) {
    case ConditionOperand::Kind::Term: break;
    case ConditionOperand::Kind::Length: {
        const std::optional<ConditionTerm> term = parseTerm(opened, name);
        if (!term)
            return std::nullopt;
        operand.terms = {*term};
        break;
    }
    case ConditionOperand::Kind::Exists: {
        if (atEnd() || current() != u'[') {
            fail(column(), u"has() takes a placeholder such as [BODY].name"_s
                               + (atEnd() ? u" after "_s + quoted(opened) : foundSuffix()));
            return std::nullopt;
        }
        const std::optional<ConditionTerm> term = parsePlaceholder();
        if (!term)
            return std::nullopt;
        operand.terms = {*term};
        break;
    }
    case ConditionOperand::Kind::Pattern: {
        if (!atEnd() && (current() == u'"' || current() == u'\'')) {
            const std::optional<QString> glob = parseQuoted();
            if (!glob)
                return std::nullopt;
            operand.pattern = *glob;
        } else {
            const qsizetype globStart = m_pos;
            operand.pattern = readBareWord();
            if (operand.pattern.isEmpty() || (!atEnd() && current() == u'(')) {
                m_pos = globStart;
                fail(column(), u"expected a glob pattern such as *ok* after "_s + quoted(opened)
                                   + (atEnd() ? QString() : foundSuffix()));
                return std::nullopt;
            }
        }
        break;
    }
    case ConditionOperand::Kind::AnyOf: {
        for (;;) {
            const std::optional<ConditionTerm> term = parseTerm(sourceFrom(nameStart), name);
            if (!term)
                return std::nullopt;
            operand.terms.append(*term);
            skipSpace();
            if (atEnd() || current() != u',')
                break;
            ++m_pos;
            skipSpace();
        }
        if (atEnd() || current() != u')') {
            fail(column(), u"expected ',' or ')' after "_s + quoted(sourceFrom(nameStart)) + foundSuffix());
            return std::nullopt;
        }
        ++m_pos;
        operand.source = sourceFrom(nameStart);
        return operand;
    }
    }
    if (!expectClosingParen(nameStart))
        return std::nullopt;
    operand.source = sourceFrom(nameStart);
    return operand;
}

bool ConditionParser::expectClosingParen(qsizetype operandStart)
{
    skipSpace();
    if (atEnd() || current() != u')') {
        fail(column(), u"expected ')' after "_s + quoted(sourceFrom(operandStart)) + foundSuffix());
        return false;
    }
    ++m_pos;
    return true;
}

std::optional<ConditionTerm> ConditionParser::parseTerm(const QString &before, const QString &insideFunction)
{
    if (atEnd()) {
        fail(column(), EXPECTED_VALUE + u" after "_s + quoted(before));
        return std::nullopt;
    }
    const qsizetype start = m_pos;
    const QChar c = current();
    if (c == u'[')
        return parsePlaceholder();
    if (c == u'"' || c == u'\'') {
        const std::optional<QString> text = parseQuoted();
        if (!text)
            return std::nullopt;
        return ConditionTerm::makeLiteral(ConditionValue::fromString(*text), sourceFrom(start),
                                         static_cast<int>(start) + 1);
    }
    if (isBareChar(c)) {
        const QString word = readBareWord();
        if (!atEnd() && current() == u'(' && !insideFunction.isEmpty()) {
            fail(static_cast<int>(start) + 1, u"functions cannot be nested: found "_s + quoted(word + u'(')
                                                  + u" inside "_s + insideFunction + u"()"_s);
            return std::nullopt;
        }
        return ConditionTerm::makeLiteral(classifyBareWord(word), word, static_cast<int>(start) + 1);
    }
    fail(column(), EXPECTED_VALUE + foundSuffix());
    return std::nullopt;
}

std::optional<ConditionTerm> ConditionParser::parsePlaceholder()
{
    const qsizetype start = m_pos;
    ++m_pos; // '['
    const qsizetype nameStart = m_pos;
    while (!atEnd() && isNameChar(current()))
        ++m_pos;
    const QString name = m_text.mid(nameStart, m_pos - nameStart);
    if (!isValidPlaceholderName(name)) {
        if (!name.isEmpty() && isValidPlaceholderName(name.toUpper())) {
            fail(static_cast<int>(nameStart) + 1,
                 u"placeholder names are written in capitals: ["_s + name.toUpper() + u"]"_s);
        } else {
            m_pos = nameStart;
            fail(column(), u"expected a placeholder name such as STATUS after '['"_s + foundSuffix());
        }
        return std::nullopt;
    }
    if (atEnd() || current() != u']') {
        fail(column(), u"expected ']' after "_s + quoted(sourceFrom(start)) + foundSuffix());
        return std::nullopt;
    }
    ++m_pos;

    QStringList path;
    while (!atEnd()) {
        if (current() == u'.') {
            ++m_pos;
            if (!atEnd() && (current() == u'"' || current() == u'\'')) {
                const std::optional<QString> key = parseQuoted();
                if (!key)
                    return std::nullopt;
                path.append(*key);
                continue;
            }
            const qsizetype keyStart = m_pos;
            while (!atEnd() && isPathChar(current()))
                ++m_pos;
            if (m_pos == keyStart) {
                fail(column(), u"expected a field name after "_s + quoted(sourceFrom(start)) + foundSuffix());
                return std::nullopt;
            }
            path.append(m_text.mid(keyStart, m_pos - keyStart));
        } else if (current() == u'[') {
            ++m_pos;
            const qsizetype digitsStart = m_pos;
            while (!atEnd() && current() >= u'0' && current() <= u'9')
                ++m_pos;
            const qsizetype digits = m_pos - digitsStart;
            if (digits == 0) {
                fail(column(), u"expected an array index (0, 1, ...) after "_s + quoted(sourceFrom(start))
                                   + foundSuffix());
                return std::nullopt;
            }
            if (digits > MAX_INDEX_DIGITS) {
                fail(static_cast<int>(digitsStart) + 1, u"the array index is too large"_s);
                return std::nullopt;
            }
            if (atEnd() || current() != u']') {
                fail(column(), u"expected ']' after "_s + quoted(sourceFrom(start)) + foundSuffix());
                return std::nullopt;
            }
            ++m_pos;
            path.append(ConditionValue::indexSegment(m_text.mid(digitsStart, digits).toLongLong()));
        } else {
            break;
        }
    }
    return ConditionTerm::makePlaceholder(name, path, sourceFrom(start), static_cast<int>(start) + 1);
}

std::optional<QString> ConditionParser::parseQuoted()
{
    const qsizetype start = m_pos;
    const QChar quote = current();
    ++m_pos;
    QString value;
    while (!atEnd()) {
        const QChar c = current();
        ++m_pos;
        if (c == quote)
            return value;
        if (c == u'\\' && !atEnd() && (current() == quote || current() == u'\\')) {
            value.append(current());
            ++m_pos;
            continue;
        }
        value.append(c);
    }
    fail(static_cast<int>(start) + 1, u"unterminated string; add a closing "_s + quote);
    return std::nullopt;
}

std::optional<ConditionOperator> ConditionParser::parseOperator(const QString &before)
{
    const QStringView rest = QStringView(m_text).mid(m_pos);
    struct Spelling
    {
        QStringView text;
        ConditionOperator op;
    };
    static constexpr Spelling OPERATORS[] = {
        {u"==", ConditionOperator::Equal},      {u"!=", ConditionOperator::NotEqual},
        {u"<=", ConditionOperator::LessOrEqual}, {u">=", ConditionOperator::GreaterOrEqual},
        {u"<", ConditionOperator::Less},         {u">", ConditionOperator::Greater},
    };
    static constexpr Spelling MISSPELLINGS[] = {
        {u"=<", ConditionOperator::LessOrEqual}, {u"=>", ConditionOperator::GreaterOrEqual},
        {u"<>", ConditionOperator::NotEqual},    {u"=", ConditionOperator::Equal},
        {u"!", ConditionOperator::NotEqual},
    };
    for (const Spelling &wrong : MISSPELLINGS) {
        // "<>" must be caught before "<" matches; "=" and "!" only when no real operator starts here.
        if (!rest.startsWith(wrong.text))
            continue;
        if (wrong.text.size() == 1 && rest.size() > 1 && rest[1] == u'=')
            continue;
        fail(column(), EXPECTED_OPERATOR + u" after "_s + quoted(before) + u" but found '"_s + wrong.text
                           + u"'; did you mean '"_s + ConditionOperatorText::toString(wrong.op) + u"'?"_s);
        return std::nullopt;
    }
    for (const Spelling &spelling : OPERATORS) {
        if (rest.startsWith(spelling.text)) {
            m_pos += spelling.text.size();
            return spelling.op;
        }
    }
    fail(column(), EXPECTED_OPERATOR + u" after "_s + quoted(before) + foundSuffix());
    return std::nullopt;
}

QString ConditionParser::readBareWord()
{
    const qsizetype start = m_pos;
    while (!atEnd() && isBareChar(current()))
        ++m_pos;
    return m_text.mid(start, m_pos - start);
}

void ConditionParser::skipSpace()
{
    while (!atEnd() && current().isSpace())
        ++m_pos;
}

QString ConditionParser::sourceFrom(qsizetype start) const
{
    return m_text.mid(start, m_pos - start);
}

QString ConditionParser::foundSuffix() const
{
    if (atEnd())
        return QString();
    const QChar c = current();
    if (c.isSpace())
        return u" but found a space"_s;
    if (c == u'\'')
        return u" but found \"'\""_s;
    return u" but found '"_s + tokenAt(m_pos) + u"'"_s;
}

QString ConditionParser::tokenAt(qsizetype pos) const
{
    qsizetype end = pos;
    if (isBareChar(m_text.at(pos))) {
        while (end < m_text.size() && isBareChar(m_text.at(end)))
            ++end;
    } else if (isOperatorChar(m_text.at(pos))) {
        while (end < m_text.size() && end - pos < 2 && isOperatorChar(m_text.at(end)))
            ++end;
    } else {
        end = pos + 1;
    }
    return shortened(m_text.mid(pos, end - pos), MAX_QUOTED_TOKEN);
}

void ConditionParser::fail(int column, const QString &message)
{
    if (!m_errorMessage.isEmpty())
        return;
    m_errorColumn = column;
    m_errorMessage = message;
}
