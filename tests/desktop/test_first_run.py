"""An empty project shows the first-run guide over the map until data arrives; 帮助 → 用户手册 (F1) opens the
manual shipped with the app, offline; the bundle carries it."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gis import store
from gis.township import HomeTownship
from tests.windows import open_window, private_settings

ROOT = Path(__file__).resolve().parents[2]
MANUAL = ROOT / "docs" / "manual"
HOME = HomeTownship.checked("荆山街道", "410411001", "湛河区")


def empty_project(path: Path) -> Path:
    store.create_project(path, home=HOME).close()
    return path


def sites_csv(path: Path) -> Path:
    path.write_text("名称,场所类别,经度,纬度\n示例五金厂,工贸企业,113.3285,33.7221\n", encoding="utf-8")
    return path


def test_guide_on_an_empty_project_until_data_arrives(qtbot, monkeypatch, tmp_path, demo_file):
    from desktop.views.data.import_dialog import ImportDialog
    from gis.io.importer import ImportOptions, import_file

    private_settings(monkeypatch)
    w = open_window(qtbot, empty_project(tmp_path / "a.gridsafe"), (1366, 768))
    data = next(f for f in w.features if type(f).__name__ == "DataFeature")
    guide = data.guide
    qtbot.waitUntil(lambda: guide is not None and guide.isVisible())
    assert guide.geometry().right() <= w.canvas.width() and guide.geometry().bottom() <= w.canvas.height()
    guide.grab().save(str(tmp_path / "guide.png"))

    qtbot.mouseClick(guide.buttons["sites"], Qt.MouseButton.LeftButton)   # step 3 opens the import on 企业场所
    dialog = data.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.layer_box.currentData() == "sites"
    dialog.close()
    said = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.accept()
    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    qtbot.mouseClick(guide.buttons["hazard"], Qt.MouseButton.LeftButton)   # step 4 on an empty project: says why
    timer.stop()
    assert said and "请先导入企业场所" in said[0]

    # data arrives (an import announces its change): the guide goes
    import_file(w.project, sites_csv(tmp_path / "s.csv"), ImportOptions("sites", crs="EPSG:4490"))
    data._imported("sites")
    assert not guide.isVisible()

    # a project with data: no guide; another empty one: the guide again
    assert w.open_project(str(demo_file))
    assert not guide.isVisible()
    assert w.open_project(str(empty_project(tmp_path / "b.gridsafe")))
    assert guide.isVisible()


def test_f1_opens_the_manual_on_its_first_page(qtbot, monkeypatch, tmp_path):
    from desktop.views.manual import ManualDialog

    private_settings(monkeypatch)
    w = open_window(qtbot, empty_project(tmp_path / "a.gridsafe"), (1366, 768))
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_F1)
    manual = w.findChild(ManualDialog)
    assert manual is not None and manual.isVisible(), "F1 opened the manual"
    assert manual.browser.source().toLocalFile() == str(MANUAL / "index.html")
    assert manual.browser.documentTitle() == "gridsafe 用户手册"
    assert "新建项目和导入" in manual.browser.toPlainText()
    manual.grab().save(str(tmp_path / "manual.png"))
    # the guide's 用户手册 brings the same window back
    data = next(f for f in w.features if type(f).__name__ == "DataFeature")
    manual.close()
    qtbot.mouseClick(data.guide.buttons["manual"], Qt.MouseButton.LeftButton)
    assert manual.isVisible()


def test_manual_pages_links_and_pictures_are_there():
    """Every page the contents names, every link between pages and every picture exists (nothing on the web);
    the pictures stay small enough to ship."""
    pages = sorted(MANUAL.glob("*.html"))
    assert len(pages) >= 7
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]+)"', html):
            assert not target.startswith(("http:", "https:", "//")), f"{page.name} fetches {target}"
            assert (MANUAL / target).exists(), f"{page.name}: {target} is missing"
    pictures = list((MANUAL / "img").glob("*.png"))
    assert pictures and sum(p.stat().st_size for p in pictures) < 3 * 1024 * 1024


def test_the_bundle_carries_the_manual():
    spec = importlib.util.spec_from_file_location("bundle_files", ROOT / "installer" / "bundle_files.py")
    bundle_files = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bundle_files)
    assert ("docs/manual", "docs/manual") in bundle_files.PROJECT_DATA
    assert "docs/manual/index.html" in bundle_files.REQUIRED   # the bundle test checks the built bundle has it
    assert any(src == str(MANUAL) for src, _ in bundle_files.project_datas())
    iss = (ROOT / "installer" / "gridsafe.iss").read_text(encoding="utf-8")   # the whole bundle, and a shortcut
    assert 'Source: "{#Bundle}\\*"' in iss and "\\_internal\\docs\\manual\\index.html" in iss
