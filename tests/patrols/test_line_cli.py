"""`gridsafe gas plan` and `gridsafe gas report` run as a user runs them, on the line patrol scene."""
import json

from openpyxl import load_workbook

from desktop.cli import main
from gis import store
from tests.patrols import line_scene


def make(tmp_path):
    path = tmp_path / "巡线.gridsafe"
    with store.create_project(path, name="荆山街道") as p, p.transaction() as s:
        line_scene.build(s)
    return str(path)


def _count(path) -> int:
    from sqlalchemy import func, select

    from gis.model import PatrolAssignment
    with store.open_project(path) as p, p.session() as s:
        return s.scalar(select(func.count()).select_from(PatrolAssignment).where(PatrolAssignment.kind == "line"))


def test_plan_dry_run_then_plan(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["gas", "plan", path, "--period", "2026-12", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "试运行，未写入项目" in out and "巡线任务 31 个" in out and "高后果区Ⅰ级\t16 次" in out
    assert "410411003001003" in out and "5 次巡线未安排" in out and "0.50 公里" in out
    assert _count(path) == 0
    assert main(["gas", "plan", path, "--period", "2026-12", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["assignments"] == 31 and data["by_rule"]["第三方施工（预警）"] == 10 and not data["dry_run"]
    assert _count(path) == 31


def test_bad_period_is_refused(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["gas", "plan", path, "--period", "2026H3"]) == 2
    assert "无法识别的时段“2026H3”" in capsys.readouterr().err
    assert _count(path) == 0


def test_report_writes_the_xlsx(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["gas", "plan", path, "--period", "2026-12"]) == 0
    capsys.readouterr()
    out = tmp_path / "巡检长度.xlsx"
    assert main(["gas", "report", path, "--period", "2026H2", "--out", str(out), "--today", "2027-01-02"]) == 0
    text = capsys.readouterr().out
    assert "2026年下半年 巡检长度报表（统计截至 2026-12-31）" in text and "管线总长 3.70 公里" in text
    assert load_workbook(out).sheetnames[:3] == ["按压力级制", "按运营单位", "按网格"]
    assert main(["gas", "report", path, "--period", "2026H2", "--out", str(out), "--today", "2027-01-02",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["length_m"] == 3700.0 and data["total"]["planned"] == 31.0
    assert [g["group"] for g in data["by_class"]] == ["低压", "中压B", "中压A", "次高压B"]


def test_record_a_line_patrol(tmp_path, capsys):
    from sqlalchemy import select

    from gis.model import Hazard, PatrolAssignment

    path = make(tmp_path)
    assert main(["gas", "plan", path, "--period", "2026-12"]) == 0
    with store.open_project(path) as p, p.session() as s:
        aid = s.scalar(select(PatrolAssignment.id).where(PatrolAssignment.kind == "line").order_by(PatrolAssignment.id))
    capsys.readouterr()
    assert main(["gas", "record", path, "--assignment", str(aid), "--date", "2026-12-01", "--length", "450",
                 "--hazard", "标志桩缺失"]) == 0
    assert f"已登记巡线任务 {aid} 的结果；新登记隐患 1 条" in capsys.readouterr().out
    assert main(["gas", "record", path, "--assignment", str(aid)]) == 2
    assert "已于 2026-12-01 登记过结果" in capsys.readouterr().err
    with store.open_project(path) as p, p.session() as s:
        a = s.get(PatrolAssignment, aid)
        assert (a.status, a.patrolled_m) == ("done", 450.0)
        h = s.scalar(select(Hazard).where(Hazard.patrol_assignment_id == aid))
        assert h.source == "line_patrol" and h.description == "标志桩缺失" and h.line_id == a.line_id


def test_patrol_list_shows_line_patrols(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["gas", "plan", path, "--period", "2026-12"]) == 0
    capsys.readouterr()
    assert main(["patrol", "list", path, "--period", "2026-12", "--kind", "line"]) == 0
    out = capsys.readouterr().out
    assert out.count("（巡线：") == 31 and "（巡线：主干管，中压A，0.9 公里，每2日（高后果区Ⅰ级））" in out
    assert "沿线 1. 雨污分流施工（第三方施工（预警））" in out and "站点" not in out
