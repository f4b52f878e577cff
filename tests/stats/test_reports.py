"""Periodic reports on the demo township: the numbers equal gis.stats (and `gridsafe stats`) and an independent SQL
count; the .docx from the shipped template and from a township-edited one, a broken template refused with no
file, the PDF's text, the xlsx's sheets, and `gridsafe report` writing all three."""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from openpyxl import load_workbook

from desktop.cli import main
from gis import store
from gis.errors import ValidationError
from gis.stats import compute, kpis, records, report, report_docx

PERIOD = "2026-11"
TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def demo(demo_file):
    project = store.open_project(demo_file, readonly=True)
    yield project
    project.close()


@pytest.fixture(scope="module")
def monthly(demo):
    return report.build(demo, "monthly", PERIOD, today=TODAY)


@pytest.fixture(scope="module")
def pictures(qapp, monthly):
    from desktop.services.reports import chart_pictures

    return chart_pictures(monthly.charts)


def _sql_counts(project, end: date) -> tuple[int, int, int]:
    """Registered and closed by `end`, and overdue at `end`, counted straight from the hazard table."""
    e = end.isoformat()
    with project.engine.connect() as c:
        cur = c.connection.dbapi_connection.cursor()
        registered = cur.execute("SELECT COUNT(*) FROM hazard WHERE found_on <= ?", (e,)).fetchone()[0]
        closed = cur.execute("SELECT COUNT(*) FROM hazard WHERE found_on <= ? AND closed_on <= ?", (e, e)).fetchone()[0]
        overdue = cur.execute("SELECT COUNT(*) FROM hazard WHERE found_on <= ? AND (closed_on IS NULL OR closed_on > ?) "
                              "AND deadline < ?", (e, e, e)).fetchone()[0]
    return registered, closed, overdue


def test_numbers_equal_stats_and_an_independent_count(demo, demo_file, monthly, capsys):
    registered, closed, overdue = _sql_counts(demo, date(2026, 11, 30))
    rate = monthly.kpi("rectification_rate")
    assert (rate.numerator, rate.denominator) == (closed, registered) and registered > 1000
    assert rate.text == f"{100 * closed / registered:.1f}%"
    assert monthly.kpi("overdue").numerator == overdue == len(monthly.overdue) > 0
    assert f"整改率 {rate.text}" in monthly.summary and f"逾期未整改 {overdue} 处" in monthly.summary

    table = compute.evaluate(records.load(demo), kpis.load(demo), PERIOD)
    for k in monthly.kpis:
        c = table.total(k.id)
        assert (k.numerator, k.denominator) == (c.numerator, c.denominator), k.id
    assert main(["stats", str(demo_file), "--period", PERIOD, "--json"]) == 0
    cli = {k["id"]: k["total"] for k in json.loads(capsys.readouterr().out)["kpis"]}
    assert {k.id: (k.numerator, k.denominator) for k in monthly.kpis} == {
        i: (c["numerator"], c.get("denominator")) for i, c in cli.items()}
    # the village rows add up to the total; the previous period is October's
    assert sum(g.cells["overdue"].numerator for g in monthly.groups) == overdue
    assert monthly.previous.label == "2026-10"
    assert monthly.title == "荆山街道安全生产网格化管理工作月报（2026年11月）"
    majors = {h.code for h in monthly.majors}
    assert len(majors) == len(monthly.majors) >= monthly.kpi("open_major").numerator > 0


def test_kind_and_period_must_match(demo):
    with pytest.raises(ValidationError, match="周报的时段应写成 2026-W49"):
        report.build(demo, "weekly", "2026-11")
    with pytest.raises(ValidationError, match="报告类型"):
        report.check_period("daily", "2026-11-01")
    assert report.build(demo, "weekly", "2026-W47", today=TODAY).period_name == "2026年第47周"
    assert report.check_period("quarterly", "2026-Q4").start == date(2026, 10, 1)


def _texts(document) -> list[list[list[str]]]:
    return [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]


def test_docx_has_the_tables_numbers_and_charts(monthly, pictures, tmp_path):
    from desktop.printing.report_pdf import picture_png

    out = report_docx.render(monthly, [picture_png(p) for p in pictures], tmp_path / "月报.docx")
    d = docx.Document(out)
    assert d.paragraphs[0].text == monthly.title
    kpi_table = _texts(d)[0]
    assert kpi_table[0] == ["指标", "分子", "分母", "本期值", "目标", "上期值", "较上期"]
    rate = monthly.kpi("rectification_rate")
    assert ["隐患整改率", str(rate.numerator), str(rate.denominator), rate.text, "100%", rate.previous,
            rate.change] in kpi_table
    villages = _texts(d)[1]
    assert [r[0] for r in villages[1:-1]] == [g.name for g in monthly.groups] and villages[-1][0] == "合计"
    assert len(d.inline_shapes) == len(monthly.charts) == 4
    overdue = _texts(d)[4]
    assert len(overdue) == 1 + report.OVERDUE_SHOWN
    assert any(f"等 {len(monthly.overdue)} 处" in p.text for p in d.paragraphs)
    assert d.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    # the work calendar's next deadlines after the day the report is made (2026-12-05): next Friday's weekly report
    assert any(u.on == date(2026, 12, 11) and u.name.startswith("周报：2026年第50周") for u in monthly.upcoming)
    assert any(p.text.startswith("2026年12月11日") and "周报" in p.text for p in d.paragraphs)


def test_a_long_major_hazard_list_is_capped_in_the_document(monthly, pictures, tmp_path, monkeypatch):
    from desktop.printing.report_pdf import picture_png

    assert len(monthly.majors) > 3
    assert monthly.majors_more == ""           # the demo's majors fit under the cap
    monkeypatch.setattr(report, "MAJORS_SHOWN", 3)
    out = report_docx.render(monthly, [picture_png(p) for p in pictures], tmp_path / "月报.docx")
    d = docx.Document(out)
    majors = _texts(d)[3]
    assert len(majors) == 1 + 3 and majors[1][0] == monthly.majors[0].code
    assert any(p.text == f"以上列出整改期限最近的 3 处，等 {len(monthly.majors)} 处；完整清单见同期报告数据表（xlsx）"
               for p in d.paragraphs)


def _edit_template(src, dst, edit) -> None:
    """Change the template's document.xml as a township would in Word."""
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode()).encode()
    with zipfile.ZipFile(dst, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_a_township_edited_template_is_used(demo, monthly, tmp_path):
    import re

    def edit(xml: str) -> str:
        xml = xml.replace("{{ title }}", "荆山街道安委办：{{ period_name }}安全生产工作简报")
        first_table = re.search(r"<w:tbl>.*?</w:tbl>", xml, re.DOTALL)      # the KPI table removed
        return xml[:first_table.start()] + xml[first_table.end():]

    edited = tmp_path / "我们的模板.docx"
    _edit_template(report_docx.SHIPPED, edited, edit)
    out = report_docx.render(monthly, _pngs(monthly), tmp_path / "a.docx", template=edited)
    d = docx.Document(out)
    assert d.paragraphs[0].text == "荆山街道安委办：2026年11月安全生产工作简报"
    assert len(d.tables) == 5 and _texts(d)[0][0][0] == "村（社区）"
    assert report_docx.find_template(None, edited) == edited


def _pngs(rep):
    from desktop.printing.report_pdf import picture_png
    from desktop.services.reports import chart_pictures

    return [picture_png(p, 400) for p in chart_pictures(rep.charts)]


@pytest.mark.parametrize("tag, said", [("{{ owner }}", "“owner”不是报告的字段"),
                                       ("{{ k.owner }}", "“owner”不是报告的字段"),
                                       ("{% for k in %}", "标签写错了")])
def test_a_broken_template_is_refused_and_leaves_no_file(monthly, tmp_path, tag, said):
    bad = tmp_path / "坏模板.docx"
    _edit_template(report_docx.SHIPPED, bad, lambda xml: xml.replace("{{ k.name }}", tag))
    out = tmp_path / "out" / "报告.docx"
    with pytest.raises(report_docx.TemplateError) as e:
        report_docx.render(monthly, _pngs(monthly), out, template=bad)
    assert str(bad) in str(e.value) and said in str(e.value)
    assert not out.exists() and not (out.parent.exists() and any(out.parent.iterdir()))


def test_cli_with_a_broken_template_writes_nothing(demo_file, tmp_path, capsys):
    bad = tmp_path / "坏模板.docx"
    _edit_template(report_docx.SHIPPED, bad, lambda xml: xml.replace("{{ title }}", "{{ 标题 }}"))
    out = tmp_path / "out"
    argv = ["report", "weekly", str(demo_file), "--period", "2026-W47", "--template", str(bad),
            "--out", str(out / "周报.pdf"), "--out", str(out / "周报.docx")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "“标题”不是报告的字段" in err
    assert not out.exists() or not any(out.iterdir())


def test_not_a_docx_is_refused(monthly, tmp_path):
    bad = tmp_path / "模板.docx"
    bad.write_text("not a document")
    with pytest.raises(report_docx.TemplateError, match="不是 Word 文档"):
        report_docx.render(monthly, [], tmp_path / "x.docx", template=bad)


def test_pdf_text_copies_as_written(monthly, pictures, tmp_path):
    from desktop.printing.report_pdf import write_report_pdf

    out = write_report_pdf(monthly, tmp_path / "月报.pdf", pictures)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert monthly.title in text.replace("\n", "")
    for name in ("隐患整改率", "按期整改率", "逾期未整改", "未销号重大隐患", "企业自查覆盖率", "巡查完成率"):
        assert name in text
    pages = text.count("\f")
    flat = text.replace(" ", "")
    assert pages > 3 and all(f"第{n}页共{pages}页" in flat for n in range(1, pages + 1))
    assert monthly.overdue[0].code in text
    # the tables' header rows repeat on the pages a table continues on
    assert text.count("编号") >= 3


def test_xlsx_has_every_table(monthly, tmp_path):
    from gis.stats import report_xlsx

    out = report_xlsx.write(monthly, tmp_path / "月报.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["主要指标", "分村（社区）", "分行业", "网格巡查", "重大隐患和挂牌督办", "逾期隐患"]
    rows = list(wb["主要指标"].iter_rows(min_row=4, values_only=True))
    rate = monthly.kpi("rectification_rate")
    assert ("隐患整改率", rate.numerator, rate.denominator, round(rate.value, 2)) == rows[0][:4]
    assert wb["逾期隐患"].max_row - 3 == len(monthly.overdue)       # the whole list, not the report's first 20


def test_cli_writes_all_three_and_the_template(demo_file, tmp_path, capsys):
    outs = [tmp_path / f"周报.{x}" for x in ("docx", "pdf", "xlsx")]
    argv = ["report", "weekly", str(demo_file), "--period", "2026-W47", "--today", "2026-12-05"]
    for o in outs:
        argv += ["--out", str(o)]
    assert main(argv) == 0
    said = capsys.readouterr().out
    assert "周报（2026年第47周）" in said and all(o.exists() for o in outs)
    assert len(docx.Document(outs[0]).inline_shapes) == 4
    assert main(["report", "template", "--out", str(tmp_path / "模板.docx")]) == 0
    assert (tmp_path / "模板.docx").read_bytes() == report_docx.SHIPPED.read_bytes()
    assert main(["report", "monthly", str(demo_file), "--period", "2026-11", "--out", str(tmp_path / "x.txt")]) == 2
    assert ".docx、.pdf 或 .xlsx" in capsys.readouterr().err and not (tmp_path / "x.txt").exists()


def test_the_shipped_template_is_what_the_script_makes():
    from scripts.make_report_template import build

    assert build() == report_docx.SHIPPED.read_bytes()


def test_template_from_the_project_setting(demo_file, tmp_path):
    from gis import repo

    copy = tmp_path / "p.gridsafe"
    shutil.copy(demo_file, copy)
    mine = tmp_path / "项目模板.docx"
    _edit_template(report_docx.SHIPPED, mine, lambda xml: xml.replace("{{ title }}", "项目模板：{{ title }}"))
    project = store.open_project(copy)
    try:
        with project.transaction() as s:
            repo.set_setting(s, report_docx.SETTING, str(mine))
        assert report_docx.find_template(project) == mine
        rep = report.build(project, "weekly", "2026-W47", today=TODAY)
        out = report_docx.render(rep, _pngs(rep), tmp_path / "w.docx", project=project)
        assert docx.Document(out).paragraphs[0].text.startswith("项目模板：荆山街道")
    finally:
        project.close()


def test_report_on_both_backends(new_project, tmp_path):
    """The small township on SQLite and PostgreSQL: the same report, the hazard lists read with their dates."""
    from gis.stats import report_xlsx
    from tests import smallworld

    with new_project.transaction() as s:
        built = smallworld.build(s)
    rep = report.build(new_project, "monthly", PERIOD, today=TODAY)
    rate = rep.kpi("rectification_rate")
    assert (rate.numerator, rate.denominator, rate.text) == (1, 4, "25.0%")
    assert (rep.kpi("registered").numerator, rep.kpi("overdue").numerator) == (2, 1)
    assert rep.group_by == "village" and [g.name for g in rep.groups] == ["张庄村", "李楼社区", "（未划分网格）"]
    (major,) = rep.majors
    assert (major.description, major.deadline, major.supervising_unit, major.place) == (
        "未安装燃气泄漏报警器", date(2026, 12, 10), "湛河区安委办", built["sites"][1].name)
    (late,) = rep.overdue
    assert (late.deadline, late.days_overdue) == (date(2026, 11, 1), 29)
    assert rep.title == "荆山街道安全生产网格化管理工作月报（2026年11月）"
    wb = load_workbook(report_xlsx.write(rep, tmp_path / "m.xlsx"))
    assert wb["逾期隐患"]["I4"].value.date() == date(2026, 11, 1)


def test_text_from_the_ledger_is_written_as_text(monthly, tmp_path):
    """Markup and template tags typed into a hazard or a setting stay text in the .docx."""
    import dataclasses

    odd = "占压 <w:p> & \"引号\" {{ title }} {% if x %}"
    rep = dataclasses.replace(monthly, summary=odd, unit="<单位>&")
    d = docx.Document(report_docx.render(rep, _pngs(rep), tmp_path / "x.docx"))
    assert odd in [p.text for p in d.paragraphs]
    assert any(p.text.startswith("填报单位：<单位>&") for p in d.paragraphs)


def test_an_empty_project_reports_without_a_warning(tmp_path, qapp):
    """No hazards, no patrols: every rate is "—", the charts are empty, and nothing warns (an all-empty line once
    made pyqtgraph print RuntimeWarnings on the CLI)."""
    import warnings

    from desktop.services.reports import write_report

    with store.create_project(tmp_path / "空.gridsafe") as project, warnings.catch_warnings():
        warnings.simplefilter("error")
        written = write_report(project, "weekly", "2026-W48", [tmp_path / "周报.docx", tmp_path / "周报.pdf"])
    assert [p.name for p in written.files] == ["周报.docx", "周报.pdf"]
    rows = _texts(docx.Document(tmp_path / "周报.docx"))[0]
    assert ["隐患整改率", "0", "0", "—", "100%"] == rows[1][:5]
