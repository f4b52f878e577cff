"""The demo township in the map workspace; writes screenshots to tests/_artifacts/ for review."""
from __future__ import annotations

import pytest

from desktop.render import MapView, render_to_image
from tests.windows import open_window


@pytest.fixture
def demo_window(qtbot, demo_file, monkeypatch):
    from desktop import main_window

    saved = {}
    monkeypatch.setattr(main_window, "settings", lambda: type("S", (), {
        "value": lambda self, k, d=None: saved.get(k, d), "setValue": lambda self, k, v: saved.__setitem__(k, v)})())
    w = open_window(qtbot, demo_file, (1600, 1000))
    yield w
    w.close()


def test_demo_map_screenshots(demo_window, artifacts):
    w = demo_window
    stack = w.stack
    for name in ("grids", "villages", "sites", "pipelines", "hazards"):
        assert len(stack.sources[name]) > 0, name
    assert w.grab().save(str(artifacts / "demo_window.png"))
    view = MapView.for_bounds(stack.bounds(), 1600, 1000)
    assert render_to_image(stack, view).save(str(artifacts / "demo_map.png"))
    stack.set_style("sites", 1)          # by risk level
    stack.set_visible("grid_hazards", True)
    near = view.with_scale(10_000)
    assert render_to_image(stack, near).save(str(artifacts / "demo_map_10000.png"))


def test_demo_find_a_grid_by_code_and_click_a_site(demo_window, qtbot):
    w = demo_window
    code = str(w.stack.sources["grids"].attrs["code"].iloc[0])
    w.search.setText(code)
    assert w.search.go()
    assert w.identify_panel.details.name == str(w.stack.sources["grids"].attrs["name"].iloc[0])   # named; the code:
    assert dict(w.identify_panel.details.attributes)["网格代码"] == code                           # among its rows
    sites = w.stack.sources["sites"]
    i = int((sites.attrs["category"] == "catering").to_numpy().nonzero()[0][0])
    w.canvas.zoom_to_feature("sites", i, select=False)
    w.stack.set_visible("hazards", False)
    x, y = (float(v) for v in w.canvas.view.to_screen(*sites.xy[i]))
    hits = w.canvas.identify_at(x, y)
    assert hits[0].source == "sites" and hits[0].index == i
    assert w.identify_panel.details.kind == "企业与场所"
    assert w.identify_panel.details.grid is not None


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_main_window_screenshot_in_each_language(qtbot, demo_file, monkeypatch, artifacts, ui_language, lang):
    """The demo in the main window, in Chinese and in English, with a site identified (for review)."""
    from desktop import main_window

    saved = {}
    monkeypatch.setattr(main_window, "settings", lambda: type("S", (), {
        "value": lambda self, k, d=None: saved.get(k, d), "setValue": lambda self, k, v: saved.__setitem__(k, v)})())
    ui_language(lang)
    w = open_window(qtbot, demo_file, (1600, 1000))
    sites = w.stack.sources["sites"]
    i = int((sites.attrs["category"] == "lpg_station").to_numpy().nonzero()[0][0])
    w.show_feature("sites", i)
    qtbot.wait(50)
    menus = [a.text() for a in w.menuBar().actions()]
    if lang == "en":
        assert menus[0] == "&File" and w.identify_panel.details.kind == "Site"
        assert any(label == "LPG station" for _, label in w.identify_panel.details.attributes)
    else:
        assert menus[0] == "文件(&F)" and w.identify_panel.details.kind == "企业与场所"
    assert w.grab().save(str(artifacts / f"main_window_{lang}.png"))
    w.overview_dock.raise_()
    qtbot.wait(20)
    assert w.grab().save(str(artifacts / f"main_window_{lang}_overview.png"))
    w.close()
