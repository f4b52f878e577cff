"""Route sheet QR codes (one per sheet, one per stop) read back from the printed PDF by a real decoder (zbarimg from
Debian's zbar-tools, installed by .ci/run), the codes' grammar, and the sheet map's legend covering what it draws."""
from __future__ import annotations

import subprocess

import pytest
from shapely.geometry import Point

from desktop.printing.batch import BatchRequest, print_sheets
from desktop.printing.sheet_map import SheetMap, route_stack, to_display
from desktop.printing.stacks import load_stack
from gis import store
from gis.errors import ValidationError
from gis.model import Site
from gis.patrols import planning
from gis.patrols.periods import parse_period
from gis.patrols.sheets import Code, parse_code, route_sheets, sheet_code, stop_code
from tests.patrols import world

WEEK = parse_period("2026-W48")


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    project = store.create_project(tmp_path_factory.mktemp("qr") / "p.gridsafe")
    with project.transaction() as s:
        world.build(s, extra_sites=6)
        s.add(Site(name="邻近仓库", category="industry_trade_enterprise", geom=Point(113.2465, 33.6525)))  # in no grid
    planning.plan(project, WEEK)
    yield project
    project.close()


def test_qr_codes_in_the_pdf_decode_to_sheet_and_stops(planned, tmp_path, qapp):
    with planned.session() as s:
        sheets = route_sheets(s, WEEK.label, grid_codes=[world.GRID])
    sheet = sheets[0]
    out = print_sheets(planned, BatchRequest(out=tmp_path / "s.pdf", period=WEEK.label, grid_codes=[world.GRID],
                                             assignment_ids=[sheet.assignment_id]))[0]
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    found = subprocess.run(["zbarimg", "--raw", "-q", *map(str, pages)], capture_output=True, text=True).stdout.split()
    expected = {sheet_code(sheet.assignment_id)} | {stop_code(sheet.assignment_id, st.seq) for st in sheet.stops}
    assert len(sheet.stops) >= 3
    assert set(found) == expected, (found, expected)


@pytest.mark.parametrize("text, code", [
    ("GS:A123", Code(123)), ("GS:A123:S4", Code(123, 4)), ("gs:a123:s4\n", Code(123, 4)), ("A123S4", Code(123, 4)),
    ("ＧＳ：Ａ１２３：Ｓ４", Code(123, 4)), (" GS:A7 ", Code(7)),
])
def test_codes_read_as_scanned_or_typed(text, code):
    assert parse_code(text) == code


@pytest.mark.parametrize("text", ["", "GS:123", "GS:A12:X3", "http://x/GS:A1", "GS:A1:S"])
def test_other_text_is_refused_saying_what_is_expected(text):
    with pytest.raises(ValidationError, match="GS:A123"):
        parse_code(text)


def test_legend_names_every_layer_class_the_map_draws(planned, qapp):
    """The route sheet's map shows only its own marks and the ways and boundaries; the legend lists each class
    drawn within the map, and the other sites (muted) when there are any."""
    with planned.session() as s:
        sheet = route_sheets(s, WEEK.label, grid_codes=[world.GRID])[0]
    sheet_map = SheetMap(route_stack(load_stack(planned)))
    extent = sheet_map.extent([sheet])
    shown = sheet_map.show_layers_of("grid")
    assert {layer.id for layer in shown} <= {"roads", "fire_lines", "grid_codes", "villages", "townships"}
    others = sheet_map._other_sites(sheet, extent)
    texts = [text for _, text in sheet_map.legend_items(sheet, extent, others, shown)]
    assert texts[:2] == ["巡查路线（箭头为行进方向）", "巡查点（序号同下表）"] and "本网格界线" in texts
    assert "道路" in texts and "村（社区）界" in texts
    stop_xy = to_display([(st.lon, st.lat) for st in sheet.stops])
    assert len(others) and not any((abs(others - p).sum(axis=1) < 1e-6).any() for p in stop_xy)
    assert texts[-1] == "其他场所（不在本次路线上）"
