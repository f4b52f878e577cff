"""隐患整改通知书 for one hazard: its content, as an official letter (gis.documents) that the .docx here
and the PDF painted on the desktop side (desktop.printing.notice_pdf) both show: title, number, addressee,
facts, requirements, deadline, issuing unit, date, seal box, receipt line."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from gis import documents, hazards, repo, vocab
from gis.documents import OfficialDocument, Para, cn_date
from gis.errors import ValidationError
from gis.hazards import checklists
from gis.model import Hazard, LineAsset, Person, Site, Zone

SETTING = hazards.NOTICE_SETTING
TITLE = "隐患整改通知书"
COPIES = "本通知书一式两份，一份交被检查单位，一份存档。"


@dataclass
class Notice:
    number: str
    addressee: str
    facts: list[str]
    requirements: list[str]
    deadline: date | None
    issuing_unit: str
    issued_on: date
    hazard_code: str
    receipt: str = "被检查单位签收：              日期：    年  月  日"


def _name(s: Session, model, pid):
    obj = s.get(model, pid) if pid is not None else None
    return obj


def notice_content(s: Session, hazard_id: int, *, on: date | None = None) -> Notice:
    """What the notice says (read only). Its number is the one issued (gis.hazards.issue_notice writes
    it); before that, the number it would get. `on` is the date printed: by default the day it was
    issued, else today."""
    hazard = s.get(Hazard, hazard_id)
    if hazard is None:
        raise ValidationError(f"找不到编号为 {hazard_id} 的隐患", en=f"There is no hazard number {hazard_id}")
    issued = hazards.issued_notice(s, hazard_id)
    on = on or (issued.at.date() if issued is not None else date.today())
    number = issued.note if issued is not None and issued.note else hazards.next_notice_number(s, on)
    site = _name(s, Site, hazard.site_id)
    feature = site or _name(s, LineAsset, hazard.line_id) or _name(s, Zone, hazard.zone_id)
    owner = _name(s, Person, hazard.owner_id)
    if site is not None:
        addressee = site.name
    elif owner is not None:
        addressee = owner.unit or owner.name
    else:
        addressee = getattr(feature, "operator", None) or (feature.name if feature is not None else "有关单位")
    grade = hazards.grade_label(hazard.grade, hazards.grades(s))
    where = ""
    if site is not None and site.address:
        where = f"（{site.address}）"
    elif feature is not None and feature is not site:
        where = f"（{feature.name}）"
    facts = [
        f"{cn_date(hazard.found_on)}，{hazard.found_by or '检查人员'}在"
        f"{vocab.label('hazard_sources', hazard.source)}中发现，你单位{where}存在以下安全生产事故隐患：",
        f"{hazard.description}（{grade}，隐患编号 {hazard.code or hazard.id}）。",
    ]
    item = checklists.item(hazard.checklist_item)
    if item:
        facts.append(f"对应排查内容：{checklists.short_text(item, 80)}")
    requirements = [
        "依据《中华人民共和国安全生产法》等法律法规的规定，现责令你单位：",
        f"一、按照“五定”要求落实整改。整改措施：{hazard.measures or '由你单位制定并报我单位备案'}；"
        f"整改责任人：{_person(s, hazard.owner_id)}；整改完成人：{_person(s, hazard.executor_id)}；"
        f"整改验收人：{_person(s, hazard.acceptor_id)}。",
        f"二、于{cn_date(hazard.deadline)}前整改完毕，并将整改情况书面报送我单位，经验收合格后销号。",
        "三、整改期间应采取有效的安全防范措施，确保安全；无法保证安全的，应当从危险区域内撤出作业人员。",
    ]
    if hazards.is_open(hazard.status) and hazard.grade in hazards.major_grades(hazards.grades(s)):
        requirements.append(
            f"四、本隐患为重大事故隐患，须落实“五落实”：措施（{hazard.wls_measures or '待定'}）、"
            f"责任（{hazard.wls_responsibility or '待定'}）、资金（{hazard.wls_funds or '待定'}）、"
            f"时限（{cn_date(hazard.wls_deadline) if hazard.wls_deadline else '待定'}）、预案（{hazard.wls_plan or '待定'}）。")
    requirements.append("逾期未整改或整改不到位的，将依法予以处罚。")
    settings = repo.get_setting(s, SETTING) or {}
    unit = settings.get("issuing_unit") or hazard.supervising_unit or repo.get_setting(s, "name", "")
    return Notice(number, addressee, facts, requirements, hazard.deadline, unit, on, hazard.code or str(hazard.id))


def _person(s: Session, pid) -> str:
    p = s.get(Person, pid) if pid is not None else None
    return p.name if p else "（未定）"


def document(notice: Notice) -> OfficialDocument:
    """The notice as an official letter (gis.documents): what the .docx and the PDF both show."""
    return OfficialDocument(
        title=TITLE, number=notice.number, addressee=notice.addressee,
        paragraphs=[*(Para(t) for t in notice.facts), *(Para(t) for t in notice.requirements),
                    Para(f"整改期限：{cn_date(notice.deadline)}前", "emphasis")],
        issuing_unit=notice.issuing_unit, issued_on=notice.issued_on,
        notes=[Para(notice.receipt, "note"), Para(COPIES, "small")],
        footer=f"隐患编号 {notice.hazard_code}")


def write_docx(notice: Notice, out: Path) -> Path:
    return documents.write_docx(document(notice), out)
