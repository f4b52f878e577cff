"""Forest-fire grid wall maps (网格管理图上墙) as vector PDF at A0, A1 or A3, landscape by default.

The page: a title band (title, scale, date, 示例数据 stamp for demo projects), the map painted by the
shared MapRenderer (styles in resources/styles/wall_map.yaml) with the parts (townships, villages or
grids) tinted and labelled, a veil outside the area, scale bar and north arrow; on the right the people
table (gis.fire.wall_map) and the legend; a footer. Sizes are in millimetres and grow with the paper; every
text is real text recorded in `WallMapLayout.page.texts`, map labels in `labels`, so tests can check
the minimum printed size (2 mm) and that no two labels overlap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from desktop.printing.page_text import Page, overlaps
from desktop.printing.pdf_document import pdf_document
from desktop.printing.stacks import load_stack
from desktop.render.decorations import length_text, nice_length, round_scale
from desktop.render.layerstack import LayerStack
from desktop.render.painters import paint_symbol
from desktop.render.renderer import MapRenderer
from desktop.render.styles import Symbol, load_book
from desktop.render.viewport import MapView
from gis.feedback import Feedback, ensure
from gis.fire.wall_map import PART_NAMES, WallMapContent
from gis.geo.crs import DISPLAY, STORAGE, transform
from gis.paths import RESOURCES

STYLE_FILE = RESOURCES / "styles" / "wall_map.yaml"
SIZES = {"A0": (1189.0, 841.0), "A1": (841.0, 594.0), "A3": (420.0, 297.0)}   # landscape, mm
DPI = {"A0": 50, "A1": 72, "A3": 100}   # printer pixels an inch: map symbols and lines grow with the paper
SCALE = {"A0": 2.5, "A1": 1.75, "A3": 1.0}  # text and margins relative to A3
MIN_TEXT_MM = 2.0
PART_TINTS = ["#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec"]
PART_STROKE = "#6a3d9a"
FACILITIES = {"checkpoint": "检查站", "lookout_tower": "瞭望塔", "supply_depot": "物资库"}
SOURCES = ["townships", "villages", "grids", "sites", "roads", "fire_lines", "zones"]


def tr(text: str) -> str:
    return QCoreApplication.translate("WallMap", text)


@dataclass
class Label:
    text: str
    box: tuple[float, float, float, float]   # mm on the page
    kind: str                                # part | facility


@dataclass
class WallMapLayout:
    size: str
    orientation: str
    width_mm: float
    height_mm: float
    page: Page | None = None
    labels: list[Label] = field(default_factory=list)
    scale_denominator: float = 0.0

    def min_text_mm(self) -> float:
        return min(t.size_mm for t in self.page.texts)


def wall_map_stack(project) -> LayerStack:
    return load_stack(project, SOURCES, book=load_book(STYLE_FILE))


def write_wall_map(content: WallMapContent, stack: LayerStack, path: str | Path, *, size: str = "A1",
                   landscape: bool = True, today: date | None = None, unit_name: str | None = None,
                   feedback: Feedback | None = None) -> WallMapLayout:
    """Paint the wall map into a PDF at `path`; returns the layout (texts, label boxes) for checks.
    On cancel (through `feedback`) or failure the file is removed."""
    feedback = ensure(feedback)
    if size not in SIZES:
        raise ValueError(f"纸张应为 {'、'.join(SIZES)}")
    w, h = SIZES[size] if landscape else SIZES[size][::-1]
    layout = WallMapLayout(size, "landscape" if landscape else "portrait", w, h)
    try:
        with pdf_document(path, title=content.title, dpi=DPI[size], size=size, landscape=landscape,
                          margins_mm=(0, 0, 0, 0)) as (writer, painter):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            layout.page = Page(painter, DPI[size], writer)
            _paint(layout, content, stack, today or date.today(), unit_name, feedback)
            feedback.progress(0.9, tr("正在处理文字"))
    except BaseException:
        layout.page = None
        raise
    return layout


# --- the page ---------------------------------------------------------------------------------------

def _paint(lay: WallMapLayout, c: WallMapContent, stack: LayerStack, today: date, unit_name: str | None,
           feedback: Feedback) -> None:
    feedback.progress(0.0, tr("正在绘制地图"))
    pg, p = lay.page, lay.page.p
    f = SCALE[lay.size]
    W, H = lay.width_mm, lay.height_mm
    m = 8 * f                                   # outer margin
    p.fillRect(pg.rect(0, 0, W, H), QColor("white"))
    _frame(pg, m, m, W - 2 * m, H - 2 * m, double=True)
    title_h = 24 * f
    foot_h = 8 * f
    inner = (m + 3 * f, m + 3 * f, W - 2 * m - 6 * f, H - 2 * m - 6 * f)
    x0, y0, iw, ih = inner
    # title band
    pg.text(x0, y0, iw, title_h * 0.62, c.title, 10 * f, role="title", bold=True)
    sub = f"{tr('制图日期')}：{today.year}年{today.month}月{today.day}日"
    map_y = y0 + title_h
    side_w = max(iw * 0.34, 130 * f)
    map_w, map_h = iw - side_w - 5 * f, ih - title_h - foot_h
    view, scale = _map_view(c, stack, pg, map_w, map_h)
    lay.scale_denominator = scale
    sub = f"{tr('比例尺')} 1:{round_scale(scale):,}    " + sub
    pg.text(x0, y0 + title_h * 0.6, iw, title_h * 0.32, sub, 3.2 * f, role="subtitle", color="#444444")
    if c.is_demo:
        sw, sh = 34 * f, 11 * f
        sx, sy = x0 + iw - sw - 2 * f, y0 + 4 * f
        pen = QPen(QColor("#c00000"), 0.8 * f * pg.k)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(pg.rect(sx, sy, sw, sh))
        pg.text(sx, sy, sw, sh, tr("示例数据"), 5.5 * f, role="stamp", bold=True, color="#c00000")
    # map
    _paint_map(lay, c, stack, view, x0, map_y, map_w, map_h)
    # side panel: people, then legend
    feedback.progress(0.7, tr("正在排版人员表和图例"))
    sx = x0 + map_w + 5 * f
    legend_h = _legend_height(c, stack, pg, f)
    _people(lay, c, sx, map_y, side_w, map_h - legend_h - 4 * f)
    _legend(lay, c, stack, sx, map_y + map_h - legend_h, side_w, legend_h)
    # footer
    fy = map_y + map_h + 1.5 * f
    maker = unit_name or (f"{c.area_name}森林防火指挥部")
    pg.text(x0, fy, iw * 0.6, foot_h - 2 * f, f"{tr('制图单位')}：{maker}    {tr('数据来源')}：gridsafe {tr('项目数据')}",
            2.6 * f, role="footer", align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, color="#444444")
    right = tr("本图为示例数据，仅供演示") if c.is_demo else tr("请张贴于值班室，人员变动及时更新")
    pg.text(x0 + iw * 0.6, fy, iw * 0.4, foot_h - 2 * f, right, 2.6 * f, role="footer",
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            color="#c00000" if c.is_demo else "#444444")


def _frame(pg: Page, x, y, w, h, *, double: bool = False, width_mm: float = 0.5) -> None:
    p = pg.p
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#222222"), width_mm * pg.k * (2 if double else 1)))
    p.drawRect(pg.rect(x, y, w, h))
    if double:
        p.setPen(QPen(QColor("#222222"), width_mm * 0.5 * pg.k))
        g = 1.5 * width_mm * 2
        p.drawRect(pg.rect(x + g, y + g, w - 2 * g, h - 2 * g))


# --- the map ----------------------------------------------------------------------------------------

def _display(geom):
    return transform(np.array([geom], dtype=object), STORAGE, DISPLAY)[0]


def _map_view(c: WallMapContent, stack: LayerStack, pg: Page, w_mm: float, h_mm: float) -> tuple[MapView, float]:
    area = _display(c.area_geom)
    view = MapView.for_bounds(shapely.bounds(area), int(pg.px(w_mm)), int(pg.px(h_mm)), margin=0.06)
    metres_per_mm = view.ground_resolution() * pg.k
    return view, metres_per_mm * 1000


def _screen_path(geom, view: MapView) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in shapely.get_rings(shapely.get_parts(geom)):
        xy = shapely.get_coordinates(ring)
        sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
        path.addPolygon(QPolygonF([QPointF(a, b) for a, b in zip(sx.tolist(), sy.tolist(), strict=True)]))
        path.closeSubpath()
    return path


def _paint_map(lay: WallMapLayout, c: WallMapContent, stack: LayerStack, view: MapView,
               x: float, y: float, w: float, h: float) -> None:
    pg, p = lay.page, lay.page.p
    f = SCALE[lay.size]
    p.save()
    p.translate(pg.px(x), pg.px(y))
    p.setClipRect(QRectF(0, 0, view.width, view.height))
    p.fillRect(QRectF(0, 0, view.width, view.height), QColor("#f7f6f0"))
    parts = [_display(part.geom) for part in c.parts]
    p.setPen(Qt.PenStyle.NoPen)
    for i, g in enumerate(parts):
        tint = QColor(PART_TINTS[i % len(PART_TINTS)])
        tint.setAlpha(150)
        p.setBrush(tint)
        p.drawPath(_screen_path(g, view))
    MapRenderer(stack, background="#00000000", wait_tiles=True).render(p, view, labels=False, decorations=False)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor(PART_STROKE), 0.45 * f * pg.k))
    for g in parts:
        p.drawPath(_screen_path(g, view))
    area = _display(c.area_geom)
    veil = QPainterPath()
    veil.addRect(QRectF(0, 0, view.width, view.height))
    veil = veil.subtracted(_screen_path(area, view))
    p.fillPath(veil, QColor(255, 255, 255, 170))
    pen = QPen(QColor("#b2182b"), 1.0 * f * pg.k)
    pen.setStyle(Qt.PenStyle.DashDotLine)
    p.setPen(pen)
    p.drawPath(_screen_path(area, view))
    p.restore()
    blocked = _facility_boxes(stack, view, pg, x, y)
    _part_labels(lay, c, parts, view, x, y, w, h, blocked)
    if c.level != "district":    # a district map is too small a scale for facility names
        _facility_labels(lay, stack, view, x, y, w, h, area, blocked)
    _scale_bar(lay, view, x, y, w, h)
    _north_arrow(lay, x, y, w)
    p.setPen(QPen(QColor("#222222"), 0.35 * f * pg.k))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(pg.rect(x, y, w, h))


def _facilities(stack: LayerStack, view: MapView):
    src = stack.sources["sites"]
    if not len(src):
        return []
    cats = src.attrs["category"].to_numpy()
    names = src.attrs["name"].to_numpy()
    sx, sy = view.to_screen(src.xy[:, 0], src.xy[:, 1])
    out = []
    for i in np.flatnonzero(np.isin(cats, list(FACILITIES))):
        if 0 <= sx[i] <= view.width and 0 <= sy[i] <= view.height:
            out.append((str(names[i]), str(cats[i]), float(sx[i]), float(sy[i]), src.xy[i]))
    return out


def _facility_boxes(stack, view, pg: Page, x, y) -> list[tuple[float, float, float, float]]:
    """Boxes (mm) under the facility symbols: labels keep off them."""
    r = 8 / pg.k   # symbol half size + a little, in mm
    return [(x + sx / pg.k - r, y + sy / pg.k - r, x + sx / pg.k + r, y + sy / pg.k + r)
            for _, _, sx, sy, _ in _facilities(stack, view)]


def _fits(box, frame, taken) -> bool:
    fx0, fy0, fx1, fy1 = frame
    if box[0] < fx0 or box[1] < fy0 or box[2] > fx1 or box[3] > fy1:
        return False
    return not any(overlaps(box, t) for t in taken)


def _part_labels(lay, c, parts, view, x, y, w, h, blocked) -> None:
    pg = lay.page
    f = SCALE[lay.size]
    frame = (x + 1, y + 1, x + w - 1, y + h - 1)
    taken = list(blocked) + _reserved(lay, x, y, w, h)
    size = 3.4 * f
    code_size = 2.8 * f
    order = np.argsort([-g.area for g in parts], kind="stable")
    for i in order.tolist():
        part, g = c.parts[i], parts[i]
        a = shapely.point_on_surface(g)
        sx, sy = view.to_screen(a.x, a.y)
        cx, cy = x + float(sx) / pg.k, y + float(sy) / pg.k
        name_w, code_w = pg.width_mm(part.name, size, True), pg.width_mm(part.code, code_size)
        lh, ch = pg.line_mm(size, True), pg.line_mm(code_size)
        bw = max(name_w, code_w) + 1
        choices = []
        for dy in (0.0, -1.2 * (lh + ch), 1.2 * (lh + ch)):
            choices.append(("both", (cx - bw / 2, cy - (lh + ch) / 2 + dy, cx + bw / 2, cy + (lh + ch) / 2 + dy)))
        choices.append(("code", (cx - code_w / 2 - 0.5, cy - ch / 2, cx + code_w / 2 + 0.5, cy + ch / 2)))
        for what, box in choices:
            if _fits(box, frame, taken):
                break
        else:
            continue
        taken.append(box)
        bx0, by0, bx1, _ = box
        if what == "both":
            pg.text(bx0, by0, bx1 - bx0, lh, part.name, size, role="label", bold=True, color=PART_STROKE, halo=True)
            pg.text(bx0, by0 + lh, bx1 - bx0, ch, part.code, code_size, role="label", color="#3f007d", halo=True)
        else:
            pg.text(bx0, by0, bx1 - bx0, ch, part.code, code_size, role="label", color="#3f007d", halo=True)
        lay.labels.append(Label(part.code, box, "part"))
    lay._taken = taken


def _facility_labels(lay, stack, view, x, y, w, h, area, blocked) -> None:
    pg = lay.page
    f = SCALE[lay.size]
    size = 2.6 * f
    frame = (x + 1, y + 1, x + w - 1, y + h - 1)
    taken = lay._taken
    for name, cat, sx, sy, xy in _facilities(stack, view):
        if not area.buffer(view.resolution * 20).contains(shapely.Point(xy)):
            continue
        cx, cy = x + sx / pg.k, y + sy / pg.k
        tw, th = pg.width_mm(name, size) + 0.6, pg.line_mm(size)
        gap = 8 / pg.k + 0.8
        own = (cx - gap + 0.8, cy - gap + 0.8, cx + gap - 0.8, cy + gap - 0.8)
        slots = [(cx + gap, cy - th / 2), (cx - gap - tw, cy - th / 2), (cx - tw / 2, cy - gap - th),
                 (cx - tw / 2, cy + gap)]
        others = [t for t in taken if t != own]
        for bx, by in slots:
            box = (bx, by, bx + tw, by + th)
            if _fits(box, frame, [t for t in others if not _same(t, own)]):
                break
        else:
            continue
        taken.append(box)
        pg.text(box[0], box[1], tw, th, name, size, role="label", color="#67000d", halo=True)
        lay.labels.append(Label(name, box, "facility"))


def _same(a, b, eps: float = 1e-6) -> bool:
    return all(abs(u - v) < 0.9 for u, v in zip(a, b, strict=True))


def _reserved(lay, x, y, w, h) -> list[tuple[float, float, float, float]]:
    """Map corners the scale bar (bottom left) and north arrow (top right) occupy."""
    f = SCALE[lay.size]
    return [(x, y + h - 18 * f, x + 70 * f, y + h), (x + w - 20 * f, y, x + w, y + 26 * f)]


def _scale_bar(lay, view: MapView, x, y, w, h) -> None:
    pg, p = lay.page, lay.page.p
    f = SCALE[lay.size]
    metres_per_mm = view.ground_resolution() * pg.k
    metres = nice_length(metres_per_mm * 50 * f)
    bar = metres / metres_per_mm
    bx, by = x + 6 * f, y + h - 8 * f
    p.fillRect(pg.rect(x + 2 * f, y + h - 16 * f, bar + 14 * f, 14 * f), QColor(255, 255, 255, 220))
    p.setPen(QPen(QColor("#222222"), 0.2 * f * pg.k))
    for i in range(4):
        p.setBrush(QColor("#222222") if i % 2 == 0 else QColor("#ffffff"))
        p.drawRect(pg.rect(bx + i * bar / 4, by, bar / 4, 1.6 * f))
    t = 2.6 * f
    pg.text(bx - 3 * f, by + 1.8 * f, 6 * f, pg.line_mm(t), "0", t, role="scale")
    pg.text(bx + bar - 12 * f, by + 1.8 * f, 24 * f, pg.line_mm(t), length_text(metres), t, role="scale")
    pg.text(bx, by - pg.line_mm(t) - 0.8 * f, bar + 6 * f, pg.line_mm(t),
            f"1:{round_scale(lay.scale_denominator):,}", t, role="scale",
            align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)


def _north_arrow(lay, x, y, w) -> None:
    pg, p = lay.page, lay.page.p
    f = SCALE[lay.size]
    cx, top = x + w - 10 * f, y + 9 * f
    pts = lambda *xy: QPolygonF([QPointF(pg.px(a), pg.px(b)) for a, b in xy])
    p.setPen(QPen(QColor("#222222"), 0.2 * f * pg.k))
    p.setBrush(QColor("#222222"))
    p.drawPolygon(pts((cx, top), (cx + 4 * f, top + 13 * f), (cx, top + 10 * f)))
    p.setBrush(QColor("#ffffff"))
    p.drawPolygon(pts((cx, top), (cx - 4 * f, top + 13 * f), (cx, top + 10 * f)))
    t = 4 * f
    pg.text(cx - 5 * f, top - pg.line_mm(t, True) - 0.5 * f, 10 * f, pg.line_mm(t, True), "北", t, role="north", bold=True)


# --- people table -----------------------------------------------------------------------------------

def _people(lay, c: WallMapContent, x, y, w, h) -> None:
    pg, p = lay.page, lay.page.p
    f = SCALE[lay.size]
    head = 4.2 * f
    pg.text(x, y, w, pg.line_mm(head, True) + 1.5 * f,
            f"{PART_NAMES[c.level]}{tr('责任人员及联系电话')}", head, role="heading", bold=True,
            align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    ty = y + pg.line_mm(head, True) + 2.5 * f
    notes_h = sum(pg.line_mm(2.8 * f) + 0.5 for _ in c.notes) + (2 * f if c.notes else 0)
    avail = h - (ty - y) - notes_h
    rows = [[v.replace("、", "\n") for v in r] for r in c.rows]   # one person (name and phone) a line
    size = 4.0 * f
    while True:
        widths = _column_widths(pg, c, size, w)
        pad = 0.8 * f
        heights = [pg.line_mm(size, True) + 2 * pad] + [
            max(pg.wrapped_height_mm(v, size, cw - 2 * pad) for v, cw in zip(r, widths, strict=True)) + 2 * pad
            for r in rows]
        if (sum(heights) <= avail and sum(widths) <= w + 1e-6) or size <= MIN_TEXT_MM + 1e-6:
            break
        size = max(MIN_TEXT_MM, size * 0.92)
    if sum(widths) > w:   # even the smallest text needs wrapping inside a name
        widths = [cw * w / sum(widths) for cw in widths]
    shown = len(c.rows)
    while shown and sum(heights[:shown + 1]) > avail - pg.line_mm(size):
        shown -= 1
    yy = ty
    for r, row in enumerate([c.columns] + rows[:shown]):
        rh = heights[r]
        xx = x
        for v, cw in zip(row, widths, strict=True):
            rect = (xx, yy, cw, rh)
            if r == 0:
                p.fillRect(pg.rect(*rect), QColor("#e5e0ef"))
            elif r % 2 == 0:
                p.fillRect(pg.rect(*rect), QColor("#f6f4fa"))
            p.setPen(QPen(QColor("#555555"), 0.15 * f * pg.k))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(pg.rect(*rect))
            pg.text(xx + pad, yy + pad, cw - 2 * pad, rh - 2 * pad, v, size, role="table", bold=r == 0, wrap=True,
                    align=Qt.AlignmentFlag.AlignCenter if r == 0 else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            xx += cw
        yy += rh
    if shown < len(c.rows):
        pg.text(x, yy, w, pg.line_mm(size), f"……{tr('另有')} {len(c.rows) - shown} {tr('行，见附表')}", size,
                role="table", align=Qt.AlignmentFlag.AlignLeft)
        yy += pg.line_mm(size)
    yy += 1.5 * f
    for note in c.notes:
        nh = pg.line_mm(2.8 * f)
        pg.text(x, yy, w, nh, note, 2.8 * f, role="note", align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        yy += nh + 0.5


def _column_widths(pg: Page, c: WallMapContent, size: float, total: float) -> list[float]:
    """Each column at least as wide as its header and its longest entry (one person with phone); the rest
    of the width shared in proportion to what each column would need unwrapped."""
    natural, least = [], []
    for j, name in enumerate(c.columns):
        head = pg.width_mm(name, size, True) + 2.5
        least.append(max([head] + [pg.width_mm(tok, size) + 2.5 for r in c.rows for tok in r[j].split("、")]))
        natural.append(max(least[-1], *(pg.width_mm(r[j], size) + 2.5 for r in c.rows)) if c.rows else head)
    if sum(natural) <= total:
        k = total / sum(natural)
        return [n * k for n in natural]
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    rest = max(total - sum(least), 0.0)
    k = rest / sum(extra) if sum(extra) else 0.0
    return [m + e * k for m, e in zip(least, extra, strict=True)]


# --- legend -----------------------------------------------------------------------------------------

def _legend_entries(c: WallMapContent, stack: LayerStack) -> list[tuple[str, Symbol, str]]:
    """(label, symbol, kind) — kind: point | line | fill."""
    out = [(f"{PART_NAMES[c.level]}{tr('范围')}", Symbol(fill="#96fbb4ae", stroke=PART_STROKE, width=1.5), "fill"),
           (f"{c.area_name}{tr('界')}", Symbol(stroke="#b2182b", width=2.5, dash=True), "line")]
    for layer in stack.vector_layers():
        present = set(layer.classes[layer.classes >= 0].tolist())
        for i, (label, sym) in enumerate(layer.style.legend()):
            if i not in present:
                continue
            kind = layer.source.kind
            if layer.id == "fire_zones":
                label = f"{tr('森林防火区')}（{tr('火险')}{label}）"
            out.append((label, sym, {"point": "point", "line": "line"}.get(kind, "fill")))
    return out


def _legend_height(c, stack, pg, f) -> float:
    n = len(_legend_entries(c, stack))
    rows = (n + 1) // 2
    return pg.line_mm(4.2 * f, True) + 3 * f + rows * 6.5 * f + 2 * f


def _legend(lay, c, stack, x, y, w, h) -> None:
    pg, p = lay.page, lay.page.p
    f = SCALE[lay.size]
    p.setPen(QPen(QColor("#555555"), 0.25 * f * pg.k))
    p.setBrush(QColor("#ffffff"))
    p.drawRect(pg.rect(x, y, w, h))
    head = 4.2 * f
    pg.text(x, y + 1 * f, w, pg.line_mm(head, True), tr("图例"), head, role="heading", bold=True)
    entries = _legend_entries(c, stack)
    col_w = w / 2
    top = y + pg.line_mm(head, True) + 3 * f
    for i, (label, sym, kind) in enumerate(entries):
        ex, ey = x + (i % 2) * col_w + 3 * f, top + (i // 2) * 6.5 * f
        sw, sh = 10 * f, 4.5 * f
        p.save()
        if kind == "point":
            paint_symbol(p, sym, pg.px(ex + sw / 2), pg.px(ey + sh / 2))
        elif kind == "line":
            pen = QPen(QColor(sym.stroke), sym.width)
            pen.setCosmetic(True)
            if sym.dash:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(pg.px(ex), pg.px(ey + sh / 2)), QPointF(pg.px(ex + sw), pg.px(ey + sh / 2)))
        else:
            p.setBrush(QBrush(QColor(sym.fill)) if sym.fill else Qt.BrushStyle.NoBrush)
            pen = QPen(QColor(sym.stroke or "#888888"), sym.width)
            pen.setCosmetic(True)
            if sym.dash:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawRect(pg.rect(ex, ey, sw, sh))
        p.restore()
        pg.text(ex + sw + 2 * f, ey - 0.5 * f, col_w - sw - 6 * f, sh + 1 * f, label, 2.8 * f, role="legend",
                align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

