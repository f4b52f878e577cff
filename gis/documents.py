"""Official letters (公文式文书) as content: title, number, addressee, paragraphs, issuing unit and date with a
seal box, notes, and an optional receipt (回执) to cut off and sign. One model for every notice gridsafe
writes (隐患整改通知书, 燃气管道保护安全告知书); `write_docx` writes it with python-docx, and the desktop
paints the same content into a PDF (desktop.printing.notice_pdf).

Paragraph roles (sizes per output: docx in 仿宋 16 pt body, the PDF in 14 pt):
    body       indented body text
    emphasis   indented bold body text (a deadline, a heading)
    note       the receipt line under the seal (smaller, sans)
    small      a closing remark (copies, where the notice goes)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gis.atomic import atomic_path

ROLES = ("body", "emphasis", "note", "small")


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "（未定）"


@dataclass(frozen=True)
class Para:
    text: str
    role: str = "body"

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"段落类型应为 {'、'.join(ROLES)}，而不是“{self.role}”")


@dataclass
class Receipt:
    """The part to cut off, sign and return (回执): its title, what the signer confirms, and the lines to
    fill in (施工单位（盖章）：, 签收日期：…)."""
    title: str
    paragraphs: list[Para]
    fields: list[str]


@dataclass
class OfficialDocument:
    title: str
    number: str | None                    # under the title, above the red line
    addressee: str
    paragraphs: list[Para]
    issuing_unit: str
    issued_on: date
    notes: list[Para] = field(default_factory=list)   # under the signature and seal
    receipt: Receipt | None = None
    footer: str = ""                      # small, bottom right of the last page of the letter (a code)

    @property
    def doc_title(self) -> str:
        return f"{self.title} {self.number}" if self.number else self.title


DOCX_SIZES = {"body": 16, "emphasis": 16, "note": 14, "small": 12}
CUT_LINE = "－－－－－－－－－－－－－（沿此线剪开）－－－－－－－－－－－－－"


def write_docx(doc_content: OfficialDocument, out: str | Path) -> Path:
    """The letter as .docx: A4, GB/T 9704 margins, 仿宋 body, title in 宋体, issuing unit and date on the
    right over a seal box; the receipt after a cut line on a page of its own."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    c = doc_content
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def para(text, *, size=16, bold=False, align=None, font=None, indent=True, space_after=0):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if font:
            run.font.name = font
            run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if align is not None:
            p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Pt(size * 2) if indent else None
        pf.space_after = Pt(space_after)
        pf.line_spacing = Pt(28)
        return p

    def paragraph(x: Para):
        return para(x.text, size=DOCX_SIZES[x.role], bold=x.role == "emphasis",
                    indent=x.role in ("body", "emphasis"))

    para(c.title, size=22, bold=True, font="宋体", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=6)
    if c.number:
        para(c.number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
    para(f"{c.addressee}：", indent=False)
    for x in c.paragraphs:
        paragraph(x)
    para("", indent=False)
    para(c.issuing_unit, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(cn_date(c.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    seal = doc.add_table(rows=1, cols=1)
    seal.style = "Table Grid"
    seal.alignment = WD_TABLE_ALIGNMENT.RIGHT
    cell = seal.cell(0, 0)
    cell.width = Cm(4.2)
    seal.rows[0].height = Cm(4.2)
    cell.text = "（盖章）"
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    para("", indent=False)
    for x in c.notes:
        paragraph(x)
    if c.footer:
        para(c.footer, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    if c.receipt is not None:
        r = c.receipt
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        para(CUT_LINE, size=10, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
        para(r.title, size=20, bold=True, font="宋体", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
        para(f"{c.issuing_unit}：", indent=False)
        for x in r.paragraphs:
            paragraph(x)
        para("", indent=False)
        for text in r.fields:
            para(text, indent=False, space_after=10)
    doc.core_properties.title = c.doc_title
    out = Path(out)
    with atomic_path(out) as tmp:
        doc.save(tmp)
    return out
