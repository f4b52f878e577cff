"""吸附设置 (QGIS's snapping options, kept to what the editing tools use): on/off, vertices and/or segments, the
tolerance in pixels, and the layers snapped to besides those each tool snaps to anyway."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.map.snapping import DEFAULT_TOLERANCE_PX

# the data layers a user may add to every tool's snapping, as the layer panel names them
LAYERS = {"townships": QT_TRANSLATE_NOOP("SnappingDialog", "乡镇（街道）"),
          "villages": QT_TRANSLATE_NOOP("SnappingDialog", "村（社区）"), "grids": QT_TRANSLATE_NOOP("SnappingDialog", "网格"),
          "sites": QT_TRANSLATE_NOOP("SnappingDialog", "场所"), "pipelines": QT_TRANSLATE_NOOP("SnappingDialog", "燃气管线"),
          "roads": QT_TRANSLATE_NOOP("SnappingDialog", "道路"), "fire_lines": QT_TRANSLATE_NOOP("SnappingDialog", "防火线"),
          "zones": QT_TRANSLATE_NOOP("SnappingDialog", "区域"), "buildings": QT_TRANSLATE_NOOP("SnappingDialog", "建筑物")}
KEY = "editing/snapping"


@dataclass
class SnapOptions:
    enabled: bool = True
    vertices: bool = True
    segments: bool = True
    tolerance_px: int = int(DEFAULT_TOLERANCE_PX)
    layers: list[str] = field(default_factory=list)      # snapped to by every tool, besides its own

    def to_json(self) -> dict:
        return {"enabled": self.enabled, "vertices": self.vertices, "segments": self.segments,
                "tolerance_px": self.tolerance_px, "layers": list(self.layers)}

    @classmethod
    def from_json(cls, raw) -> SnapOptions:
        """From the saved settings; anything unreadable falls back to the defaults (a settings file edited by hand)."""
        out = cls()
        if not isinstance(raw, dict):
            return out
        for name in ("enabled", "vertices", "segments"):
            if isinstance(raw.get(name), bool):
                setattr(out, name, raw[name])
        tol = raw.get("tolerance_px")
        if isinstance(tol, int) and not isinstance(tol, bool) and 1 <= tol <= 50:
            out.tolerance_px = tol
        if isinstance(raw.get("layers"), list):
            out.layers = [x for x in raw["layers"] if x in LAYERS]
        return out


class SnappingDialog(QDialog):
    def __init__(self, options: SnapOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("吸附设置"))
        self.enabled = QCheckBox(self.tr("启用吸附"))
        self.enabled.setChecked(options.enabled)
        self.vertices = QCheckBox(self.tr("吸附到顶点"))
        self.vertices.setChecked(options.vertices)
        self.segments = QCheckBox(self.tr("吸附到边"))
        self.segments.setChecked(options.segments)
        self.tolerance = QSpinBox()
        self.tolerance.setRange(1, 50)
        self.tolerance.setSuffix(self.tr(" 像素"))
        self.tolerance.setValue(options.tolerance_px)
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.vertices)
        form.addRow(self.segments)
        form.addRow(self.tr("容差"), self.tolerance)
        box = QGroupBox(self.tr("另外吸附到这些图层（各工具本来吸附的图层之外）"))
        lay = QVBoxLayout(box)
        self.layers: dict[str, QCheckBox] = {}
        for key, label in LAYERS.items():
            cb = QCheckBox(QCoreApplication.translate("SnappingDialog", label))
            cb.setChecked(key in options.layers)
            cb.setObjectName(f"snap_{key}")
            self.layers[key] = cb
            lay.addWidget(cb)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        main = QVBoxLayout(self)
        main.addLayout(form)
        main.addWidget(box)
        main.addWidget(buttons)

    def options(self) -> SnapOptions:
        return SnapOptions(self.enabled.isChecked(), self.vertices.isChecked(), self.segments.isChecked(),
                           self.tolerance.value(), [k for k, cb in self.layers.items() if cb.isChecked()])
