"""Screenshots for the user manual (docs/manual/img/*.png): the demo township at 1366×768, offscreen, in Chinese.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python3 scripts/manual_screenshots.py [--out docs/manual/img] [--only NAME]

Private settings and data folders (nothing of the user's is read or changed); the demo project is built in a
temporary folder. The pictures are saved with a 256-colour palette so the manual stays small (the bundle carries
it); the script prints each file's size and the total.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 768)


def wait(app, until, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if until():
            break
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


MAX_WIDTH = 920   # the manual window's page width: pictures show at their own size, never scaled by the viewer


def save(widget, path: Path) -> int:
    """The widget as it shows, at most MAX_WIDTH wide, in 256 colours (the screens are flat colours: it reads as
    the original)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    small = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                                  | Qt.ImageConversionFlag.AvoidDither)
    if not small.save(str(path), "PNG", 0):   # quality 0: PNG's strongest compression
        raise SystemExit(f"cannot write {path}")
    return path.stat().st_size


def sites_file(folder: Path) -> Path:
    """A small sites table, as a township office would have it (for the import dialog's picture)."""
    path = folder / "企业场所.csv"
    path.write_text("名称,场所类别,地址,联系人,联系电话,经度,纬度\n"
                    "荆山示例五金加工厂,工贸企业,荆山街道建设路 12 号,王建国,13800000001,113.3285,33.7221\n"
                    "荆山示例加油站,危化企业,荆山街道湛河路 88 号,李红,13800000002,113.3341,33.7198\n"
                    "荆山示例超市,九小场所,荆山街道光明路 5 号,赵敏,13800000003,113.3307,33.7256\n",
                    encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "manual" / "img"))
    parser.add_argument("--only", action="append", help="just these pictures (names without .png)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="gridsafe-manual-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")     # QSettings of this run only
    os.environ["GRIDSAFE_DATA_DIR"] = str(tmp / "data")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desktop.i18n import install_translators

    install_translators("zh")
    from desktop.main_window import MainWindow
    from gis import store
    from gis.township import HomeTownship
    from gis.userdata import make_demo_project

    demo = tmp / "示例项目.gridsafe"
    make_demo_project(demo).close()
    sizes: dict[str, int] = {}

    def shot(name: str, widget) -> None:
        if args.only and name not in args.only:
            return
        wait(app, lambda: False, 0.3)
        sizes[name] = save(widget, out / f"{name}.png")

    window = MainWindow()
    window.resize(*SIZE)
    window.show()

    # 新建项目 and the first-run guide
    from desktop.views.project.new_project_dialog import NewProjectDialog

    dialog = NewProjectDialog(tmp, window)
    dialog.name_edit.setText("荆山街道")
    dialog.code_edit.setText("410411001")
    dialog.district_edit.setText("湛河区")
    dialog.operator_edit.setText("王建国")
    dialog.show()
    shot("new_project", dialog)
    dialog.close()
    empty = tmp / "荆山街道.gridsafe"
    store.create_project(empty, home=HomeTownship.checked("荆山街道", "410411001", "湛河区",
                                                                 operator="王建国")).close()
    window.open_project(str(empty))
    wait(app, lambda: window.stack is not None)
    shot("first_run", window.canvas)

    from desktop.views.data.import_dialog import ImportDialog

    importer = ImportDialog(window.project, str(sites_file(tmp)), window, layer="sites")
    importer.show()
    wait(app, lambda: importer.src is not None, 10)
    shot("import", importer)
    importer.close()

    # the demo township
    window.open_project(str(demo))
    wait(app, lambda: window.stack is not None)
    from sqlalchemy import select

    from gis.model import Person, Site

    with window.project.session() as s:
        pid, pname = s.execute(select(Person.id, Person.name).order_by(Person.id).limit(1)).one()
        site_id = s.scalar(select(Site.id).order_by(Site.id).limit(1))
    window.operator.set(pid, pname)
    shot("map", window)

    feature = {type(f).__name__: f for f in window.features}
    shell = feature["DataFeature"].shell

    from desktop.shell import LazyDock

    def dock(name: str, picture: str, height: int | None = None, whole: bool = False) -> None:
        """The dock alone among the feature docks (the others hidden), as a user opens it from its menu."""
        for other in window.findChildren(LazyDock):
            other.hide()
        d = window.findChild(LazyDock, f"dock_{name}")
        shell.show_tabbed(d)
        if height is not None:
            window.resizeDocks([d], [height], Qt.Orientation.Vertical)
        wait(app, lambda: not d.is_stale(), 20)
        shot(picture, window if whole else d)
        d.hide()

    dock("hazard_ledger", "hazard_ledger")
    dock("people", "people")
    form = feature["HazardFeature"].new_hazard(link=("site_id", site_id))
    if form is not None:
        shot("hazard_form", form)
        form.hide()
    dock("patrol_planner", "patrol_planner", whole=True)   # the plan's routes show on the map beside it
    dock("patrol_assignments", "patrol_tasks")
    dock("fire_roster", "fire_roster")
    dock("dashboard", "dashboard", height=430)

    from desktop.views.reports.report_dialog import ReportDialog

    report = ReportDialog(window, folder=tmp)
    report.show()
    shot("report", report)
    report.close()
    from desktop.views.project.database_dialog import open_dialog

    database = open_dialog([], window)
    database.show()
    shot("database", database)
    database.close()

    total = 0
    for name, size in sizes.items():
        total += size
        print(f"{name}.png  {size / 1024:.0f} KB")
    print(f"{len(sizes)} pictures, {total / 1024:.0f} KB in {out}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
