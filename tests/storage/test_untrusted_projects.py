"""Project files from elsewhere: crafted ones are refused before anything runs on their data, the file
stays byte-identical, and `gridsafe db repair` (after a backup) makes the repairable ones open with their
data intact. Each case is made here from a small honest project; nothing hostile is committed."""
from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from contextlib import closing

import pytest

from desktop import cli
from gis import repair, store, trust
from gis.errors import DamagedProject, ProjectError
from gis.model.geometry import register_sqlite_functions
from tests import smallworld

HAN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")   # Chinese characters and punctuation


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    path = tmp_path_factory.mktemp("honest") / "smallworld.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        smallworld.build(s)
    return path


def craft(honest, tmp_path, *statements, name="crafted.gridsafe"):
    path = tmp_path / name
    shutil.copy(honest, path)
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        register_sqlite_functions(con)
        for sql in statements:
            con.execute(sql)
    return path


def schema(path) -> dict:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return trust.signature(con)


def counts(path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree_%'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


MOVE_DEADLINES = ("CREATE TRIGGER keep_quiet AFTER INSERT ON site "
                  "BEGIN UPDATE hazard SET deadline = '2099-12-31' WHERE status != 'closed'; END")
CLOSE_HAZARDS = ("CREATE TRIGGER tidy AFTER UPDATE ON hazard WHEN NEW.status != 'closed' "
                 "BEGIN UPDATE hazard SET status = 'closed' WHERE id = NEW.id; END")
CHANGED_BODY = ("DROP TRIGGER hazard_event_no_update",
                "CREATE TRIGGER hazard_event_no_update BEFORE UPDATE ON hazard_event BEGIN SELECT 1; END")

# case → (statements, words the message must hold, repairable)
CASES = {
    "trigger moving deadlines": ((MOVE_DEADLINES,), ["触发器 keep_quiet", "site", "db repair"], True),
    "trigger closing hazards": ((CLOSE_HAZARDS,), ["触发器 tidy", "hazard", "db repair"], True),
    "changed trigger body": (CHANGED_BODY, ["被改动的", "触发器 hazard_event_no_update"], True),
    "foreign view": (("CREATE VIEW open_hazards AS SELECT * FROM hazard",), ["视图 open_hazards"], True),
    "foreign index on our table": (("CREATE UNIQUE INDEX only_one ON hazard (status)",), ["索引 only_one"], True),
    "view in place of a table": (
        ("DROP TABLE key_period",
         "CREATE VIEW key_period AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS id FROM n"),
        ["被替换", "视图 key_period", "备份", "导出"], False),
    "missing table": (("DROP TABLE guardian_record",), ["缺少", "表 guardian_record", "备份", "导出"], False),
    "non-JSON setting": (("UPDATE project_setting SET value = '{broken' WHERE key = 'name'",),
                         ["设置已损坏", "name", "JSON", "db repair"], True),
    "setting of the wrong type": (("INSERT OR REPLACE INTO project_setting VALUES ('is_demo', '\"yes\"')",),
                                  ["设置已损坏", "is_demo", "类型"], True),
}


@pytest.mark.parametrize("case", CASES)
def test_a_crafted_project_is_refused_with_its_objects_named_and_left_unchanged(honest, tmp_path, case):
    statements, words, repairable = CASES[case]
    path = craft(honest, tmp_path, *statements)
    before = digest(path)
    with pytest.raises(DamagedProject) as refused:
        store.open_project(path)
    for word in words:
        assert word in refused.value.message
    assert "发生意外问题" not in refused.value.message
    assert refused.value.repairable is repairable
    english = refused.value.text("en")                     # the English window's refusal: whole, naming the same
    assert not HAN.search(english), english
    assert set(re.findall(r"\b(?:keep_quiet|tidy|open_hazards|only_one|key_period|guardian_record|is_demo)\b",
                          refused.value.message)) <= set(re.findall(r"\w+", english))
    with pytest.raises(DamagedProject):
        store.upgrade_project(path)
    assert digest(path) == before


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][2]])
def test_repair_backs_up_removes_the_foreign_objects_and_keeps_the_data(honest, tmp_path, case, capsys):
    path = craft(honest, tmp_path, *CASES[case][0])
    crafted, rows = schema(path), counts(path)
    assert cli.main(["db", "repair", str(path)]) == 0
    out = capsys.readouterr().out
    backups = list(tmp_path.glob("crafted.gridsafe.bak-repair-*"))
    assert len(backups) == 1 and str(backups[0]) in out
    assert schema(backups[0]) == crafted and counts(backups[0]) == rows
    after = counts(path)
    if "setting" in case:
        assert after == {**rows, "project_setting": rows["project_setting"] - 1,   # the deletion is audited
                         "audit_log": rows["audit_log"] + 1}
    else:
        assert after == rows
    with closing(sqlite3.connect(path)) as con:
        assert trust.compare(con, store.head_revision()).lines() == []
    done = store.repair_project(craft(honest, tmp_path, *CASES[case][0], name="again.gridsafe"))
    assert len(done.lines("en")) == len(done.lines()) >= 2 and not HAN.search("\n".join(done.lines("en")))
    with store.open_project(path) as p, p.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM hazard").scalar() == rows["hazard"]


def test_repaired_own_trigger_works_again(honest, tmp_path):
    path = craft(honest, tmp_path, *CHANGED_BODY)
    with closing(sqlite3.connect(path)) as con:
        con.execute("UPDATE hazard_event SET note = 'rewritten'")   # the crafted body lets history change
        con.rollback()
    store.repair_project(path)
    with closing(sqlite3.connect(path)) as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE hazard_event SET note = 'rewritten'")


@pytest.mark.parametrize("case", [c for c in CASES if not CASES[c][2]])
def test_repair_refuses_a_missing_or_replaced_table_and_changes_nothing(honest, tmp_path, case):
    path = craft(honest, tmp_path, *CASES[case][0])
    before = digest(path)
    with pytest.raises(ProjectError, match="无法自动修复") as refused:
        store.repair_project(path)
    assert "导出" in refused.value.message
    assert digest(path) == before
    assert not list(tmp_path.glob("*.bak-*"))


def stale_index(honest, tmp_path):
    """An index that no longer matches its table: made partial (WHERE 0) while a row changes, then restored."""
    path = craft(honest, tmp_path)
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_site_name'").fetchone()[0]
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'ix_site_name'", (sql + " WHERE 0",))
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        register_sqlite_functions(con)
        con.execute("UPDATE site SET name = name || '（改）' WHERE id = (SELECT min(id) FROM site)")
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'ix_site_name'", (sql,))
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    return path


def test_a_stale_index_is_found_on_open_and_rebuilt_by_repair(honest, tmp_path):
    path = stale_index(honest, tmp_path)
    before, rows = digest(path), counts(path)
    with pytest.raises(DamagedProject, match="ix_site_name") as refused:
        store.open_project(path)
    assert "db repair" in refused.value.message and refused.value.repairable
    assert digest(path) == before
    done = store.repair_project(path)
    assert done.reindexed == ["ix_site_name"]
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert counts(path) == rows
    store.open_project(path).close()


def test_a_large_file_gets_quick_check_on_open_but_integrity_check_before_upgrade(honest, tmp_path, monkeypatch):
    path = stale_index(honest, tmp_path)
    monkeypatch.setattr(trust, "INTEGRITY_LIMIT", 0)
    store.open_project(path, readonly=True).close()        # quick_check passes
    with pytest.raises(DamagedProject, match="ix_site_name"):
        store.upgrade_project(path)


def test_a_long_check_is_interrupted_with_a_message(honest, tmp_path):
    path = craft(honest, tmp_path)
    with pytest.raises(trust.Interrupted, match="已中止") as stopped:
        trust.check_file(path, full=True, budget_s=0)
    assert str(path) in stopped.value.message
    with closing(sqlite3.connect(":memory:")) as con, trust.guarded(con, 0.2), \
            pytest.raises(sqlite3.OperationalError, match="interrupt"):
        con.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n").fetchall()


def test_an_honest_project_opens_and_repair_has_nothing_to_do(honest, tmp_path):
    path = craft(honest, tmp_path)
    store.open_project(path).close()
    before = digest(path)
    done = store.repair_project(path)
    assert done.lines() == ["项目结构与 gridsafe 创建的一致，无需修复"]
    assert digest(path) == before and not list(tmp_path.glob("*.bak-*"))


def test_a_layer_another_tool_added_is_not_foreign(honest, tmp_path):
    """A GeoPackage layer of the user's own (a table registered in gpkg_contents, its R-tree and the
    standard triggers) is theirs to keep; a trigger on it that is not the standard one is still foreign."""
    from gis.model import gpkg

    layer = ["CREATE TABLE wells (id INTEGER PRIMARY KEY, name TEXT, geom POINT)"]
    path = craft(honest, tmp_path, *layer)
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        register_sqlite_functions(con)

        class Conn:   # gpkg's helpers take a SQLAlchemy-like connection
            def exec_driver_sql(self, sql, params=()):
                return con.execute(sql, params)
        gpkg.register_features(Conn(), "wells", "geom", "POINT")
        gpkg.create_rtree(Conn(), "wells", "geom")
    store.open_project(path).close()
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute("CREATE TRIGGER wells_spy AFTER INSERT ON wells BEGIN DELETE FROM hazard; END")
    with pytest.raises(DamagedProject, match="wells_spy"):
        store.open_project(path)


def test_an_older_project_with_a_foreign_trigger_is_not_upgraded(tmp_path):
    import lzma
    from pathlib import Path

    path = tmp_path / "v0006.gridsafe"
    path.write_bytes(lzma.decompress((Path(__file__).parent.parent / "data/projects/v0006-demo.gridsafe.xz").read_bytes()))
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute(MOVE_DEADLINES)
    before = digest(path)
    with pytest.raises(DamagedProject, match="keep_quiet"):
        store.upgrade_project(path)
    assert digest(path) == before and not list(tmp_path.glob("*.bak-*"))


def test_the_window_shows_the_refusal_and_repairs_on_request(honest, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop import main_window
    from tests.windows import private_settings

    private_settings(monkeypatch)
    path = craft(honest, tmp_path, "UPDATE project_setting SET value = '{broken' WHERE key = 'name'")
    before = digest(path)
    asked, told = [], []
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.show()
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    assert not w.open_project(str(path))
    assert "设置已损坏" in asked[0] and "name" in asked[0] and "备份" in asked[0]
    assert digest(path) == before and w.project is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert w.open_project(str(path))
    assert "修复前的备份" in told[0] and w.project is not None
    w.close_project()


# --- PostgreSQL: foreign triggers, views in place of tables, missing tables through pg_catalog ------------

PG_CASES = {
    "trigger closing hazards": (
        [("CREATE FUNCTION tidy() RETURNS trigger LANGUAGE plpgsql AS "
          "$$ BEGIN UPDATE hazard SET status = 'closed' WHERE id = NEW.id AND status <> 'closed'; RETURN NEW; END $$"),
         "CREATE TRIGGER tidy AFTER UPDATE ON hazard FOR EACH ROW EXECUTE FUNCTION tidy()"],
        ["触发器 tidy", "函数 tidy", "gridsafe db repair"]),
    "changed function of gridsafe's trigger": (
        [("CREATE OR REPLACE FUNCTION gridsafe_append_only() RETURNS trigger LANGUAGE plpgsql AS "
          "$$ BEGIN RETURN NEW; END $$")], ["被改动的", "函数 gridsafe_append_only"]),
    "view in place of a table": (
        ["DROP TABLE key_period", "CREATE VIEW key_period AS SELECT 1 AS id"], ["被替换", "视图 key_period"]),
    "missing table": (["DROP TABLE guardian_record"], ["缺少", "表 guardian_record"]),
    "column added to a table": (["ALTER TABLE hazard ADD COLUMN tidy_up boolean DEFAULT true"],
                                ["被改动的", "表 hazard"]),
    "default changed": (["ALTER TABLE site ALTER COLUMN status SET DEFAULT 'closed'"], ["被改动的", "表 site"]),
    "rule swallowing closures": (["CREATE RULE keep AS ON UPDATE TO hazard WHERE NEW.status = 'closed' DO INSTEAD NOTHING"],
                                 ["规则 keep（在表 hazard 上）", "gridsafe db repair"]),
    "row-level security off": (["ALTER TABLE hazard DISABLE ROW LEVEL SECURITY"], ["缺少的", "表 hazard 的行级安全"]),
    "policy widened": (["DROP POLICY hazard_update ON hazard",
                        "CREATE POLICY hazard_update ON hazard FOR UPDATE USING (true) WITH CHECK (true)"],
                       ["被改动的", "行级安全策略 hazard_update"]),
}


@pytest.mark.parametrize("case", PG_CASES)
def test_a_crafted_postgresql_project_is_refused(pg_server, case, tmp_path):
    from sqlalchemy import create_engine

    url = pg_server.new_database()
    with store.create_project(url) as p, p.transaction() as s:
        smallworld.build(s)
    store.open_project(url).close()                       # honest: opens
    engine = create_engine(url)
    with engine.begin() as c:
        for sql in PG_CASES[case][0]:
            c.exec_driver_sql(sql)
    engine.dispose()
    with pytest.raises(DamagedProject) as refused:
        store.open_project(url)
    for word in PG_CASES[case][1]:
        assert word in refused.value.message
    assert not HAN.search(refused.value.text("en")), refused.value.text("en")
    tables = case in ("view in place of a table", "missing table", "column added to a table", "default changed")
    # gridsafe's tables missing or altered: beyond repair
    assert refused.value.repairable is not tables
    if tables:
        with pytest.raises(DamagedProject, match="(?s)无法修复.*无法自动修复.*pg_dump") as not_repaired:   # the way out, nothing done
            repair.repair_project(url, backup=tmp_path / "b.gridsafe")
        assert "gridsafe db repair" not in not_repaired.value.message and not list(tmp_path.iterdir())
    else:
        assert f"gridsafe db repair {store.describe(url)}" in refused.value.message



PG_MOVE_DEADLINES = [
    ("CREATE FUNCTION keep_quiet() RETURNS trigger LANGUAGE plpgsql AS "
     "$$ BEGIN UPDATE hazard SET deadline = '2099-12-31' WHERE status <> 'closed'; RETURN NEW; END $$"),
    "CREATE TRIGGER keep_quiet AFTER INSERT OR UPDATE ON site FOR EACH ROW EXECUTE FUNCTION keep_quiet()",
    "CREATE INDEX only_status ON hazard (status)",
    ("CREATE OR REPLACE FUNCTION gridsafe_append_only() RETURNS trigger LANGUAGE plpgsql AS "
     "$$ BEGIN RETURN NEW; END $$"),
]


@pytest.fixture
def crafted_pg(pg_server):
    """A PostgreSQL project with a foreign trigger that would move every open hazard's deadline to 2099 on the
    next change to a site, a foreign index, and gridsafe's append-only function made to let history change."""
    from sqlalchemy import create_engine

    url = pg_server.new_database()
    with store.create_project(url) as p, p.transaction() as s:
        smallworld.build(s)
    engine = create_engine(url)
    with engine.begin() as c:
        for sql in PG_MOVE_DEADLINES:
            c.exec_driver_sql(sql)
    engine.dispose()
    return url


def pg_rows(url: str) -> dict:
    """Every gridsafe table's rows, as text, by table."""
    from sqlalchemy import create_engine

    from gis import dbcopy

    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return {t.name: c.exec_driver_sql(f'SELECT md5(string_agg(t::text, \'|\' ORDER BY t::text)) FROM "{t.name}" t')
                    .scalar() for t in dbcopy.tables()}
    finally:
        engine.dispose()


def test_repair_of_a_postgresql_project_backs_up_drops_the_foreign_trigger_and_keeps_the_data(crafted_pg, tmp_path,
                                                                                             capsys):
    from sqlalchemy import text

    with pytest.raises(DamagedProject) as refused:
        store.open_project(crafted_pg)
    assert refused.value.repairable and "触发器 keep_quiet" in refused.value.message
    before = pg_rows(crafted_pg)
    backup = tmp_path / "修复前.gridsafe"
    assert cli.main(["db", "repair", crafted_pg, "--backup", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"修复前的备份：{backup}" in out
    assert "触发器 keep_quiet" in out and "函数 keep_quiet()" in out and "索引 only_status" in out
    assert "已恢复：函数 gridsafe_append_only()" in out
    assert pg_rows(crafted_pg) == before                               # the data as it was
    with store.open_project(crafted_pg) as p:                          # opens; a change to a site moves nothing
        with p.transaction() as s:
            s.execute(text("UPDATE site SET address = address || '（核）'"))
        with p.session() as s:
            assert s.execute(text("SELECT count(*) FROM hazard WHERE deadline = '2099-12-31'")).scalar() == 0
        with pytest.raises(Exception, match="append-only"), p.transaction() as s:   # history is locked again
            s.execute(text("UPDATE hazard_event SET note = 'rewritten'"))
    with store.open_project(backup, readonly=True) as b, b.session() as s:   # the backup opens, with the data
        for table in ("hazard", "site", "hazard_event"):
            assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() > 0
    assert cli.main(["db", "repair", crafted_pg]) == 0 and "无需修复" in capsys.readouterr().out


def test_repair_restores_row_level_security_and_drops_a_rule(pg_server, tmp_path):
    from sqlalchemy import create_engine

    url = pg_server.new_database()
    with store.create_project(url) as p, p.transaction() as s:
        smallworld.build(s)
    engine = create_engine(url)
    with engine.begin() as c:
        for case in ("rule swallowing closures", "row-level security off", "policy widened"):
            for sql in PG_CASES[case][0]:
                c.exec_driver_sql(sql)
    before = pg_rows(url)
    done = repair.repair_project(url, backup=tmp_path / "b.gridsafe")
    out, english = "\n".join(done.lines()), "\n".join(done.lines("en"))
    assert "规则 keep" in out and "已恢复" in out and "表 hazard 的行级安全" in out and "行级安全策略 hazard_update" in out
    assert "rule keep" in english and "Restored: " in english and "row-level security of table hazard" in english
    assert "row-level security policy hazard_update" in english and not HAN.search(english)
    assert pg_rows(url) == before
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT relrowsecurity FROM pg_class WHERE relname = 'hazard'").scalar() is True
        assert c.exec_driver_sql("SELECT count(*) FROM pg_rules WHERE tablename = 'hazard'").scalar() == 0
        assert "true" not in c.exec_driver_sql(
            "SELECT coalesce(qual, '') FROM pg_policies WHERE policyname = 'hazard_update'").scalar()
    engine.dispose()
    store.open_project(url).close()


def test_only_an_administrator_may_repair_a_postgresql_project(crafted_pg, tmp_path, capsys):
    from sqlalchemy import create_engine

    from gis import accounts

    engine = create_engine(crafted_pg)
    with engine.begin() as c:
        accounts.add(c, "r9", "readonly", "pw")
    engine.dispose()
    before = pg_rows(crafted_pg)
    reader = crafted_pg.replace("gridsafe@", "r9:pw@", 1)
    assert cli.main(["db", "repair", reader, "--backup", str(tmp_path / "b.gridsafe")]) == 2
    err = capsys.readouterr().err
    assert "只有管理员可以修复" in err and "r9" in err and "未作任何修改" in err
    assert pg_rows(crafted_pg) == before and not list(tmp_path.iterdir())

GEOPACKAGE_14 = [   # GeoPackage 1.4's replacement of update1, as GDAL writes it (quoted names)
    'DROP TRIGGER rtree_site_geom_update1',
    ('CREATE TRIGGER "rtree_site_geom_update6" AFTER UPDATE OF "geom" ON "site" WHEN OLD."id" = NEW."id" AND '
    '(NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")) AND (OLD."geom" NOTNULL AND NOT ST_IsEmpty(OLD."geom")) '
    'BEGIN UPDATE "rtree_site_geom" SET minx = ST_MinX(NEW."geom"), maxx = ST_MaxX(NEW."geom"), '
    'miny = ST_MinY(NEW."geom"), maxy = ST_MaxY(NEW."geom") WHERE id = NEW."id"; END'),
    ('CREATE TRIGGER "rtree_site_geom_update7" AFTER UPDATE OF "geom" ON "site" WHEN OLD."id" = NEW."id" AND '
    '(NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")) AND (OLD."geom" ISNULL OR ST_IsEmpty(OLD."geom")) '
    'BEGIN INSERT INTO "rtree_site_geom" VALUES (NEW."id", ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), '
    'ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END'),
]


def test_r_tree_triggers_rewritten_by_another_tool_are_geopackage_s_own(honest, tmp_path):
    store.open_project(craft(honest, tmp_path, *GEOPACKAGE_14), readonly=True).close()
    disguised = craft(honest, tmp_path, "DROP TRIGGER rtree_site_geom_delete",
                      "CREATE TRIGGER rtree_site_geom_delete AFTER DELETE ON site "
                      "BEGIN DELETE FROM rtree_site_geom WHERE id = OLD.id; DELETE FROM hazard; END", name="d.gridsafe")
    with pytest.raises(DamagedProject, match="被改动的 gridsafe 对象：触发器 rtree_site_geom_delete"):
        store.open_project(disguised)


def test_the_window_repairs_a_postgresql_project_after_a_backup_where_the_user_chooses(crafted_pg, tmp_path, qtbot,
                                                                                       monkeypatch):
    import os

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from desktop import main_window
    from tests.windows import private_settings

    private_settings(monkeypatch)
    before = pg_rows(crafted_pg)
    backup = tmp_path / "备份" / "修复前"
    backup.parent.mkdir()
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, default, _f: offered.append(default) or (str(backup), ""))
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.show()
    shown = []

    def answer():   # the real message boxes, answered as a user would: 是 to the repair, OK to what it did
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible() and box not in [b for b, _ in shown]:
                shown.append((box, box.text()))
                if os.environ.get("GRIDSAFE_SHOTS"):
                    box.grab().save(os.path.join(os.environ["GRIDSAFE_SHOTS"], f"pg_repair_{len(shown)}.png"))
                yes = box.button(QMessageBox.StandardButton.Yes)
                (yes or box.button(QMessageBox.StandardButton.Ok)).click()

    poll = QTimer()
    poll.timeout.connect(answer)
    poll.start(50)
    try:
        assert w.open_project(crafted_pg)
    finally:
        poll.stop()
    asked, told = shown[0][1], shown[1][1]
    assert "触发器 keep_quiet" in asked and "备份为 .gridsafe 文件" in asked and "管理员" in asked
    assert offered[0].endswith(".gridsafe") and "bak-repair" in offered[0]
    assert f"修复前的备份：{backup}.gridsafe" in told and "已删除" in told
    after = pg_rows(crafted_pg)
    assert after.pop("geometry_edit") is None   # opening caught up with the edits logged (gis.reconcile)
    assert w.project is not None and after == {k: v for k, v in before.items() if k != "geometry_edit"}
    assert store.open_project(f"{backup}.gridsafe", readonly=True).close() is None
    w.close_project()
