"""The route sheet (巡查路线单) as a vector PDF: title block, the grid's map with the route, the stop
table continued on further pages under a repeated header, the project's 三查三签字 boxes and
"第 N 页 共 M 页" on every page (numbered per sheet, so a batch file can be split and handed out).
QR codes (desktop.printing.qr, vector): the sheet's (GS:A123) left of the title, each stop's (GS:A123:S4) in its
序号 cell — scanned into 巡查结果登记 they open that task at that stop (gis.patrols.sheets.parse_code).

    printer = RouteSheetPrinter(SheetMap(route_stack(stack)), SheetOptions(chain=chain))
    printer.write(sheets, "out.pdf")

A4 portrait by default, A3 on request; Chinese is real text (drawText with the CJK font).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from desktop.i18n import vocab_lang
from desktop.printing.page import DPI, MM, Paper, draw_footer, font
from desktop.printing.pdf_document import pdf_document
from desktop.printing.qr import draw_qr
from desktop.printing.sheet_map import SheetMap
from desktop.printing.sheet_table import LABEL_FILL, PairTable, TableLayout, cells, fit_font
from gis.errors import GridsafeError
from gis.feedback import Feedback, ensure
from gis.hazards.signoff import Chain, make_chain
from gis.patrols.periods import parse_period
from gis.patrols.sheets import RouteSheet, stop_code

WEEKDAYS = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LINE_TITLE = QT_TRANSLATE_NOOP("RouteSheet", "燃气管线巡线路线单")
GRID_TITLE = QT_TRANSLATE_NOOP("RouteSheet", "安全生产网格化巡查路线单")   # (drawn through tr(): English sheets too)
INK = QColor("#111111")


def _start_name(sheet: RouteSheet) -> str:
    """Where the route starts and ends: the start site (the project's data), else the line's start or the grid's
    centre in the sheet's language."""
    if sheet.start_site_id:
        return sheet.start_name
    return tr("管段起点") if sheet.line is not None else tr("网格中心")


def tr(text: str) -> str:
    return QCoreApplication.translate("RouteSheet", text)


def _period_text(sheet: RouteSheet, lang: str) -> str:
    """The sheet's period as the interface names it ("Week 50, 2026 (Dec 7 – Dec 13)" in English)."""
    if lang != "en":
        return sheet.period_zh
    try:
        return parse_period(sheet.period).en
    except GridsafeError:                # a period not of the calendar's kinds: as the sheet has it
        return sheet.period_zh


@dataclass
class SheetOptions:
    paper: Paper = field(default_factory=Paper)
    chain: Chain | None = None           # the project's sign-off chain (gis.hazards.project_chain)
    printed_on: date = field(default_factory=date.today)
    title: str = GRID_TITLE

    @property
    def map_height_mm(self) -> float:
        return 105.0 if self.paper.name == "A4" else 170.0


@dataclass
class _Plan:
    """One sheet laid out: rows per page and whether the sign-off boxes need a page of their own."""
    texts: list[list[str]]
    heights: list[float]
    pages: list[list[int]]
    signoff_page: int          # index of the page holding the sign-off boxes

    @property
    def page_count(self) -> int:
        return max(len(self.pages), self.signoff_page + 1)


class RouteSheetPrinter:
    def __init__(self, sheet_map: SheetMap, options: SheetOptions | None = None) -> None:
        self.map = sheet_map
        self.options = options or SheetOptions()
        self.chain = self.options.chain or make_chain(None)

    # --- geometry of a page ------------------------------------------------------------------------

    def _sizes(self, device) -> None:
        o = self.options
        k = o.paper.scale
        self.page = o.paper.content()
        self.tables = {kind: TableLayout(device, self.page.width(), k, kind) for kind in ("grid", "line")}
        self.table = self.tables["grid"]
        self.title_h = 11 * MM * k
        self.info_row = 7 * MM * k
        self.info_h = 3 * self.info_row
        self.map_h = o.map_height_mm * MM
        self.gap = 3 * MM
        self.footer_h = 7 * MM
        self.cont_h = 15 * MM * k
        self.signoff_h = 27 * MM * k

    def _first_room(self) -> float:
        used = self.title_h + self.info_h + self.gap + self.map_h + self.gap
        return self.page.height() - used - self.footer_h

    def _rest_room(self) -> float:
        return self.page.height() - self.cont_h - self.footer_h

    def _table_of(self, sheet: RouteSheet) -> TableLayout:
        return self.tables["line" if sheet.line is not None else "grid"]

    def _title_of(self, sheet: RouteSheet) -> str:
        return LINE_TITLE if sheet.line is not None else self.options.title

    def plan(self, sheet: RouteSheet) -> _Plan:
        self.table = self._table_of(sheet)
        kind = "line" if sheet.line is not None else "grid"
        texts = [cells(st, kind) for st in sheet.stops]
        heights = [self.table.row_height(t) for t in texts]
        pages = self.table.paginate(heights, self._first_room(), self._rest_room())
        last = pages[-1]
        room = (self._first_room() if len(pages) == 1 else self._rest_room()) - self.table.header_height \
            - sum(heights[i] for i in last)
        signoff_page = len(pages) - 1 if room >= self.signoff_h + self.gap else len(pages)
        return _Plan(texts, heights, pages, signoff_page)

    # --- writing ---------------------------------------------------------------------------------

    def write(self, sheets: list[RouteSheet], path: str | Path, *, extents: dict | None = None,
              feedback: Feedback | None = None, counted: tuple[int, int] | None = None) -> Path:
        """All `sheets` into one PDF at `path`. `extents` (grid code → map extent) lets the sheets of
        one grid share a map frame; `feedback` hears of each sheet, and when it is cancelled (or
        anything fails) the file is removed and the error raised (gis.feedback.Cancelled).
        `counted` = (sheets before these, sheets in all) when this file is part of a batch."""
        before, total = counted or (0, len(sheets))
        feedback = ensure(feedback)
        path = Path(path)
        title = sheets[0].title if len(sheets) == 1 else self._title_of(sheets[0])
        m = self.options.paper.margin_mm
        with pdf_document(path, title=title, dpi=DPI, size=self.options.paper.name, margins_mm=(m, m, m, m)) as doc:
            self._sizes(doc.writer)
            for n, sheet in enumerate(sheets):
                feedback.step(before + n, total, tr("正在打印巡查路线单"))
                plan = self.plan(sheet)
                extent = (extents or {}).get(sheet.grid_code)
                for p in range(plan.page_count):
                    doc.page()
                    self._paint_page(doc.painter, sheet, plan, p, extent)
            feedback.step(before + len(sheets), total, tr("正在打印巡查路线单"))
        return path

    def _paint_page(self, painter: QPainter, sheet: RouteSheet, plan: _Plan, p: int, extent) -> None:
        self.table = self._table_of(sheet)
        y = 0.0
        if p == 0:
            y = self._title_block(painter, sheet)
            self.map.paint(painter, QRectF(0, y, self.page.width(), self.map_h), sheet, extent)
            y += self.map_h + self.gap
        else:
            y = self._continuation(painter, sheet)
        x = 0.0
        if p < len(plan.pages) and plan.pages[p]:
            top = y
            y = self.table.paint_header(painter, x, y)
            for i in plan.pages[p]:
                st = sheet.stops[i]
                code = stop_code(sheet.assignment_id, st.seq) if sheet.line is None and st.stop_id else None
                y = self.table.paint_row(painter, x, y, plan.heights[i], plan.texts[i], i % 2 == 1, code)
            self.table.frame(painter, x, top, y)
            y += self.gap
        elif p == 0 and not sheet.stops:
            painter.setFont(font(9))
            painter.drawText(QRectF(0, y, self.page.width(), 10 * MM), int(Qt.AlignmentFlag.AlignCenter),
                             tr("沿线没有第三方施工、高后果区特定场所和未销号隐患") if sheet.line is not None
                             else tr("本任务没有巡查点"))
            y += 10 * MM
        if p == plan.signoff_page:
            self._signoff(painter, y, sheet)
        self._footer(painter, sheet, p, plan.page_count)

    # --- parts -----------------------------------------------------------------------------------

    def _title_block(self, painter: QPainter, sheet: RouteSheet) -> float:
        """Title and info rows; the sheet's QR code (GS:A123) at the left of the title."""
        w, k = self.page.width(), self.options.paper.scale
        self._sheet_qr(painter, sheet)
        painter.setPen(INK)
        painter.setFont(font(16 * k, bold=True))
        painter.drawText(QRectF(0, 0, w, self.title_h * 0.78), int(Qt.AlignmentFlag.AlignCenter), tr(self._title_of(sheet)))
        painter.setFont(font(7.5 * k))
        painter.setPen(QColor("#444444"))
        painter.drawText(QRectF(0, self.title_h * 0.7, w, self.title_h * 0.3),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         tr("任务编号 {id}").format(id=sheet.assignment_id))
        lang = vocab_lang()
        day = f"{sheet.day:%Y-%m-%d} ({WEEKDAYS_EN[sheet.day.weekday()]})" if lang == "en" else \
            f"{sheet.day:%Y-%m-%d}（星期{WEEKDAYS[sheet.day.weekday()]}）"
        length = tr("{n} 公里").format(n=f"{sheet.length_m / 1000:.1f}") if sheet.length_m else "—"
        rows = [
            [(tr("街道（乡镇）"), sheet.township), (tr("村（社区）"), sheet.village),
             (tr("网格"), sheet.grid_name), (tr("网格编码"), sheet.grid_code)],
            [(tr("网格员"), f"{sheet.person}  {sheet.phone}".strip()), (tr("巡查日期"), day),
             (tr("计划时段"), _period_text(sheet, lang))],
            [(tr("起止点"), _start_name(sheet)), (tr("巡查点数"), tr("{n} 处").format(n=len(sheet.stops))),
             (tr("路线长度"), tr("约 {km}（沿道路往返）").format(km=length))],
        ]
        if sheet.line is not None:
            ln = sheet.line
            rows[1][0] = (tr("巡线员"), rows[1][0][1])
            rows[1][1] = (tr("巡线日期"), day)
            pipe = f"{ln.name} ({ln.class_label})" if lang == "en" else f"{ln.name}（{ln.class_label}）"
            rows[2] = [(tr("管线"), pipe), (tr("运营单位"), ln.operator),
                       (tr("巡线频次"), ln.frequency),
                       (tr("管段长度"), tr("{km}（全长 {all}）").format(
                           km=length, all=tr("{n} 公里").format(n=f"{ln.pipeline_m / 1000:.1f}")))]
        self._info_rows(painter, rows, self.title_h)
        return self.title_h + self.info_h + self.gap

    def _info_rows(self, painter: QPainter, rows, y0: float) -> None:
        PairTable(painter, self.page.width(), self.info_row, self.options.paper.scale).paint(rows, y0)

    def _sheet_qr(self, painter: QPainter, sheet: RouteSheet) -> None:
        """The sheet's code as a QR code at the left of the title (scanned to open the task's result entry), its
        text beside it."""
        side = self.title_h - 1 * MM
        draw_qr(painter, QRectF(0, 0, side, side), sheet.code)
        painter.setPen(INK)
        painter.setFont(font(6.5 * self.options.paper.scale))
        painter.drawText(QRectF(side + 1 * MM, 0, 30 * MM, side),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), sheet.code)

    def _continuation(self, painter: QPainter, sheet: RouteSheet) -> float:
        w, k = self.page.width(), self.options.paper.scale
        painter.setPen(INK)
        painter.setFont(font(12 * k, bold=True))
        painter.drawText(QRectF(0, 0, w, 8 * MM * k), int(Qt.AlignmentFlag.AlignCenter),
                         tr(self._title_of(sheet)) + tr("（续）"))
        painter.setFont(font(8 * k))
        line = tr("{grid}（{code}）  网格员：{person}  巡查日期：{day}  任务编号 {id}").format(
            grid=sheet.grid_name, code=sheet.grid_code, person=sheet.person, day=f"{sheet.day:%Y-%m-%d}",
            id=sheet.assignment_id)
        painter.drawText(QRectF(0, 8 * MM * k, w, 5 * MM * k), int(Qt.AlignmentFlag.AlignCenter), line)
        return self.cont_h

    def _signoff(self, painter: QPainter, y: float, sheet: RouteSheet | None = None) -> None:
        w, k = self.page.width(), self.options.paper.scale
        steps = self.chain.steps
        head = 6 * MM * k
        painter.setPen(INK)
        lang = vocab_lang()
        name = self.chain.name(lang)
        title = name if "签字" in self.chain.label else tr("三查三签字") + ("  " if lang == "en" else "　") + name
        title_w = w
        if sheet is not None and sheet.line is not None:    # a line patrol's result: the length actually walked
            walked = tr("实际巡检长度：＿＿＿＿米（全程 {m} 米）　完成日期：＿＿月＿＿日").format(m=f"{sheet.length_m or 0:.0f}")
            walked_font = fit_font(walked, w * 0.5, 8.5 * k, painter)
            walked_w = QFontMetricsF(walked_font, painter.device()).horizontalAdvance(walked)
            painter.setFont(walked_font)
            painter.drawText(QRectF(0, y, w, head), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             walked)
            title_w = w - walked_w - 3 * MM * k         # the title shrinks rather than run into it (English is longer)
        painter.setFont(fit_font(title, title_w, 9 * k, painter, bold=True))
        painter.drawText(QRectF(0, y, title_w, head), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         title)
        painter.setFont(font(9 * k, bold=True))
        y += head
        box_w = w / len(steps)
        h = self.signoff_h - head
        thin = QPen(QColor("#333333"))
        thin.setWidthF(0.18 * MM)
        for i, step in enumerate(steps):
            r = QRectF(i * box_w, y, box_w, h)
            painter.setPen(thin)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r)
            band = QRectF(r.x(), r.y(), r.width(), 6 * MM * k)
            painter.fillRect(band.adjusted(0.3, 0.3, -0.3, 0), LABEL_FILL)
            painter.drawLine(QPointF(r.x(), band.bottom()), QPointF(r.right(), band.bottom()))
            painter.setPen(INK)
            title = f"{i + 1}. {step.name(lang)}" if lang == "en" else \
                f"{'一二三四五六'[i] if i < 6 else i + 1}、{step.label}"
            painter.setFont(fit_font(title, band.width() - 2 * MM, 8 * k, painter, bold=True))   # smaller, not cut
            painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), title)
            painter.setFont(font(8 * k))
            body = r.adjusted(2.5 * MM, band.height() + 1.5 * MM, -2 * MM, -1.5 * MM)
            painter.drawText(QRectF(body.x(), body.y(), body.width(), body.height() / 2),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), tr("签字："))
            painter.drawText(QRectF(body.x(), body.y() + body.height() / 2, body.width(), body.height() / 2),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             tr("日期：　　　年　　月　　日"))
        frame = QPen(QColor("#333333"))
        frame.setWidthF(0.4 * MM)
        painter.setPen(frame)
        painter.drawRect(QRectF(0, y, w, h))

    def _footer(self, painter: QPainter, sheet: RouteSheet, p: int, total: int) -> None:
        draw_footer(painter, self.page.width(), self.page.height(), self.footer_h,
                    f"{sheet.grid_code} {sheet.person} {sheet.day:%Y-%m-%d}",
                    tr("第 {n} 页 共 {m} 页").format(n=p + 1, m=total),
                    tr("打印日期 {d}").format(d=f"{self.options.printed_on:%Y-%m-%d}"))
