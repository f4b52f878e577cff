"""Exports read back: the ledger and sector lists with openpyxl, the notice with python-docx."""
from __future__ import annotations

from datetime import datetime

import docx
import openpyxl
import pytest

from gis.errors import ValidationError
from gis.hazards import checklists, ledger, notice, sector_list
from gis.hazards import ledger_xlsx as hazard_ledger

from .conftest import FIVE_LUOSHI, SIGNERS, TODAY, five_ding, new_hazard, step


@pytest.fixture
def filled(world):
    a = new_hazard(world, site="老王家常菜馆", checklist_item="gas-03", description="气瓶间未设置")
    step(world, a, "assign", changes=five_ding(world, deadline="2026-11-20"))
    b = new_hazard(world, site="老王家常菜馆", grade="major", description="无燃气泄漏报警器",
                   checklist_item="gas-03", supervision_level="district", supervising_unit="湛河区安委办")
    step(world, b, "assign", changes={**five_ding(world), **FIVE_LUOSHI})
    new_hazard(world, site="老王家常菜馆", description="灶具无熄火保护")  # gas, no checklist item
    world.ids = (a, b)
    return world


def test_ledger_xlsx(filled, tmp_path):
    out = tmp_path / "台账.xlsx"
    assert hazard_ledger.build(filled, out, today=TODAY) == 7  # 4 of smallworld + 3
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "隐患排查治理台账"
    assert ws.freeze_panes == "A4"
    headers = [c.value for c in ws[3]]
    assert headers[:4] == ["序号", "隐患编号", "发现日期", "发现人"] and "尚缺签字" in headers
    rows = {r[1]: dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True)}
    first = rows["YH2026-00001"]
    assert first["整改时限"] == datetime(2026, 11, 20) and first["逾期天数"] == 2
    assert (first["状态"], first["隐患等级"], first["整改验收人"], first["所在网格"]) == (
        "交办", "一般隐患", "陈志强", "张庄村第2网格（410411003001002）")
    assert first["尚缺签字"] == "业主自查认领签字、乡办属地检查签字、行业局委执法核查签字"
    assert rows["YH2026-00002"]["挂牌督办"] == "区级挂牌督办 湛河区安委办"
    date_cell = next(c for c in ws[4] if isinstance(c.value, datetime))
    assert date_cell.number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["I"].width == 36


def test_sector_list_xlsx(filled, tmp_path):
    out = tmp_path / "清单.xlsx"
    counts = sector_list.build(filled, out, sectors=["gas", "fire"])
    assert counts == {"gas": 15, "fire": 19}  # 14 + "其他" / 18 + 其他 (smallworld's 消防通道堵塞)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["燃气", "消防"]
    ws = wb["燃气"]
    assert ws["A1"].value == "燃气安全集中攻坚行动安全生产专项整治清单"
    assert [c.value for c in ws[3]] == ["序号", "重点整治内容", "排查问题隐患", "整改措施", "整改时限", "责任单位及责任人"]
    row3 = [c.value for c in ws[6]]
    assert row3[0] == 3 and row3[1] == checklists.item("gas-03")["text"]
    assert row3[2] == "1. 老王家常菜馆：气瓶间未设置（一般隐患，交办）\n2. 老王家常菜馆：无燃气泄漏报警器（重大隐患，交办）"
    assert row3[4] == "1. 2026-11-20\n2. 2026-12-15"
    assert row3[5] == "1. 老王家常菜馆 赵敏\n2. 老王家常菜馆 赵敏"
    assert [c.value for c in ws[4]][2:] == [None, None, None, None]  # an item nobody recorded stays blank
    last = [c.value for c in ws[ws.max_row]]
    assert last[1] == "其他（未对应清单条目的隐患）" and "灶具无熄火保护" in last[2] and "管道占压" in last[2]
    with pytest.raises(ValidationError, match="没有行业领域“mining”"):
        sector_list.build(filled, out, sectors=["mining"])


def test_notice_docx_and_its_number(filled, tmp_path):
    a, b = filled.ids
    from gis import hazards

    with filled.session() as s:
        draft = notice.notice_content(s, b, on=TODAY)            # a query: writes nothing
        assert draft.number == "〔2026〕第1号" and hazards.issued_notice(s, b) is None
    with filled.transaction() as s:
        issued = [hazards.issue_notice(s, h, actor="刘芳", on=TODAY) for h in (b, a, b)]
    assert issued == [("〔2026〕第1号", True), ("〔2026〕第2号", True), ("〔2026〕第1号", False)]
    with filled.session() as s:
        first = notice.notice_content(s, b)
    assert first.number == "〔2026〕第1号" and first.issued_on == TODAY   # the day it was issued
    out = notice.write_docx(first, tmp_path / "通知书.docx")
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "隐患整改通知书" and texts[1] == "〔2026〕第1号"
    assert texts[2] == "老王家常菜馆："
    body = "\n".join(texts)
    assert "无燃气泄漏报警器（重大隐患，隐患编号 YH2026-00002）" in body
    assert "二、于2026年12月15日前整改完毕" in body and "须落实“五落实”" in body
    assert "整改期限：2026年12月15日前" in body and "湛河区安委办" in body and "2026年11月22日" in body
    assert doc.tables[0].cell(0, 0).text == "（盖章）"
    with filled.session() as s:
        notes = [(e.action, e.note) for e in hazards.history(s, b)]
    assert notes.count(("notice", "〔2026〕第1号")) == 1


def test_ledger_filters_and_sorts(filled):
    book = ledger.load(filled, TODAY)
    f = book.frame
    codes = lambda rows: sorted(f["code"].iloc[rows].fillna(f["id"].astype(str)).tolist())  # noqa: E731
    assert codes(book.filter(overdue=True)) == ["1", "YH2026-00001"]
    assert codes(book.filter(supervised=True, status="assigned")) == ["YH2026-00002"]
    # smallworld's hazard 2 is the gas hazard at 老王家常菜馆, in grid …001002
    assert codes(book.filter(grid="410411003001002", sector="gas")) == ["2", "YH2026-00001", "YH2026-00002",
                                                                         "YH2026-00003"]
    assert codes(book.filter(text="熄火")) == ["YH2026-00003"]
    a, b = filled.ids      # exactly the hazards named (the dashboard's click-through), with other criteria
    assert codes(book.filter(ids=(a, b))) == ["YH2026-00001", "YH2026-00002"]
    assert codes(book.filter(ids=(a, b), supervised=True)) == ["YH2026-00002"]
    assert codes(book.filter(ids=())) == [] and len(book.filter(ids=None)) == len(f)
    rows = book.sort(book.filter(), "deadline", ascending=False)
    deadlines = f["deadline"].iloc[rows].tolist()
    assert deadlines[0] == datetime(2026, 12, 15) and str(deadlines[-1]) == "NaT"


def test_ledger_sorts_by_lacking_signatures_and_follows_new_ones(filled):
    a, _b = filled.ids
    book = ledger.load(filled, TODAY)
    book.load_signatures(filled)
    rows = book.filter(status="assigned")
    row_of = {int(h): i for i, h in enumerate(book.frame["id"])}
    lacking_before = book.lacking(row_of[a])
    assert lacking_before == "业主自查认领签字、乡办属地检查签字、行业局委执法核查签字"
    ordered = book.sort(rows, "lacking")
    texts = [book.lacking(int(r)) for r in ordered]
    assert texts == sorted(t for t in texts if t) + [""] * texts.count("")   # empty (nothing lacking) last
    step(filled, a, "sign", actor=SIGNERS["site_owner"], role="site_owner")
    book.load_signatures(filled)                 # new signatures: the lacking texts and their order follow
    assert book.lacking(row_of[a]) == "乡办属地检查签字、行业局委执法核查签字"
    after = book.sort(rows, "lacking")
    assert [book.lacking(int(r)) for r in after] == sorted(book.lacking(int(r)) for r in rows)
