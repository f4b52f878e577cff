"""Chinese interface with an English translation: completeness of the .ts, language switching, settings."""
from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop import i18n, main_window
from desktop.render import LayerStack
from desktop.views.map.identify_panel import describe
from desktop.views.map.layer_panel import LayerPanel
from desktop.views.settings_dialog import SettingsDialog
from gis.paths import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("update_translations", module)
    spec.loader.exec_module(module)
    return module


def test_every_interface_string_has_english(tmp_path):
    """Extract the strings of desktop/ afresh: each needs a non-empty English entry in gridsafe_en.ts.

    Fails when someone adds a self.tr("…") without running scripts/update_translations.py and translating.
    """
    script = _script()
    fresh = tmp_path / "fresh.ts"
    script.lupdate(fresh)
    found = {(c, s) for c, s, _ in script.messages(fresh)}
    assert len(found) > 200
    # a string filed under no context is looked up under its helper's context at run time and never found
    assert not sorted(s for c, s in found if not c), "tr() outside a class without a module helper"
    assert ("Patrols", "巡查(&P)") in found and ("RouteSheet", "图例") in found     # module-level tr helpers
    committed = {(c, s): t for c, s, t in script.messages(script.TS)}
    untranslated = sorted(k for k in found if not committed.get(k))
    assert not untranslated, (f"{len(untranslated)} strings lack English — run scripts/update_translations.py "
                              f"and translate them in {script.TS.name}: {untranslated[:10]}")


def test_style_strings_and_qm_are_up_to_date(tmp_path):
    script = _script()
    assert script.STYLE_STRINGS.read_text(encoding="utf-8") == script.style_strings_source(), \
        "layers.yaml changed: run scripts/update_translations.py"
    assert "管径（毫米）" in script.style_texts() and "行政区划与网格" in script.style_texts()
    shutil.copy(script.TS, tmp_path / "t.ts")
    script.lrelease(tmp_path / "t.ts", tmp_path / "t.qm")
    assert (tmp_path / "t.qm").read_bytes() == script.QM.read_bytes(), "gridsafe_en.qm is stale: run the script"


# The main window's own menus, in order; feature modules (desktop/features/) add theirs before 帮助.
BASE_MENUS = {"zh_CN": ["文件(&F)", "视图(&V)", "底图(&B)", "工具(&T)", "帮助(&H)"],
              "en": ["&File", "&View", "&Basemap", "&Tools", "&Help"]}


def _menus(w) -> list[str]:
    return [a.text() for a in w.menuBar().actions()]


def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _mnemonic(text: str) -> str | None:
    """The keyboard accelerator of a menu text ("E&xit" → "x"), lower case; None without one."""
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if 0 <= i < len(text.replace("&&", "")) - 1 else None


def _assert_menus(w, lang: str) -> None:
    """The base menus in their order (File first, Help last), every menu titled in `lang` with an
    accelerator, no two menus on the same key."""
    menus = _menus(w)
    base = BASE_MENUS[lang]
    assert [m for m in menus if m in base] == base, menus
    assert menus[0] == base[0] and menus[-1] == base[-1], menus
    assert len(menus) == len(set(menus)), menus
    for title in menus:
        assert _has_han(title) == (lang == "zh_CN"), f"menu {title!r} is not in {lang}"
        assert _mnemonic(title), f"menu {title!r} has no accelerator"
    keys = [_mnemonic(t) for t in menus]
    assert len(keys) == len(set(keys)), f"menus share an accelerator: {menus}"


def _menu_items(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _groups(panel: LayerPanel) -> list[str]:
    return [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]


def _legend(panel: LayerPanel, layer_id: str) -> list[str]:
    item = panel.item_for(layer_id)
    return [item.child(i).text(0) for i in range(item.childCount())]


def test_chinese_by_default(qtbot, world_project):
    assert i18n.ui_language() == "zh_CN" and i18n.vocab_lang() == "zh"
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    _assert_menus(w, "zh_CN")
    assert "设置(&S)…" in _menu_items(w.feature_menu("工具(&T)"))
    assert w.open_project(world_project.url)
    assert _groups(w.layer_panel) == ["隐患", "巡查路线", "企业与场所", "燃气管线", "森林防火", "行政区划与网格", "底图"]
    assert "较大风险" not in _legend(w.layer_panel, "sites") and "危险化学品" in _legend(w.layer_panel, "sites")
    assert w.layer_panel.up.text() == "上移"
    w.close()


def test_english_menus_layer_groups_legend_identify(qtbot, english, world_project, world_layers):
    assert i18n.ui_language() == "en" and i18n.vocab_lang() == "en"
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    _assert_menus(w, "en")
    assert "&Settings…" in _menu_items(w.feature_menu("&Tools"))
    for action in w.menuBar().actions():            # feature menus too: nothing left in Chinese
        items = _menu_items(action.menu())
        assert not [t for t in items if _has_han(t)], f"{action.text()}: {items}"
        keys = [k for k in map(_mnemonic, items) if k]
        assert len(keys) == len(set(keys)), f"items of {action.text()} share an accelerator: {items}"
    file_items = [a.text() for a in w.menuBar().actions()[0].menu().actions() if a.text()]
    assert file_items[:3] == ["&New project…", "&Open project…", "Open &demo project"]
    assert w.layer_dock.windowTitle() == "Layers" and w.identify_dock.windowTitle() == "Feature details"

    stack = LayerStack.from_layers(world_layers)
    w.layer_panel.set_stack(stack)
    assert _groups(w.layer_panel) == ["Hazards", "Patrol routes", "Enterprises and sites", "Gas pipelines",
                                      "Forest fire", "Admin units and grids", "Basemaps"]
    assert w.layer_panel.item_for("sites").text(0).startswith("Enterprises and sites  (")
    assert _legend(w.layer_panel, "sites")[:2] == ["Hazardous chemicals", "Gas"]     # vocabulary in English
    assert _legend(w.layer_panel, "sites")[-1] == "Other"
    w.layer_panel.select_layer("sites")
    assert [w.layer_panel.style_box.itemText(i) for i in range(w.layer_panel.style_box.count())] == \
        ["By sector", "By risk level"]
    assert stack.layer("sites").group == "企业与场所"          # keys stay Chinese; only the display is English

    sites = stack.sources["sites"]
    row = int(list(sites.attrs["name"]).index("鑫源机械加工厂"))
    with world_project.session() as s:
        d = describe(s, stack, "sites", row)
    assert d.kind == "Site" and d.name == "鑫源机械加工厂"
    attrs = dict(d.attributes)
    assert attrs["Sector"] == "Industry and trade" and attrs["Risk level"] == "High"
    assert ("Enterprise principal", "赵敏") in [(role, name) for role, name, _ in d.people]


def test_settings_dialog_saves_the_language_for_the_next_start(qtbot, ui_language):
    ui_language("zh_CN")                        # this session started in Chinese
    assert i18n.saved_language() == "zh_CN"
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "zh_CN"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    try:
        assert i18n.saved_language() == "en"
        assert dialog.restart_needed()          # this session stays Chinese until restarted
        assert i18n.ui_language() == "zh_CN"
    finally:
        i18n.save_language("zh_CN")


def test_settings_menu_opens_the_dialog(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(self) or 0)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    tools = w.feature_menu("工具(&T)")
    [action] = [a for a in tools.actions() if a.text() == "设置(&S)…"]
    action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "设置"


@pytest.mark.parametrize("metres, zh, en", [(500, "500 米", "500 m"), (2000, "2 公里", "2 km")])
def test_scale_bar_text(ui_language, metres, zh, en):
    from desktop.render.decorations import length_text

    assert length_text(metres) == zh
    ui_language("en")
    assert length_text(metres) == en


def test_ledger_title_of_a_map_feature_in_english(qtbot, english, world_project):
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    assert w.open_project(world_project.url)
    feature = next(f for f in w.features if hasattr(f, "ledger_for_feature"))
    sites = w.stack.sources["sites"]
    feature.ledger_for_feature("sites", int(list(sites.attrs["name"]).index("鑫源机械加工厂")))
    assert feature.ledger.feature_label.text() == "Showing only: Hazards of Site “鑫源机械加工厂”"
    w.project.close()
