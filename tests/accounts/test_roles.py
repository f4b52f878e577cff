"""Issue 16's done-when for roles, on the real PostgreSQL the suite starts: a 网格员 cannot change a hazard outside its
grids — not from the window, not from the CLI, not from psql — while it can change one in its grids; a 行业部门
account sees only its sector's hazards; 只读 writes nothing. One demo database for the module (loading it costs
~10 s); each test changes hazards of its own, so the order does not matter."""
from __future__ import annotations

import io
import json
import sys

import psycopg
import pytest
from sqlalchemy import text

from desktop.cli import main
from gis import store

PASSWORD = "s3cret-不外传"


@pytest.fixture(scope="module")
def demo_pg(pg_server):
    from gis.demo.load import load_demo

    url = pg_server.new_database()
    with store.create_project(url) as project:
        load_demo(project)
    return url


def login_url(url: str, login: str) -> str:
    return url.replace("gridsafe@", f"{login}@", 1)


def owner_rows(url: str, sql: str, **params) -> list:
    with store.open_project(url, readonly=True) as p, p.engine.connect() as c:
        return c.execute(text(sql), params).fetchall()


def cli(argv: list[str], capsys, stdin: str = "") -> tuple[int, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return code, out.out + out.err


HAZARD_GRID = ("SELECT h.id, h.code, h.version, g.code AS grid, h.sector, h.status FROM hazard h "
               "JOIN grid g ON g.id = coalesce(h.grid_id, (SELECT s.grid_id FROM site s WHERE s.id = h.site_id)) ")


@pytest.fixture(scope="module")
def places(demo_pg):
    """A village with two grids that both have hazards (the member's grid A and its neighbour B), and a hazard in
    another village."""
    every = owner_rows(demo_pg, HAZARD_GRID + "ORDER BY g.code, h.id")
    rows = [r for r in every if r.status != "closed"]
    by_grid: dict[str, list] = {}
    for r in rows:
        by_grid.setdefault(r.grid, []).append(r)
    villages: dict[str, list[str]] = {}
    for grid, hs in by_grid.items():
        if len(hs) >= 4:
            villages.setdefault(grid[:12], []).append(grid)
    village, grids = next((v, g) for v, g in villages.items() if len(g) >= 2)
    far = next(r for r in rows if r.grid[:12] != village)
    return {"village": village, "grid": grids[0], "neighbour": grids[1], "mine": by_grid[grids[0]],
            "theirs": by_grid[grids[1]], "far": far, "all": rows, "every": every}


@pytest.fixture(scope="module")
def logins(demo_pg, places):
    """The accounts, added as `gridsafe users add` adds them (the CLI itself: test_users_add_list_disable_enable)."""
    from desktop.services import accounts as use

    made = {}
    with store.open_project(demo_pg) as project:
        for login, role, kw in (("m1", "member", {"area": places["grid"]}), ("v1", "village", {"area": places["village"]}),
                                ("s1", "sector", {"sector": "燃气"}), ("r1", "readonly", {}),
                                ("c1", "command", {})):
            made[login] = use.add(project, login, role, PASSWORD, **kw).as_dict()
    return made


def version(url: str, hazard_id: int) -> int:
    return owner_rows(url, "SELECT version FROM hazard WHERE id = :i", i=hazard_id)[0][0]


def psql(pg_server, url: str, login: str):
    from sqlalchemy.engine import make_url

    return psycopg.connect(host=str(pg_server.dir), user=login, dbname=make_url(url).database, autocommit=True)


# --- the accounts themselves ---------------------------------------------------------------------------------

def test_users_add_list_disable_enable(demo_pg, places, logins, pg_server, capsys):
    assert logins["m1"]["role"] == "member" and logins["m1"]["area"] == places["grid"]
    assert logins["s1"]["sector"] == "gas"
    code, out = cli(["users", "list", demo_pg, "--json"], capsys)
    assert code == 0
    assert {r["login"]: r["role"] for r in json.loads(out)} == {"m1": "member", "r1": "readonly", "s1": "sector",
                                                                 "v1": "village", "c1": "command"}
    from sqlalchemy.engine import make_url

    database = make_url(demo_pg).database
    with psql(pg_server, demo_pg, "gridsafe") as c:
        # a login in its role's group; the password arrived hashed (SCRAM), never as text
        assert c.execute("SELECT pg_has_role('m1', %s, 'MEMBER'), rolpassword LIKE 'SCRAM-SHA-256$%%' FROM pg_authid "
                         "WHERE rolname = 'm1'", (f"gridsafe_member@{database}",)).fetchone() == (True, True)
    code, out = cli(["users", "add", demo_pg, "r2", "--role", "readonly", "--password-stdin"], capsys, "pw\n")
    assert code == 0, out
    code, out = cli(["users", "disable", demo_pg, "r2"], capsys)
    assert code == 0 and "已停用" in out
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psql(pg_server, demo_pg, "r2")
    code, out = cli(["users", "enable", demo_pg, "r2"], capsys)
    assert code == 0 and "已启用" in out
    psql(pg_server, demo_pg, "r2").close()


def test_bad_accounts_are_refused_in_chinese(demo_pg, logins, capsys):
    for args, words in ((["m9", "--role", "member"], "须用 --area"),
                        (["m9", "--role", "member", "--area", "999999999999999"], "没有代码为 999999999999999"),
                        (["s9", "--role", "sector"], "须用 --sector"),
                        (["m1", "--role", "readonly"], "已有名为 m1 的角色")):
        code, out = cli(["users", "add", demo_pg, *args, "--password-stdin"], capsys, "pw\n")
        assert code == 2 and words in out, out
    # a login that may not create roles cannot manage accounts
    code, out = cli(["users", "add", login_url(demo_pg, "v1"), "x9", "--role", "readonly", "--password-stdin"],
                    capsys, "pw\n")
    assert code == 2 and "CREATEROLE" in out, out


def test_sqlite_says_accounts_need_postgresql(tmp_path, capsys):
    code, out = cli(["users", "add", str(tmp_path / "p.gridsafe"), "bob", "--role", "member"], capsys)
    assert code == 2
    assert "PostgreSQL 模式" in out and "gridsafe db copy" in out


# --- a 网格员 -----------------------------------------------------------------------------------------------------

def test_member_from_psql(demo_pg, places, logins, pg_server):
    mine, theirs, far = places["mine"][0], places["theirs"][0], places["far"]
    village = [r for r in owner_rows(demo_pg, HAZARD_GRID) if r.grid.startswith(places["village"])]
    with psql(pg_server, demo_pg, "m1") as c:
        # it reads its village, nothing beyond
        assert c.execute("SELECT count(*) FROM hazard").fetchone()[0] == len(village)
        assert c.execute("SELECT count(*) FROM hazard WHERE id = %s", (far.id,)).fetchone()[0] == 0
        # it changes a hazard in its grid
        assert c.execute("UPDATE hazard SET measures = 'psql 网格员' WHERE id = %s", (mine.id,)).rowcount == 1
        # its village's other grid: refused loudly, the row unchanged
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            c.execute("UPDATE hazard SET measures = 'x' WHERE id = %s", (theirs.id,))
        # nor pulled into its grid to be changed there
        grid = owner_rows(demo_pg, "SELECT id FROM grid WHERE code = :c", c=places["grid"])[0][0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"may not change hazard {theirs.id} "):
            c.execute("UPDATE hazard SET grid_id = %s, site_id = NULL, measures = 'x' WHERE id = %s", (grid, theirs.id))
        # another village: not even seen
        assert c.execute("UPDATE hazard SET measures = 'x' WHERE id = %s", (far.id,)).rowcount == 0
        # nor moved out of (or into) its grids, nor added elsewhere, nor deleted
        neighbour = owner_rows(demo_pg, "SELECT id FROM grid WHERE code = :c", c=places["neighbour"])[0][0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            c.execute("UPDATE hazard SET grid_id = %s, site_id = NULL WHERE id = %s", (neighbour, mine.id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("DELETE FROM hazard WHERE id = %s", (mine.id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            c.execute("INSERT INTO hazard (grid_id, found_on, source, description, grade, status, created_at, "
                      "updated_at, version) VALUES (%s, '2026-12-01', 'grid_patrol', 'x', 'general', 'registered', "
                      "now(), now(), 1)", (neighbour,))
        # a write it has no grant for at all
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            c.execute("UPDATE site SET name = 'x' WHERE id = 1")
    assert owner_rows(demo_pg, "SELECT measures FROM hazard WHERE id = :i", i=theirs.id)[0][0] != "x"
    assert owner_rows(demo_pg, "SELECT measures FROM hazard WHERE id = :i", i=mine.id)[0][0] == "psql 网格员"


def test_member_from_the_cli(demo_pg, places, logins, capsys):
    url = login_url(demo_pg, "m1")
    mine, theirs, far = places["mine"][1], places["theirs"][1], places["far"]
    before = version(demo_pg, theirs.id)
    code, out = cli(["hazards", "transition", url, theirs.code, "note", "--actor", "网格员", "--note", "越界"], capsys)
    assert code == 2
    assert "网格员账号 m1" in out and places["grid"] in out and theirs.grid in out and "未写入任何数据" in out
    assert version(demo_pg, theirs.id) == before
    code, out = cli(["hazards", "transition", url, far.code, "note", "--actor", "网格员", "--note", "越界"], capsys)
    assert code == 2 and "找不到" in out and f"网格员，只能看到区域 {places['village']}内的数据" in out, out
    # in its grid, a step of its role's: done; one that is not (交办 is a 网格长's): refused
    code, out = cli(["hazards", "transition", url, mine.code, "assign", "--actor", "网格员"], capsys)
    assert code == 2 and "交办隐患需要网格长或指挥中心或管理员角色，当前账号为网格员" in out, out
    before = version(demo_pg, mine.id)
    code, out = cli(["hazards", "transition", url, mine.code, "note", "--actor", "网格员", "--note", "本网格"], capsys)
    assert code == 0, out
    assert version(demo_pg, mine.id) == before + 1


def test_member_registers_in_its_grid_with_a_code_unique_over_hidden_rows(demo_pg, places, logins):
    from gis import hazards

    grid = owner_rows(demo_pg, "SELECT id FROM grid WHERE code = :c", c=places["grid"])[0][0]
    with store.open_project(login_url(demo_pg, "m1")) as project:
        assert project.account.role == "member" and project.account.area == places["grid"]
        hazard = project.write(lambda s: hazards.register(s, actor="网格员甲", description="灭火器过期",
                                                          source="grid_patrol", grid_id=grid))
    highest = owner_rows(demo_pg, "SELECT max(code) FROM hazard WHERE code LIKE :p", p=hazard.code[:7] + "%")[0][0]
    assert hazard.code == highest


# --- 行业部门, 网格长, 只读 --------------------------------------------------------------------------------------

def test_sector_sees_only_its_sector(demo_pg, places, logins):
    from gis.hazards import ledger

    gas = [r for r in places["all"] if r.sector == "gas"]    # open hazards with a grid
    assert gas and len(gas) < len(places["all"])
    with store.open_project(login_url(demo_pg, "s1"), readonly=True) as project:
        assert project.account.role == "sector" and project.account.sector == "gas"
        frame = ledger.load_frame(project)     # what the window's ledger shows
    assert set(frame["code"]) >= {r.code for r in gas}
    assert (frame["sector"] == "gas").all()


def test_readonly_writes_nothing(demo_pg, places, logins, pg_server, capsys):
    mine = places["mine"][2]
    with psql(pg_server, demo_pg, "r1") as c:
        assert c.execute("SELECT count(*) FROM hazard").fetchone()[0] >= len(places["all"])
        for sql in ("UPDATE hazard SET measures = 'x'", "DELETE FROM hazard_event",
                    "INSERT INTO project_setting (key, value) VALUES ('x', '1')", "UPDATE patrol_stop SET note = 'x'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                c.execute(sql)
    # opening for writing leaves the re-gridding after other tools' geometry edits to a login that may do it
    with psql(pg_server, demo_pg, "gridsafe") as c:
        c.execute("INSERT INTO geometry_edit (table_name, row_id) VALUES ('site', 1)")
    try:
        store.open_project(login_url(demo_pg, "r1")).close()
        assert owner_rows(demo_pg, "SELECT count(*) FROM geometry_edit") == [(1,)]
    finally:
        with psql(pg_server, demo_pg, "gridsafe") as c:
            c.execute("DELETE FROM geometry_edit")
    before = version(demo_pg, mine.id)
    code, out = cli(["hazards", "transition", login_url(demo_pg, "r1"), mine.code, "note", "--actor", "x",
                     "--note", "只读"], capsys)
    assert code == 2 and "当前账号为只读" in out, out
    assert version(demo_pg, mine.id) == before


def test_village_head_changes_its_village_only(demo_pg, places, logins, pg_server):
    theirs, far = places["theirs"][2], places["far"]
    with psql(pg_server, demo_pg, "v1") as c:
        assert c.execute("UPDATE hazard SET measures = '网格长' WHERE id = %s", (theirs.id,)).rowcount == 1
        assert c.execute("UPDATE hazard SET measures = 'x' WHERE id = %s", (far.id,)).rowcount == 0


# --- the window ----------------------------------------------------------------------------------------------

def _action(menu, text: str):
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def test_member_in_the_window(qtbot, monkeypatch, demo_pg, places, logins, tmp_path):
    from PySide6.QtCore import Qt

    from desktop.features.data import DataFeature
    from desktop.features.editing import EditingFeature
    from desktop.features.hazards import HazardFeature
    from tests.windows import open_demo

    w = open_demo(qtbot, monkeypatch, login_url(demo_pg, "m1"))
    assert w.account_label.text() == "账号 m1（网格员）" and places["grid"] in w.account_label.toolTip()
    (hazard,) = [f for f in w.features if isinstance(f, HazardFeature)]
    (editing,) = [f for f in w.features if isinstance(f, EditingFeature)]
    (data,) = [f for f in w.features if isinstance(f, DataFeature)]
    assert _action(w.feature_menu("隐患"), "新增隐患").isEnabled()          # a 网格员 registers hazards
    assert hazard.new_button.applies("sites", 0) and not editing.delete_button.applies("sites", 0)
    for action in (editing.split_action, editing.site_action, data.import_action):
        assert not action.isEnabled()
        assert "需要指挥中心或管理员角色" in action.toolTip() and "网格员" in action.toolTip()
    assert not _action(w.feature_menu("巡查"), "巡查计划").isEnabled()
    menu = w.feature_menu("编辑")
    menu.popup(w.mapToGlobal(w.rect().center()))
    qtbot.waitExposed(menu)
    menu.grab().save(str(tmp_path / "member_edit_menu.png"))
    menu.hide()
    assert _action(w.feature_menu("巡查"), "巡查结果登记").isEnabled()

    # a hazard of its village outside its grid: shown, its steps disabled and saying why
    theirs, mine = places["theirs"][3], places["mine"][3]
    form = hazard.open_hazard(theirs.id)
    qtbot.waitExposed(form)
    assert not form.buttons["note"].isEnabled() and not form.save_button.isEnabled()
    assert f"只能在区域 {logins['m1']['area_name']}（{places['grid']}）内" in form.buttons["note"].toolTip()
    form.grab().save(str(tmp_path / "member_form_outside.png"))
    # and should the form try anyway (a script, a stale window), the database refuses and nothing is written
    before = version(demo_pg, theirs.id)
    form.note.setText("越界")
    assert not form.do("note")
    assert "数据库拒绝了这次写入" in form.message() and "m1（网格员" in form.message()
    assert version(demo_pg, theirs.id) == before
    form.note.clear()          # the refused note, not kept: closing asks nothing
    form.close()

    # one in its grid: the step is a click
    form = hazard.open_hazard(mine.id)
    qtbot.waitExposed(form)
    assert form.buttons["note"].isEnabled() and form.buttons["note"].toolTip() == ""
    assert not form.buttons["assign"].isEnabled() or "交办隐患需要" in form.buttons["assign"].toolTip()
    before = version(demo_pg, mine.id)
    form.note.setText("本网格巡查")
    qtbot.mouseClick(form.buttons["note"], Qt.MouseButton.LeftButton)
    assert version(demo_pg, mine.id) == before + 1, form.message()
    hazard.show_ledger()
    qtbot.waitUntil(lambda: hazard.ledger.model.rowCount() > 0 if hasattr(hazard.ledger, "model") else True)
    w.grab().save(str(tmp_path / "member_window.png"))
    print("screenshots:", tmp_path)
    form.close()


def test_member_sees_the_attribute_table_read_only(qtbot, monkeypatch, demo_pg, places, logins, tmp_path):
    """A 网格员 may not edit attributes (edit.attributes: 指挥中心/管理员): the table says why above the rows and in
    each cell's tooltip, and a double-click opens no editor (before, it typed and the database refused)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from desktop.features.attribute_table import AttributeTableFeature
    from tests.windows import open_demo

    w = open_demo(qtbot, monkeypatch, login_url(demo_pg, "m1"))
    (feature,) = [f for f in w.features if isinstance(f, AttributeTableFeature)]
    view = feature.open("sites")
    qtbot.waitUntil(lambda: view.table is not None and view.model.rowCount() > 0)
    assert view.read_only_note.isVisible()
    assert "编辑属性需要指挥中心或管理员角色" in view.read_only_note.text() and "网格员" in view.read_only_note.text()
    name = [c.name for c in view.spec.columns].index("name")
    index = view.model.index(0, name)
    assert not view.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert "需要指挥中心或管理员角色" in view.model.data(index, Qt.ItemDataRole.ToolTipRole)
    pos = view.view.visualRect(index).center()
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.keyClick(view.view, Qt.Key.Key_F2)
    assert view.view.viewport().findChild(QLineEdit) is None
    view.grab().save(str(tmp_path / "member_attribute_table.png"))
    print("screenshots:", tmp_path)


def test_member_records_patrol_results_in_its_grid_only(demo_pg, places, logins):
    from gis.errors import PermissionRefused
    from gis.model import PatrolStop

    def stop_in(grid: str) -> int:
        return owner_rows(demo_pg, "SELECT st.id FROM patrol_stop st JOIN patrol_assignment a ON a.id = st.assignment_id "
                                   "JOIN grid g ON g.id = a.grid_id WHERE g.code = :g ORDER BY st.id LIMIT 1",
                          g=grid)[0][0]

    def note(stop_id: int, text: str):
        def unit(s):
            s.get(PatrolStop, stop_id).note = text
        return unit

    mine, theirs = stop_in(places["grid"]), stop_in(places["neighbour"])
    with store.open_project(login_url(demo_pg, "m1")) as project:
        project.write(note(mine, "已巡查"))
        with pytest.raises(PermissionRefused, match="巡查站点") as refused:
            project.write(note(theirs, "越界"))
    assert "m1（网格员" in refused.value.message and "未写入任何数据" in refused.value.message
    assert owner_rows(demo_pg, "SELECT note FROM patrol_stop WHERE id = :i", i=mine)[0][0] == "已巡查"
    assert owner_rows(demo_pg, "SELECT note FROM patrol_stop WHERE id = :i", i=theirs)[0][0] != "越界"


def test_deletes_cascade_for_those_who_may_delete(demo_pg, places, logins, pg_server):
    """A patrol assignment deleted (its stops cascade): a 网格长 in its village, 指挥中心 anywhere; a 网格长 cannot
    touch another village's."""
    def assignment_in(prefix: str) -> int:
        return owner_rows(demo_pg, "SELECT a.id FROM patrol_assignment a JOIN grid g ON g.id = a.grid_id "
                                   "WHERE left(g.code, length(:p)) = :p AND EXISTS (SELECT 1 FROM patrol_stop s "
                                   "WHERE s.assignment_id = a.id) ORDER BY a.id DESC LIMIT 1", p=prefix)[0][0]

    far_village = places["far"].grid[:12]
    ours, theirs = assignment_in(places["village"]), assignment_in(far_village)
    with psql(pg_server, demo_pg, "v1") as c:
        assert c.execute("DELETE FROM patrol_assignment WHERE id = %s", (theirs,)).rowcount == 0
        assert c.execute("DELETE FROM patrol_assignment WHERE id = %s", (ours,)).rowcount == 1
    with psql(pg_server, demo_pg, "c1") as c:
        assert c.execute("DELETE FROM patrol_assignment WHERE id = %s", (theirs,)).rowcount == 1
        hazard = places["far"].id
        c.execute("INSERT INTO hazard_photo (hazard_id, filename, mime, data) VALUES (%s, 'a.jpg', 'image/jpeg', "
                  "'\\x00')", (hazard,))
        assert c.execute("DELETE FROM hazard_photo WHERE hazard_id = %s", (hazard,)).rowcount == 1
    assert owner_rows(demo_pg, "SELECT count(*) FROM patrol_stop WHERE assignment_id IN (:a, :b)", a=ours, b=theirs
                      ) == [(0,)]
