"""Project overview: what the open project holds, grouped as the layer panel will group it."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import vocab_label
from desktop.views.widgets.wrapping import wrap_labels
from gis import vocab
from gis.info import summarize
from gis.store import Project

translate = QCoreApplication.translate
FIRE_CATEGORIES = ("checkpoint", "lookout_tower", "supply_depot")
FIRE_LINES = ("fire_road", "firebreak", "forest_power_line")
FIRE_ZONES = ("forest_fire", "ranger_area")


class ProjectOverview(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = "gridsafe"
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("图层 / 类别"), self.tr("数量")])
        # counts always in view; a label longer than its column (English on a laptop) wraps (WrappingLabels)
        wrap_labels(self.tree)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)

    def show_project(self, project: Project) -> None:
        summary = summarize(project)
        meta = summary["project"]
        self.title = meta["name"]
        demo = self.tr("【示例数据】")
        badge = f" <span style='color:#b35900'>{demo}</span>" if meta["is_demo"] else ""
        database = self.tr("数据库：{backend} · 版本 {revision}").format(backend=meta["backend"],
                                                                     revision=meta["revision"])
        self.heading.setText(f"<h2 style='margin:4px 0'>{meta['name']}{badge}</h2>"
                             f"<span style='color:#555'>{database}</span>")
        self.tree.clear()
        for title, rows, total in self._groups(summary):
            if total is None:
                total = sum(row[1] for row in rows)
            group = QTreeWidgetItem(self.tree, [title, str(total)])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for label, n, note, *tip in rows:          # (label, count, note[, tooltip])
                if note:                                # (as a column it would take the labels' room)
                    label = self.tr("{label}（{note}）").format(label=label, note=note)
                item = QTreeWidgetItem(group, [label, str(n)])
                item.setToolTip(0, tip[0] if tip else label)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            group.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.expandAll()

    @staticmethod
    def _groups(summary):
        km = summary["line_length_km"]

        def rows(section, vocab_name, keys=None, exclude=()):
            counts = summary.get(section, {})
            out = []
            for k in keys or counts:
                if k in counts and k not in exclude:
                    note = ""
                    if section == "line_asset" and k in km:
                        note = translate("ProjectOverview", "{km} 公里").format(km=f"{km[k]:.1f}")
                    out.append((vocab_label(vocab_name, k), counts[k], note))
            return out

        admin = summary["admin_unit"]
        yield translate("ProjectOverview", "行政区划与网格"), [
            (vocab_label("admin_levels", "township"), admin.get("township", 0), ""),
            (vocab_label("admin_levels", "village"), admin.get("village", 0), ""),
            *rows("grid", "grid_kinds"),
        ], None
        yield translate("ProjectOverview", "企业与场所"), rows("site", "site_categories", exclude=FIRE_CATEGORIES), None
        yield translate("ProjectOverview", "燃气管线"), rows("line_asset", "line_kinds", keys=["gas_pipeline"]), None
        yield translate("ProjectOverview", "森林防火"), [
            *rows("zone", "zone_kinds", keys=FIRE_ZONES),
            *rows("site", "site_categories", keys=FIRE_CATEGORIES),
            *rows("line_asset", "line_kinds", keys=FIRE_LINES),
        ], None
        yield translate("ProjectOverview", "道路与其他区域"), [
            *rows("line_asset", "line_kinds", keys=["road", "hazardous_road"]),
            *rows("zone", "zone_kinds", exclude=FIRE_ZONES),
        ], None
        hazards = rows("hazard", "hazard_statuses", keys=vocab.keys("hazard_statuses"))
        hazards.append((translate("ProjectOverview", "逾期未销号"), summary["hazard_overdue"], "",
                        translate("ProjectOverview", "已过整改时限且未销号")))
        yield translate("ProjectOverview", "隐患"), hazards, sum(summary["hazard"].values())
        people = rows("role", "roles", keys=vocab.keys("roles"))
        yield translate("ProjectOverview", "人员与职责"), people, summary["person"]
