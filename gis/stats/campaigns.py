"""Phased campaigns (专项行动：动员部署 / 排查整治 / 集中攻坚 / 巩固提升, with dated targets) as the seeds issue
them: read, checked, added, edited, deleted. Qt-free; the window and `gridsafe campaign` both call these.

A campaign is a `CampaignData` (the `campaign` row and its `campaign_phase` rows, migration 0012). Every
refusal is a `CampaignError` whose Chinese message names the field (`name`, `end`, `phases[2].target` …)
— the keys a campaign YAML file uses (`from_mapping`, `read_file`) — and nothing is written. Checks:
a name; end ≥ start; each phase has a name and dates inside the campaign's span; a milestone has one date
(its due day) and no start; a target has a KPI, a KPI has a target, a rate's target lies in 0–100; the KPI
is one `kpi_ids` names (the project's KPI definitions) when given.

Each write (`add`, `update`, `delete`) is one transaction (Project.write) and returns the
`gis.changes.Change` ("campaigns", with the campaign's id) the window announces.
"""
from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gis.changes import Change
from gis.errors import ValidationError
from gis.io.values import BadValue, as_date, bad_value_en
from gis.model import Campaign, CampaignPhase
from gis.model.reporting import PHASE_KINDS

KIND = "campaigns"                       # the change kind of every write here
KIND_ZH = {"phase": "阶段", "milestone": "节点目标"}
KIND_EN = {"phase": "Phase", "milestone": "Milestone"}
NAME_MAX, PHASE_NAME_MAX, DOC_MAX, KPI_MAX = 200, 100, 60, 40
CAMPAIGN_KEYS = ("name", "document_no", "issuer", "start", "end", "note", "phases")
PHASE_KEYS = ("kind", "name", "start", "end", "date", "kpi", "target", "note")


class CampaignError(ValidationError):
    """A campaign refused: `problems` = [(key, reason)] (Chinese), `reasons(lang)` the same in a language; the
    message names each key (and the file). Made from [(key, reason, reason_en)] (or pairs, said in Chinese)."""

    def __init__(self, problems: Sequence[tuple[str, ...]], source: str = "") -> None:
        self.said = [(p[0], p[1], p[2] if len(p) > 2 else p[1]) for p in problems]
        where, where_en = (f"{source} 中 ", f"In {source}, ") if source else ("", "")
        super().__init__("\n".join(f"{where}{key}：{why}" for key, why, _en in self.said),
                         en="\n".join(f"{where_en}{'(file)' if key == '（文件）' else key}: {en}"
                                       for key, _why, en in self.said))
        self.problems = [(key, why) for key, why, _en in self.said]

    def reasons(self, lang: str = "zh") -> list[tuple[str, str]]:
        """[(key, reason)] in `lang` ("zh" or "en")."""
        return [(key, en if lang == "en" else why) for key, why, en in self.said]

    @property
    def keys(self) -> list[str]:
        return [k for k, _ in self.problems]


@dataclass(frozen=True)
class PhaseData:
    """A phase (start_on..end_on) or a milestone (due on end_on, start_on None), with an optional target:
    the KPI (an id of the KPI definitions) that must reach `target` by end_on."""
    name: str
    end_on: date
    kind: str = "phase"
    start_on: date | None = None
    kpi: str | None = None
    target: float | None = None
    note: str | None = None
    id: int | None = None               # None until written

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "name": self.name,
                "start": self.start_on.isoformat() if self.start_on else None, "end": self.end_on.isoformat(),
                "kpi": self.kpi, "target": self.target, "note": self.note}


@dataclass(frozen=True)
class CampaignData:
    name: str
    start_on: date
    end_on: date
    document_no: str | None = None      # 文号
    issuer: str | None = None
    note: str | None = None
    phases: tuple[PhaseData, ...] = ()  # in order (seq)
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "document_no": self.document_no, "issuer": self.issuer,
                "start": self.start_on.isoformat(), "end": self.end_on.isoformat(), "note": self.note,
                "phases": [p.to_json() for p in self.phases]}


# --- reading a campaign written as data (YAML file, JSON, a dialog's fields) -------------------------------

def _text(value: Any, key: str, problems: list, *, required: bool = False, limit: int | None = None) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append((key, "缺失（必填）", "is missing (required)"))
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.append((key, f"应为文字，实为 {value!r}", f"should be text, not {value!r}"))
        return None
    text = str(value).strip()
    if limit is not None and len(text) > limit:
        problems.append((key, f"过长（{len(text)} 字，最多 {limit} 字）",
                         f"is too long ({len(text)} characters, at most {limit})"))
    return text


def _date(value: Any, key: str, problems: list, *, required: bool = True) -> date | None:
    if value is None or value == "":
        if required:
            problems.append((key, "缺失（应为日期，如 2026-12-05）", "is missing (should be a date, e.g. 2026-12-05)"))
        return None
    try:
        return as_date(value)
    except BadValue as e:
        problems.append((key, str(e), bad_value_en(e)))
        return None


def _number(value: Any, key: str, problems: list) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        problems.append((key, f"应为数字，实为 {value!r}", f"should be a number, not {value!r}"))
        return None
    try:
        number = float(str(value).strip().rstrip("%％")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        problems.append((key, f"应为数字，实为 {value!r}", f"should be a number, not {value!r}"))
        return None
    if not math.isfinite(number):
        problems.append((key, f"应为有限的数字，实为 {value!r}", f"should be a finite number, not {value!r}"))
        return None
    return number


def _unknown(d: Mapping, allowed: Sequence[str], prefix: str, problems: list) -> None:
    for k in d:
        if k not in allowed and k != "id":
            problems.append((f"{prefix}{k}", f"不是可用的键（可用：{'、'.join(allowed)}）",
                             f"is not a usable key (usable: {', '.join(allowed)})"))


def from_mapping(d: Any, source: str = "") -> CampaignData:
    """A campaign from data written as in a campaign YAML file:

        name: 今冬明春安全生产专项整治      # required
        document_no: 湛安〔2026〕15号       # optional, as issuer and note
        start: 2026-11-16
        end: 2027-06-30
        phases:
          - {name: 动员部署, start: 2026-11-16, end: 2026-11-30}
          - {kind: milestone, name: 隐患整改全部销号, date: 2027-03-31, kpi: rectification_rate, target: 100}

    Only the form is checked here (keys, types, dates); `check` applies the rules. Raises CampaignError
    naming every bad key."""
    problems: list[tuple[str, str]] = []
    if not isinstance(d, Mapping):
        raise CampaignError([("（文件）", "应为键值表（name、start、end、phases …）",
                              "should be a mapping (name, start, end, phases …)")], source)
    _unknown(d, CAMPAIGN_KEYS, "", problems)
    name = _text(d.get("name"), "name", problems, required=True)
    start = _date(d.get("start"), "start", problems)
    end = _date(d.get("end"), "end", problems)
    raw_phases = d.get("phases") or []
    phases: list[PhaseData] = []
    if not isinstance(raw_phases, list):
        problems.append(("phases", "应为列表（每项一个阶段或节点目标）",
                         "should be a list (each item a phase or a milestone)"))
        raw_phases = []
    for i, p in enumerate(raw_phases, start=1):
        at = f"phases[{i}]."
        if not isinstance(p, Mapping):
            problems.append((f"phases[{i}]", "应为键值表（name、start、end …）",
                             "should be a mapping (name, start, end …)"))
            continue
        _unknown(p, PHASE_KEYS, at, problems)
        kind = p.get("kind") or "phase"
        if kind not in PHASE_KINDS:
            problems.append((f"{at}kind", f"应为 phase（阶段）或 milestone（节点目标），实为 {kind!r}",
                             f"should be phase or milestone, not {kind!r}"))
            continue
        pname = _text(p.get("name"), f"{at}name", problems, required=True)
        if kind == "milestone":
            if p.get("start") not in (None, ""):
                problems.append((f"{at}start", "节点目标只有一个日期：写 date，不写 start",
                                 "a milestone has one date: write date, not start"))
            due_key = "date" if "date" in p or "end" not in p else "end"
            pstart, pend = None, _date(p.get(due_key), f"{at}{due_key}", problems)
        else:
            if "date" in p:
                problems.append((f"{at}date", "阶段写 start 和 end；date 只用于节点目标（kind: milestone）",
                                 "a phase takes start and end; date is only for a milestone (kind: milestone)"))
            pstart = _date(p.get("start"), f"{at}start", problems)
            pend = _date(p.get("end"), f"{at}end", problems)
        kpi = _text(p.get("kpi"), f"{at}kpi", problems)
        target = _number(p.get("target"), f"{at}target", problems)
        note = _text(p.get("note"), f"{at}note", problems)
        if pname is not None and pend is not None and (kind == "milestone" or pstart is not None):
            phases.append(PhaseData(name=pname, kind=kind, start_on=pstart, end_on=pend, kpi=kpi, target=target,
                                    note=note, id=p.get("id")))
    document_no = _text(d.get("document_no"), "document_no", problems, limit=DOC_MAX)
    issuer = _text(d.get("issuer"), "issuer", problems, limit=NAME_MAX)
    note = _text(d.get("note"), "note", problems)
    if problems:
        raise CampaignError(problems, source)
    return CampaignData(name=name, start_on=start, end_on=end, document_no=document_no, issuer=issuer, note=note,
                        phases=tuple(phases), id=d.get("id"))


def read_file(path: str | Path) -> CampaignData:
    """A campaign YAML file (see from_mapping), read and checked for form; CampaignError names file and key."""
    import yaml

    from gis.rulefiles import read_yaml

    class DatesAsText(yaml.SafeLoader):
        """2027-02-30 reaches _date as text, which names its key (PyYAML's own date parsing just fails)."""

    DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    path = Path(path)

    class _FileError(CampaignError):
        def __init__(self, message: str, *, en: str | None = None) -> None:
            ValidationError.__init__(self, message, en=en)
            self.problems = [("（文件）", message)]
            self.said = [("（文件）", message, en or message)]

    return from_mapping(read_yaml(path, "专项行动文件", _FileError, loader=DatesAsText,
                                      what_en="campaigns file"), str(path))


def check(campaign: CampaignData, kpi_ids: Collection[str] | None = None, *,
          rates: Collection[str] = (), source: str = "") -> CampaignData:
    """The campaign if every rule holds, else CampaignError naming each offending key. `kpi_ids`: the KPIs a
    target may name (None: any id); `rates`: those of them that are rates (a target in 0–100)."""
    problems: list[tuple[str, str, str]] = []      # (key, reason, reason in English)
    c = campaign
    if not c.name or not c.name.strip():
        problems.append(("name", "缺失（必填）", "is missing (required)"))
    elif len(c.name) > NAME_MAX:
        problems.append(("name", f"过长（{len(c.name)} 字，最多 {NAME_MAX} 字）",
                         f"is too long ({len(c.name)} characters, at most {NAME_MAX})"))
    if c.document_no and len(c.document_no) > DOC_MAX:
        problems.append(("document_no", f"过长（最多 {DOC_MAX} 字）", f"is too long (at most {DOC_MAX} characters)"))
    if c.end_on < c.start_on:
        problems.append(("end", f"结束日期 {c.end_on} 早于开始日期 {c.start_on}",
                         f"the end date {c.end_on} is before the start date {c.start_on}"))
    span = f"专项行动期限（{c.start_on} 至 {c.end_on}）"
    span_en = f"the campaign's dates ({c.start_on} to {c.end_on})"
    for i, p in enumerate(c.phases, start=1):
        at = f"phases[{i}]."
        what = f"{KIND_ZH.get(p.kind, p.kind)}“{p.name}”"
        what_en = f"{KIND_EN.get(p.kind, p.kind)} \"{p.name}\""
        if p.kind not in PHASE_KINDS:
            problems.append((f"{at}kind", f"应为 phase 或 milestone，实为 {p.kind!r}",
                             f"should be phase or milestone, not {p.kind!r}"))
        if not p.name or not p.name.strip():
            problems.append((f"{at}name", "缺失（必填）", "is missing (required)"))
        elif len(p.name) > PHASE_NAME_MAX:
            problems.append((f"{at}name", f"过长（最多 {PHASE_NAME_MAX} 字）",
                             f"is too long (at most {PHASE_NAME_MAX} characters)"))
        if p.kind == "milestone":
            if p.start_on is not None:
                problems.append((f"{at}start", f"{what}只有一个日期（到期日），不应有开始日期",
                                 f"{what_en} has one date (its due date) and no start date"))
            if not c.start_on <= p.end_on <= c.end_on:
                problems.append((f"{at}date", f"{what}的日期 {p.end_on} 不在{span}之内",
                                 f"the date {p.end_on} of {what_en} is not within {span_en}"))
        else:
            if p.start_on is None:
                problems.append((f"{at}start", f"{what}缺少开始日期", f"{what_en} has no start date"))
            elif p.end_on < p.start_on:
                problems.append((f"{at}end", f"{what}的结束日期 {p.end_on} 早于开始日期 {p.start_on}",
                                 f"the end date {p.end_on} of {what_en} is before its start date {p.start_on}"))
            else:
                if p.start_on < c.start_on:
                    problems.append((f"{at}start", f"{what}的开始日期 {p.start_on} 早于专项行动的开始日期 {c.start_on}",
                                     f"the start date {p.start_on} of {what_en} is before the campaign's start "
                                     f"date {c.start_on}"))
                if p.end_on > c.end_on:
                    problems.append((f"{at}end", f"{what}的结束日期 {p.end_on} 晚于专项行动的结束日期 {c.end_on}",
                                     f"the end date {p.end_on} of {what_en} is after the campaign's end date "
                                     f"{c.end_on}"))
        if p.target is not None and not p.kpi:
            problems.append((f"{at}kpi", f"{what}有目标值 {p.target:g} 但没有指标（kpi）",
                             f"{what_en} has a target {p.target:g} but no KPI (kpi)"))
        if p.kpi:
            if len(p.kpi) > KPI_MAX:
                problems.append((f"{at}kpi", f"过长（最多 {KPI_MAX} 字）", f"is too long (at most {KPI_MAX} characters)"))
            elif kpi_ids is not None and p.kpi not in kpi_ids:
                problems.append((f"{at}kpi", f"未知的指标“{p.kpi}”，可选：{'、'.join(sorted(kpi_ids))}",
                                 f"unknown KPI \"{p.kpi}\"; the choices: {', '.join(sorted(kpi_ids))}"))
            if p.target is None:
                problems.append((f"{at}target", f"{what}有指标 {p.kpi} 但没有目标值",
                                 f"{what_en} has a KPI {p.kpi} but no target"))
            elif p.target < 0 or (p.kpi in rates and p.target > 100):
                problems.append((f"{at}target", f"目标值 {p.target:g} 超出范围（{'0–100（百分比）' if p.kpi in rates else '应 ≥ 0'}）",
                                 f"the target {p.target:g} is out of range "
                                 f"({'0–100 (percent)' if p.kpi in rates else 'should be ≥ 0'})"))
    if problems:
        raise CampaignError(problems, source)
    return campaign


# --- the database ------------------------------------------------------------------------------------------

def _data(c: Campaign) -> CampaignData:
    return CampaignData(
        id=c.id, name=c.name, document_no=c.document_no, issuer=c.issuer, start_on=c.start_on, end_on=c.end_on,
        note=c.note, phases=tuple(PhaseData(id=p.id, kind=p.kind, name=p.name, start_on=p.start_on, end_on=p.end_on,
                                            kpi=p.kpi, target=p.target, note=p.note) for p in c.phases))


def rows(s: Session) -> list[CampaignData]:
    """Every campaign with its phases, by start date then id."""
    found = s.scalars(select(Campaign).options(selectinload(Campaign.phases))
                      .order_by(Campaign.start_on, Campaign.id)).all()
    return [_data(c) for c in found]


def _get(s: Session, campaign_id: int) -> Campaign:
    c = s.get(Campaign, int(campaign_id))
    if c is None:
        raise ValidationError(f"专项行动 {campaign_id} 不存在（可能已被删除）",
                              en=f"Campaign {campaign_id} does not exist (it may have been deleted)")
    return c


def _write_phases(s: Session, c: Campaign, phases: Sequence[PhaseData]) -> None:
    c.phases = [CampaignPhase(seq=i, kind=p.kind, name=p.name, start_on=p.start_on, end_on=p.end_on, kpi=p.kpi,
                              target=p.target, note=p.note) for i, p in enumerate(phases, start=1)]


def _fields(c: Campaign, data: CampaignData) -> None:
    c.name, c.document_no, c.issuer = data.name.strip(), data.document_no, data.issuer
    c.start_on, c.end_on, c.note = data.start_on, data.end_on, data.note


def insert(s: Session, data: CampaignData, kpi_ids: Collection[str] | None = None, *,
           rates: Collection[str] = ()) -> tuple[int, Change]:
    """Add a checked campaign in the caller's transaction; (its id, the Change)."""
    check(data, kpi_ids, rates=rates)
    c = Campaign()
    _fields(c, data)
    s.add(c)
    _write_phases(s, c, data.phases)
    s.flush()
    return c.id, Change.of(KIND, campaigns=[c.id])


def replace_campaign(s: Session, campaign_id: int, data: CampaignData, kpi_ids: Collection[str] | None = None, *,
                     rates: Collection[str] = ()) -> Change:
    """Overwrite a campaign's fields and its phases (the phases as given, in that order)."""
    check(data, kpi_ids, rates=rates)
    c = _get(s, campaign_id)
    _fields(c, data)
    _write_phases(s, c, data.phases)
    s.flush()
    return Change.of(KIND, campaigns=[c.id])


def remove(s: Session, campaign_id: int) -> Change:
    c = _get(s, campaign_id)
    s.delete(c)
    s.flush()
    return Change.of(KIND, campaigns=[int(campaign_id)])


# --- use cases on a project (one transaction each) ------------------------------------------------------------

@dataclass(frozen=True)
class KpiChoice:
    """What a target may name: the KPI ids with their Chinese names, and which are rates (percent)."""
    names: Mapping[str, str] = field(default_factory=dict)   # id → 中文名
    names_en: Mapping[str, str] = field(default_factory=dict)   # id → English name (the English window)
    rates: frozenset[str] = frozenset()
    known: bool = False                                      # False: no KPI definitions: any id goes

    @property
    def ids(self) -> Collection[str] | None:
        return self.names.keys() if self.known else None

    def name(self, kpi: str, lang: str = "zh") -> str:
        """The KPI's name in `lang` (the Chinese when it has no English one; the id when it is not known)."""
        if lang == "en" and self.names_en.get(kpi):
            return self.names_en[kpi]
        return self.names.get(kpi, kpi)


def kpi_choice(project) -> KpiChoice:
    """The project's KPI definitions (gis.stats.kpis: resources/kpis.yaml with the project's overrides) as a
    campaign target sees them."""
    from gis.stats import kpis

    defs = kpis.load(project)
    return KpiChoice(names={k.id: k.zh for k in defs.kpis}, names_en={k.id: k.en for k in defs.kpis},
                     rates=frozenset(k.id for k in defs.kpis if k.kind == "rate"), known=True)


def listing(project) -> list[CampaignData]:
    with project.session() as s:
        return rows(s)


def get(project, campaign_id: int) -> CampaignData:
    with project.session() as s:
        return _data(_get(s, campaign_id))


def add(project, data: CampaignData, kpis: KpiChoice | None = None) -> tuple[int, Change]:
    """Add a campaign with its phases (one transaction); (its id, Change). `kpis`: defaults to the project's."""
    kpis = kpi_choice(project) if kpis is None else kpis
    return project.write(lambda s: insert(s, data, kpis.ids, rates=kpis.rates))


def update(project, campaign_id: int, data: CampaignData, kpis: KpiChoice | None = None) -> Change:
    """Replace a campaign's fields and phases (one transaction)."""
    kpis = kpi_choice(project) if kpis is None else kpis
    return project.write(lambda s: replace_campaign(s, campaign_id, data, kpis.ids, rates=kpis.rates))


def delete(project, campaign_id: int) -> Change:
    """Delete a campaign and its phases (one transaction)."""
    return project.write(lambda s: remove(s, campaign_id))


def with_phases(data: CampaignData, phases: Sequence[PhaseData]) -> CampaignData:
    return replace(data, phases=tuple(phases))
