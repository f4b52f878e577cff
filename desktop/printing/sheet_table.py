"""The stop table of a route sheet: columns, what each cell says, row heights measured with the
PDF's font metrics, and painting rows under a repeated header."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from desktop.printing.page import MM, font
from gis import vocab
from gis.patrols.sheets import SheetStop

MAX_HAZARDS = 3          # open hazards listed per stop; more are counted
RESULT_CHOICES = ("正常", "发现隐患", "未营业/无人")
LINE_RESULT_CHOICES = ("正常", "发现隐患")          # along a pipeline (巡线): works, sites, hazards
FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
PAD = 1.2 * MM
LINE = QColor("#333333")
HEAD_FILL = QColor("#e8edf3")


def tr(text: str) -> str:
    return QCoreApplication.translate("RouteSheet", text)


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    centred: bool = False


def columns(kind: str = "grid") -> list[Column]:
    """Widths add up to 186 mm (A4 less 12 mm margins); A3 scales them. A line patrol's rows are what lies
    along the pipeline."""
    if kind == "line":
        return [Column(tr("序号"), 9, True), Column(tr("沿线对象"), 28), Column(tr("位置/说明"), 30),
                Column(tr("联系人/电话"), 21), Column(tr("类别"), 18), Column(tr("检查要点"), 32),
                Column(tr("待复查隐患"), 20), Column(tr("检查结果"), 16), Column(tr("签字"), 12, True)]
    return [Column(tr("序号"), 9, True), Column(tr("场所名称"), 26), Column(tr("地址"), 23),
            Column(tr("联系人/电话"), 21), Column(tr("行业/类别"), 16), Column(tr("检查要点"), 35),
            Column(tr("待复查隐患"), 26), Column(tr("检查结果"), 18), Column(tr("签字"), 12, True)]


def cells(stop: SheetStop, kind: str = "grid") -> list[str]:
    """The texts of one row, in column order."""
    hazards = stop.open_hazards[:MAX_HAZARDS]
    more = len(stop.open_hazards) - len(hazards)
    hazard_text = "\n".join(f"{i + 1}) {h}" for i, h in enumerate(hazards)) + \
        (tr("\n等共 {n} 条").format(n=len(stop.open_hazards)) if more > 0 else "")
    if stop.visited_at is not None:
        result = f"☑{vocab.label('patrol_results', stop.result)}\n{stop.visited_at:%m-%d %H:%M}"
    else:
        result = "\n".join(f"□{tr(c)}" for c in (LINE_RESULT_CHOICES if kind == "line" else RESULT_CHOICES))
    kind = stop.category + (f"\n（{stop.sector}）" if stop.sector and stop.sector != stop.category else "")
    return [str(stop.seq), stop.name, stop.address, "\n".join(x for x in (stop.contact, stop.phone) if x),
            kind, "\n".join(f"· {p}" for p in stop.checkpoints), hazard_text or tr("无"), result, ""]


class TableLayout:
    """Measures rows for a painter device and splits them into pages."""

    def __init__(self, device, width: float, scale: float = 1.0, kind: str = "grid") -> None:
        self.cols = columns(kind)
        total = sum(c.width_mm for c in self.cols)
        self.widths = [c.width_mm / total * width for c in self.cols]
        self.body_font = font(7.5 * scale)
        self.head_font = font(8 * scale, bold=True)
        self.body_metrics = QFontMetricsF(self.body_font, device)
        self.head_metrics = QFontMetricsF(self.head_font, device)
        self.min_row = 12 * MM * scale      # room to write a result and sign
        self.header_height = max(self._height(self.head_metrics, [c.title for c in self.cols]), 7 * MM * scale)

    def _height(self, fm: QFontMetricsF, texts: list[str]) -> float:
        h = 0.0
        for text, w in zip(texts, self.widths, strict=True):
            r = fm.boundingRect(QRectF(0, 0, w - 2 * PAD, 1e6), int(FLAGS), text)
            h = max(h, r.height())
        return h + 2 * PAD

    def row_height(self, texts: list[str]) -> float:
        return max(self._height(self.body_metrics, texts), self.min_row)

    def paginate(self, heights: list[float], first: float, rest: float) -> list[list[int]]:
        """Row indices per page: `first` and `rest` are the room for rows under the header."""
        pages, page, room = [], [], first - self.header_height
        for i, h in enumerate(heights):
            if page and h > room:
                pages.append(page)
                page, room = [], rest - self.header_height
            page.append(i)
            room -= h
        pages.append(page)
        return pages

    # --- painting ---------------------------------------------------------------------------------

    def _pen(self, width_mm: float) -> QPen:
        pen = QPen(LINE)
        pen.setWidthF(width_mm * MM)
        return pen

    def paint_header(self, painter: QPainter, x: float, y: float) -> float:
        painter.fillRect(QRectF(x, y, sum(self.widths), self.header_height), HEAD_FILL)
        painter.setFont(self.head_font)
        self._grid(painter, x, y, self.header_height, [c.title for c in self.cols], [True] * len(self.cols))
        return y + self.header_height

    def paint_row(self, painter: QPainter, x: float, y: float, h: float, texts: list[str], shade: bool) -> float:
        if shade:
            painter.fillRect(QRectF(x, y, sum(self.widths), h), QColor("#f7f7f5"))
        painter.setFont(self.body_font)
        self._grid(painter, x, y, h, texts, [c.centred for c in self.cols])
        return y + h

    def _grid(self, painter: QPainter, x: float, y: float, h: float, texts, centred) -> None:
        painter.setPen(self._pen(0.18))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        cx = x
        for text, w, c in zip(texts, self.widths, centred, strict=True):
            rect = QRectF(cx, y, w, h)
            painter.drawRect(rect)
            painter.setPen(QColor("#111111"))
            painter.drawText(rect.adjusted(PAD, PAD, -PAD, -PAD), int(CENTRE if c else FLAGS), text)
            painter.setPen(self._pen(0.18))
            cx += w

    def frame(self, painter: QPainter, x: float, y0: float, y1: float) -> None:
        """A heavier outline around the table part of one page."""
        painter.setPen(self._pen(0.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(x, y0, sum(self.widths), y1 - y0))
