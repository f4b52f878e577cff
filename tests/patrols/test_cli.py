"""`gridsafe patrol …` run as a user runs it."""
import json

from desktop.cli import main
from gis import store
from tests.patrols import world


def make(tmp_path):
    path = tmp_path / "w.gridsafe"
    with store.create_project(path, name="测试街道") as p, p.transaction() as s:
        world.build(s)
    return str(path)


def test_plan_list_visit_coverage_sheets(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["patrol", "plan", path, "--period", "2026-W48"]) == 0
    out = capsys.readouterr().out
    assert "生成巡查任务 1 个，站点 6 个" in out and "沿道路" in out and "410411003001003" in out

    assert main(["patrol", "list", path, "--period", "2026-W48"]) == 0
    out = capsys.readouterr().out
    assert "[任务 1] 2026-11-23 410411003001001" in out and "起点：张庄村村委会" in out
    assert out.count("张庄便利店") == 6

    assert main(["patrol", "visit", path, "--assignment", "1", "--seq", "2", "--hazard", "疏散通道堵塞",
                 "--at", "2026-11-23T10:00"]) == 0
    assert "新登记隐患 1 条" in capsys.readouterr().out
    assert main(["patrol", "visit", path, "--assignment", "1", "--seq", "2"]) == 2
    assert "记录过" in capsys.readouterr().err

    assert main(["patrol", "coverage", path, "--period", "2026-W48", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(g for g in data["grids"] if g["code"] == "410411003001001")
    assert (row["due_visits"], row["done_visits"]) == (6, 1)
    assert main(["patrol", "coverage", path, "--period", "2026-W48"]) == 0
    assert "合计：应巡 10 站次，已巡 1 站次" in capsys.readouterr().out

    assert main(["info", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hazard"]["registered"] == 2

    for fmt in ("kml", "kmz", "gpx", "html"):
        out_dir = tmp_path / "out"
        assert main(["patrol", "sheets", path, "--period", "2026-W48", "--out", str(out_dir), "--format", fmt]) == 0
        assert "已导出 1 条巡查路线" in capsys.readouterr().out
        assert (out_dir / f"2026-11-23_410411003001001_张庄村第1网格_刘芳.{fmt}").is_file()


def test_user_errors_are_chinese_and_exit_2(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["patrol", "plan", path, "--period", "下周"]) == 2
    assert "2026-W48" in capsys.readouterr().err
    assert main(["patrol", "sheets", path, "--period", "2026-W48", "--out", str(tmp_path / "o")]) == 2
    assert "请先生成该时段的巡查计划" in capsys.readouterr().err
    assert main(["patrol", "sheets", path, "--period", "2026-W48", "--out", str(tmp_path / "o"), "--format", "kml"]) == 2
    assert "请先运行 gridsafe patrol plan" in capsys.readouterr().err
    assert main(["patrol", "visit", path]) == 2
    assert "--stop" in capsys.readouterr().err


def test_rules_listed_and_reset(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["patrol", "rules", path]) == 0
    out = capsys.readouterr().out
    assert "每 91 天  消防·有人员住宿的场所每季度至少全部巡查一次" in out and "seed 001 L644" in out
    assert main(["patrol", "rules", path, "--reset"]) == 0
    assert "已恢复默认巡查频次规则 13 条" in capsys.readouterr().out


def test_rules_edited_from_the_command_line(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["patrol", "rules", path, "--rule", "5", "--interval", "3"]) == 0
    out = capsys.readouterr().out
    assert "已修改规则 5：交通·农村专项巡查执法每周一次" in out and "  5. 每 3 天" in out
    assert main(["patrol", "rules", path, "--rule", "1", "--disable"]) == 0
    assert "（停用）" in capsys.readouterr().out.splitlines()[1]
    assert main(["patrol", "rules", path, "--rule", "99", "--interval", "3"]) == 2
    assert "找不到编号为 99" in capsys.readouterr().err
    assert main(["patrol", "rules", path, "--rule", "5", "--interval", "0"]) == 2
    assert "至少为 1 天" in capsys.readouterr().err


def test_route_sheets_are_printed_as_pdf_unless_told_otherwise(tmp_path, capsys):
    path = make(tmp_path)
    assert main(["patrol", "plan", path, "--period", "2026-W48"]) == 0
    out_dir = tmp_path / "sheets"
    assert main(["patrol", "sheets", path, "--period", "2026-W48", "--out", str(out_dir)]) == 0
    assert "已保存巡查路线单" in capsys.readouterr().out
    files = sorted(p.suffix for p in out_dir.iterdir())
    assert files == [".pdf"]
