"""Escalation rules (隐患升级、预警) as data, evaluated in bulk with SQL filters and pandas group-bys.

The rules live in resources/escalation_rules.yaml; a project overrides any parameter, or switches a
rule off, in its setting "escalation_rules". Each rule kind has one pure evaluator taking DataFrames
(tested directly) and one loader that fetches only the rows the rule can need.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import yaml
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from . import repo, vocab
from .errors import ValidationError
from .model import EnforcementAction, Hazard, Site
from .paths import RESOURCES

SETTING = "escalation_rules"
ALERT_COLUMNS = ["rule", "label", "level", "action", "site_id", "site_name", "hazard_id", "hazard_code",
                 "grid_id", "detail"]
LEVEL_ORDER = {"severe": 0, "warning": 1, "notice": 2}


@lru_cache(maxsize=1)
def default_rules() -> dict[str, dict]:
    with open(RESOURCES / "escalation_rules.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)["rules"]


def merge_rules(overrides: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict]:
    """The defaults with a project's overrides: {rule: {param: value, enabled: bool, level: …}}."""
    out = copy.deepcopy(default_rules())
    for key, change in (overrides or {}).items():
        if key not in out:
            raise ValidationError(f"未知的预警规则“{key}”，可选：{'、'.join(out)}")
        change = dict(change)
        for k in ("enabled", "level", "label", "action"):
            if k in change:
                out[key][k] = change.pop(k)
        unknown = [k for k in change if k not in out[key]["params"]]
        if unknown:
            raise ValidationError(f"预警规则“{out[key]['label']}”没有参数：{'、'.join(unknown)}")
        out[key]["params"].update(change)
    return out


def project_rules(s: Session) -> dict[str, dict]:
    return merge_rules(repo.get_setting(s, SETTING))


def set_threshold(s: Session, rule: str, **params: Any) -> None:
    """Change a rule's thresholds for this project (checked against the defaults first)."""
    current = dict(repo.get_setting(s, SETTING) or {})
    merged_change = {**current.get(rule, {}), **params}
    merge_rules({**current, rule: merged_change})  # validates
    current[rule] = merged_change
    repo.set_setting(s, SETTING, current)


# --- pure evaluators: DataFrames in, alert rows out ------------------------------------------------

def _alerts(rule_key: str, rule: dict, frame: pd.DataFrame, detail: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame({
        "rule": rule_key, "label": rule["label"], "level": rule.get("level", "warning"),
        "action": rule.get("action", ""),
        "site_id": frame.get("site_id", pd.Series(pd.NA, index=frame.index)),
        "site_name": frame.get("site_name", pd.Series(pd.NA, index=frame.index)),
        "hazard_id": frame.get("hazard_id", pd.Series(pd.NA, index=frame.index)),
        "hazard_code": frame.get("hazard_code", pd.Series(pd.NA, index=frame.index)),
        "grid_id": frame.get("grid_id", pd.Series(pd.NA, index=frame.index)),
        "detail": detail,
    }, index=frame.index)
    return out[ALERT_COLUMNS].reset_index(drop=True)


def _text(series: pd.Series) -> pd.Series:
    """Strings with missing values as "" (pandas turns None into NaN under astype(str))."""
    return series.astype(object).where(series.notna(), "").astype(str)


def overdue(rule_key: str, rule: dict, hazards: pd.DataFrame, today: date) -> pd.DataFrame:
    """Open hazards past deadline + grace. hazards: hazard_id, hazard_code, site_id, site_name, grid_id,
    grade, status, deadline (only open ones need be given)."""
    p = rule["params"]
    cutoff = pd.Timestamp(today - timedelta(days=int(p.get("grace_days", 0))))
    deadline = pd.to_datetime(hazards["deadline"])
    mask = deadline.notna() & (deadline < cutoff)
    if p.get("grades"):
        mask &= hazards["grade"].isin(p["grades"])
    hit = hazards[mask]
    days = (pd.Timestamp(today) - deadline[mask]).dt.days.astype("int64")
    where = _text(hit["site_name"])
    code = _text(hit["hazard_code"].fillna(hit["hazard_id"].astype(str)))
    detail = ("隐患 " + code + np.where(where != "", "（" + where + "）", "")
              + " 已逾期 " + days.astype(str) + " 天（整改时限 " + deadline[mask].dt.strftime("%Y-%m-%d") + "）")
    return _alerts(rule_key, rule, hit, detail)


def _window_counts(actions: pd.DataFrame, kind: str, days: int, today: date) -> pd.Series:
    """Actions of `kind` per site dated in (today − days, today]."""
    start = pd.Timestamp(today - timedelta(days=days))
    on = pd.to_datetime(actions["acted_on"])
    m = (actions["kind"] == kind) & (on > start) & (on <= pd.Timestamp(today))
    return actions.loc[m].groupby("site_id").size()


def repeated_actions(rule_key: str, rule: dict, actions: pd.DataFrame, sites: pd.DataFrame,
                     today: date) -> pd.DataFrame:
    """Sites with ≥ count actions of a kind within the last `days` days (e.g. 2 serious violations / 30 d)."""
    p = rule["params"]
    counts = _window_counts(actions, p["action_kind"], int(p["days"]), today)
    counts = counts[counts >= int(p["count"])]
    hit = sites.set_index("site_id").reindex(counts.index).reset_index()
    what = vocab.label("enforcement_kinds", p["action_kind"])
    detail = (_text(hit["site_name"]) + " 近 " + str(p["days"]) + " 天内" + what + " "
              + counts.to_numpy().astype(str) + " 次（达到 " + str(p["count"]) + " 次）")
    return _alerts(rule_key, rule, hit, detail)


def major_hazard_with_penalties(rule_key: str, rule: dict, actions: pd.DataFrame, sites: pd.DataFrame,
                                major_sites: pd.Series, today: date) -> pd.DataFrame:
    """Sites with an open major hazard and enough penalties in any of the windows."""
    p = rule["params"]
    reasons: dict[int, list[str]] = {}
    what = vocab.label("enforcement_kinds", p["action_kind"])
    for w in p["windows"]:
        counts = _window_counts(actions, p["action_kind"], int(w["days"]), today)
        counts = counts[(counts >= int(w["count"])) & counts.index.isin(major_sites)]
        for site_id, n in counts.items():
            reasons.setdefault(int(site_id), []).append(f"近 {w['days']} 天{what} {n} 次（≥{w['count']}）")
    ids = pd.Index(sorted(reasons), name="site_id")
    hit = sites.set_index("site_id").reindex(ids).reset_index()
    detail = _text(hit["site_name"]) + " 存在未销号重大隐患，" + pd.Series(
        ["，".join(reasons[i]) for i in ids], index=hit.index, dtype=object)
    return _alerts(rule_key, rule, hit, detail)


def zero_hazards(rule_key: str, rule: dict, sites: pd.DataFrame, reporting_sites: pd.Series,
                 today: date) -> pd.DataFrame:
    """Enterprises (given categories and statuses) with no hazard found in the last `days` days."""
    p = rule["params"]
    m = sites["category"].isin(p["site_categories"]) & sites["status"].isin(p["site_statuses"])
    m &= ~sites["site_id"].isin(reporting_sites)
    hit = sites[m]
    detail = _text(hit["site_name"]) + " 近 " + str(p["days"]) + " 天零报告隐患"
    return _alerts(rule_key, rule, hit, detail)


# --- loaders: fetch only what a rule needs ------------------------------------------------------------

def _frame(conn: Connection, query, columns: list[str]) -> pd.DataFrame:
    """Run a statement on the DB-API cursor (no per-value type processing; dates may come as text)."""
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    data = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pd.DataFrame({c: np.array(v, dtype=object) for c, v in zip(columns, data, strict=True)})


def _sites(conn: Connection, ids=None) -> pd.DataFrame:
    q = select(Site.id, Site.name, Site.category, Site.status, Site.grid_id)
    if ids is not None:
        q = q.where(Site.id.in_([int(i) for i in ids]))
    return _frame(conn, q, ["site_id", "site_name", "category", "status", "grid_id"])


def _actions(conn: Connection, kind: str, days: int, today: date) -> pd.DataFrame:
    q = select(EnforcementAction.site_id, EnforcementAction.acted_on, EnforcementAction.kind).where(
        EnforcementAction.kind == kind, EnforcementAction.acted_on > today - timedelta(days=days),
        EnforcementAction.acted_on <= today)
    return _frame(conn, q, ["site_id", "acted_on", "kind"])


def _open_statuses() -> list[str]:
    from .hazards import rules as hazard_rules

    return hazard_rules()["open_states"]


def _run_overdue(conn, key, rule, today, majors):
    p = rule["params"]
    q = (select(Hazard.id, Hazard.code, Hazard.site_id, Site.name, Hazard.grid_id, Hazard.grade, Hazard.deadline)
         .outerjoin(Site, Site.id == Hazard.site_id)
         .where(Hazard.status.in_(_open_statuses()),
                Hazard.deadline < today - timedelta(days=int(p.get("grace_days", 0)))))
    if p.get("grades"):
        q = q.where(Hazard.grade.in_(p["grades"]))
    frame = _frame(conn, q, ["hazard_id", "hazard_code", "site_id", "site_name", "grid_id", "grade", "deadline"])
    return overdue(key, rule, frame, today)


def _run_repeated(conn, key, rule, today, majors):
    p = rule["params"]
    actions = _actions(conn, p["action_kind"], int(p["days"]), today)
    return repeated_actions(key, rule, actions, _sites(conn, actions["site_id"].unique()), today)


def _run_closure(conn, key, rule, today, majors):
    p = rule["params"]
    longest = max(int(w["days"]) for w in p["windows"])
    actions = _actions(conn, p["action_kind"], longest, today)
    grades = p.get("grades") or sorted(majors)
    major_sites = pd.Series(list(conn.execute(
        select(Hazard.site_id).distinct().where(Hazard.status.in_(_open_statuses()), Hazard.grade.in_(grades),
                                                Hazard.site_id.is_not(None))).scalars()), dtype="int64")
    return major_hazard_with_penalties(key, rule, actions, _sites(conn, actions["site_id"].unique()),
                                       major_sites, today)


def _run_zero(conn, key, rule, today, majors):
    p = rule["params"]
    sites = _frame(conn, select(Site.id, Site.name, Site.category, Site.status, Site.grid_id).where(
        Site.category.in_(p["site_categories"]), Site.status.in_(p["site_statuses"])),
        ["site_id", "site_name", "category", "status", "grid_id"])
    reporting = pd.Series(list(conn.execute(select(Hazard.site_id).distinct().where(
        Hazard.found_on > today - timedelta(days=int(p["days"])), Hazard.site_id.is_not(None))).scalars()),
        dtype="int64")
    return zero_hazards(key, rule, sites, reporting, today)


RUNNERS: dict[str, Callable] = {
    "overdue": _run_overdue,
    "repeated_actions": _run_repeated,
    "major_hazard_with_penalties": _run_closure,
    "zero_hazards": _run_zero,
}


def evaluate(s: Session, today: date | None = None, rules: dict[str, dict] | None = None) -> pd.DataFrame:
    """Every enabled rule's alerts, most severe first (one row per alert, ALERT_COLUMNS)."""
    from .hazards import grades, major_grades

    today = today or date.today()
    rules = rules if rules is not None else project_rules(s)
    majors = major_grades(grades(s))
    conn = s.connection()
    frames = [RUNNERS[r["kind"]](conn, key, r, today, majors)
              for key, r in rules.items() if r.get("enabled", True)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["_order"] = out["level"].map(LEVEL_ORDER).fillna(9)
    return out.sort_values(["_order", "rule", "site_id", "hazard_id"], kind="stable").drop(columns="_order") \
        .reset_index(drop=True)


def summary(alerts: pd.DataFrame) -> dict[str, int]:
    return alerts.groupby("label", sort=False).size().to_dict() if len(alerts) else {}


# --- recording penalties and serious violations ----------------------------------------------------

def record_action(s: Session, *, site_id: int, acted_on: date, kind: str, note: str | None = None,
                  hazard_id: int | None = None, document_no: str | None = None,
                  recorded_by: str | None = None) -> EnforcementAction:
    if kind not in vocab.keys("enforcement_kinds"):
        raise ValidationError(f"执法记录类别“{kind}”无效，可选：{'、'.join(vocab.labels('enforcement_kinds').values())}")
    if s.get(Site, site_id) is None:
        raise ValidationError(f"找不到编号为 {site_id} 的场所")
    if hazard_id is not None and s.get(Hazard, hazard_id) is None:
        raise ValidationError(f"找不到编号为 {hazard_id} 的隐患")
    if acted_on > date.today():
        raise ValidationError(f"执法日期 {acted_on} 晚于今天")
    action = EnforcementAction(site_id=site_id, acted_on=acted_on, kind=kind, note=note, hazard_id=hazard_id,
                               document_no=document_no, recorded_by=recorded_by)
    s.add(action)
    s.flush()
    return action
