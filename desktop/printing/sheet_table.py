"""The stop table of a route sheet: columns, what each cell says, row heights measured with the
PDF's font metrics, and painting rows under a repeated header."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from desktop.i18n import vocab_lang
from desktop.printing.page import MM, font
from desktop.printing.qr import draw_qr
from gis import vocab
from gis.patrols.sheets import SheetStop

MAX_HAZARDS = 3          # open hazards listed per stop; more are counted
RESULT_CHOICES = (QT_TRANSLATE_NOOP("RouteSheet", "正常"), QT_TRANSLATE_NOOP("RouteSheet", "发现隐患"),
                  QT_TRANSLATE_NOOP("RouteSheet", "未营业/无人"))
LINE_RESULT_CHOICES = RESULT_CHOICES[:2]          # along a pipeline (巡线): works, sites, hazards
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
    # 序号 holds the stop's number and its QR code (GS:A123:S4: scanned to enter this stop's result)
    return [Column(tr("序号/扫码"), 16, True), Column(tr("场所名称"), 24), Column(tr("地址"), 20),
            Column(tr("联系人/电话"), 21), Column(tr("行业/类别"), 16), Column(tr("检查要点"), 32),
            Column(tr("待复查隐患"), 25), Column(tr("检查结果"), 18), Column(tr("签字"), 14, True)]


def cells(stop: SheetStop, kind: str = "grid") -> list[str]:
    """The texts of one row, in column order."""
    hazards = stop.open_hazards[:MAX_HAZARDS]
    more = len(stop.open_hazards) - len(hazards)
    hazard_text = "\n".join(f"{i + 1}) {h}" for i, h in enumerate(hazards)) + \
        (tr("\n等共 {n} 条").format(n=len(stop.open_hazards)) if more > 0 else "")
    if stop.visited_at is not None:
        result = f"☑{vocab.label('patrol_results', stop.result, vocab_lang())}\n{stop.visited_at:%m-%d %H:%M}"
    else:
        result = "\n".join(f"□{tr(c)}" for c in (LINE_RESULT_CHOICES if kind == "line" else RESULT_CHOICES))
    kind = _kind(stop, vocab_lang())
    return [str(stop.seq), stop.name, stop.address, "\n".join(x for x in (stop.contact, stop.phone) if x),
            kind, "\n".join(f"· {p}" for p in stop.checkpoints), hazard_text or tr("无"), result, ""]


def _kind(stop: SheetStop, lang: str) -> str:
    """行业/类别: the site's category and, below it, its sector (the vocabulary's labels in `lang`; a gas line's
    stops have composed categories, kept as they are)."""
    category = vocab.label("site_categories", stop.category_key, lang) if stop.category_key else stop.category
    sector = vocab.label("sectors", stop.sector_key, lang) if stop.sector_key else stop.sector
    if not sector or stop.sector == stop.category:
        return category
    return f"{category}\n({sector})" if lang == "en" else f"{category}\n（{sector}）"


class TableLayout:
    """Measures rows for a painter device and splits them into pages: a route sheet's stops (`kind`), or any
    `cols` (a periodic report's tables, desktop/printing/report_pdf.py) with their own row height and sizes.
    Lengths are in painter units of 96 dpi (printing.page.MM)."""

    def __init__(self, device, width: float, scale: float = 1.0, kind: str = "grid", *,
                 cols: list[Column] | None = None, min_row_mm: float = 12.0, body_pt: float = 7.5,
                 head_pt: float = 8.0) -> None:
        self.cols = cols or columns(kind)
        total = sum(c.width_mm for c in self.cols)
        self.widths = [c.width_mm / total * width for c in self.cols]
        self.body_font = font(body_pt * scale)
        self.head_font = font(head_pt * scale, bold=True)
        self.body_metrics = QFontMetricsF(self.body_font, device)
        self.head_metrics = QFontMetricsF(self.head_font, device)
        self.min_row = min_row_mm * MM * scale      # a route sheet: room to write a result and sign
        self.header_height = max(self._height(self.head_metrics, [c.title for c in self.cols]),
                                 min(7.0, min_row_mm) * MM * scale)

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

    def paint_row(self, painter: QPainter, x: float, y: float, h: float, texts: list[str], shade: bool,
                  code: str | None = None) -> float:
        """One row; with `code`, the first cell shows its text on the left and the QR code of `code` beside it."""
        if shade:
            painter.fillRect(QRectF(x, y, sum(self.widths), h), QColor("#f7f7f5"))
        painter.setFont(self.body_font)
        if code is None:
            self._grid(painter, x, y, h, texts, [c.centred for c in self.cols])
            return y + h
        self._grid(painter, x, y, h, ["", *texts[1:]], [c.centred for c in self.cols])
        w = self.widths[0]
        side = min(w - 2 * PAD - self.body_metrics.horizontalAdvance("00"), h - 2 * PAD, 12 * MM)
        box = QRectF(x + w - PAD - side, y + (h - side) / 2, side, side)
        draw_qr(painter, box, code)
        painter.setPen(QColor("#111111"))
        painter.setFont(font(self.body_font.pointSizeF() * 1.25, bold=True))
        painter.drawText(QRectF(x, y, box.x() - x, h), int(CENTRE), texts[0])
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


# --- label/value tables (a sheet's title block, a finding's facts) ------------------------------------

LABEL_FILL = QColor("#eef1f5")
INK = QColor("#111111")


def fit_font(text: str, width: float, size: float, painter: QPainter, *, bold: bool = False):
    """The largest font down to 6.5 pt (2.3 mm) that fits `text` on one line."""
    s = size
    while s > 6.5:
        f = font(s, bold=bold)
        if QFontMetricsF(f, painter.device()).horizontalAdvance(text) <= width:
            return f
        s -= 0.5
    return font(6.5, bold=bold)


class PairTable:
    """Rows of (label, value) pairs across the page: a shaded label cell, then its value. Values either
    shrink to fit one line (`wrap=False`, a title block) or wrap onto more lines, the row growing
    (`wrap=True`, facts with a long legal basis)."""

    def __init__(self, painter: QPainter, width: float, row_h: float, scale: float = 1.0, *,
                 label_mm: float = 19.0, wrap: bool = False, size: float = 8.5) -> None:
        self.painter, self.width, self.row_h, self.k, self.wrap = painter, width, row_h, scale, wrap
        self.label_w = label_mm * MM * scale
        self.size = size * scale

    def _value_rect(self, x: float, y: float, pair_w: float, h: float) -> QRectF:
        return QRectF(x + self.label_w, y, pair_w - self.label_w, h)

    def row_height(self, row) -> float:
        if not self.wrap:
            return self.row_h
        fm = QFontMetricsF(font(self.size), self.painter.device())
        pair_w = self.width / len(row)
        h = self.row_h
        for _, value in row:
            r = fm.boundingRect(QRectF(0, 0, pair_w - self.label_w - 2.5 * MM, 1e6), int(FLAGS), value)
            h = max(h, r.height() + 2 * PAD)
        return h

    def height(self, rows) -> float:
        return sum(self.row_height(r) for r in rows)

    def paint(self, rows, y0: float) -> float:
        """Paint `rows` from `y0`; returns the bottom."""
        painter, k = self.painter, self.k
        thin = QPen(LINE)
        thin.setWidthF(0.18 * MM)
        y = y0
        for row in rows:
            h = self.row_height(row)
            pair_w = self.width / len(row)
            for c, (label, value) in enumerate(row):
                x = c * pair_w
                lab = QRectF(x, y, self.label_w, h)
                val = self._value_rect(x, y, pair_w, h)
                painter.fillRect(lab, LABEL_FILL)
                painter.setPen(thin)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(lab)
                painter.drawRect(val)
                painter.setPen(INK)
                # the label smaller as needed (English "Grid member", "Route length" were cut at 8 pt)
                painter.setFont(fit_font(label, lab.width() - 1.5 * MM, 8 * k, painter, bold=True))
                painter.drawText(lab.adjusted(0.5 * MM, 0, -0.5 * MM, 0),
                                 int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), label)
                inner = val.adjusted(1.5 * MM, 0, -1 * MM, 0)
                if self.wrap:
                    painter.setFont(font(self.size))
                    painter.drawText(inner, int(FLAGS), value)
                else:   # one line, smaller as needed; what is still too long at the smallest size takes two
                    f = fit_font(value, val.width() - 2 * MM, self.size, painter)
                    painter.setFont(f)
                    fits = QFontMetricsF(f, painter.device()).horizontalAdvance(value) <= val.width() - 2 * MM
                    painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
                                     if fits else int(FLAGS), value)
            y += h
        frame = QPen(LINE)
        frame.setWidthF(0.4 * MM)
        painter.setPen(frame)
        painter.drawRect(QRectF(0, y0, self.width, y - y0))
        return y
