"""人员名册 (gis/people.py, desktop/services/people.py, `gridsafe people`): import a township office's XLSX/CSV roster
into grids, villages and zones by name or code; a bad row refuses the whole file naming row and field; a person is
known by name + phone; add/edit ends removed roles; 停用 ends every role and planning stops counting them."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.services import people as use
from gis.errors import ValidationError
from gis.io.errors import ImportRejected
from gis.model import Person, RoleAssignment
from gis.patrols.periods import parse_period
from gis.patrols.planning import grid_members
from tests import smallworld

TODAY = date(2026, 12, 5)
ROSTER = ("姓名,联系电话,单位,职务,角色,网格,村（社区）\n"
          "孙丽,13912340001,张庄村委会,网格员,专职网格员,张庄村第1网格,张庄村\n"
          "孙丽,13912340001,张庄村委会,网格员,网格员,410411003001002,\n"
          "周涛,13912340002,李楼社区居委会,主任,村干部,,李楼社区\n"
          "刘芳,13800000001,张庄村委会,网格员,网格员,张庄村第1网格,\n")


@pytest.fixture
def world(new_project):
    new_project.write(smallworld.build)
    return new_project


def write(tmp_path, text: str, name: str = "人员名册.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def roles_of(project, name: str) -> set[tuple[str, str]]:
    return {(r.role, r.target_name) for p in use.people(project) if p.name == name for r in p.current_roles(TODAY)}


def test_import_adds_people_and_roles_by_name_or_code_and_knows_a_person_by_name_and_phone(world, tmp_path):
    with world.session() as s:
        before = s.scalar(select(func.count()).select_from(Person))
    out = use.import_file(world, write(tmp_path, ROSTER), today=TODAY)
    summary = out.value
    assert (summary.rows, summary.created, summary.updated, summary.roles_added) == (4, 2, 1, 3)
    assert summary.roles_held == 1          # 刘芳 is already the grid member of 张庄村第1网格
    assert out.change.kinds == {"people"}
    assert roles_of(world, "孙丽") == {("grid_member", "张庄村第1网格"), ("grid_member", "张庄村第2网格")}
    assert roles_of(world, "周涛") == {("village_cadre", "李楼社区")}
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == before + 2
        grid_ids = list(s.scalars(select(RoleAssignment.grid_id).where(RoleAssignment.grid_id.is_not(None))))
        members = grid_members(s, grid_ids, parse_period("2026-W50"))
        sun = s.scalar(select(Person.id).where(Person.name == "孙丽"))
    assert sum(sun in ids for ids in members.values()) == 2          # planning finds her in both grids
    again = use.import_file(world, write(tmp_path, ROSTER), today=TODAY).value
    assert (again.created, again.updated, again.roles_added, again.roles_held) == (0, 3, 0, 4)
    other = use.import_file(world, write(tmp_path, "姓名,联系电话,角色,村（社区）\n孙丽,13912349999,村干部,张庄村\n"),
                            today=TODAY).value
    assert other.created == 1 and "第2行 字段“姓名”：名册中已有同名的“孙丽”但电话不同，已作为另一人新增" in other.text()


def test_a_bad_row_refuses_the_file_naming_row_and_field_and_writes_nothing(world, tmp_path):
    bad = ROSTER + ("王五,abc,,,网格员,不存在的网格,\n"
                    "赵六,,,,队长,张庄村第1网格,\n"
                    "钱七,,,,网格员,,李楼社区\n"
                    "孙丽,13912340001,张庄村委会,网格员,网格员,张庄村第1网格,张庄村\n")
    with world.session() as s:
        before = (s.scalar(select(func.count()).select_from(Person)),
                  s.scalar(select(func.count()).select_from(RoleAssignment)))
    with pytest.raises(ImportRejected) as e:
        use.import_file(world, write(tmp_path, bad), today=TODAY)
    problems = {(i.row, i.field): i.reason for i in e.value.report.rejected}
    assert "不像电话号码" in problems[(6, "联系电话")]
    assert "找不到名称或编码为“不存在的网格”的网格" in problems[(6, "网格")]
    assert "“队长”不是有效的角色" in problems[(7, "角色")]
    assert "网格员应落在网格上" in problems[(8, "村（社区）")]
    assert "与第2行重复" in problems[(9, "角色")]
    assert "第6行" in e.value.message
    with world.session() as s:
        assert (s.scalar(select(func.count()).select_from(Person)),
                s.scalar(select(func.count()).select_from(RoleAssignment))) == before


def test_xlsx_roster_without_a_name_column_is_refused_before_reading_rows(world, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["人名", "角色", "网格"])
    wb.active.append(["孙丽", "网格员", "张庄村第1网格"])
    path = tmp_path / "名册.xlsx"
    wb.save(path)
    with pytest.raises(Exception, match="没有“姓名”列"):
        use.import_file(world, path, today=TODAY)
    wb.active["A1"] = "姓名"
    wb.save(path)
    assert use.import_file(world, path, today=TODAY).value.created == 1


def test_edit_ends_removed_roles_and_deactivate_ends_all_without_deleting(world):
    t = use.targets(world)
    grid1 = next(i for i, n in t["grid"] if n == "张庄村第1网格")
    grid2 = next(i for i, n in t["grid"] if n == "张庄村第2网格")
    pid = use.save(world, None, {"name": " 孙 丽 ", "phone": "139 1234 0001"},
                   [("grid_member", "grid", grid1), ("grid_member", "grid", grid2)], today=date(2026, 11, 1)).value
    row = next(p for p in use.people(world) if p.id == pid)
    assert (row.name, row.phone, row.state(TODAY)) == ("孙 丽", "13912340001", "在岗")
    use.save(world, pid, {"name": "孙丽", "phone": "13912340001", "title": "专职网格员"},
             [("grid_member", "grid", grid1)], today=TODAY)
    row = next(p for p in use.people(world) if p.id == pid)
    assert [r.target_name for r in row.current_roles(TODAY)] == ["张庄村第1网格"]
    assert [r.end for r in row.roles if r.target_id == grid2] == [date(2026, 12, 4)]    # ended, kept
    with pytest.raises(ValidationError, match="同名同电话"):
        use.save(world, None, {"name": "孙丽", "phone": "13912340001"}, [], today=TODAY)
    with pytest.raises(ValidationError, match="应落在网格上"):
        use.save(world, pid, {"name": "孙丽"}, [("grid_member", "village", t["village"][0][0])], today=TODAY)
    assert use.deactivate(world, [pid], today=TODAY).value == 1
    row = next(p for p in use.people(world) if p.id == pid)
    assert row.state(TODAY) == "已停用" and len(row.roles) == 2
    with world.session() as s:
        members = grid_members(s, [grid1], parse_period("2026-W50"))
    assert pid not in members.get(grid1, [])


def test_cli_people_import_and_list(tmp_path, capsys):
    from desktop import cli
    from gis import store

    target = str(tmp_path / "p.gridsafe")
    with store.create_project(target) as project:
        project.write(smallworld.build)
    assert cli.main(["people", "import", target, str(write(tmp_path, ROSTER)), "--json", "--today", "2026-12-05"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 2
    assert cli.main(["people", "list", target, "--today", "2026-12-05"]) == 0
    out = capsys.readouterr().out
    assert "孙丽\t13912340001\t张庄村委会\t网格员\t在岗\t网格员（张庄村第1网格）、网格员（张庄村第2网格）" in out


def test_a_deactivated_person_leaves_member_lists_identify_and_duty_pools(world):
    from datetime import timedelta

    from gis import repo
    from gis.fire.duty_posts import _role_pools
    from gis.model import Grid
    from gis.patrols.queries import members

    today = date.today()
    t = use.targets(world)
    grid1 = next(i for i, n in t["grid"] if n == "张庄村第1网格")
    village = next(i for i, n in t["village"] if n == "张庄村")
    pid = use.save(world, None, {"name": "孙丽", "phone": "13912340001"},
                   [("grid_member", "grid", grid1), ("duty_officer", "village", village)],
                   today=today - timedelta(days=30)).value

    def seen() -> tuple[bool, bool, bool]:
        with world.session() as s:
            return (pid in {i for i, _n in members(s)},
                    pid in {p.id for _r, p in repo.responsible_people(s, s.get(Grid, grid1))},
                    pid in _role_pools(s, {"village_duty": ["duty_officer"]}, today).get(("village_duty", village), []))
    assert seen() == (True, True, True)
    use.deactivate(world, [pid], today=today)
    assert seen() == (False, False, False)


def test_only_someone_nothing_refers_to_can_be_deleted(world):
    t = use.targets(world)
    grid1 = next(i for i, n in t["grid"] if n == "张庄村第1网格")
    typo = use.save(world, None, {"name": "孙莉"}, [("grid_member", "grid", grid1)], today=TODAY).value
    assert use.delete(world, typo).change.kinds == {"people"}
    with world.session() as s:
        assert s.get(Person, typo) is None
        assert not s.scalars(select(RoleAssignment).where(RoleAssignment.person_id == typo)).all()
        owner = s.scalar(select(Person.id).where(Person.name == "赵敏"))     # owns and rectifies a hazard
    with pytest.raises(ValidationError, match=r"赵敏 已有记录（隐患 1 条）.*不能删除.*停用"):
        use.delete(world, owner)
