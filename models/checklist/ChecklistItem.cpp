// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ChecklistItem.h"

using namespace Qt::StringLiterals;

std::optional<Binding> Binding::parse(const QString &text)
{
    if (text == u"manual")
        return Binding {BindingKind::Manual, {}};
    if (text == u"manual+evidence")
        return Binding {BindingKind::ManualEvidence, {}};
    if (text.startsWith(u"probe:") && text.size() > 6)
        return Binding {BindingKind::Probe, text.mid(6)};
    return std::nullopt;
}

QString Binding::toString() const
{
    switch (kind) {
    case BindingKind::Manual: return u"manual"_s;
    case BindingKind::ManualEvidence: return u"manual+evidence"_s;
    case BindingKind::Probe: return u"probe:"_s + probeKind;
    }
    return {};
}

namespace ChecklistText {

QString toString(Level level)
{
    return level == Level::Must ? u"must"_s : u"should"_s;
}

QString toString(Phase phase)
{
    switch (phase) {
    case Phase::Pre: return u"pre"_s;
    case Phase::Deploy: return u"deploy"_s;
    case Phase::Post: return u"post"_s;
    }
    return {};
}

std::optional<Level> levelFromString(const QString &text)
{
    if (text == u"must")
        return Level::Must;
    if (text == u"should")
        return Level::Should;
    return std::nullopt;
}

std::optional<Phase> phaseFromString(const QString &text)
{
    if (text == u"pre")
        return Phase::Pre;
    if (text == u"deploy")
        return Phase::Deploy;
    if (text == u"post")
        return Phase::Post;
    return std::nullopt;
}

QString phaseTitle(Phase phase)
{
    switch (phase) {
    case Phase::Pre: return u"Pre-deployment"_s;
    case Phase::Deploy: return u"Deployment"_s;
    case Phase::Post: return u"Post-deployment"_s;
    }
    return {};
}

} // namespace ChecklistText
