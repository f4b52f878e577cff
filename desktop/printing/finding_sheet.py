"""现场示意图 (执法用图) per gas finding: an A4 portrait sheet for the enforcement letter.

Title, a line with the finding's kind, hazard code and analysis date, the map (the one renderer through
desktop.printing.sheet_map.PrintMap: the pipelines with their protection and control ranges switched on,
buildings and works, the sheet's pipeline and feature highlighted, the measured distance as a dimension
line from the pipe's outer wall to the feature's nearest point with its value in metres, scale bar, north
arrow, legend), the facts table (gis.gas.sheets.FindingSheet.facts) and a signature line.

    printer = FindingSheetPrinter(FindingMap(finding_stack(stack)))
    printer.write(sheets, "示意图.pdf")            # one page per finding

The map is centred on the finding at a scale that shows the feature and the control range on both sides
of the pipe; all text is real text (Chinese copies and searches as written).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from desktop.printing.page import DPI, MM, Paper, draw_footer, font
from desktop.printing.pdf_document import pdf_document
from desktop.printing.sheet_map import (
    HIDDEN,
    PrintMap,
    print_stack,
    screen_path,
    to_display,
)
from desktop.printing.sheet_table import INK, PairTable
from desktop.printing.stacks import clipped
from desktop.render import LayerStack, MapRenderer, MapView
from gis.feedback import Feedback, ensure
from gis.gas.findings import metres
from gis.gas.sheets import FindingSheet

RANGES = ("gas_protection", "gas_control")
SHOWN = ("pipelines", "buildings", "works", *RANGES)          # on for the sheet, whatever the style file says
SHEET_HIDDEN = HIDDEN | {"school_zones", "high_consequence", "enterprise_grids", "grid_codes"}
FEATURE = QColor("#0b4fd6")          # the sheet's building / works outline
PIPE = QColor("#7a1f00")             # the sheet's pipeline, drawn over the ranges
DIMENSION = QColor("#c8102e")
MIN_ACROSS_M = 70.0                  # the map shows at least this many metres across
DETAIL_BELOW_PX = 40.0               # a dimension line shorter than this on the map gets a 局部放大 box


# the titles gis.gas.sheets.TITLES gives, for the translation files (painted through tr)
TITLES = (QT_TRANSLATE_NOOP("FindingSheet", "燃气管线占压现场示意图"),
          QT_TRANSLATE_NOOP("FindingSheet", "燃气管线安全间距不足现场示意图"),
          QT_TRANSLATE_NOOP("FindingSheet", "第三方施工邻近燃气管线现场示意图"))


def tr(text: str) -> str:
    return QCoreApplication.translate("FindingSheet", text)


def finding_stack(source: LayerStack) -> LayerStack:
    """Display layers for the sheets over `source`'s data (a print's own stack with the gas range sources:
    desktop.printing.stacks.with_sources): ranges, pipelines, buildings and works on; hazards, routes, grid
    codes and school zones off (the sheet draws its own marks)."""
    return print_stack(source, hidden=SHEET_HIDDEN, shown=SHOWN)


class FindingMap(PrintMap):
    """The sheet's map. Each sheet draws from the print stack cut to its surroundings (stacks.clipped), so a
    page holds a few metres of each range outline, not the whole township's."""

    def __init__(self, stack: LayerStack) -> None:
        super().__init__(stack)
        self.base = stack

    def _focus(self, rect: QRectF, extent) -> None:
        """Draw from the base stack cut to a box around `extent` wide enough for `rect`'s shape."""
        x0, y0, x1, y1 = extent
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        aspect = max(rect.width() / rect.height(), rect.height() / rect.width())
        half = max(x1 - x0, y1 - y0) / 2 * aspect * 1.3
        self.stack = clipped(self.base, (cx - half, cy - half, cx + half, cy + half))
        self.renderer = MapRenderer(self.stack, background="#ffffff", wait_tiles=True)

    def extent(self, sheet: FindingSheet) -> tuple[float, float, float, float]:
        """EPSG:3857 box centred on the feature and its dimension line, wide enough for the control range
        on both sides of the pipe plus a margin, and at least MIN_ACROSS_M across (ground metres)."""
        pts = [to_display(shapely.get_coordinates(sheet.feature))]
        pts.append(to_display(list(sheet.dimension)))
        xy = np.vstack(pts)
        x0, y0 = xy.min(axis=0)
        x1, y1 = xy.max(axis=0)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        lat = math.radians(float(shapely.get_coordinates(sheet.feature)[:, 1].mean()))
        k = 1 / math.cos(lat)            # Web Mercator units per ground metre
        reach = (sheet.half_od_m + sheet.control_m) * 1.6 + 8.0
        half = max((x1 - x0) / 2 + reach * k, (y1 - y0) / 2 + reach * k, MIN_ACROSS_M / 2 * k)
        return cx - half, cy - half, cx + half, cy + half

    def legend_items(self, sheet: FindingSheet):
        protection = QColor(self.style_color("gas_protection", "fill", "#59e31a1c"))
        control = QColor(self.style_color("gas_control", "fill", "#40fd8d3c"))
        control_edge = QColor(self.style_color("gas_control", "stroke", "#a0e6550d"))
        building = QColor(self.style_color("buildings", "fill", "#a0bdbdbd"))

        def pipe(p, x, y):
            p.setPen(QPen(PIPE, 2.6))
            p.drawLine(QPointF(x, y), QPointF(x + 20, y))

        def band(color, edge=None, dash=False):
            def draw(p, x, y):
                pen = QPen(edge or color.darker(130), 0.8, Qt.PenStyle.DashLine if dash else Qt.PenStyle.SolidLine)
                p.setPen(pen)
                p.setBrush(color)
                p.drawRect(QRectF(x, y - 5, 20, 10))
            return draw

        def feature(p, x, y):
            p.setPen(QPen(FEATURE, 2.2))
            p.setBrush(QColor(11, 79, 214, 40))
            p.drawRect(QRectF(x + 2, y - 5, 16, 10))

        def dimension(p, x, y):
            _dimension_line(p, QPointF(x, y), QPointF(x + 20, y), ticks=4)

        what = tr("本案施工范围") if sheet.kind == "third_party_works" else tr("本案建筑物")
        return [(pipe, tr("燃气管道（本案管线）")),
                (band(protection), tr("保护范围（管道外缘两侧各 {w} 米）").format(w=metres(sheet.protection_m))),
                (band(control, control_edge, True), tr("控制范围（管道外缘两侧各 {w} 米）").format(w=metres(sheet.control_m))),
                (feature, what), (band(building), tr("其他建筑物")),
                (dimension, tr("量测距离（自管道外壁）"))]

    def paint(self, painter: QPainter, rect: QRectF, sheet: FindingSheet) -> None:
        items = self.legend_items(sheet)
        self.legend_size(painter, [t for _, t in items])
        inset = self._inset_box(rect)
        extent = self.extent(sheet)
        self._focus(rect, extent)
        view = self.begin(painter, rect, extent, min_resolution=0.05, reserved=[inset])
        outline = self._marks(painter, view, sheet)
        a, b = self._dimension_ends(view, sheet)
        if math.hypot(b.x() - a.x(), b.y() - a.y()) < DETAIL_BELOW_PX:
            self._detail(painter, view, sheet, inset)
        self._dimension(painter, view, sheet, outline)
        self.legend(painter, view, items)
        self.end(painter, rect, view)

    def _marks(self, painter: QPainter, view: MapView, sheet: FindingSheet) -> QPainterPath:
        """The sheet's pipeline over the ranges (as wide as the pipe where the scale allows) and its feature
        outlined; returns the outline path."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pipe = screen_path(view, [sheet.pipeline])
        od = max(2.4, 2 * sheet.half_od_m / view.ground_resolution())     # the pipe to scale where that is wider
        for color, width in ((QColor(255, 255, 255, 220), od + 2.6), (PIPE, od)):
            pen = QPen(color, width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(pipe)
        outline = screen_path(view, [sheet.feature])
        painter.setBrush(QColor(11, 79, 214, 40))
        painter.setPen(QPen(QColor(255, 255, 255, 230), 5.0))
        painter.drawPath(outline)
        pen = QPen(FEATURE, 2.2)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.drawPath(outline)
        return outline

    @staticmethod
    def _inset_box(rect: QRectF) -> tuple[float, float, float, float]:
        w, h = min(62 * MM, rect.width() * 0.36), min(46 * MM, rect.height() * 0.42)
        return (8.0, 8.0, 8.0 + w, 8.0 + h)

    @staticmethod
    def _dimension_ends(view: MapView, sheet: FindingSheet) -> tuple[QPointF, QPointF]:
        xy = to_display(list(sheet.dimension))
        sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
        return QPointF(sx[0], sy[0]), QPointF(sx[1], sy[1])

    def _detail(self, painter: QPainter, view: MapView, sheet: FindingSheet, box) -> None:
        """局部放大: the surroundings of the dimension line at a scale where the measured distance is
        long enough to read, in a framed box at the map's top left; the box's area is marked on the map."""
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        xy = to_display(list(sheet.dimension))
        cx, cy = xy.mean(axis=0)
        lat = math.radians(float(sheet.dimension[0][1]))
        k = 1 / math.cos(lat)
        half = max(sheet.distance_m * 1.6, 1.2 + sheet.half_od_m) * k
        head = 14.0
        detail = MapView(0.0, 0.0, 1.0, int(w), int(h - head)).fitted((cx - half, cy - half, cx + half, cy + half),
                                                                     0.0, min_resolution=0.002)
        # where the detail is, on the map
        (mx0, mx1), (my0, my1) = view.to_screen(np.array([cx - detail.width / 2 * detail.resolution,
                                                          cx + detail.width / 2 * detail.resolution]),
                                                np.array([cy + detail.height / 2 * detail.resolution,
                                                          cy - detail.height / 2 * detail.resolution]))
        mark = QRectF(QPointF(mx0, my0), QPointF(mx1, my1)).normalized()
        if mark.width() < 8:
            mark = QRectF(mark.center().x() - 4, mark.center().y() - 4, 8, 8)
        painter.setPen(QPen(QColor("#333333"), 1.0, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(mark)
        painter.setPen(QPen(QColor("#333333"), 0.8, Qt.PenStyle.DotLine))
        painter.drawLine(mark.topLeft(), QPointF(x0 + w, y0 + h))
        painter.save()
        painter.translate(x0, y0)
        painter.setClipRect(QRectF(0, 0, w, h))
        painter.fillRect(QRectF(0, 0, w, h), QColor("#ffffff"))
        painter.setFont(font(7.5, bold=True))
        painter.setPen(INK)
        painter.drawText(QRectF(4, 0, w - 8, head), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         tr("局部放大（1:{n}）").format(n=f"{detail.scale_denominator():,.0f}"))
        painter.translate(0, head)
        painter.setClipRect(QRectF(0, 0, detail.width, detail.height))
        x0d, y0d, x1d, y1d = detail.extent()
        pad = (x1d - x0d) * 0.2
        near = clipped(self.base, (x0d - pad, y0d - pad, x1d + pad, y1d + pad))   # its own cut: the inset's metres
        MapRenderer(near, background="#ffffff", wait_tiles=True).render(painter, detail, labels=False,
                                                                        decorations=False)
        outline = self._marks(painter, detail, sheet)
        self._dimension(painter, detail, sheet, outline)
        painter.restore()
        pen = QPen(QColor("#333333"), 1.2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(x0, y0, w, h))
        painter.drawLine(QPointF(x0, y0 + head), QPointF(x0 + w, y0 + head))

    def _dimension(self, painter: QPainter, view: MapView, sheet: FindingSheet, outline: QPainterPath) -> None:
        """The dimension line between the wall point and the feature's nearest point, its value beside it
        (led out by a leader when the line is too short to hold it). A feature that touches the pipe has
        no line: the value is written at the contact point."""
        a, b = self._dimension_ends(view, sheet)
        text = tr("{d} 米").format(d=metres(sheet.distance_m))
        if sheet.distance_m <= 0:
            text = tr("压占管道（{d} 米）").format(d=metres(sheet.distance_m))
        f = font(9, bold=True)
        fm = QFontMetricsF(f, painter.device())
        tw, th = fm.horizontalAdvance(text) + 8, fm.height() + 4
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy)
        if length >= 4:
            _dimension_line(painter, a, b)
        else:
            painter.setPen(QPen(QColor("#ffffff"), 1.5))
            painter.setBrush(DIMENSION)
            painter.drawEllipse(b, 3.5, 3.5)
        mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        # the label goes off to the side of the line away from the feature's body, led out when short
        ux, uy = (dx / length, dy / length) if length > 1e-6 else (0.0, -1.0)
        nx, ny = -uy, ux
        centre = outline.boundingRect().center()
        if (centre.x() - mid.x()) * nx + (centre.y() - mid.y()) * ny > 0:
            nx, ny = -nx, -ny
        if length < tw + 10:
            out = max(34.0, th * 1.6)
            anchor = QPointF(mid.x() + nx * out - ux * out * 0.6, mid.y() + ny * out - uy * out * 0.6)
            painter.setPen(QPen(DIMENSION, 1.1))
            painter.drawLine(mid, anchor)
        else:
            anchor = QPointF(mid.x() + nx * (th * 0.75), mid.y() + ny * (th * 0.75))
        box = QRectF(anchor.x() - tw / 2, anchor.y() - th / 2, tw, th)
        painter.setPen(QPen(DIMENSION, 1.0))
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawRect(box)
        painter.setFont(f)
        painter.setPen(DIMENSION)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


def _dimension_line(painter: QPainter, a: QPointF, b: QPointF, ticks: float = 6.0) -> None:
    """A dimension line a–b on a white halo with arrowheads at both ends and end ticks across it."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux
    halo = QPen(QColor(255, 255, 255, 230), 4.0)
    halo.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(halo)
    painter.drawLine(a, b)
    painter.setPen(QPen(DIMENSION, 1.4))
    painter.drawLine(a, b)
    for p in (a, b):
        painter.drawLine(QPointF(p.x() + nx * ticks, p.y() + ny * ticks), QPointF(p.x() - nx * ticks, p.y() - ny * ticks))
    head = min(5.0, length / 3)
    painter.setBrush(DIMENSION)
    painter.setPen(Qt.PenStyle.NoPen)
    for p, s in ((a, 1), (b, -1)):
        tip = p
        base = QPointF(p.x() + s * ux * head, p.y() + s * uy * head)
        path = QPainterPath(tip)
        path.lineTo(QPointF(base.x() + nx * head * 0.45, base.y() + ny * head * 0.45))
        path.lineTo(QPointF(base.x() - nx * head * 0.45, base.y() - ny * head * 0.45))
        path.closeSubpath()
        painter.drawPath(path)


@dataclass
class FindingSheetOptions:
    paper: Paper = field(default_factory=Paper)
    printed_on: date = field(default_factory=date.today)
    signatures: tuple[str, ...] = (QT_TRANSLATE_NOOP("FindingSheet", "现场核查人（签字）："),
                                   QT_TRANSLATE_NOOP("FindingSheet", "燃气企业（签字）："),
                                   QT_TRANSLATE_NOOP("FindingSheet", "日期：　　　年　　月　　日"))


class FindingSheetPrinter:
    def __init__(self, sheet_map: FindingMap, options: FindingSheetOptions | None = None) -> None:
        self.map = sheet_map
        self.options = options or FindingSheetOptions()

    def write(self, sheets: list[FindingSheet], path: str | Path, *, feedback: Feedback | None = None,
              counted: tuple[int, int] | None = None) -> Path:
        """`sheets` into one PDF at `path`, a page each; `feedback` hears of each sheet, and when it is
        cancelled (or anything fails) the file is removed and the error raised. `counted` = (sheets before
        these, sheets in all) when this file is part of a batch."""
        before, total = counted or (0, len(sheets))
        feedback = ensure(feedback)
        title = sheets[0].title if len(sheets) == 1 else tr("燃气管线安全隐患现场示意图")
        m = self.options.paper.margin_mm
        with pdf_document(path, title=title, dpi=DPI, size=self.options.paper.name, margins_mm=(m, m, m, m)) as doc:
            for n, sheet in enumerate(sheets):
                feedback.step(before + n, total, tr("正在绘制现场示意图"))
                doc.page()
                self._page(doc.painter, sheet, n, len(sheets))
            feedback.step(before + len(sheets), total, tr("正在绘制现场示意图"))
        return Path(path)

    def _page(self, painter: QPainter, sheet: FindingSheet, n: int, count: int) -> None:
        page, k = self.options.paper.content(), self.options.paper.scale
        w = page.width()
        painter.setPen(INK)
        title_h = 11 * MM * k
        painter.setFont(font(16 * k, bold=True))
        painter.drawText(QRectF(0, 0, w, title_h * 0.8), int(Qt.AlignmentFlag.AlignCenter), tr(sheet.title))
        painter.setFont(font(8 * k))
        painter.setPen(QColor("#444444"))
        sub = tr("隐患编号 {code}　分析日期 {day}").format(code=sheet.hazard_code or tr("未登记"),
                                                       day=f"{sheet.on:%Y-%m-%d}")
        painter.drawText(QRectF(0, title_h * 0.75, w, 5 * MM), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), sub)
        y = title_h + 5 * MM
        facts = [[pair] for pair in sheet.facts()]
        table = PairTable(painter, w, 6.2 * MM * k, k, label_mm=20, wrap=True, size=8.5)
        sign_h, footer_h, gap = 14 * MM * k, 7 * MM, 3 * MM
        map_h = page.height() - y - gap - table.height(facts) - gap - sign_h - footer_h
        self.map.paint(painter, QRectF(0, y, w, map_h), sheet)
        y += map_h + gap
        y = table.paint(facts, y) + gap
        self._signatures(painter, y, w, sign_h)
        self._footer(painter, sheet, page.height(), w, footer_h, n, count)

    def _signatures(self, painter: QPainter, y: float, w: float, h: float) -> None:
        painter.setFont(font(9 * self.options.paper.scale))
        painter.setPen(INK)
        items = self.options.signatures
        col = w / len(items)
        pen = QPen(QColor("#333333"))
        pen.setWidthF(0.2 * MM)
        for i, text in enumerate(items):
            r = QRectF(i * col, y, col - 4 * MM, h)
            painter.setPen(INK)
            painter.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), tr(text))
            if text.endswith("："):
                fm = QFontMetricsF(painter.font(), painter.device())
                x0 = r.x() + fm.horizontalAdvance(tr(text)) + 1 * MM
                painter.setPen(pen)
                painter.drawLine(QPointF(x0, r.bottom() - 0.8 * MM), QPointF(r.right(), r.bottom() - 0.8 * MM))

    def _footer(self, painter: QPainter, sheet: FindingSheet, page_h: float, w: float, footer_h: float,
                n: int, count: int) -> None:
        draw_footer(painter, w, page_h, footer_h, f"{sheet.pipeline_name} · {sheet.feature_name}",
                    tr("第 {n} 页 共 {m} 页").format(n=n + 1, m=count) if count > 1 else "",
                    tr("打印日期 {d}").format(d=f"{self.options.printed_on:%Y-%m-%d}"))
