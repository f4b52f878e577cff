"""A periodic report (gis.stats.report.Report) as .docx through an editable template (docxtpl: Jinja tags in a
Word document). The fields a template may use are listed in scripts/make_report_template.py and the README
(“报告模板”); the default is resources/reports/report_template.docx.

Which template: the one given (CLI --template, the dialog), else the project setting "report_template" (a path),
else data_dir()/report_template.docx, else the shipped one (`find_template`). A template with a Jinja error or a
tag naming an unknown field is refused with a Chinese message naming the file and the tag; no output is left.
Charts come as PNG bytes (desktop.charts.to_png draws them): this module needs no Qt.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from gis import repo
from gis.atomic import atomic_path
from gis.documents import cn_date
from gis.errors import ValidationError
from gis.paths import RESOURCES, data_dir
from gis.stats.report import HazardRow, Report

SHIPPED = RESOURCES / "reports" / "report_template.docx"
SETTING = "report_template"
USER_NAME = "report_template.docx"
CHART_WIDTH_MM = 155


class TemplateError(ValidationError):
    """The report template cannot be used: the message names the file and the tag."""


def find_template(project=None, given: str | Path | None = None) -> Path:
    """The template to use: `given`, the project's setting, the user's, the shipped one (the first there)."""
    if given:
        p = Path(given)
        if not p.is_file():
            raise TemplateError(f"找不到报告模板 {p}", en=f"Report template {p} not found")
        return p
    if project is not None:
        with project.session() as s:
            setting = repo.get_setting(s, SETTING)
        if setting:
            p = Path(str(setting))
            if not p.is_file():
                raise TemplateError(f"项目设置 {SETTING} 指定的报告模板 {p} 不存在：请改正设置或删除该设置",
                                    en=f"The report template {p} named by project setting {SETTING} does not "
                                       f"exist: correct the setting or delete it")
            return p
    user = data_dir() / USER_NAME
    return user if user.is_file() else SHIPPED


def _hazard(h: HazardRow) -> dict:
    return {"code": h.code, "place": h.place, "village": h.village, "description": h.description, "grade": h.grade,
            "status": h.status, "found_on": h.found_on.isoformat() if h.found_on else "",
            "deadline": h.deadline.isoformat() if h.deadline else "未定",
            "days_overdue": "" if h.days_overdue is None else str(h.days_overdue),
            "supervision": h.supervision, "supervising_unit": h.supervising_unit}


def _group(row) -> dict:
    return {"name": row.name, "code": row.key, **row.texts}


def chart_key(index: int, chart) -> str:
    """trend, rate, sector, ranking: the names `chart.…` gives the standard charts of a report."""
    return ("trend", "rate", "sector", "ranking")[index] if index < 4 else f"chart{index + 1}"


def context(rep: Report, images: list | None = None) -> dict:
    """The fields a template sees (images: one per chart, what {{ c.image }} puts there; None leaves them out)."""
    images = images or [""] * len(rep.charts)
    kpis = [{"id": k.id, "name": k.name, "numerator": k.numerator_text, "denominator": k.denominator_text,
             "value": k.text, "target": k.target, "previous": k.previous, "change": k.change,
             "definition": k.definition, "unit": k.unit} for k in rep.kpis]
    charts = [{"title": c.title, "image": img} for c, img in zip(rep.charts, images, strict=True)]
    return {
        "title": rep.title, "kind_zh": rep.kind_zh, "period_name": rep.period_name, "period_label": rep.period.label,
        "period_text": rep.period_text, "start": cn_date(rep.period.start), "end": cn_date(rep.period.end),
        "previous_name": _previous_name(rep), "township": rep.township, "unit": rep.unit,
        "scope": f"编码 {rep.within} 以内" if rep.within else "全部", "made_on": cn_date(rep.made_on),
        "summary": rep.summary, "kpis": kpis, "kpi": {k["id"]: k for k in kpis},
        "group_zh": rep.group_zh, "groups": [_group(g) for g in rep.groups], "group_total": _group(rep.group_total),
        "sectors": [_group(g) for g in rep.sectors],
        "majors": [_hazard(h) for h in rep.majors_shown], "majors_count": len(rep.majors),
        "majors_note": rep.majors_note, "majors_more": rep.majors_more,
        "overdue": [_hazard(h) for h in rep.overdue_shown], "overdue_count": len(rep.overdue),
        "overdue_more": rep.overdue_more,
        "patrol": [{"name": p.name, "code": p.key, "planned": p.planned, "recorded": p.recorded,
                    "coverage": p.coverage} for p in rep.patrol],
        "patrol_total": {"name": "合计", "planned": rep.patrol_total.planned, "recorded": rep.patrol_total.recorded,
                         "coverage": rep.patrol_total.coverage},
        "charts": charts, "chart": {chart_key(i, c): x for i, (c, x) in enumerate(zip(rep.charts, charts))},
        "upcoming": [{"date": cn_date(u.on), "name": u.name, "note": f"（{u.note}）" if u.note else ""}
                     for u in rep.upcoming],
        "upcoming_note": rep.upcoming_note,
        "filler": "__________", "reviewer": "__________", "sign_date": "______年____月____日",
    }


def _previous_name(rep: Report) -> str:
    from gis.stats.report import period_name

    return period_name(rep.previous)


def _load(template: Path):
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from lxml.etree import XMLSyntaxError

    if not zipfile.is_zipfile(template):
        raise TemplateError(f"报告模板 {template} 不是 Word 文档（.docx）：请在 Word 或 WPS 中另存为 .docx",
                            en=f"Report template {template} is not a Word document (.docx): save it as .docx "
                               f"in Word or WPS")
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except (KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError, PackageNotFoundError) as e:
        raise TemplateError(f"报告模板 {template} 无法打开：{e}",
                            en=f"Report template {template} cannot be opened: {e}") from None
    return tpl


def _undefined_name(message: str) -> str:
    m = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    return m.group(1) if m else message


def render(rep: Report, images: list[bytes], out: str | Path, template: str | Path | None = None,
           project=None) -> Path:
    """Write the report as .docx at `out` from the template (see find_template); `images`: PNG bytes per chart."""
    import jinja2
    from docx.shared import Mm
    from docxtpl import InlineImage

    path = find_template(project, template)
    tpl = _load(path)
    pictures = [InlineImage(tpl, io.BytesIO(png), width=Mm(CHART_WIDTH_MM)) for png in images]
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(context(rep, pictures), jinja_env=env, autoescape=True)
    except jinja2.TemplateSyntaxError as e:
        near = "".join(getattr(e, "docx_context", []) or []).strip()
        where = f"，出错处附近的文字：“{near[:120]}”" if near else ""
        where_en = f"; the text near the error: \"{near[:120]}\"" if near else ""
        raise TemplateError(f"报告模板 {path} 的标签写错了（{e.message}）{where}。"
                            "请在 Word/WPS 中改正 {{ }} 或 {% %} 标签",
                            en=f"A tag in report template {path} is written wrongly ({e.message}){where_en}. "
                               "Correct the {{ }} or {% %} tags in Word/WPS") from None
    except jinja2.UndefinedError as e:
        raise TemplateError(f"报告模板 {path} 中的标签“{_undefined_name(str(e))}”不是报告的字段："
                            "可用的字段见使用说明“报告模板”一节",
                            en=f"The tag \"{_undefined_name(str(e))}\" in report template {path} is not a field of "
                               "the report: the usable fields are in the manual, section \"Report templates\"") \
            from None
    except jinja2.TemplateError as e:
        raise TemplateError(f"报告模板 {path} 无法使用：{e}", en=f"Report template {path} cannot be used: {e}") from None
    out = Path(out)
    with atomic_path(out) as tmp:
        tpl.save(str(tmp))
    return out


def write_template(out: str | Path) -> Path:
    """A copy of the shipped template for a township to edit (导出报告模板…)."""
    out = Path(out)
    with atomic_path(out) as tmp:
        tmp.write_bytes(SHIPPED.read_bytes())
    return out
