"""Build the default periodic-report template, resources/reports/report_template.docx (python-docx), with the
docxtpl (Jinja) tags a township may move, restyle or delete in Word/WPS. Run again after changing this script:

    python3 scripts/make_report_template.py [OUT.docx]

The output is reproducible: fixed document dates and fixed zip entry times.

报告模板中的字段（gis/stats/report_docx.py 的 context() 给出；表格行用 {%tr for … %} … {%tr endfor %}，
段落循环用 {%p for … %} … {%p endfor %}）：

  title            报告标题，如“荆山街道安全生产网格化管理工作周报（2026年第49周）”
  kind_zh          周报 / 月报 / 季报 / 年报
  period_name      2026年第49周 / 2026年11月 / 2026年第4季度 / 2026年
  period_label     2026-W49 / 2026-11 / 2026-Q4 / 2026
  period_text      2026年11月30日至2026年12月6日
  start, end       报告期起止日（2026年11月30日）
  previous_name    上期名称（2026年第48周）
  township         报告所涉乡镇（街道）或项目名称
  unit             填报单位（项目设置 report_unit；否则通知书的发文单位；否则乡镇名称）
  scope            统计范围（全部或“编码 … 以内”）
  made_on          生成日期（2026年12月5日）
  summary          总体情况（由数字写成的一段话）
  kpis             主要指标，每项：name 指标, numerator 分子, denominator 分母, value 本期值, target 目标,
                   previous 上期值, change 较上期, definition 定义, unit 单位
  kpi              按指标编号取一项：kpi.rectification_rate.value、kpi.overdue.numerator …
  group_zh         分组名称：村（社区）/ 乡镇（街道）/ 网格
  groups           分组表，每行：name, code, registered 新登记, closed 销号, rectification_rate 整改率,
                   on_time_rate 按期整改率, overdue 逾期, open_major 重大隐患, patrol_coverage 巡查完成率,
                   self_check_coverage 自查覆盖率；group_total 为合计行（同样的字段）
  sectors          分行业表，每行：name, registered, closed, rectification_rate, overdue, open_major
  majors           未销号重大隐患和挂牌督办，每行：code 编号, place 地点, village 村（社区）, description 描述,
                   grade 等级, status 状态, found_on 发现日期, deadline 整改期限, supervision 督办级别,
                   supervising_unit 督办单位（最多列出 50 处，完整清单在 xlsx）；majors_count 总数；majors_note 表前的说明；
                   majors_more “等 N 处……”（全部列出时为空）
  overdue          逾期隐患（最多列出 20 处，完整清单在 xlsx），字段同 majors，另有 days_overdue 逾期天数；
                   overdue_count 总数；overdue_more “等 N 处……”（全部列出时为空）
  patrol           网格巡查，每行：name, planned 计划点位, recorded 已录入结果, coverage 完成率；patrol_total 合计
  charts           图表，每项：title 标题, image 图片（{{ c.image }} 单独成段）
  chart            按名称取一张图：chart.trend、chart.rate、chart.sector、chart.ranking（无此图时为空）
  upcoming         近期工作节点（工作日历：生成之日起 30 天内的报告截止和专项行动节点），每项：date 日期,
                   name 事项, note 说明（截止时间、目标）；upcoming_note 节点前的一句说明
  filler, reviewer, sign_date   填报人、审核人、日期（留空线，打印后手填）
"""
from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "reports" / "report_template.docx"
FIXED = datetime(2026, 1, 1, 0, 0, 0)
BODY_FONT, SONG, HEI = "仿宋", "宋体", "黑体"


def _fonts(style_or_run, east: str, latin: str = "Times New Roman") -> None:
    el = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    rpr = el.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(key), latin)
    fonts.set(qn("w:eastAsia"), east)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.font.name = "Times New Roman"
    _fonts(normal, BODY_FONT)
    pf = normal.paragraph_format
    pf.line_spacing = Pt(26)
    pf.space_after = Pt(0)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 14)):
        st = doc.styles[name]
        st.font.size = Pt(size)
        st.font.bold = name == "Title"
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.name = "Times New Roman"
        _fonts(st, HEI if name != "Title" else SONG)
        st.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.line_spacing = Pt(30 if name == "Title" else 26)
        st.paragraph_format.keep_with_next = True
        if name == "Title":
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            border = st.element.get_or_add_pPr().find(qn("w:pBdr"))
            if border is not None:          # the default Title has a blue rule under it
                border.getparent().remove(border)
    table = doc.styles["Table Grid"]
    table.font.size = Pt(10.5)
    _fonts(table, SONG)
    table.paragraph_format.line_spacing = 1.0


def _page_number_footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def text(t):
        r = p.add_run(t)
        r.font.size = Pt(10.5)
        _fonts(r, SONG)

    def field(code):
        for kind, content in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
            r = p.add_run()
            r.font.size = Pt(10.5)
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {content} "
                r._element.append(el)
            elif kind == "text":
                r.text = content
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                r._element.append(el)

    text("第 ")
    field("PAGE")
    text(" 页  共 ")
    field("NUMPAGES")
    text(" 页")


def _para(doc, text: str, *, style: str | None = None, align=None, indent: bool = False, size: float | None = None,
          east: str | None = None, bold: bool = False):
    p = doc.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(28)
    r = p.add_run(text)
    if size:
        r.font.size = Pt(size)
    if bold:
        r.bold = True
    if east:
        _fonts(r, east)
    return p


def _shade(cell, fill: str) -> None:
    tcpr = cell._element.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_text(cell, text: str, *, bold: bool = False, centre: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0        # single, not the body's fixed 26 pt
    p.paragraph_format.space_before = Pt(1)
    p.paragraph_format.space_after = Pt(1)
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    r.font.size = Pt(10.5)
    r.bold = bold
    _fonts(r, HEI if bold else SONG)


def _table(doc, headers: list[str], fields: list[str], loop: str, widths_mm: list[float],
           total: str | None = None) -> None:
    """A bordered table: a shaded header row repeated on each page, then one row per item of `loop`
    ("k in kpis") with `fields` as Jinja expressions, and optionally a total row."""
    rows = 4 + (1 if total else 0)
    t = doc.add_table(rows=rows, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for col, w in zip(t.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for i, (h, w) in enumerate(zip(headers, widths_mm, strict=True)):
        c = t.rows[0].cells[i]
        c.width = Mm(w)
        _cell_text(c, h, bold=True, centre=True)
        _shade(c, "D9E1F2")
    _repeat_header(t.rows[0])
    var = loop.split(" in ")[0].strip()
    _cell_text(t.rows[1].cells[0], f"{{%tr for {loop} %}}")
    for i, f in enumerate(fields):
        _cell_text(t.rows[2].cells[i], f"{{{{ {var}.{f} }}}}", centre=i > 0 and len(headers) > 3 and f not in (
            "description", "place", "supervising_unit", "definition"))
    _cell_text(t.rows[3].cells[0], "{%tr endfor %}")
    if total:
        for i, f in enumerate(fields):
            _cell_text(t.rows[-1].cells[i], "合计" if i == 0 else f"{{{{ {total}.{f} }}}}", bold=i == 0, centre=True)
    for row in t.rows:            # a row is never split across pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for c, w in zip(row.cells, widths_mm, strict=True):
            c.width = Mm(w)


def build() -> bytes:
    doc = Document()
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.left_margin, s.right_margin, s.top_margin, s.bottom_margin = Mm(25), Mm(22), Mm(30), Mm(25)
    s.footer_distance = Mm(12)
    _styles(doc)
    _page_number_footer(s)
    doc.core_properties.created = FIXED
    doc.core_properties.modified = FIXED
    doc.core_properties.last_printed = FIXED
    doc.core_properties.author = "gridsafe"
    doc.core_properties.last_modified_by = "gridsafe"
    doc.core_properties.title = "安全生产网格化管理工作报告模板"
    doc.core_properties.revision = 1

    _para(doc, "{{ title }}", style="Title")
    _para(doc, "填报单位：{{ unit }}　　报告期：{{ period_text }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=12,
          east=SONG)
    _para(doc, "统计范围：{{ scope }}　　生成日期：{{ made_on }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=12, east=SONG)

    doc.add_heading("一、总体情况", level=1)
    _para(doc, "{{ summary }}", indent=True)

    doc.add_heading("二、主要指标", level=1)
    _para(doc, "比率以百分数表示；上期为{{ previous_name }}。各指标的定义见文末。", size=12, indent=True)
    _table(doc, ["指标", "分子", "分母", "本期值", "目标", "上期值", "较上期"],
           ["name", "numerator", "denominator", "value", "target", "previous", "change"], "k in kpis",
           [42, 18, 18, 22, 18, 22, 23])

    doc.add_heading("三、分{{ group_zh }}情况", level=1)
    _table(doc, ["{{ group_zh }}", "新登记", "销号", "整改率", "按期整改率", "逾期", "重大隐患", "巡查完成率",
                 "自查覆盖率"],
           ["name", "registered", "closed", "rectification_rate", "on_time_rate", "overdue", "open_major",
            "patrol_coverage", "self_check_coverage"], "g in groups", [30, 15, 15, 19, 19, 15, 17, 17, 16],
           total="group_total")

    doc.add_heading("四、分行业情况", level=1)
    _table(doc, ["行业", "新登记", "销号", "整改率", "逾期", "重大隐患"],
           ["name", "registered", "closed", "rectification_rate", "overdue", "open_major"], "s in sectors",
           [48, 22, 22, 26, 22, 23])

    doc.add_heading("五、重大隐患和挂牌督办", level=1)
    _para(doc, "{{ majors_note }}", indent=True)
    _table(doc, ["编号", "地点", "隐患描述", "整改期限", "督办", "督办单位"],
           ["code", "place", "description", "deadline", "supervision", "supervising_unit"], "h in majors",
           [37, 27, 39, 22, 17, 21])
    _para(doc, "{{ majors_more }}", size=12, indent=True)

    doc.add_heading("六、逾期未整改隐患", level=1)
    _para(doc, "期末逾期未整改隐患 {{ overdue_count }} 处，按整改期限先后列出：", indent=True)
    _table(doc, ["编号", "地点", "隐患描述", "整改期限", "逾期天数", "村（社区）"],
           ["code", "place", "description", "deadline", "days_overdue", "village"], "h in overdue",
           [37, 28, 42, 22, 15, 19])
    _para(doc, "{{ overdue_more }}", size=12, indent=True)

    doc.add_heading("七、网格巡查", level=1)
    _table(doc, ["{{ group_zh }}", "计划点位", "已录入结果", "巡查完成率"],
           ["name", "planned", "recorded", "coverage"], "p in patrol", [60, 35, 35, 33], total="patrol_total")

    doc.add_heading("八、图表", level=1)
    _para(doc, "{%p for c in charts %}")
    p = _para(doc, "{{ c.image }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    _para(doc, "图{{ loop.index }}　{{ c.title }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=11, east=SONG)
    _para(doc, "{%p endfor %}")

    doc.add_heading("九、近期工作节点", level=1)
    _para(doc, "{{ upcoming_note }}", indent=True)
    _para(doc, "{%p for d in upcoming %}")
    _para(doc, "{{ d.date }}　{{ d.name }}{{ d.note }}", indent=True)
    _para(doc, "{%p endfor %}")

    doc.add_heading("指标定义", level=2)
    _para(doc, "{%p for k in kpis %}")
    _para(doc, "{{ k.name }}：{{ k.definition }}", size=11, indent=True)
    _para(doc, "{%p endfor %}")

    _para(doc, "")
    _para(doc, "填报单位（盖章）：{{ unit }}", east=BODY_FONT)
    _para(doc, "填报人：{{ filler }}　　审核人：{{ reviewer }}　　日期：{{ sign_date }}", east=BODY_FONT)

    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry dated FIXED, in name order: the file does not change between runs."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, src.read(name))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
