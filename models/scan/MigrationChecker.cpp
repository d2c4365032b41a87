// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/MigrationChecker.h"

#include "scan/GitSupport.h"
#include "scan/SourceMasker.h"
#include "scan/TextScan.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace {

MigrationFinding verdict(const QString &file, MigrationFramework framework, Reversibility reversibility,
                         const QString &reason, int line = 0)
{
    return MigrationFinding {file, framework, reversibility, reason, line};
}

QRegularExpressionMatch firstMatch(const QString &pattern, const QString &text, qsizetype from = 0)
{
    return QRegularExpression(pattern, QRegularExpression::MultilineOption).match(text, from);
}

/** Offset just past the bracket that closes the one at open (brackets of one kind). */
qsizetype closing(const QString &structure, qsizetype open, QChar openChar, QChar closeChar)
{
    int depth = 0;
    for (qsizetype i = open; i < structure.size(); ++i) {
        if (structure.at(i) == openChar)
            ++depth;
        else if (structure.at(i) == closeChar && --depth == 0)
            return i + 1;
    }
    return structure.size();
}

/** Top-level comma-separated arguments of the call whose '(' is at open. */
QStringList topLevelArguments(const QString &structure, const QString &code, qsizetype open)
{
    const qsizetype close = closing(structure, open, u'(', u')');
    QStringList arguments;
    int depth = 0;
    qsizetype start = open + 1;
    for (qsizetype i = open + 1; i < close - 1; ++i) {
        const QChar c = structure.at(i);
        if (c == u'(' || c == u'[' || c == u'{')
            ++depth;
        else if (c == u')' || c == u']' || c == u'}')
            --depth;
        else if (c == u',' && depth == 0) {
            arguments.append(code.mid(start, i - start).trimmed());
            start = i + 1;
        }
    }
    const QString last = code.mid(start, close - 1 - start).trimmed();
    if (!last.isEmpty())
        arguments.append(last);
    return arguments;
}

int lineOf(const QString &text, qsizetype offset)
{
    return 1 + static_cast<int>(QStringView(text).first(std::min(offset, text.size())).count(u'\n'));
}

/** Python function body (indented block after "def name(...):") with comments and docstrings removed. */
QString pythonBody(const QString &structure, qsizetype defOffset)
{
    const qsizetype lineEnd = structure.indexOf(u'\n', defOffset);
    if (lineEnd < 0)
        return {};
    const qsizetype defLineStart = structure.lastIndexOf(u'\n', defOffset) + 1;
    const qsizetype defIndent = defOffset - defLineStart;
    QString body;
    // The signature may span lines: start after the line holding the closing "):".
    qsizetype bodyStart = structure.indexOf(u':', closing(structure, structure.indexOf(u'(', defOffset), u'(', u')'));
    if (bodyStart < 0)
        return {};
    const QString sameLine = structure.mid(bodyStart + 1, structure.indexOf(u'\n', bodyStart) - bodyStart - 1).trimmed();
    body += sameLine; // def downgrade(): pass
    qsizetype pos = structure.indexOf(u'\n', bodyStart);
    while (pos >= 0 && pos + 1 < structure.size()) {
        const qsizetype start = pos + 1;
        qsizetype end = structure.indexOf(u'\n', start);
        if (end < 0)
            end = structure.size();
        const QString line = structure.mid(start, end - start);
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty()) {
            const qsizetype indent = line.size() - QString(line).remove(QRegularExpression(u"^\\s+"_s)).size();
            if (indent <= defIndent)
                break;
            body += u'\n' + trimmed;
        }
        pos = end < structure.size() ? end : -1;
    }
    QStringList meaningful;
    for (const QString &line : body.split(u'\n')) {
        const QString t = line.trimmed();
        static const QRegularExpression onlyQuotes(u"^[\"'\\s]*$"_s);
        if (t.isEmpty() || t == u"pass"_s || t == u"..."_s || onlyQuotes.match(t).hasMatch())
            continue;
        meaningful.append(t);
    }
    return meaningful.join(u'\n');
}

MigrationFinding checkAlembic(const QString &file, const QByteArray &content)
{
    const SourceMasker::Masked masked = SourceMasker::mask(content, SourceLanguage::Python);
    const QString structure = QString::fromUtf8(masked.withoutCommentsAndStrings);
    const auto def = firstMatch(u"^\\s*def\\s+downgrade\\s*\\("_s, structure);
    if (!def.hasMatch())
        return verdict(file, MigrationFramework::Alembic, Reversibility::Irreversible, u"no downgrade() function"_s);
    const qsizetype defOffset = structure.indexOf(u"def"_s, def.capturedStart());
    const QString body = pythonBody(structure, defOffset);
    const int line = lineOf(structure, defOffset);
    if (body.isEmpty())
        return verdict(file, MigrationFramework::Alembic, Reversibility::Irreversible,
                       u"downgrade() is empty (only pass or a docstring)"_s, line);
    if (body.contains(u"NotImplementedError"_s))
        return verdict(file, MigrationFramework::Alembic, Reversibility::Irreversible,
                       u"downgrade() raises NotImplementedError"_s, line);
    return verdict(file, MigrationFramework::Alembic, Reversibility::Reversible, u"downgrade() undoes it"_s, line);
}

MigrationFinding checkDjango(const QString &file, const QByteArray &content)
{
    const SourceMasker::Masked masked = SourceMasker::mask(content, SourceLanguage::Python);
    const QString structure = QString::fromUtf8(masked.withoutCommentsAndStrings);
    const QString code = QString::fromUtf8(masked.withoutComments);
    static const QRegularExpression operation(u"\\b(RunPython|RunSQL)\\s*\\("_s);
    for (auto it = operation.globalMatch(structure); it.hasNext();) {
        const auto m = it.next();
        const QString kind = m.captured(1);
        const QStringList args = topLevelArguments(structure, code, m.capturedEnd() - 1);
        const QString keyword = kind == u"RunPython"_s ? u"reverse_code"_s : u"reverse_sql"_s;
        int positional = 0;
        bool reverse = false;
        static const QRegularExpression keywordArgument(u"^(\\w+)\\s*="_s);
        for (const QString &arg : args) {
            const auto k = keywordArgument.match(arg);
            if (!k.hasMatch())
                ++positional;
            else if (k.captured(1) == keyword && !arg.endsWith(u"None"_s))
                reverse = true;
        }
        if (!reverse && positional < 2)
            return verdict(file, MigrationFramework::Django, Reversibility::Irreversible,
                           u"%1 without %2"_s.arg(kind, keyword), lineOf(structure, m.capturedStart()));
    }
    return verdict(file, MigrationFramework::Django, Reversibility::Reversible,
                   u"Django reverses its schema operations; every RunPython/RunSQL has a reverse"_s);
}

MigrationFinding checkRails(const QString &file, const QByteArray &content)
{
    const SourceMasker::Masked masked = SourceMasker::mask(content, SourceLanguage::Ruby);
    const QString code = QString::fromUtf8(masked.withoutComments);
    if (const auto m = firstMatch(u"raise\\s+ActiveRecord::IrreversibleMigration"_s, code); m.hasMatch())
        return verdict(file, MigrationFramework::Rails, Reversibility::Irreversible,
                       u"raises ActiveRecord::IrreversibleMigration"_s, lineOf(code, m.capturedStart()));
    const bool hasDown = firstMatch(u"^\\s*def\\s+down\\b"_s, code).hasMatch();
    const bool hasUp = firstMatch(u"^\\s*def\\s+up\\b"_s, code).hasMatch();
    if (hasDown)
        return verdict(file, MigrationFramework::Rails, Reversibility::Reversible, u"has a down method"_s);
    if (hasUp)
        return verdict(file, MigrationFramework::Rails, Reversibility::Irreversible, u"up without down"_s);
    if (!firstMatch(u"^\\s*def\\s+change\\b"_s, code).hasMatch())
        return verdict(file, MigrationFramework::Rails, Reversibility::Unknown, u"no change, up or down method"_s);
    const bool usesReversibleBlocks = code.contains(u"reversible do"_s) || code.contains(u"up_only"_s);
    struct Rule { QString pattern; QString reason; bool excusedByReversibleBlock; };
    const Rule rules[] = {
        {u"^\\s*remove_column\\s*\\(?\\s*:?[\\w\"']+\\s*,\\s*:?[\\w\"']+\\s*\\)?\\s*$"_s,
         u"remove_column without a column type cannot be reversed"_s, false},
        {u"^\\s*remove_columns\\b(?!.*\\btype:)"_s, u"remove_columns without type: cannot be reversed"_s, false},
        {u"^\\s*change_column\\b(?!_)"_s, u"change_column cannot be reversed in change"_s, false},
        {u"^\\s*change_column_default\\b(?!.*\\bfrom:)"_s, u"change_column_default without from:/to:"_s, false},
        {u"^\\s*drop_table\\b(?!.*\\bdo\\b)(?!.*\\{)"_s, u"drop_table without a block cannot be reversed"_s, false},
        {u"^\\s*execute\\b"_s, u"execute in change cannot be reversed (use reversible or up/down)"_s, true},
    };
    for (const Rule &rule : rules) {
        if (rule.excusedByReversibleBlock && usesReversibleBlocks)
            continue;
        if (const auto m = firstMatch(rule.pattern, code); m.hasMatch())
            return verdict(file, MigrationFramework::Rails, Reversibility::Irreversible, rule.reason,
                           lineOf(code, m.capturedStart()));
    }
    return verdict(file, MigrationFramework::Rails, Reversibility::Reversible,
                   u"change uses only operations Rails can reverse"_s);
}

/** Checks a JS/TS down step: missing, empty, or present. */
MigrationFinding checkJsDown(const QString &file, const QByteArray &content, MigrationFramework framework)
{
    const SourceMasker::Masked masked = SourceMasker::mask(content, SourceLanguage::JavaScript);
    const QString structure = QString::fromUtf8(masked.withoutCommentsAndStrings);
    const QString code = QString::fromUtf8(masked.withoutComments);
    static const QRegularExpression downDefinition(
        u"(exports\\.down\\s*=|export\\s+(?:async\\s+)?function\\s+down\\b|export\\s+const\\s+down\\s*=|"
        u"(?:public\\s+|private\\s+)?async\\s+down\\s*\\(|\\bdown\\s*:\\s*(?:async\\s*)?(?:function\\b)?|"
        u"^\\s*down\\s*\\()"_s,
        QRegularExpression::MultilineOption);
    const auto m = downDefinition.match(structure);
    if (!m.hasMatch())
        return verdict(file, framework, Reversibility::Irreversible, u"no down step"_s);
    const int line = lineOf(structure, m.capturedStart());
    // Skip the parameter list, then either a block or an expression body.
    qsizetype pos = m.capturedEnd();
    const qsizetype paren = structure.indexOf(u'(', m.capturedEnd() - 1);
    if (paren >= 0 && paren - pos < 40)
        pos = closing(structure, paren, u'(', u')');
    while (pos < structure.size() && (structure.at(pos).isSpace() || structure.at(pos) == u':'))
        ++pos;
    // TypeScript return type annotation: ": Promise<void>"
    static const QRegularExpression returnType(u"^\\s*:?\\s*Promise\\s*<[^>]*>\\s*"_s);
    if (const auto r = returnType.match(structure.mid(pos, 60)); r.hasMatch())
        pos += r.capturedLength();
    if (structure.mid(pos, 2) == u"=>"_s) {
        pos += 2;
        while (pos < structure.size() && structure.at(pos).isSpace())
            ++pos;
    }
    if (pos >= structure.size() || structure.at(pos) != u'{')
        return verdict(file, framework, Reversibility::Reversible, u"down returns an expression"_s, line);
    const qsizetype end = closing(structure, pos, u'{', u'}');
    QString body = code.mid(pos + 1, end - pos - 2).simplified();
    static const QRegularExpression trivial(u"^(return\\s*(Promise\\.resolve\\(\\s*\\))?\\s*;?\\s*)?$"_s);
    if (trivial.match(body).hasMatch())
        return verdict(file, framework, Reversibility::Irreversible, u"down is empty"_s, line);
    return verdict(file, framework, Reversibility::Reversible, u"down undoes it"_s, line);
}

bool sqlIsEmpty(const QByteArray &sql)
{
    QString text = QString::fromUtf8(sql);
    static const QRegularExpression lineComment(u"--[^\\n]*"_s);
    static const QRegularExpression blockComment(u"/\\*.*?\\*/"_s, QRegularExpression::DotMatchesEverythingOption);
    text.remove(blockComment);
    text.remove(lineComment);
    return text.trimmed().isEmpty() || text.trimmed() == u";"_s;
}

bool insideMigrationFolder(const QString &path)
{
    static const QRegularExpression folder(u"(^|/)(migrations?|migrate|db/migrate|alembic|flyway|liquibase|sql)/"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    return folder.match(path).hasMatch() || path.section(u'/', -1).contains(u"migration"_s, Qt::CaseInsensitive);
}

bool isMigrationNoise(const QString &path)
{
    const QString name = path.section(u'/', -1);
    static const QSet<QString> names {u"__init__.py"_s, u"env.py"_s, u"script.py.mako"_s, u"alembic.ini"_s,
                                      u"migration_lock.toml"_s, u".gitkeep"_s, u"schema.rb"_s, u"structure.sql"_s,
                                      u"README"_s, u"README.md"_s, u"README.rst"_s};
    return names.contains(name) || name.endsWith(u".down.sql"_s) || name.endsWith(u".pyc"_s)
        || name.endsWith(u".md"_s);
}

} // namespace

QString MigrationFinding::frameworkName(MigrationFramework framework)
{
    switch (framework) {
    case MigrationFramework::Alembic: return u"Alembic"_s;
    case MigrationFramework::Django: return u"Django"_s;
    case MigrationFramework::Rails: return u"Rails"_s;
    case MigrationFramework::Knex: return u"Knex"_s;
    case MigrationFramework::TypeOrm: return u"TypeORM"_s;
    case MigrationFramework::SqlPair: return u"SQL up/down"_s;
    case MigrationFramework::Prisma: return u"Prisma"_s;
    case MigrationFramework::Unknown: return u"unknown"_s;
    }
    return u"unknown"_s;
}

QString MigrationReport::summary() const
{
    auto count = [&](Reversibility r) {
        return std::count_if(migrations.cbegin(), migrations.cend(),
                             [r](const MigrationFinding &m) { return m.reversibility == r; });
    };
    switch (outcome) {
    case Outcome::Error: return error;
    case Outcome::NoMigrations: return u"no migrations added since %1"_s.arg(baseCommit.left(12));
    case Outcome::AllReversible:
        return u"%1 migration(s) added since %2, all reversible"_s.arg(migrations.size()).arg(baseCommit.left(12));
    case Outcome::Irreversible:
        return u"%1 of %2 migration(s) added since %3 cannot be reversed"_s.arg(count(Reversibility::Irreversible))
            .arg(migrations.size())
            .arg(baseCommit.left(12));
    case Outcome::NotReported:
        return u"not reported: %1 migration file(s) of a layout Liftoff does not know; check them by hand"_s.arg(
            count(Reversibility::Unknown));
    }
    return {};
}

std::optional<MigrationFinding> MigrationChecker::checkFile(const QString &path, const QByteArray &content,
                                                            const SiblingReader &readSibling,
                                                            const MigrationOptions &options)
{
    if (isMigrationNoise(path))
        return std::nullopt;
    const QString name = path.section(u'/', -1);
    static const QRegularExpression prisma(u"(^|/)migrations/[^/]+/migration\\.sql$"_s);
    static const QRegularExpression rails(u"(^|/)db/migrate/\\d+_\\w+\\.rb$"_s);
    static const QRegularExpression alembic(u"(^|/)versions/[^/]+\\.py$"_s);
    static const QRegularExpression django(u"(^|/)migrations/[^/]+\\.py$"_s);
    static const QRegularExpression jsMigration(u"(^|/)migrations?/[^/]+\\.(js|ts|mjs|cjs)$"_s);
    const QString text = QString::fromUtf8(content);

    if (name.endsWith(u".up.sql"_s)) {
        const QString downPath = path.chopped(7) + u".down.sql"_s;
        const std::optional<QByteArray> down = readSibling ? readSibling(downPath) : std::nullopt;
        if (!down)
            return verdict(path, MigrationFramework::SqlPair, Reversibility::Irreversible,
                           u"no %1"_s.arg(downPath.section(u'/', -1)));
        if (sqlIsEmpty(*down))
            return verdict(path, MigrationFramework::SqlPair, Reversibility::Irreversible,
                           u"%1 is empty"_s.arg(downPath.section(u'/', -1)));
        return verdict(path, MigrationFramework::SqlPair, Reversibility::Reversible,
                       u"%1 undoes it"_s.arg(downPath.section(u'/', -1)));
    }
    if (prisma.match(path).hasMatch()) {
        if (!options.prismaDownCommand.isEmpty())
            return verdict(path, MigrationFramework::Prisma, Reversibility::Reversible,
                           u"Prisma has no down step; reverted by the configured command"_s);
        if (options.prismaDownWaived)
            return verdict(path, MigrationFramework::Prisma, Reversibility::Reversible,
                           u"Prisma has no down step; forward-only migrations waived"_s);
        return verdict(path, MigrationFramework::Prisma, Reversibility::Irreversible,
                       u"Prisma migrations have no down step: configure a down command or waive"_s);
    }
    if (rails.match(path).hasMatch())
        return checkRails(path, content);
    if (alembic.match(path).hasMatch() && text.contains(u"def upgrade"_s))
        return checkAlembic(path, content);
    if (django.match(path).hasMatch() && text.contains(u"class Migration"_s))
        return checkDjango(path, content);
    if (jsMigration.match(path).hasMatch()) {
        if (text.contains(u"MigrationInterface"_s) || text.contains(u"QueryRunner"_s))
            return checkJsDown(path, content, MigrationFramework::TypeOrm);
        static const QRegularExpression knexUp(
            u"exports\\.up\\s*=|export\\s+(async\\s+)?function\\s+up\\b|export\\s+const\\s+up\\s*=|\\bup\\s*:"_s);
        if (knexUp.match(text).hasMatch())
            return checkJsDown(path, content, MigrationFramework::Knex);
    }
    if (insideMigrationFolder(path))
        return verdict(path, MigrationFramework::Unknown, Reversibility::Unknown,
                       u"migration layout not recognised (Alembic, Django, Rails, Knex, TypeORM, *.up.sql/*.down.sql, "
                       u"Prisma are)"_s);
    return std::nullopt;
}

MigrationReport MigrationChecker::check(const QString &repositoryPath, const QString &baseRevision,
                                        const MigrationOptions &options)
{
    MigrationReport report;
    GitSupport::Repository repo;
    if (!repo.open(repositoryPath)) {
        report.error = u"%1 is not a git repository: %2"_s.arg(repositoryPath, GitSupport::lastError());
        return report;
    }
    const QByteArray baseSpec = (baseRevision + u"^{commit}"_s).toUtf8();
    git_object *base = nullptr;
    if (git_revparse_single(&base, repo.get(), baseSpec.constData()) != 0) {
        report.error = u"base revision %1 not found in %2: %3"_s.arg(baseRevision, repositoryPath, GitSupport::lastError());
        return report;
    }
    report.baseCommit = GitSupport::toHex(git_object_id(base));
    git_object *head = nullptr;
    if (git_revparse_single(&head, repo.get(), "HEAD^{commit}") != 0) {
        git_object_free(base);
        report.error = u"%1 has no HEAD commit"_s.arg(repositoryPath);
        return report;
    }
    report.headCommit = GitSupport::toHex(git_object_id(head));

    QStringList added;
    QSet<QString> seen;
    auto add = [&](const char *path) {
        const QString p = QString::fromUtf8(path);
        if (!seen.contains(p)) {
            seen.insert(p);
            added.append(p);
        }
    };
    git_tree *baseTree = nullptr;
    git_tree *headTree = nullptr;
    git_commit_tree(&baseTree, reinterpret_cast<git_commit *>(base));
    git_commit_tree(&headTree, reinterpret_cast<git_commit *>(head));
    git_diff *diff = nullptr;
    git_diff_options diffOptions = GIT_DIFF_OPTIONS_INIT;
    if (git_diff_tree_to_tree(&diff, repo.get(), baseTree, headTree, &diffOptions) == 0) {
        git_diff_find_options findOptions = GIT_DIFF_FIND_OPTIONS_INIT;
        findOptions.flags = GIT_DIFF_FIND_RENAMES;
        git_diff_find_similar(diff, &findOptions);
        const size_t n = git_diff_num_deltas(diff);
        for (size_t i = 0; i < n; ++i) {
            const git_diff_delta *delta = git_diff_get_delta(diff, i);
            if (delta->status == GIT_DELTA_ADDED || delta->status == GIT_DELTA_COPIED)
                add(delta->new_file.path);
        }
        git_diff_free(diff);
    }
    git_tree_free(baseTree);
    git_tree_free(headTree);
    git_object_free(base);
    git_object_free(head);

    git_status_options statusOptions = GIT_STATUS_OPTIONS_INIT;
    statusOptions.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    statusOptions.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
    git_status_list *status = nullptr;
    if (git_status_list_new(&status, repo.get(), &statusOptions) == 0) {
        const size_t n = git_status_list_entrycount(status);
        for (size_t i = 0; i < n; ++i) {
            const git_status_entry *entry = git_status_byindex(status, i);
            if ((entry->status & GIT_STATUS_INDEX_NEW) && entry->head_to_index)
                add(entry->head_to_index->new_file.path);
            else if ((entry->status & GIT_STATUS_WT_NEW) && entry->index_to_workdir)
                add(entry->index_to_workdir->new_file.path);
        }
        git_status_list_free(status);
    }
    added.sort();

    const QString root = QFileInfo(repositoryPath).absoluteFilePath();
    auto readFile = [&](const QString &relative) -> std::optional<QByteArray> {
        QFile file(root + u'/' + relative);
        if (!file.open(QIODevice::ReadOnly) || file.size() > TextScan::DEFAULT_MAX_FILE_BYTES)
            return std::nullopt;
        return file.readAll();
    };
    for (const QString &path : added) {
        const std::optional<QByteArray> content = readFile(path);
        if (!content)
            continue; // removed again in the working tree
        if (const auto finding = checkFile(path, *content, readFile, options))
            report.migrations.append(*finding);
    }

    auto any = [&](Reversibility r) {
        return std::any_of(report.migrations.cbegin(), report.migrations.cend(),
                           [r](const MigrationFinding &m) { return m.reversibility == r; });
    };
    if (report.migrations.isEmpty())
        report.outcome = MigrationReport::Outcome::NoMigrations;
    else if (any(Reversibility::Irreversible))
        report.outcome = MigrationReport::Outcome::Irreversible;
    else if (any(Reversibility::Unknown))
        report.outcome = MigrationReport::Outcome::NotReported;
    else
        report.outcome = MigrationReport::Outcome::AllReversible;
    return report;
}
