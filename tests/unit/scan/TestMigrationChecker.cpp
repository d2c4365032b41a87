// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/MigrationChecker.h"

#include "GitTestRepo.h"

#include <QHash>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Reversibility)
Q_DECLARE_METATYPE(MigrationFramework)

/** Each framework with reversible and irreversible migrations, then a real repository since a base commit. */
class TestMigrationChecker : public QObject
{
    Q_OBJECT

private slots:
    void checksFiles_data();
    void checksFiles();
    void ignoresNonMigrations();
    void prismaNeedsWaiverOrCommand();
    void findsMigrationsSinceBase();
    void unknownLayoutIsNotReported();
    void reportsBadBaseRevision();
};

void TestMigrationChecker::checksFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<MigrationFramework>("framework");
    QTest::addColumn<Reversibility>("expected");
    using F = MigrationFramework;
    using R = Reversibility;
    const QByteArray alembicHead = "\"\"\"add users\"\"\"\nfrom alembic import op\nrevision = 'a1'\n\n"
                                   "def upgrade():\n    op.create_table('users')\n\n";
    QTest::newRow("alembic reversible") << u"alembic/versions/a1_users.py"_s
        << alembicHead + "def downgrade():\n    \"\"\"Drop it.\"\"\"\n    op.drop_table('users')\n" << F::Alembic << R::Reversible;
    QTest::newRow("alembic pass") << u"alembic/versions/a1_users.py"_s
        << alembicHead + "def downgrade():\n    pass\n" << F::Alembic << R::Irreversible;
    QTest::newRow("alembic docstring only") << u"migrations/versions/a1.py"_s
        << alembicHead + "def downgrade() -> None:\n    \"\"\"Nothing to undo.\n    really\"\"\"\n    # op.drop_table('users')\n    pass\n\n\ndef helper():\n    return 1\n"
        << F::Alembic << R::Irreversible;
    QTest::newRow("alembic missing") << u"alembic/versions/a1.py"_s << alembicHead << F::Alembic << R::Irreversible;
    QTest::newRow("alembic not implemented") << u"alembic/versions/a1.py"_s
        << alembicHead + "def downgrade():\n    raise NotImplementedError()\n" << F::Alembic << R::Irreversible;

    const QByteArray djangoHead = "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n"
                                  "    dependencies = []\n    operations = [\n";
    QTest::newRow("django schema only") << u"shop/migrations/0002_price.py"_s
        << djangoHead + "        migrations.AddField('item', 'price', models.IntegerField(default=0)),\n    ]\n"
        << F::Django << R::Reversible;
    QTest::newRow("django runpython without reverse") << u"shop/migrations/0003_fill.py"_s
        << djangoHead + "        migrations.RunPython(fill_prices),\n    ]\n" << F::Django << R::Irreversible;
    QTest::newRow("django runpython positional reverse") << u"shop/migrations/0003_fill.py"_s
        << djangoHead + "        migrations.RunPython(fill_prices, migrations.RunPython.noop),\n    ]\n"
        << F::Django << R::Reversible;
    QTest::newRow("django runpython keyword reverse") << u"shop/migrations/0003_fill.py"_s
        << djangoHead + "        migrations.RunPython(\n            code=fill,\n            reverse_code=unfill,\n        ),\n    ]\n"
        << F::Django << R::Reversible;
    QTest::newRow("django runsql without reverse") << u"shop/migrations/0004_sql.py"_s
        << djangoHead + "        migrations.RunSQL(\"UPDATE item SET price = f(1, 2)\"),\n    ]\n"
        << F::Django << R::Irreversible;
    QTest::newRow("django runsql with reverse") << u"shop/migrations/0004_sql.py"_s
        << djangoHead + "        migrations.RunSQL(\"CREATE INDEX i ON t(a, b)\", reverse_sql=\"DROP INDEX i\"),\n    ]\n"
        << F::Django << R::Reversible;

    QTest::newRow("rails reversible change") << u"db/migrate/20250101000000_add_price.rb"_s
        << QByteArray("class AddPrice < ActiveRecord::Migration[7.1]\n  def change\n    add_column :items, :price, :integer\n"
                      "    remove_column :items, :old, :string\n  end\nend\n")
        << F::Rails << R::Reversible;
    QTest::newRow("rails remove_column without type") << u"db/migrate/20250101000001_drop_old.rb"_s
        << QByteArray("class DropOld < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :items, :old\n  end\nend\n")
        << F::Rails << R::Irreversible;
    QTest::newRow("rails execute in change") << u"db/migrate/20250101000002_sql.rb"_s
        << QByteArray("class Sql < ActiveRecord::Migration[7.1]\n  def change\n    execute \"UPDATE items SET a = 1\"\n  end\nend\n")
        << F::Rails << R::Irreversible;
    QTest::newRow("rails execute inside reversible") << u"db/migrate/20250101000003_sql.rb"_s
        << QByteArray("class Sql < ActiveRecord::Migration[7.1]\n  def change\n    reversible do |dir|\n"
                      "      dir.up { execute \"A\" }\n      dir.down { execute \"B\" }\n    end\n  end\nend\n")
        << F::Rails << R::Reversible;
    QTest::newRow("rails irreversible raise") << u"db/migrate/20250101000004_x.rb"_s
        << QByteArray("class X < ActiveRecord::Migration[7.1]\n  def up\n    drop_table :a\n  end\n\n  def down\n"
                      "    raise ActiveRecord::IrreversibleMigration\n  end\nend\n")
        << F::Rails << R::Irreversible;
    QTest::newRow("rails up and down") << u"db/migrate/20250101000005_x.rb"_s
        << QByteArray("class X < ActiveRecord::Migration[7.1]\n  def up\n    execute 'A'\n  end\n  def down\n    execute 'B'\n  end\nend\n")
        << F::Rails << R::Reversible;
    QTest::newRow("rails comment does not count") << u"db/migrate/20250101000006_x.rb"_s
        << QByteArray("class X < ActiveRecord::Migration[7.1]\n  def change\n    # execute 'A'\n    add_index :a, :b\n  end\nend\n")
        << F::Rails << R::Reversible;

    QTest::newRow("knex reversible") << u"migrations/20250101_users.js"_s
        << QByteArray("exports.up = function (knex) {\n  return knex.schema.createTable('users', t => t.increments());\n};\n"
                      "exports.down = function (knex) {\n  return knex.schema.dropTable('users');\n};\n")
        << F::Knex << R::Reversible;
    QTest::newRow("knex empty down") << u"migrations/20250101_users.js"_s
        << QByteArray("exports.up = async (knex) => { await knex.raw('x'); };\nexports.down = async (knex) => {\n  // nothing\n};\n")
        << F::Knex << R::Irreversible;
    QTest::newRow("knex missing down") << u"db/migrations/20250101_users.ts"_s
        << QByteArray("export async function up(knex: Knex): Promise<void> {\n  await knex.schema.createTable('u', () => {});\n}\n")
        << F::Knex << R::Irreversible;
    QTest::newRow("knex expression down") << u"migrations/20250101_users.mjs"_s
        << QByteArray("export const up = (knex) => knex.schema.createTable('u', () => {});\n"
                      "export const down = (knex) => knex.schema.dropTable('u');\n")
        << F::Knex << R::Reversible;
    QTest::newRow("typeorm reversible") << u"src/migrations/1700000000000-Users.ts"_s
        << QByteArray("import { MigrationInterface, QueryRunner } from 'typeorm';\n"
                      "export class Users1700000000000 implements MigrationInterface {\n"
                      "  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`CREATE TABLE u (id int)`);\n  }\n"
                      "  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`DROP TABLE u`);\n  }\n}\n")
        << F::TypeOrm << R::Reversible;
    QTest::newRow("typeorm empty down") << u"src/migrations/1700000000000-Users.ts"_s
        << QByteArray("import { MigrationInterface, QueryRunner } from 'typeorm';\n"
                      "export class Users1700000000000 implements MigrationInterface {\n"
                      "  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`CREATE TABLE u (id int)`);\n  }\n"
                      "  public async down(queryRunner: QueryRunner): Promise<void> {}\n}\n")
        << F::TypeOrm << R::Irreversible;
}

void TestMigrationChecker::checksFiles()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, content);
    QFETCH(MigrationFramework, framework);
    QFETCH(Reversibility, expected);
    const auto finding = MigrationChecker::checkFile(path, content, {});
    QVERIFY(finding.has_value());
    QCOMPARE(finding->framework, framework);
    QVERIFY2(finding->reversibility == expected, qPrintable(finding->reason));
    QVERIFY(!finding->reason.isEmpty());
}

void TestMigrationChecker::ignoresNonMigrations()
{
    QVERIFY(!MigrationChecker::checkFile(u"shop/migrations/__init__.py"_s, "", {}).has_value());
    QVERIFY(!MigrationChecker::checkFile(u"db/001_users.down.sql"_s, "DROP TABLE u;", {}).has_value());
    QVERIFY(!MigrationChecker::checkFile(u"src/app.py"_s, "print(1)", {}).has_value());
    QVERIFY(!MigrationChecker::checkFile(u"prisma/migrations/migration_lock.toml"_s, "provider = \"pg\"", {}).has_value());
}

void TestMigrationChecker::prismaNeedsWaiverOrCommand()
{
    const QString path = u"prisma/migrations/20250101000000_init/migration.sql"_s;
    QCOMPARE(MigrationChecker::checkFile(path, "CREATE TABLE u();", {})->reversibility, Reversibility::Irreversible);
    MigrationOptions waived;
    waived.prismaDownWaived = true;
    QCOMPARE(MigrationChecker::checkFile(path, "", {}, waived)->reversibility, Reversibility::Reversible);
    MigrationOptions command;
    command.prismaDownCommand = u"scripts/prisma-down.sh"_s;
    QCOMPARE(MigrationChecker::checkFile(path, "", {}, command)->reversibility, Reversibility::Reversible);
}

void TestMigrationChecker::findsMigrationsSinceBase()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    repo.writeFile(u"db/000_init.up.sql"_s, "CREATE TABLE a (id int);\n");
    repo.writeFile(u"db/000_init.down.sql"_s, "DROP TABLE a;\n");
    repo.writeFile(u"db/001_old.up.sql"_s, "CREATE TABLE old (id int);\n"); // irreversible, but before the base
    const QString base = repo.commitAll(u"deployed"_s);
    QVERIFY(repo.tag(u"deploy-1"_s));
    repo.writeFile(u"db/002_users.up.sql"_s, "CREATE TABLE users (id int);\n");
    repo.writeFile(u"db/002_users.down.sql"_s, "-- undo\nDROP TABLE users;\n");
    repo.writeFile(u"db/003_orders.up.sql"_s, "CREATE TABLE orders (id int);\n");
    repo.writeFile(u"db/003_orders.down.sql"_s, "-- nothing to do\n\n");
    repo.commitAll(u"two migrations"_s);
    repo.writeFile(u"db/004_untracked.up.sql"_s, "ALTER TABLE users ADD x int;\n"); // not committed yet

    const MigrationReport report = MigrationChecker::check(dir.path(), u"deploy-1"_s);
    QCOMPARE(report.baseCommit, base);
    QCOMPARE(report.migrations.size(), 3);
    QCOMPARE(report.migrations.at(0).file, u"db/002_users.up.sql"_s);
    QCOMPARE(report.migrations.at(0).reversibility, Reversibility::Reversible);
    QCOMPARE(report.migrations.at(1).file, u"db/003_orders.up.sql"_s);
    QCOMPARE(report.migrations.at(1).reversibility, Reversibility::Irreversible);
    QVERIFY(report.migrations.at(1).reason.contains(u"empty"_s));
    QCOMPARE(report.migrations.at(2).file, u"db/004_untracked.up.sql"_s);
    QCOMPARE(report.migrations.at(2).reversibility, Reversibility::Irreversible);
    QCOMPARE(report.outcome, MigrationReport::Outcome::Irreversible);
    QVERIFY(report.summary().contains(u"2 of 3"_s));

    const MigrationReport none = MigrationChecker::check(dir.path(), u"HEAD"_s);
    QCOMPARE(none.migrations.size(), 1); // only the untracked one
}

void TestMigrationChecker::unknownLayoutIsNotReported()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    repo.writeFile(u"README.md"_s, "x\n");
    repo.commitAll(u"init"_s);
    repo.writeFile(u"db/migrations/V2__add_users.sql"_s, "CREATE TABLE users (id int);\n");
    repo.writeFile(u"alembic/versions/b2_users.py"_s,
                   "def upgrade():\n    op.create_table('u')\n\ndef downgrade():\n    op.drop_table('u')\n");
    repo.commitAll(u"flyway and alembic"_s);
    const MigrationReport report = MigrationChecker::check(dir.path(), u"HEAD~1"_s);
    QCOMPARE(report.migrations.size(), 2);
    QCOMPARE(report.outcome, MigrationReport::Outcome::NotReported);
    QVERIFY(report.summary().startsWith(u"not reported"_s));

    const MigrationReport nothing = MigrationChecker::check(dir.path(), u"HEAD"_s);
    QCOMPARE(nothing.outcome, MigrationReport::Outcome::NoMigrations);
}

void TestMigrationChecker::reportsBadBaseRevision()
{
    QTemporaryDir dir;
    GitTestRepo repo(dir.path());
    repo.writeFile(u"a"_s, "a");
    repo.commitAll(u"init"_s);
    const MigrationReport report = MigrationChecker::check(dir.path(), u"v9.9.9"_s);
    QCOMPARE(report.outcome, MigrationReport::Outcome::Error);
    QVERIFY(report.error.contains(u"v9.9.9"_s));
    QCOMPARE(MigrationChecker::check(dir.path() + u"/nope"_s, u"HEAD"_s).outcome, MigrationReport::Outcome::Error);
}

QTEST_APPLESS_MAIN(TestMigrationChecker)
#include "TestMigrationChecker.moc"
