"""Identify panel: the clicked feature's attributes and everything linked to it.

`describe()` labels what gis.identify.facts reads (hazards by state, responsible people and phones,
the feature's grid, recent patrols) in the interface language; `IdentifyPanel` shows it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import style_text, vocab_label, vocab_lang
from desktop.render import LayerStack
from desktop.render.hittest import Hit
from desktop.views.widgets.flow import FlowLayout
from gis import identify, vocab
from gis.gasmap import works_level_label

SOURCE_TITLES = {
    "townships": QT_TRANSLATE_NOOP("IdentifyPanel", "乡镇（街道）"),
    "villages": QT_TRANSLATE_NOOP("IdentifyPanel", "村（社区）"),
    "grids": QT_TRANSLATE_NOOP("IdentifyPanel", "网格"),
    "sites": QT_TRANSLATE_NOOP("IdentifyPanel", "企业与场所"),
    "pipelines": QT_TRANSLATE_NOOP("IdentifyPanel", "燃气管道"),
    "roads": QT_TRANSLATE_NOOP("IdentifyPanel", "道路"),
    "fire_lines": QT_TRANSLATE_NOOP("IdentifyPanel", "防火线路"),
    "zones": QT_TRANSLATE_NOOP("IdentifyPanel", "区域"),
    "buildings": QT_TRANSLATE_NOOP("IdentifyPanel", "建筑物"),
    "works": QT_TRANSLATE_NOOP("IdentifyPanel", "第三方施工"),
    "hazards": QT_TRANSLATE_NOOP("IdentifyPanel", "隐患"),
    "tipoffs": QT_TRANSLATE_NOOP("IdentifyPanel", "群众举报"),
    "patrol_routes": QT_TRANSLATE_NOOP("IdentifyPanel", "巡查任务"),
    "gas_protection": QT_TRANSLATE_NOOP("IdentifyPanel", "燃气管道保护范围"),
    "gas_control": QT_TRANSLATE_NOOP("IdentifyPanel", "燃气管道控制范围"),
    "gas_hca": QT_TRANSLATE_NOOP("IdentifyPanel", "燃气管道高后果区"),
    "gas_location_class": QT_TRANSLATE_NOOP("IdentifyPanel", "燃气管道地区等级"),
}
NAME_FIELDS = ("名称", "网格代码", "巡查人员")   # the first of these the feature has (by style-file field label) names it
translate = QCoreApplication.translate
FULL_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1   # a label before wrapping


def wrap_text(text: str, metrics, width: int) -> str:
    """`text` broken at spaces (or, for Chinese, anywhere) into lines at most `width` pixels wide."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    lines, line = [], ""
    for word in (text.split(" ") if " " in text else list(text)):
        joined = f"{line} {word}" if line and " " in text else line + word
        if line and metrics.horizontalAdvance(joined) > width:
            lines.append(line)
            line = word
        else:
            line = joined
    return "\n".join([*lines, line])


@dataclass
class Details:
    kind: str                                     # what the feature is, e.g. 企业与场所 (interface language)
    name: str
    attributes: list[tuple[str, str]]
    hazards: list[tuple[str, int]] = field(default_factory=list)       # state label, count
    people: list[tuple[str, str, str]] = field(default_factory=list)   # role, name, phone
    grid: str | None = None                       # "code name" of the feature's grid
    patrols: list[tuple[str, str]] = field(default_factory=list)       # when, what
    site_id: int | None = None
    grid_id: int | None = None
    gas: list[tuple[str, str]] = field(default_factory=list)            # a gas pipeline under the rules
    gas_buildings: list[tuple[str, str]] = field(default_factory=list)  # name, distance: in the protection range
    gas_works: list[tuple[str, str]] = field(default_factory=list)      # name, level and distance: in the control range


def _text(value, vocab_name: str | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if vocab_name:
        return vocab_label(vocab_name, str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _class_fields(stack: LayerStack, source: str) -> set[str]:
    """Columns whose values a style names classes by (Ⅰ级高后果区, 一级地区): their values are legend labels."""
    return {st.field for layer in stack.book.layers if layer.source == source for st in layer.styles
            if st.mode == "categorized" and st.categories and all(c.vocab is None for c in st.categories)}


def attribute_rows(stack: LayerStack, source: str, index: int) -> list[tuple[str, str]]:
    attrs = stack.sources[source].attrs
    classes = _class_fields(stack, source)
    rows = []
    for column in stack.book.fields.get(source, {}):
        if column in attrs:
            label, vocab_name = stack.book.field_label(source, column)
            text = _text(attrs[column].iloc[index], vocab_name)
            if text:
                rows.append((style_text(label), style_text(text) if column in classes else text))
    return rows


def _hazard_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(vocab_label("hazard_statuses", k), counts[k]) for k in vocab.keys("hazard_statuses") if counts.get(k)]


def _people(people) -> list[tuple[str, str, str]]:
    return [(translate("IdentifyPanel", "联系人") if role == "contact" else vocab_label("roles", role), name, phone)
            for role, name, phone in people]


def _result(key: str | None) -> str:
    """A patrol stop's result (vocabulary patrol_results; a free text stays as it is)."""
    return vocab_label("patrol_results", key) if key else ""


def _metres(value: float) -> str:
    return translate("IdentifyPanel", "{m} 米").format(m=f"{value:.1f}")


def _gas(d: Details, g: identify.GasFacts) -> None:
    """A gas pipeline's outside diameter and ranges as the rules apply them (the class too when the rules'
    default stood in for it: the recorded class, DN, material and operator are among its attributes), and
    what is inside its ranges."""
    default = translate("IdentifyPanel", "（按默认值）")
    each_side = translate("IdentifyPanel", "管外缘每侧 {m}")
    ranges_note = (translate("IdentifyPanel", "（按默认值：{what}）").format(what="、".join(g.defaulted))
                   if g.defaulted else "")
    if g.class_defaulted:
        d.gas.append((translate("IdentifyPanel", "压力级制"), g.class_name(vocab_lang()) + default))
    d.gas += [
        (translate("IdentifyPanel", "外径"), translate("IdentifyPanel", "{mm} 毫米").format(mm=f"{g.od_mm:g}")
         + (default if g.od_defaulted else "")),
        (translate("IdentifyPanel", "保护范围"), each_side.format(m=_metres(g.protection_m)) + ranges_note),
        (translate("IdentifyPanel", "控制范围"), each_side.format(m=_metres(g.control_m)) + ranges_note),
        (translate("IdentifyPanel", "依据"), g.range_basis),
        (translate("IdentifyPanel", "地区等级"), g.location_text_in(vocab_lang()) or translate("IdentifyPanel", "无")),
        (translate("IdentifyPanel", "高后果区"),
         "、".join(translate("IdentifyPanel", "{level}级").format(level=lv) for lv in g.hca_levels)
         or translate("IdentifyPanel", "无")),
    ]
    away = translate("IdentifyPanel", "距管外缘 {m}")
    d.gas_buildings = [(name, away.format(m=_metres(dist))) for name, dist in g.buildings]
    d.gas_works = [(name, f"{works_level_label(level, lang=vocab_lang())}，{away.format(m=_metres(dist))}")
                   for name, dist, level, _ in g.works]


def describe(s, stack: LayerStack, source: str, index: int) -> Details:
    """Everything the identify panel shows for row `index` of data layer `source` (s: a project session)."""
    fid = int(stack.sources[source].layer.ids[index])
    attrs = attribute_rows(stack, source, index)
    values = dict(attrs)
    name = next((values[style_text(label)] for label in NAME_FIELDS if values.get(style_text(label))), f"#{fid}")
    kind = SOURCE_TITLES.get(source)
    d = Details(translate("IdentifyPanel", kind) if kind else source, name, attrs)
    f = identify.facts(s, source, fid)
    d.hazards = _hazard_rows(f.hazard_counts)
    d.people = _people(f.people)
    d.site_id = f.site_id
    if f.site_count is not None:
        d.attributes.append((translate("IdentifyPanel", "场所数"), str(f.site_count)))
    if f.hazard is not None:
        d.name = f.hazard["description"]
        d.attributes.insert(0, (translate("IdentifyPanel", "隐患描述"), f.hazard["description"]))
        d.attributes.append((translate("IdentifyPanel", "发现日期"), f"{f.hazard['found_on']:%Y-%m-%d}"))
        d.attributes.append((translate("IdentifyPanel", "来源"), vocab_label("hazard_sources", f.hazard["source"])))
        if f.hazard["site_name"] is not None:
            d.attributes.append((translate("IdentifyPanel", "所在场所"), f.hazard["site_name"]))
    if f.gas is not None:
        _gas(d, f.gas)
    d.patrols = [(f"{at:%Y-%m-%d}", _result(result)) for at, result in f.visits]
    d.patrols += [(f"{day:%Y-%m-%d}", vocab_label("patrol_statuses", st)) for day, st in f.assignments]
    not_yet = translate("IdentifyPanel", "未到")
    d.patrols += [(f"{seq}. {name}", f"{at:%m-%d %H:%M} {_result(result)}".strip() if at else not_yet)
                  for seq, name, at, result in f.stops]
    if f.grid is not None:
        d.grid_id, code, grid_name = f.grid
        d.grid = f"{code} {grid_name}"
    return d


class IdentifyPanel(QWidget):
    """Shows `describe()` for the top hit of a click; lists the other features under the cursor."""

    showFeature = Signal(str, int)      # data layer name, row: zoom to it
    currentChanged = Signal()           # another feature shown, or none (`current`)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.stack: LayerStack | None = None
        self.details: Details | None = None
        self.hits: list[Hit] = []
        self.current: tuple[str, int] | None = None    # (data layer, row) shown
        self.actions: list[QPushButton] = []            # features' buttons (add_action)
        self.heading = QLabel(self.tr("在地图上单击要素查看详情"))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("项目"), self.tr("内容")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setWordWrap(True)
        self.tree.itemDoubleClicked.connect(self._other_chosen)
        self.buttons = FlowLayout()                     # wrapped onto more rows in a narrow panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addLayout(self.buttons)

    def add_action(self, text: str, tip: str, callback, applies=None) -> QPushButton:
        """A button under the details, enabled while a feature is shown; a click calls callback(source, row).
        With `applies(source, row) -> bool` the button shows only for the features it applies to."""
        button = QPushButton(text)
        button.setToolTip(tip)
        button.applies = applies
        self.buttons.addWidget(button)
        self.actions.append(button)
        self._enable(button)
        button.clicked.connect(lambda _=False: self.current is not None and callback(*self.current))
        return button

    def _enable(self, button: QPushButton) -> None:
        button.setEnabled(self.current is not None)
        if button.applies is not None:
            button.setVisible(self.current is not None and bool(button.applies(*self.current)))

    def set_project(self, project, stack: LayerStack | None) -> None:
        self.project, self.stack = project, stack
        self.clear()

    def clear(self) -> None:
        self.details, self.hits, self.current = None, [], None
        for button in self.actions:
            self._enable(button)
        self.currentChanged.emit()
        self.tree.clear()
        self.heading.setText(self.tr("在地图上单击要素查看详情"))

    def show_hits(self, hits: list[Hit]) -> None:
        self.hits = hits
        if not hits:
            self.clear()
            self.heading.setText(self.tr("此处没有要素"))
            return
        self.show_feature(hits[0].source, hits[0].index)

    def show_feature(self, source: str, index: int) -> None:
        if self.project is None or self.stack is None:
            return
        if all((h.source, h.index) != (source, index) for h in self.hits):
            self.hits = []      # shown from a search or a list, not one of the last click's features: those are not "here"
        with self.project.session() as s:
            d = describe(s, self.stack, source, index)
        self.details = d
        self.heading.setText(self.tr("<b>{kind}</b>：{name}").format(kind=d.kind, name=d.name))
        self.tree.clear()

        def section(title: str, rows) -> None:
            if not rows:
                return
            top = QTreeWidgetItem(self.tree, [title])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for row in rows:
                item = QTreeWidgetItem(top, [str(c) for c in row])
                item.setToolTip(1, str(row[-1]))
            top.setExpanded(True)

        section(self.tr("属性"), d.attributes)
        if d.gas:
            none = [(self.tr("（无）"), "")]
            section(self.tr("保护范围与控制范围"), d.gas)
            section(self.tr("保护范围内建筑物（{n}）").format(n=len(d.gas_buildings)), d.gas_buildings or none)
            section(self.tr("控制范围内在施第三方施工（{n}）").format(n=len(d.gas_works)), d.gas_works or none)
        if d.grid:
            section(self.tr("所属网格"), [(self.tr("网格"), d.grid)])
        section(self.tr("隐患（按状态）"), [(label, self.tr("{n} 条").format(n=n)) for label, n in d.hazards] or
                ([(self.tr("隐患"), self.tr("无"))] if source in ("sites", "grids") else []))
        section(self.tr("责任人"), [(role, f"{name}  {phone}".strip()) for role, name, phone in d.people])
        section(self.tr("巡查点") if source == "patrol_routes" else self.tr("巡查记录"), d.patrols)
        others = [h for h in self.hits if (h.source, h.index) != (source, index)]
        if others:
            top = QTreeWidgetItem(self.tree, [self.tr("此处其他要素")])
            top.setFirstColumnSpanned(True)
            for h in others[:20]:
                item = QTreeWidgetItem(top, [style_text(h.layer.title), self.feature_name(h.source, h.index)])
                item.setData(0, Qt.ItemDataRole.UserRole, (h.source, h.index))
            top.setExpanded(True)
        self._fit_label_column()
        self.current = (source, index)
        for button in self.actions:
            self._enable(button)
        self.currentChanged.emit()

    def _fit_label_column(self) -> None:
        """Labels take what they need but at most half the panel; longer ones wrap onto more lines."""
        limit = max(self.tree.viewport().width() // 2, 80)
        metrics = self.tree.fontMetrics()
        room = limit - 2 * self.tree.indentation() - 12
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                full = item.data(0, FULL_TEXT_ROLE) or item.text(0)
                item.setData(0, FULL_TEXT_ROLE, full)
                item.setText(0, wrap_text(full, metrics, room))
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), limit))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.tree.topLevelItemCount():
            self._fit_label_column()

    def refresh(self, shown: tuple[str, int] | None, replaced: set[str]) -> None:
        """After a write: show the feature again with fresh facts (`shown`: where it is now, None: gone);
        hits on reloaded layers are dropped (their rows may have moved)."""
        if self.current is None:
            return
        self.hits = [h for h in self.hits if h.source not in replaced]
        if shown is None:
            self.clear()
        else:
            self.show_feature(*shown)

    def feature_name(self, source: str, index: int) -> str:
        """What a person calls row `index` of data layer `source`: its name, code, description or state."""
        attrs = self.stack.sources[source].attrs
        for column in ("name", "code", "description", "status"):
            if column in attrs:
                _, vocab_name = self.stack.book.field_label(source, column)
                return _text(attrs[column].iloc[index], vocab_name)
        return ""

    def _other_chosen(self, item: QTreeWidgetItem, column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.show_feature(*data)
            self.showFeature.emit(*data)

    def texts(self) -> list[tuple[str, ...]]:
        """Every row as shown (for tests and copying)."""
        out = []

        def walk(item, depth):
            out.append(tuple(item.text(c) for c in range(2)))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)
        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i), 0)
        return out
