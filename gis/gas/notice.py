"""燃气管道保护安全告知书 to a third-party works party: its content, built from the works register row and the
gas pipelines whose control range its extent meets (gis.gas.analysis, measured from the pipes' outer wall),
with the legal text from resources/gas_notice.yaml. Read only; no Qt.

    notice = works_notice(session, "建设路雨水管改造", on=date(2026, 12, 5))   # id or name
    gis.documents.write_docx(notice.document(), "告知书.docx")              # the PDF: desktop.printing.notice_pdf

The works is analysed whatever its status and dates (a notice goes out before the works starts).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import hazards, repo
from gis.documents import OfficialDocument, Para, Receipt, cn_date
from gis.errors import ValidationError
from gis.gas.analysis import Analysis, Features, Pipelines
from gis.gas.findings import PIPELINES, metres
from gis.gas.rules import GasRules, load_rules, pipeline_params
from gis.layers import load_layer
from gis.model import LineAsset, ThirdPartyWorks
from gis.paths import RESOURCES

TEXT_FILE = RESOURCES / "gas_notice.yaml"
ORDINALS = "一二三四五六七八九十"
DEGREE_M = 55_000.0   # metres per degree, generously low (as gis.spatial.within_distance): boxes only widen


@lru_cache(maxsize=1)
def notice_text() -> dict[str, Any]:
    """resources/gas_notice.yaml, checked for the keys the notice uses (a Chinese message names a missing one)."""
    data = yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8")) or {}
    for key in ("title", "receipt_title", "opening", "forbidden", "duties", "liability", "receipt",
                "receipt_fields", "copies"):
        if key not in data:
            raise ValidationError(f"{TEXT_FILE.name} 缺少“{key}”", en=f"{TEXT_FILE.name} lacks \"{key}\"")
    for key in ("forbidden", "duties"):
        if not data[key].get("items") or not data[key].get("heading"):
            raise ValidationError(f"{TEXT_FILE.name} 的“{key}”缺少 heading 或 items",
                                  en=f"\"{key}\" in {TEXT_FILE.name} lacks heading or items")
    return data


@dataclass(frozen=True)
class NearPipe:
    """A gas pipeline the works extent comes near: its control range (at least) is met."""
    pipeline_id: int
    name: str | None
    operator: str | None
    class_zh: str
    diameter_mm: float | None        # DN as recorded
    od_mm: float                     # outside diameter used (recorded, from DN, or the rules' default)
    protection_m: float
    control_m: float
    distance_m: float                # works extent to the pipe's outer wall
    level: str                       # alarm (in the protection range) | warning (in the control range)
    level_zh: str                    # 报警 / 预警
    defaulted: tuple[str, ...]       # 压力级制 / 外径 taken from the rules' defaults

    @property
    def label(self) -> str:
        return f"“{self.name}”" if self.name else f"（编号 {self.pipeline_id}）"

    @property
    def in_protection(self) -> bool:
        return self.level == "alarm"


@dataclass
class WorksNotice:
    works_id: int
    works_name: str
    party: str | None
    contact: str | None
    permit_no: str | None
    start_on: date | None
    end_on: date | None
    supervisor: str | None
    pipes: list[NearPipe]
    issuing_unit: str
    issued_on: date

    def pipe_paragraph(self, k: int, p: NearPipe) -> str:
        dn = f"DN{p.diameter_mm:g}，" if p.diameter_mm else ""
        zone = "保护范围" if p.in_protection else "控制范围"
        note = f"（{'、'.join(p.defaulted)}未登记，按默认值计）" if p.defaulted else ""
        owner = f"，权属单位{p.operator}" if p.operator else ""
        return (f"（{ORDINALS[k] if k < 10 else k + 1}）{p.label}：{p.class_zh}燃气管道（{dn}外径{metres(p.od_mm)}毫米{owner}），"
                f"保护范围为管道外缘两侧各{metres(p.protection_m)}米，控制范围为管道外缘两侧各{metres(p.control_m)}米；"
                f"施工范围距管道外壁{metres(p.distance_m)}米，已进入其{zone}（{p.level_zh}）{note}。")

    def document(self) -> OfficialDocument:
        t = notice_text()
        when = ""
        if self.start_on or self.end_on:
            when = f"，施工期{cn_date(self.start_on) if self.start_on else '（未定）'}至" \
                   f"{cn_date(self.end_on) if self.end_on else '（未定）'}"
        permit = f"（许可/协议编号：{self.permit_no}{when}）" if self.permit_no else (f"（{when[1:]}）" if when else "")
        contact = f"现场联系人：{self.contact}。" if self.contact else ""
        paragraphs = [
            Para(f"你单位承建的“{self.works_name}”{permit}施工范围邻近燃气管道。{contact}{t['opening']}"),
            Para(f"一、施工范围附近的燃气管道（共{len(self.pipes)}条）", "emphasis"),
            *(Para(self.pipe_paragraph(k, p)) for k, p in enumerate(self.pipes)),
            Para(f"二、{t['forbidden']['heading']}", "emphasis"),
            *(Para(f"（{ORDINALS[k]}）{x}") for k, x in enumerate(t["forbidden"]["items"])),
            Para(f"三、{t['duties']['heading']}", "emphasis"),
            *(Para(f"（{ORDINALS[k]}）{x}") for k, x in enumerate(t["duties"]["items"])),
            Para(f"四、燃气经营者现场监护人：{self.supervisor or '（待燃气经营者指派）'}。施工前请与其联系，"
                 f"施工期间服从其安全指导。", "emphasis"),
            Para(f"五、{t['liability']['text']}", "body"),
        ]
        receipt = Receipt(t["receipt_title"],
                          [Para(t["receipt"].format(name=self.works_name, party=self.party or ""))],
                          list(t["receipt_fields"]))
        return OfficialDocument(
            title=t["title"], number=f"施工登记号 {self.works_id}", addressee=self.party or self.works_name,
            paragraphs=paragraphs, issuing_unit=self.issuing_unit, issued_on=self.issued_on,
            notes=[Para(t["copies"], "small")], receipt=receipt, footer=f"第三方施工：{self.works_name}")


def find_works(s: Session, ref: int | str) -> ThirdPartyWorks:
    """The works with id `ref` (a number, or digits) or, failing that, named `ref`; a Chinese error names it."""
    text = str(ref).strip()
    works = s.get(ThirdPartyWorks, int(text)) if text.isdigit() else None
    if works is None:
        named = list(s.scalars(select(ThirdPartyWorks).where(ThirdPartyWorks.name == text).limit(2)))
        if len(named) > 1:
            raise ValidationError(f"有多处第三方施工名为“{text}”，请改用编号",
                                  en=f"More than one third-party works is named \"{text}\"; use the number instead")
        works = named[0] if named else None
    if works is None:
        raise ValidationError(f"找不到第三方施工“{text}”（按编号或名称）",
                              en=f"Third-party works \"{text}\" not found (by number or name)")
    return works


def near_pipes(s: Session, works_geom, works_id: int, rules: GasRules, on: date) -> list[NearPipe]:
    """The gas pipelines whose control range the works extent meets, nearest first: only the pipelines the
    spatial index finds within the widest control range of the extent are read."""
    widest = max(c.control_m for c in rules.classes.values()) + 2.0
    d = widest / DEGREE_M
    x0, y0, x1, y1 = shapely.bounds(works_geom)
    pipes = load_layer(s.get_bind(), PIPELINES, box=(x0 - d, y0 - d, x1 + d, y1 + d))
    if not len(pipes):
        return []
    a = pipes.attrs
    params = pipeline_params(rules, a["pressure_class"].to_numpy(dtype=object),
                             outside_diameter_mm=a["outside_diameter_mm"].to_numpy(dtype=object),
                             diameter_mm=a["diameter_mm"].to_numpy(dtype=object),
                             material=a["material"].to_numpy(dtype=object))
    pipelines = Pipelines(pipes.geoms, pipes.ids, params, a["name"].to_numpy(dtype=object))
    works = Features(np.array([works_geom], dtype=object), np.array([works_id]))
    found = sorted(Analysis(rules, pipelines, works=works).works_findings(on), key=lambda f: f.distance_m)
    operators = dict(s.execute(select(LineAsset.id, LineAsset.operator)
                               .where(LineAsset.id.in_([int(f.pipeline_id) for f in found]))).all()) if found else {}
    out = []
    for f in found:
        i = f.pipeline_index
        dn, name = a["diameter_mm"].iloc[i], a["name"].iloc[i]
        out.append(NearPipe(
            pipeline_id=int(f.pipeline_id), name=name if isinstance(name, str) else None,
            operator=operators.get(int(f.pipeline_id)), class_zh=rules.classes[f.pressure_class].zh,
            diameter_mm=None if dn is None or np.isnan(dn) else float(dn), od_mm=float(params.od_mm[i]),
            protection_m=float(params.protection_m[i]), control_m=float(params.control_m[i]), distance_m=f.distance_m,
            level=f.level, level_zh=rules.works_levels[f.level]["zh"], defaulted=tuple(f.incomplete)))
    return out


def works_notice(s: Session, ref: int | str, *, on: date | None = None, rules: GasRules | None = None) -> WorksNotice:
    """The notice for works `ref` (id or name) dated `on` (default today). Raises ValidationError (Chinese,
    naming the works) when there is no such works, it has no extent, or no pipeline's control range meets it."""
    on = on or date.today()
    rules = rules or load_rules()
    works = find_works(s, ref)
    geom = works.geom
    if geom is None or shapely.is_empty(geom):
        raise ValidationError(f"第三方施工“{works.name}”（编号 {works.id}）没有施工范围，无法分析邻近的燃气管道",
                              en=f"Third-party works \"{works.name}\" (no. {works.id}) has no works extent, so the "
                                 f"gas pipelines near it cannot be analysed")
    pipes = near_pipes(s, geom, works.id, rules, on)
    if not pipes:
        raise ValidationError(f"第三方施工“{works.name}”（编号 {works.id}）的施工范围未进入任何燃气管道的控制范围，"
                              "无需告知",
                              en=f"The extent of third-party works \"{works.name}\" (no. {works.id}) does not enter "
                                 f"the control range of any gas pipeline; no notice is needed")
    settings = repo.get_setting(s, hazards.NOTICE_SETTING) or {}
    unit = settings.get("issuing_unit") or repo.get_setting(s, "name", "") or "燃气管理部门"
    contact = " ".join(x for x in (works.contact_name, works.contact_phone) if x) or None
    return WorksNotice(works.id, works.name, works.party, contact, works.permit_no, works.start_on, works.end_on,
                       works.supervisor, pipes, unit, on)
