// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/InjectionMarkerDetector.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_set>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// "ignore" and its translations (fr, es, de, it, pt) and paraphrases.
constexpr std::string_view IGNORE_VERBS[] {"ignore", "ignoring", "disregard", "forget", "override", "bypass", "skip",
                              "ignorez", "ignorer", "oublie", "oubliez", "ignora", "ignorar", "olvida", "olvide",
                              "ignoriere", "ignorieren", "vergiss", "vergessen", "missachte", "dimentica",
                              "dimenticare", "esqueça", "esqueca"};
constexpr std::string_view INSTRUCTION_NOUNS[] {"instructions", "instruction", "prompts", "prompt", "directions", "rules",
                                   "guidelines", "directives", "guardrails", "constraints", "consignes",
                                   "instrucciones", "indicaciones", "reglas", "anweisungen", "instruktionen",
                                   "regeln", "istruzioni", "regole", "instruções", "instrucoes", "regras", "règles"};
constexpr std::string_view QUALIFIERS[] {"previous", "prior", "above", "earlier", "preceding", "all", "any", "your", "system",
                            "original", "initial", "following", "former", "précédentes", "precedentes", "toutes",
                            "vos", "tes", "anteriores", "todas", "tus", "sus", "vorherigen", "bisherigen", "alle",
                            "deine", "ihre", "obigen", "vorigen", "precedenti", "tutte", "tue", "suas"};
// Requests for the hidden prompt: any of these verbs before a strong target, the stronger ones before a weak one.
constexpr std::string_view REQUEST_VERBS[] {"reveal", "print", "show", "repeat", "output", "display", "tell", "give", "share",
                               "leak", "dump", "write", "what", "say", "spell", "encode", "translate", "disclose",
                               "list", "type", "copy", "paste", "recite", "read", "summarize", "describe"};
constexpr std::string_view STRONG_REQUEST_VERBS[] {"reveal", "print", "repeat", "output", "dump", "leak", "disclose", "recite",
                                      "spell", "encode", "display", "show"};
constexpr std::string_view PROMPT_TARGET_FIRST[] {"system", "initial", "original", "hidden", "secret", "developer"};
constexpr std::string_view PROMPT_TARGET_SECOND[] {"prompt", "prompts", "message", "instructions"};
constexpr std::string_view WEAK_TARGET_SECOND[] {"instructions", "prompt", "rules", "guidelines"};

const std::vector<std::vector<std::string_view>> &roleOverridePhrases()
{
    static const std::vector<std::vector<std::string_view>> phrases {
        {"you", "are", "now"}, {"you", "re", "now"}, {"from", "now", "on", "you", "are"}, {"act", "as", "dan"},
        {"you", "are", "dan"}, {"do", "anything", "now"}, {"developer", "mode"}, {"maintenance", "mode"},
        {"dan", "mode"}, {"god", "mode"}, {"unfiltered", "mode"}, {"jailbreak"}, {"jailbroken"},
        {"pretend", "you", "are"}, {"pretend", "to", "be"}, {"stop", "everything"}, {"new", "instructions"},
        {"im", "start"}, {"you", "are", "no", "longer"}, {"no", "longer", "bound"}, {"without", "any", "restrictions"},
        {"you", "have", "no", "restrictions"}, {"tu", "es", "maintenant"}, {"ahora", "eres"}, {"du", "bist", "jetzt"},
        {"ora", "sei"}, {"agora", "você", "é"},
    };
    return phrases;
}

/** Every word any rule looks at; the others never match and are kept as empty placeholders. */
const std::unordered_set<std::string_view> &vocabulary()
{
    static const std::unordered_set<std::string_view> words = [] {
        std::unordered_set<std::string_view> all {"the", "everything", "above", "text", "words", "your"};
        const auto add = [&all](const auto &list) { all.insert(std::begin(list), std::end(list)); };
        add(IGNORE_VERBS);
        add(INSTRUCTION_NOUNS);
        add(QUALIFIERS);
        add(REQUEST_VERBS);
        add(STRONG_REQUEST_VERBS);
        add(PROMPT_TARGET_FIRST);
        add(PROMPT_TARGET_SECOND);
        add(WEAK_TARGET_SECOND);
        for (const auto &phrase : roleOverridePhrases())
            all.insert(phrase.begin(), phrase.end());
        return all;
    }();
    return words;
}

template <std::size_t N>
bool in(std::string_view word, const std::string_view (&words)[N])
{
    return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

bool isWordByte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool isBase64Byte(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
        || c == '-' || c == '_';
}

QString word(std::string_view w)
{
    return QString::fromUtf8(w.data(), qsizetype(w.size()));
}

bool findIgnore(const std::vector<std::string_view> &words, QString *context)
{
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (!in(words[k], IGNORE_VERBS))
            continue;
        // "ignore the above", "ignore everything above"
        if (k + 2 < words.size() && (words[k + 1] == "the" || words[k + 1] == "everything") && words[k + 2] == "above") {
            *context = word(words[k]) + u" … "_s + word(words[k + 2]);
            return true;
        }
        std::string_view qualifier;
        for (std::size_t j = k + 1; j < words.size() && j <= k + 6; ++j) {
            if (in(words[j], INSTRUCTION_NOUNS) && !qualifier.empty()) {
                *context = word(words[k]) + u" … "_s + word(qualifier) + u" … "_s + word(words[j]);
                return true;
            }
            if (qualifier.empty() && in(words[j], QUALIFIERS))
                qualifier = words[j];
        }
    }
    return false;
}

template <std::size_t N>
bool verbBefore(const std::vector<std::string_view> &words, std::size_t at, const std::string_view (&verbs)[N],
                std::string_view *verb)
{
    for (std::size_t j = at > 6 ? at - 6 : 0; j < at; ++j) {
        if (in(words[j], verbs)) {
            *verb = words[j];
            return true;
        }
    }
    return false;
}

bool findPromptRequest(const std::vector<std::string_view> &words, QString *context)
{
    for (std::size_t k = 0; k + 1 < words.size(); ++k) {
        const std::string_view a = words[k];
        const std::string_view b = words[k + 1];
        std::string_view verb;
        const bool strong = (in(a, PROMPT_TARGET_FIRST) && in(b, PROMPT_TARGET_SECOND))
            || ((a == "text" || a == "words" || a == "everything") && b == "above");
        if (strong && verbBefore(words, k, REQUEST_VERBS, &verb)) {
            *context = word(verb) + u" … "_s + word(a) + u' ' + word(b);
            return true;
        }
        if (a == "your" && in(b, WEAK_TARGET_SECOND) && verbBefore(words, k, STRONG_REQUEST_VERBS, &verb)) {
            *context = word(verb) + u" … "_s + word(a) + u' ' + word(b);
            return true;
        }
    }
    return false;
}

bool findRoleOverride(const std::vector<std::string_view> &words, QString *context)
{
    for (std::size_t k = 0; k < words.size(); ++k) {
        for (const auto &phrase : roleOverridePhrases()) {
            if (words[k] != phrase.front() || k + phrase.size() > words.size())
                continue;
            bool same = true;
            for (std::size_t p = 1; p < phrase.size() && same; ++p)
                same = words[k + p] == phrase[p];
            if (same) {
                QStringList parts;
                for (const std::string_view w : phrase)
                    parts.append(word(w));
                *context = parts.join(u' ');
                return true;
            }
        }
    }
    return false;
}

bool findBlob(std::string_view text, QString *context)
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isBase64Byte(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        bool upper = false;
        bool lowerCase = false;
        bool digit = false;
        while (i < text.size() && isBase64Byte(text[i])) {
            const char c = text[i];
            upper |= c >= 'A' && c <= 'Z';
            lowerCase |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            ++i;
        }
        const std::size_t length = i - start;
        // Images and files inlined as data: URIs are content, not an attack.
        const bool dataUri = start >= 7 && text.substr(start - 7, 7) == "base64,";
        if (length >= InjectionMarkerDetector::MIN_BLOB_LENGTH && upper && lowerCase && digit && !dataUri) {
            *context = u"base64 run of %1 characters (%2…%3)"_s.arg(length).arg(QString(QLatin1Char(text[start])),
                                                                                QString(QLatin1Char(text[i - 1])));
            return true;
        }
    }
    return false;
}

} // namespace

QList<InjectionMarker> InjectionMarkerDetector::scan(std::string_view text)
{
    // Reused per thread: a log scan calls this once per prompt.
    thread_local std::string lowered;
    thread_local std::vector<std::string_view> words;
    lowered.assign(text);
    for (char &c : lowered) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    words.clear();
    const std::unordered_set<std::string_view> &known = vocabulary();
    bool any = false;
    const std::string_view view(lowered);
    std::size_t i = 0;
    while (i < view.size()) {
        if (!isWordByte(static_cast<unsigned char>(view[i]))) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < view.size() && isWordByte(static_cast<unsigned char>(view[i])))
            ++i;
        const std::string_view w = view.substr(start, i - start);
        // Words no rule knows keep their place (rules count distances) but never compare equal.
        const bool useful = w.size() <= 16 && known.contains(w);
        words.push_back(useful ? w : std::string_view());
        any = any || useful;
    }

    QList<InjectionMarker> markers;
    QString context;
    if (!any) {
        if (findBlob(text, &context))
            markers.append({InjectionMarker::Rule::EncodedBlob, context});
        return markers;
    }
    if (findIgnore(words, &context))
        markers.append({InjectionMarker::Rule::IgnoreInstructions, context});
    if (findPromptRequest(words, &context))
        markers.append({InjectionMarker::Rule::SystemPromptRequest, context});
    if (findRoleOverride(words, &context))
        markers.append({InjectionMarker::Rule::RoleOverride, context});
    if (findBlob(text, &context))
        markers.append({InjectionMarker::Rule::EncodedBlob, context});
    return markers;
}

QString InjectionMarkerDetector::ruleName(InjectionMarker::Rule rule)
{
    switch (rule) {
    case InjectionMarker::Rule::IgnoreInstructions: return u"ignore-instructions"_s;
    case InjectionMarker::Rule::SystemPromptRequest: return u"system-prompt-request"_s;
    case InjectionMarker::Rule::RoleOverride: return u"role-override"_s;
    case InjectionMarker::Rule::EncodedBlob: return u"encoded-blob"_s;
    }
    return {};
}
