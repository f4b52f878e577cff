"""The hazard ledger's rules as data: labels, grades, the closed-loop state machine's pure checks.

The state machine is data (resources/hazard_rules.yaml). `refusals()` is the pure heart: given a
proposed step it returns the reasons (in Chinese) why it may not happen. `open_states()` is the one
source of truth for which states count as open (ledger, escalation, patrols, counts).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy.orm import Session

from gis import repo, vocab
from gis.hazards import signoff
from gis.paths import RESOURCES

GRADES_SETTING = "hazard_grades"
MAX_PHOTO_BYTES = 20 * 1024 * 1024

# Fields a form may change (state, history and identity are changed only by the rules here).
EDITABLE = (
    "description", "grade", "source", "sector", "checklist_item", "found_on", "found_by",
    "owner_id", "measures", "deadline", "executor_id", "acceptor_id",
    "wls_measures", "wls_responsibility", "wls_funds", "wls_deadline", "wls_plan",
    "supervision_level", "supervising_unit",
)
PERSON_FIELDS = ("owner_id", "executor_id", "acceptor_id")
DATE_FIELDS = ("found_on", "deadline", "wls_deadline")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    with open(RESOURCES / "hazard_rules.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def open_states() -> tuple[str, ...]:
    """The states in which a hazard counts as open (未销号): ledger, escalation, patrols and counts all ask here."""
    return tuple(rules()["open_states"])


def field_label(name: str, lang: str = "zh") -> str:
    return vocab.text(rules()["fields"][name], lang) if name in rules()["fields"] else name


def action_label(action: str, lang: str = "zh") -> str:
    spec = rules()["actions"].get(action) or rules()["other_actions"].get(action)
    return vocab.text(spec, lang) if spec else action


def status_label(status: str | None, lang: str = "zh") -> str:
    return vocab.label("hazard_statuses", status, lang)


def signature_role_label(role: str | None, lang: str = "zh") -> str:
    if not role:
        return ""
    spec = rules()["signature_roles"].get(role)
    return vocab.text(spec, lang) if spec else signoff.role_label(role, lang)


# --- grades ---------------------------------------------------------------------------------------

def grades(s: Session | None = None) -> dict[str, dict]:
    """The project's grades: key → {zh, en, major}. Setting "hazard_grades" overrides the vocab."""
    configured = repo.get_setting(s, GRADES_SETTING) if s is not None else None
    if configured:
        return {g["key"]: {"zh": g["zh"], "en": g.get("en", g["zh"]), "major": bool(g.get("major"))}
                for g in configured}
    return {k: {"zh": v["zh"], "en": v["en"], "major": bool(v.get("major"))}
            for k, v in ((k, vocab.entry("hazard_grades", k)) for k in vocab.keys("hazard_grades"))}


def grade_label(grade: str, table: Mapping[str, dict] | None = None) -> str:
    table = table if table is not None else grades()
    return table[grade]["zh"] if grade in table else grade


def major_grades(table: Mapping[str, dict]) -> set[str]:
    return {k for k, v in table.items() if v["major"]}


# --- overdue (逾期): derived, never stored ----------------------------------------------------------

def is_open(status: str) -> bool:
    return status in open_states()


def is_overdue(status: str, deadline: date | None, today: date) -> bool:
    return deadline is not None and is_open(status) and deadline < today


# --- the pure rule check --------------------------------------------------------------------------

@dataclass(frozen=True)
class Attempt:
    """Everything the rules need to judge one step; built from the database by `transition`."""

    action: str
    status: str
    major: bool
    values: Mapping[str, Any]                 # the hazard's fields with the proposed changes applied
    role: str | None = None                   # the signature role the actor signs in
    actor_id: int | None = None
    actor_name: str = ""
    people: Mapping[str, tuple[int | None, str]] = field(default_factory=dict)  # field → (id, name)
    note: str | None = None
    chain: signoff.Chain | None = None        # the project's 三查三签字 chain
    signed: frozenset[str] = frozenset()      # roles that have signed it
    grade: str = ""


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def missing_fields(action: str, values: Mapping[str, Any], major: bool) -> list[str]:
    spec = rules()["actions"][action]
    needed = list(spec.get("requires", [])) + (list(spec.get("requires_major", [])) if major else [])
    return [f for f in needed if _empty(values.get(f))]


def refusals(a: Attempt, lang: str = "zh") -> list[str]:
    """Why this step may not happen, in Chinese (in English with lang "en"); an empty list means it may."""
    table = rules()["actions"]
    spec = table.get(a.action)
    en = lang == "en"
    if spec is None:
        if en:
            return [f"Unknown step \"{a.action}\"; choose from: "
                    f"{', '.join(f'{k} ({vocab.text(v, lang)})' for k, v in table.items())}"]
        options = "、".join(f"{k}（{v['label']}）" for k, v in table.items())
        return [f"未知的操作“{a.action}”，可选：{options}"]
    label = vocab.text(spec, lang).lower() if en else spec["label"]   # in a sentence: "cannot assign"
    if a.status not in spec["from"]:
        allowed = [vocab.text(v, lang) if en else v["label"] for v in table.values()
                   if a.status in v["from"] and v.get("to")]
        if en:
            hint = f"; it can now: {', '.join(allowed)}" if allowed else "; the hazard is closed, its process is over"
            return [f"The status is \"{status_label(a.status, lang)}\": cannot {label}{hint}"]
        hint = f"；当前可以：{'、'.join(allowed)}" if allowed else "；该隐患已销号，流程已结束"
        return [f"当前状态为“{status_label(a.status)}”，不能{label}{hint}"]
    reasons = []
    missing = missing_fields(a.action, a.values, a.major)
    if missing:
        wu_ding = [field_label(f, lang) for f in missing if not f.startswith("wls_")]
        wu_luoshi = [field_label(f, lang) for f in missing if f.startswith("wls_")]
        if wu_ding:
            reasons.append(f"The five fixes are incomplete; missing: {', '.join(wu_ding)}" if en
                           else f"五定未填全，缺少：{'、'.join(wu_ding)}")
        if wu_luoshi:
            reasons.append(f"A major hazard needs the five implementations; missing: {', '.join(wu_luoshi)}" if en
                           else f"重大隐患须五落实，缺少：{'、'.join(wu_luoshi)}")
    if spec.get("note_required") and _empty(a.note):
        reasons.append(f"A reason must be written to {label}" if en else f"{label}须写明原因")
    roles_needed = spec.get("signature_roles_major", []) if a.major else spec.get("signature_roles", [])
    if roles_needed:
        reasons.extend(_role_refusals(a, roles_needed, label, lang))
    if spec.get("signoffs_before") and a.chain is not None and a.chain.applies_to(a.grade):
        lacking = signoff.describe_lacking(a.chain, a.signed, lang)
        if lacking:
            reasons.append(f"The three checks and three signatures are not complete; still lacking: "
                           f"{', '.join(lacking)}" if en else f"三查三签字未完成，尚缺：{'、'.join(lacking)}")
    if a.action == "sign":
        if a.chain is None:
            reasons.append("This project has no sign-off chain" if en else "本项目未设置签字流程")
        else:
            why = signoff.sign_refusal(a.chain, a.signed, a.role, lang)
            if why:
                reasons.append(why)
    return reasons


def _role_refusals(a: Attempt, roles_needed: list[str], label: str, lang: str = "zh") -> list[str]:
    en = lang == "en"
    names = (" or " if en else "或").join(signature_role_label(r, lang) for r in roles_needed)
    who = ("a major hazard" if a.major else "this hazard") if en else ("重大隐患" if a.major else "该隐患")
    if a.role not in roles_needed:
        return [f"To {label} {who}, {names} must sign the acceptance" if en else f"{who}{label}须由{names}验收签字"]
    person_field = rules()["signature_roles"][a.role].get("person_field")
    if not person_field:
        return []
    pid, pname = a.people.get(person_field, (None, ""))
    if pid is None and not pname:
        return [f"No {field_label(person_field, lang)} is given: cannot {label}" if en
                else f"未指定{field_label(person_field)}，无法{label}"]
    same = (a.actor_id == pid) if (a.actor_id is not None and pid is not None) else (a.actor_name == pname)
    if not same:
        return [f"To {label} {who}, {field_label(person_field, lang)} \"{pname}\" must sign; \"{a.actor_name}\" is "
                f"not {names}" if en else
                f"{who}{label}须由{field_label(person_field)}“{pname}”签字，“{a.actor_name}”不是{names}"]
    return []


def allowed_actions(status: str) -> list[str]:
    """Actions whose `from` includes the state (for menus); the rules may still refuse one."""
    return [k for k, v in rules()["actions"].items() if status in v["from"]]


