"""The first-run guide: a panel over the map of a new project (no sites yet) saying what to do first, in five
numbered steps, each a button that opens the right dialog (a step already done shows ✓), plus 打开示例项目,
用户手册 and 关闭. Once the map shows something, it shrinks to a bar at the map's top (the next step, 全部步骤…,
✕) so that the map can be used. The panel only says and asks; what the buttons open is the feature's (desktop/features/data.py),
and when it shows is decided there from the project's change events."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRunGuide", text)


# (key, button text, what the step is for)
STEPS = (
    ("boundaries", QT_TRANSLATE_NOOP("FirstRunGuide", "导入乡镇和村边界…"),
     QT_TRANSLATE_NOOP("FirstRunGuide", "先导入本乡镇（街道）边界，再导入村（社区）边界（Shapefile、GeoPackage、KML 等）。")),
    ("grids", QT_TRANSLATE_NOOP("FirstRunGuide", "导入网格…"),
     QT_TRANSLATE_NOOP("FirstRunGuide", "网格编码 15 位，前 12 位为所属村（社区）代码。")),
    ("people", QT_TRANSLATE_NOOP("FirstRunGuide", "导入人员（网格员名册）…"),
     QT_TRANSLATE_NOOP("FirstRunGuide", "Excel 或 CSV：姓名、联系电话、角色（网格员、网格长…）和所属网格；巡查排班要用。")),
    ("sites", QT_TRANSLATE_NOOP("FirstRunGuide", "导入企业场所…"),
     QT_TRANSLATE_NOOP("FirstRunGuide", "Excel 或 CSV 表格带经纬度两列即可，也可导入 GIS 点数据。")),
    ("hazard", QT_TRANSLATE_NOOP("FirstRunGuide", "登记第一条隐患…"),
     QT_TRANSLATE_NOOP("FirstRunGuide", "在地图上单击一个场所，再登记它的隐患和整改期限。")),
)


class FirstRunGuide(QFrame):
    """Sits over `canvas`, centred, and follows its size. `chosen(key)`: a step's key, "demo" or "manual"."""

    chosen = Signal(str)

    def __init__(self, canvas: QWidget) -> None:
        super().__init__(canvas)
        self.setObjectName("first_run_guide")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#first_run_guide { background: rgba(255, 255, 255, 242); border: 1px solid #94a3b8;"
                           " border-radius: 6px; }")
        title = QLabel(tr("新项目：从这里开始"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(tr("按顺序做下面几步，地图上就会出现本乡镇（街道）的边界、网格和企业场所。"))
        intro.setWordWrap(True)
        steps = QGridLayout()
        steps.setHorizontalSpacing(12)
        steps.setVerticalSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        self.numbers: dict[str, QLabel] = {}
        for row, (key, text, note) in enumerate(STEPS):
            number = QLabel(f"{row + 1}")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setFixedSize(26, 26)
            self.numbers[key] = number
            button = QPushButton(tr(text))
            button.setMinimumWidth(170)
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            hint = QLabel(tr(note))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #475569")
            steps.addWidget(number, row, 0)
            steps.addWidget(button, row, 1)
            steps.addWidget(hint, row, 2)
            self.buttons[key] = button
        steps.setColumnStretch(2, 1)
        extra = QHBoxLayout()
        for key, text in (("demo", tr("打开示例项目")), ("manual", tr("用户手册")), ("close", tr("关闭向导"))):
            button = QPushButton(text)
            button.setFlat(True)
            button.setStyleSheet("color: #1d4ed8; text-decoration: underline;")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            extra.addWidget(button)
            self.buttons[key] = button
        collapse = QPushButton(tr("收起"))
        collapse.setFlat(True)
        collapse.setStyleSheet("color: #1d4ed8; text-decoration: underline;")
        collapse.clicked.connect(lambda _checked=False: self.set_expanded(False))
        self.collapse_button = collapse
        extra.addStretch(1)
        extra.addWidget(collapse)
        self.full = QWidget()
        layout = QVBoxLayout(self.full)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(steps)
        layout.addLayout(extra)
        # once something is on the map, a bar at its top instead of a panel over it: the next step, 全部步骤…, close
        self.bar = QWidget()
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(12, 6, 8, 6)
        self.bar_label = QLabel(tr("新项目，下一步："))
        self.next_button = QPushButton()
        self.next_button.clicked.connect(lambda _checked=False: self.next_key and self.chosen.emit(self.next_key))
        self.expand_button = QPushButton(tr("全部步骤…"))
        self.expand_button.clicked.connect(lambda _checked=False: self.set_expanded(True))
        close = QPushButton("✕")
        close.setFlat(True)
        close.setToolTip(tr("关闭向导"))
        close.clicked.connect(lambda _checked=False: self.chosen.emit("close"))
        for w in (self.bar_label, self.next_button, self.expand_button, close):
            row.addWidget(w)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.full)
        outer.addWidget(self.bar)
        self.next_key: str | None = None
        self.compact = False        # the map has data: the bar, unless the user asked for every step
        self.expanded = False
        canvas.installEventFilter(self)
        self.set_done({})
        self.hide()

    def set_done(self, done: dict[str, bool]) -> None:
        """Show which steps the project has done (gis.township.first_steps): ✓ on green instead of the number."""
        for row, (key, _text, _note) in enumerate(STEPS):
            finished = bool(done.get(key))
            number = self.numbers[key]
            number.setText("✓" if finished else f"{row + 1}")
            number.setStyleSheet(f"background: {'#16a34a' if finished else '#1d4ed8'}; color: white; "
                                 "border-radius: 13px; font-weight: bold;")
            number.setToolTip(tr("已完成") if finished else "")
        self.next_key = next((key for key, _text, _note in STEPS if not done.get(key)), None)
        if self.next_key is not None:
            self.next_button.setText(tr(dict((k, t) for k, t, _n in STEPS)[self.next_key]))
        self.compact = any(done.get(k) for k in ("boundaries", "grids", "sites"))
        self._show_mode()

    def set_expanded(self, expanded: bool) -> None:
        self.expanded = expanded
        self._show_mode()

    def _show_mode(self) -> None:
        bar = self.compact and not self.expanded
        self.bar.setVisible(bar)
        self.full.setVisible(not bar)
        self.collapse_button.setVisible(self.compact)
        if self.isVisible():
            self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self.place()
        return False

    def place(self) -> None:
        """Centred on the map, 620 px wide (wider where the map is too low for it) and never wider or taller than the
        map; the bar at its top."""
        canvas = self.parentWidget()
        if self.bar.isVisibleTo(self):
            frame = 2 * self.frameWidth()            # the border around the bar: its labels not cut by it
            hint = self.bar.sizeHint()
            width = min(hint.width() + frame, canvas.width() - 24)
            self.setGeometry((canvas.width() - width) // 2, 8, width, hint.height() + frame)
            return
        width, widest, room = max(200, min(620, canvas.width() - 24)), max(200, canvas.width() - 24), \
            max(120, canvas.height() - 24)

        def needed(w: int) -> int:
            return self.heightForWidth(w) if self.hasHeightForWidth() else self.sizeHint().height()

        while needed(width) > room and width < widest:   # a low map (a dock below it): wider, its notes on fewer lines
            width = min(width + 40, widest)
        height = min(needed(width), room)
        self.setGeometry((canvas.width() - width) // 2, max(12, (canvas.height() - height) // 3), width, height)

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible:
            self.place()
            self.raise_()
