"""A periodic report (gis.stats.report.Report) as a vector PDF through pdf_document: A4 portrait, title, headings,
the summary, tables that break across pages under a repeated header row (sheet_table.TableLayout), the charts
drawn vector, and 第 n 页 共 N 页 at each page's foot.

Charts are pyqtgraph scenes, which live on the UI thread: desktop.services.reports.chart_pictures records each
once there (desktop.charts.paint into a QPicture, CHART_W_MM × CHART_H_MM); `replay` draws a recording into the
PDF page (vector) and `picture_png` into the .docx's image, on any thread.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter, QPicture

from desktop.printing.notice_pdf import TextPage, _font
from desktop.printing.page import DPI, MM, draw_footer
from desktop.printing.pdf_document import pdf_document
from desktop.printing.sheet_table import Column, TableLayout
from gis.feedback import Feedback, ensure
from gis.stats.report import HazardRow, Report

CHART_W_MM, CHART_H_MM = 160.0, 82.0
CHART_FONT_PX = 11.0
FOOTER_H = 9 * MM
BODY_PT, BODY_LINE = 12, 20
CENTRE = Qt.AlignmentFlag.AlignHCenter


# --- charts: recorded on the UI thread (desktop.services.reports.chart_pictures), replayed here -----------

def replay(picture: QPicture, painter: QPainter, target: QRectF) -> None:
    painter.save()
    painter.translate(target.topLeft())
    painter.scale(target.width() / (CHART_W_MM * MM), target.height() / (CHART_H_MM * MM))
    painter.drawPicture(0, 0, picture)
    painter.restore()


def picture_png(picture: QPicture, width_px: int = 1600) -> bytes:
    """A recorded chart as PNG bytes (the .docx's image)."""
    height_px = round(width_px * CHART_H_MM / CHART_W_MM)
    image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    replay(picture, p, QRectF(0, 0, width_px, height_px))
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


# --- the layout -------------------------------------------------------------------------------------------

def _hazard_cells(h: HazardRow, overdue: bool) -> list[str]:
    deadline = h.deadline.isoformat() if h.deadline else "未定"
    if overdue:
        return [h.code, h.place, h.description, deadline, "" if h.days_overdue is None else str(h.days_overdue),
                h.village]
    return [h.code, h.place, h.description, deadline, h.supervision, h.supervising_unit]


class _Layout:
    def __init__(self, writer: QPdfWriter, painter: QPainter, rep: Report, pictures, total: int | None):
        self.page = TextPage(writer, painter, DPI)
        self.full_h = self.page.height
        self.page.height = self.full_h - FOOTER_H
        self.painter, self.rep, self.pictures, self.total = painter, rep, pictures, total
        self.device = writer
        self.width = self.page.width
        original = self.page.new_page

        def new_page():
            self.painter.save()          # a block breaking here goes on in its own font
            self.footer()
            self.painter.restore()
            original()
        self.page.new_page = new_page

    def footer(self) -> None:
        n = self.page.pages
        centre = f"第 {n} 页  共 {self.total} 页" if self.total else f"第 {n} 页"
        draw_footer(self.painter, self.width, self.full_h, FOOTER_H, self.rep.unit, centre, self.rep.title)

    def room(self) -> float:
        return self.page.height - self.page.y

    def need(self, h: float) -> None:
        if h > self.room() and self.page.y > 0:
            self.page.new_page()

    def text(self, text: str, size=BODY_PT, *, bold=False, serif=True, align=Qt.AlignmentFlag.AlignLeft,
             line=BODY_LINE, after=0.0, indent=True) -> None:
        self.painter.setPen(QColor("#111111"))
        self.page.block(("\u3000\u3000" if indent else "") + text, _font(size, serif=serif, bold=bold),
                        align=align, line=line, space_after=after)

    def heading(self, text: str, *, min_after: float = 30 * MM) -> None:
        self.need(self.page.pt(30) + min_after)      # never a heading alone at a page's foot
        self.page.y += self.page.pt(6)
        self.text(text, 14, bold=True, serif=False, line=24, after=4, indent=False)

    def table(self, cols: list[Column], rows: list[list[str]], *, total: list[str] | None = None) -> None:
        layout = TableLayout(self.device, self.width, cols=cols, min_row_mm=6.5, body_pt=8.5, head_pt=9)
        rows = rows + ([total] if total else [])
        if not rows:
            rows = [["（无）"] + [""] * (len(cols) - 1)]
        heights = [layout.row_height(r) for r in rows]
        self.need(layout.header_height + (heights[0] if heights else 0))
        i = 0
        while i < len(rows):
            y0 = self.page.y
            y = layout.paint_header(self.painter, 0, y0)
            while i < len(rows) and (y + heights[i] <= self.page.height or y == y0 + layout.header_height):
                y = layout.paint_row(self.painter, 0, y, heights[i], rows[i], shade=total is not None
                                     and i == len(rows) - 1)
                i += 1
            layout.frame(self.painter, 0, y0, y)
            self.page.y = y + 3 * MM
            if i < len(rows):
                self.page.new_page()

    def chart(self, index: int) -> None:
        w, h = CHART_W_MM * MM, CHART_H_MM * MM
        w = min(w, self.width)
        self.need(h + 8 * MM)
        target = QRectF((self.width - w) / 2, self.page.y, w, h * w / (CHART_W_MM * MM))
        if self.pictures is not None:
            replay(self.pictures[index], self.painter, target)
        self.page.y = target.bottom() + 1 * MM
        self.text(f"图{index + 1}　{self.rep.charts[index].title}", 10.5, serif=False, align=CENTRE, line=16,
                  after=6, indent=False)

    def run(self, feedback: Feedback) -> int:
        rep, p = self.rep, self.page
        self.text(rep.title, 18, bold=True, serif=False, align=CENTRE, line=30, after=4, indent=False)
        self.text(f"填报单位：{rep.unit}　　报告期：{rep.period_text}", 11, serif=False, align=CENTRE, line=18,
                  indent=False)
        from gis.documents import cn_date

        self.text(f"统计范围：{'编码 ' + rep.within + ' 以内' if rep.within else '全部'}　　生成日期：{cn_date(rep.made_on)}",
                  11, serif=False, align=CENTRE, line=18, after=8, indent=False)
        self.heading("一、总体情况", min_after=20 * MM)
        self.text(rep.summary)
        self.heading("二、主要指标")
        self.table([Column("指标", 40), Column("分子", 18, True), Column("分母", 18, True), Column("本期值", 20, True),
                    Column("目标", 16, True), Column("上期值", 20, True), Column("较上期", 26, True)],
                   [[k.name, k.numerator_text, k.denominator_text, k.text, k.target, k.previous, k.change]
                    for k in rep.kpis])
        feedback.check()
        self.heading(f"三、分{rep.group_zh}情况")
        ids = [k.id for k in rep.group_kpis]
        short = {"registered": "新登记", "closed": "销号", "rectification_rate": "整改率", "on_time_rate": "按期整改率",
                 "overdue": "逾期", "open_major": "重大隐患", "patrol_coverage": "巡查完成率",
                 "self_check_coverage": "自查覆盖率"}
        cols = [Column(rep.group_zh, 28)] + [Column(short.get(i, i), 16, True) for i in ids]
        self.table(cols, [[g.name] + [g.texts[i] for i in ids] for g in rep.groups],
                   total=["合计"] + [rep.group_total.texts[i] for i in ids])
        self.heading("四、分行业情况")
        sids = [k.id for k in rep.sector_kpis]
        self.table([Column("行业", 34)] + [Column(short.get(i, i), 18, True) for i in sids],
                   [[g.name] + [g.texts[i] for i in sids] for g in rep.sectors])
        feedback.check()
        self.heading("五、重大隐患和挂牌督办")
        self.text(rep.majors_note, after=3)
        if rep.majors:
            self.table([Column("编号", 35), Column("地点", 28), Column("隐患描述", 40), Column("整改期限", 20, True),
                        Column("督办", 19, True), Column("督办单位", 26)],
                       [_hazard_cells(h, False) for h in rep.majors_shown])
        if rep.majors_more:
            self.text(rep.majors_more, 10.5, serif=False, line=16, after=4)
        self.heading("六、逾期未整改隐患")
        self.text(f"期末逾期未整改隐患 {len(rep.overdue)} 处，按整改期限先后列出：", after=3)
        self.table([Column("编号", 35), Column("地点", 30), Column("隐患描述", 46), Column("整改期限", 20, True),
                    Column("逾期天数", 14, True), Column("村（社区）", 20)],
                   [_hazard_cells(h, True) for h in rep.overdue_shown])
        if rep.overdue_more:
            self.text(rep.overdue_more, 10.5, serif=False, line=16, after=4)
        feedback.check()
        self.heading("七、网格巡查")
        self.table([Column(rep.group_zh, 40), Column("计划点位", 24, True), Column("已录入结果", 24, True),
                    Column("巡查完成率", 24, True)],
                   [[r.name, str(r.planned), str(r.recorded), r.coverage] for r in rep.patrol],
                   total=["合计", str(rep.patrol_total.planned), str(rep.patrol_total.recorded),
                          rep.patrol_total.coverage])
        self.heading("八、图表", min_after=CHART_H_MM * MM)
        for i in range(len(rep.charts)):
            self.chart(i)
        feedback.check()
        self.heading("九、近期工作节点", min_after=15 * MM)
        self.text(rep.upcoming_note)
        for u in rep.upcoming:
            self.text(f"{cn_date(u.on)}　{u.name}" + (f"（{u.note}）" if u.note else ""))
        self.heading("指标定义", min_after=20 * MM)
        for k in rep.kpis:
            self.text(f"{k.name}：{k.definition}", 10.5, line=17)
        self.need(p.pt(BODY_LINE) * 4)
        p.y += p.pt(16)
        self.text(f"填报单位（盖章）：{rep.unit}", indent=False, line=26)
        self.text("填报人：__________　　审核人：__________　　日期：______年____月____日", indent=False, line=26)
        self.footer()
        return p.pages


def write_report_pdf(rep: Report, path: str | Path, pictures: list[QPicture],
                     feedback: Feedback | None = None) -> Path:
    """Paint the report into a PDF at `path`; `pictures`: its charts as desktop.services.reports.chart_pictures
    recorded them."""
    feedback = ensure(feedback)
    path = Path(path)
    margins = (25, 22, 20, 16)
    # a first pass counts the pages (第 n 页 共 N 页), into memory and without the charts
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setResolution(DPI)
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(*margins), QPageLayout.Unit.Millimeter))
    painter = QPainter(writer)
    try:
        total = _Layout(writer, painter, rep, None, None).run(feedback)
    finally:
        painter.end()
        buf.close()
    with pdf_document(path, title=rep.title, dpi=DPI, margins_mm=margins) as (writer, painter):
        _Layout(writer, painter, rep, pictures, total).run(feedback)
    return path
