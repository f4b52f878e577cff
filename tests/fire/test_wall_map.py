"""Wall maps (网格管理图上墙) at every level and size: page size, printed text size, labels apart, real text."""
from __future__ import annotations

import itertools
import subprocess

import pytest

from desktop.cli import main
from desktop.printing.page_text import overlaps
from desktop.printing.wall_map import MIN_TEXT_MM, SIZES, wall_map_stack, write_wall_map
from gis import store
from gis.errors import ValidationError
from gis.fire.wall_map import wall_map_content
from tests.fire.demo import demo_path  # noqa: F401

AREAS = {"district": "410411", "township": "410411003", "village": "410411003008"}


def _text(pdf) -> str:
    """The text as a reader copies it (no normalising: a radical in place of 火 or 龙 fails)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _page_mm(pdf) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    line = next(x for x in info.splitlines() if x.startswith("Page size:"))
    w, h = (float(v) for v in line.split()[2:5:2])
    return w * 25.4 / 72, h * 25.4 / 72


@pytest.fixture(scope="module")
def demo(demo_path, qapp):  # noqa: F811
    project = store.open_project(demo_path, readonly=True)
    yield project, wall_map_stack(project)
    project.close()


def test_cancel_while_painting_removes_the_file(demo, tmp_path):
    from gis.feedback import Cancelled, Feedback

    project, stack = demo
    with project.session() as s:
        content = wall_map_content(s, "village", AREAS["village"])
    pdf = tmp_path / "取消.pdf"
    seen = []

    def report(fraction, text):       # the user cancels once the map is painted
        seen.append(text)
        if fraction == 0.7:
            feedback.cancel()

    feedback = Feedback(report)
    with pytest.raises(Cancelled):
        write_wall_map(content, stack, pdf, size="A3", feedback=feedback)
    assert seen == ["正在绘制地图", "正在排版人员表和图例"]
    assert not pdf.exists()


@pytest.mark.parametrize("level,size", list(itertools.product(AREAS, SIZES)))
def test_wall_map(demo, tmp_path, level, size):
    project, stack = demo
    with project.session() as s:
        content = wall_map_content(s, level, AREAS[level])
    pdf = tmp_path / f"{level}-{size}.pdf"
    layout = write_wall_map(content, stack, pdf, size=size)
    w, h = _page_mm(pdf)
    assert abs(w - SIZES[size][0]) < 1 and abs(h - SIZES[size][1]) < 1   # landscape, right paper
    sizes = [t.size_mm for t in layout.page.texts]
    assert min(sizes) >= MIN_TEXT_MM, [t for t in layout.page.texts if t.size_mm < MIN_TEXT_MM][:3]
    boxes = [lab.box for lab in layout.labels]
    assert len(boxes) >= 1
    for a, b in itertools.combinations(boxes, 2):
        assert not overlaps(a, b)
    text = _text(pdf)
    assert content.title in text and "示例数据" in text and "图例" in text
    for row in content.rows:
        assert row[0] in text           # every part's code, in the people table
    names = {p.split(" ")[0] for row in content.rows for cell in row[2:] for p in cell.split("、") if " " in p}
    assert names and all(n in text for n in names)


def test_village_map_lists_the_grid_people(demo):
    project, _ = demo
    with project.session() as s:
        c = wall_map_content(s, "village", "410411003008")
    assert c.title == "荆山街道崔楼村森林防火网格管理图"
    assert c.columns == ["网格代码", "网格名称", "网格长", "网格员", "护林员"]
    assert [r[0] for r in c.rows] == [p.code for p in c.parts] and all(r[0].startswith("410411003008") for r in c.rows)
    assert any("13" in r[4] for r in c.rows)            # rangers with phones
    assert c.notes[0].startswith("包村干部：") and c.notes[1].startswith("包片领导：")
    with pytest.raises(ValidationError, match="不是村"):
        wall_map_content(s, "village", "410411003")


def test_wallmap_cli(demo_path, tmp_path, qapp, capsys):  # noqa: F811
    out = tmp_path / "冯营村.pdf"
    assert main(["fire", "wallmap", str(demo_path), "--level", "village", "--area", "410411003003",
                 "--size", "A3", "--out", str(out)]) == 0
    assert "荆山街道冯营村森林防火网格管理图" in capsys.readouterr().out
    assert "410411003003002" in _text(out)   # 冯营村 has forest grids: its map shows those


def test_printing_from_the_command_line_needs_no_display(demo_path, tmp_path):
    """A headless machine (no DISPLAY, no QT_QPA_PLATFORM) still prints: the CLI draws offscreen."""
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "墙图.pdf"
    run = subprocess.run([sys.executable, "-m", "desktop.cli", "fire", "wallmap", str(demo_path), "--level",
                          "village", "--area", AREAS["village"], "--size", "A3", "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "森林防火网格管理图" in _text(out)
