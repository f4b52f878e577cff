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

from gis import repo, vocab
from gis.bulk import raw_rows
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.hazards import states
from gis.model import EnforcementAction, Hazard, Site
from gis.paths import RESOURCES

SETTING = "escalation_rules"
ALERT_COLUMNS = ["rule", "label", "level", "action", "site_id", "site_name", "hazard_id", "hazard_code",
                 "grid_id", "detail", "overdue_days", "deadline"]
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
            raise ValidationError(f"未知的预警规则“{key}”，可选：{'、'.join(out)}",
                                  en=f"Unknown warning rule \"{key}\"; choose from: {', '.join(out)}")
        change = dict(change)
        if "label" in change and "en" not in change:
            out[key].pop("en", None)        # a project's own label: its English is the label itself
        for k in ("enabled", "level", "label", "en", "action"):
            if k in change:
                out[key][k] = change.pop(k)
        unknown = [k for k in change if k not in out[key]["params"]]
        if unknown:
            raise ValidationError(f"预警规则“{rule_label(out[key])}”没有参数：{'、'.join(unknown)}",
                                  en=f"Warning rule \"{rule_label(out[key], 'en')}\" has no parameters "
                                     f"{', '.join(unknown)}")
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

def rule_label(rule: dict, lang: str = "zh") -> str:
    """A rule's name (逾期未整改) in `lang`."""
    return vocab.text(rule, lang)


def rule_action(rule: dict, lang: str = "zh") -> str:
    """What a rule says to do (督促整改…) in `lang`."""
    return vocab.text(rule.get("action"), lang)


def _alerts(rule_key: str, rule: dict, frame: pd.DataFrame, detail, lang: str = "zh", **extra) -> pd.DataFrame:
    def column(name):
        return frame[name] if name in frame else pd.Series(pd.NA, index=frame.index)

    out = pd.DataFrame({
        "rule": rule_key, "label": rule_label(rule, lang), "level": rule.get("level", "warning"),
        "action": rule_action(rule, lang),
        "site_id": column("site_id"), "site_name": column("site_name"), "hazard_id": column("hazard_id"),
        "hazard_code": column("hazard_code"), "grid_id": column("grid_id"), "detail": detail,
        "overdue_days": extra.get("overdue_days", pd.NA), "deadline": extra.get("deadline", pd.NaT),
    }, index=frame.index)
    return out[ALERT_COLUMNS].reset_index(drop=True)


def _text(series: pd.Series) -> pd.Series:
    """Strings with missing values as "" (pandas turns None into NaN under astype(str))."""
    return series.astype(object).where(series.notna(), "").astype(str)


def overdue(rule_key: str, rule: dict, hazards: pd.DataFrame, today: date, *, texts: bool = True,
            lang: str = "zh") -> pd.DataFrame:
    """Open hazards past deadline + grace. hazards: hazard_id, hazard_code, site_id, site_name, grid_id,
    grade, status, deadline (only open ones need be given). With texts=False the detail is left empty
    (tens of thousands of overdue hazards): `details()` writes it for the rows shown."""
    p = rule["params"]
    cutoff = pd.Timestamp(today - timedelta(days=int(p.get("grace_days", 0))))
    deadline = pd.to_datetime(hazards["deadline"])
    mask = (deadline.notna() & (deadline < cutoff)).to_numpy().copy()
    if p.get("grades"):
        mask &= hazards["grade"].isin(p["grades"]).to_numpy()
    hit = hazards[mask]
    days = (pd.Timestamp(today) - deadline[mask]).dt.days.astype("int64")
    out = _alerts(rule_key, rule, hit, None, lang, overdue_days=days, deadline=deadline[mask])
    if texts:
        out["detail"] = details(out, lang=lang)
    return out


def _overdue_text(code, hazard_id, site, days, deadline, lang: str = "zh") -> str:
    code = code if isinstance(code, str) and code else str(hazard_id)
    if lang == "en":
        where = f" ({site})" if isinstance(site, str) and site else ""
        return f"Hazard {code}{where} is {int(days)} days overdue (deadline {pd.Timestamp(deadline):%Y-%m-%d})"
    where = f"（{site}）" if isinstance(site, str) and site else ""
    return f"隐患 {code}{where} 已逾期 {int(days)} 天（整改时限 {pd.Timestamp(deadline):%Y-%m-%d}）"


def details(alerts: pd.DataFrame, rows=None, *, lang: str = "zh") -> list[str]:
    """The detail text of the given alert rows (all by default), written now for those left empty."""
    part = alerts if rows is None else alerts.iloc[list(rows)]
    out = []
    for r in part.itertuples(index=False):
        if isinstance(r.detail, str):
            out.append(r.detail)
        else:
            out.append(_overdue_text(r.hazard_code, r.hazard_id, r.site_name, r.overdue_days, r.deadline, lang))
    return out


def _window_counts(actions: pd.DataFrame, kind: str, days: int, today: date) -> pd.Series:
    """Actions of `kind` per site dated in (today − days, today]."""
    start = pd.Timestamp(today - timedelta(days=days))
    on = pd.to_datetime(actions["acted_on"])
    m = (actions["kind"] == kind) & (on > start) & (on <= pd.Timestamp(today))
    return actions.loc[m].groupby("site_id").size()


def repeated_actions(rule_key: str, rule: dict, actions: pd.DataFrame, sites: pd.DataFrame,
                     today: date, lang: str = "zh") -> pd.DataFrame:
    """Sites with ≥ count actions of a kind within the last `days` days (e.g. 2 serious violations / 30 d)."""
    p = rule["params"]
    counts = _window_counts(actions, p["action_kind"], int(p["days"]), today)
    counts = counts[counts >= int(p["count"])]
    hit = sites.set_index("site_id").reindex(counts.index).reset_index()
    what = vocab.label("enforcement_kinds", p["action_kind"], lang)
    n = counts.to_numpy().astype(str)
    if lang == "en":
        detail = (_text(hit["site_name"]) + ": " + n + f" × {what.lower()} in the last {p['days']} days"
                  + f" (threshold {p['count']})")
    else:
        detail = (_text(hit["site_name"]) + " 近 " + str(p["days"]) + " 天内" + what + " "
                  + n + " 次（达到 " + str(p["count"]) + " 次）")
    return _alerts(rule_key, rule, hit, detail, lang)


def major_hazard_with_penalties(rule_key: str, rule: dict, actions: pd.DataFrame, sites: pd.DataFrame,
                                major_sites: pd.Series, today: date, lang: str = "zh") -> pd.DataFrame:
    """Sites with an open major hazard and enough penalties in any of the windows."""
    p = rule["params"]
    reasons: dict[int, list[str]] = {}
    what = vocab.label("enforcement_kinds", p["action_kind"], lang)
    en = lang == "en"
    for w in p["windows"]:
        counts = _window_counts(actions, p["action_kind"], int(w["days"]), today)
        counts = counts[(counts >= int(w["count"])) & counts.index.isin(major_sites)]
        for site_id, n in counts.items():
            reasons.setdefault(int(site_id), []).append(
                f"{n} × {what.lower()} in {w['days']} days (≥ {w['count']})" if en
                else f"近 {w['days']} 天{what} {n} 次（≥{w['count']}）")
    ids = pd.Index(sorted(reasons), name="site_id")
    hit = sites.set_index("site_id").reindex(ids).reset_index()
    detail = _text(hit["site_name"]) + (": open major hazard, " if en else " 存在未销号重大隐患，") + pd.Series(
        [("; " if en else "，").join(reasons[i]) for i in ids], index=hit.index, dtype=object)
    return _alerts(rule_key, rule, hit, detail, lang)


def zero_hazards(rule_key: str, rule: dict, sites: pd.DataFrame, reporting_sites: pd.Series,
                 today: date, lang: str = "zh") -> pd.DataFrame:
    """Enterprises (given categories and statuses) with no hazard found in the last `days` days."""
    p = rule["params"]
    m = sites["category"].isin(p["site_categories"]) & sites["status"].isin(p["site_statuses"])
    m &= ~sites["site_id"].isin(reporting_sites)
    hit = sites[m]
    if lang == "en":
        detail = _text(hit["site_name"]) + f": no hazard reported in the last {p['days']} days"
    else:
        detail = _text(hit["site_name"]) + " 近 " + str(p["days"]) + " 天零报告隐患"
    return _alerts(rule_key, rule, hit, detail, lang)


# --- loaders: fetch only what a rule needs ------------------------------------------------------------

def _frame(conn: Connection, query, columns: list[str]) -> pd.DataFrame:
    rows = raw_rows(conn, query)
    table = np.array(rows, dtype=object).reshape(len(rows), len(columns))
    return pd.DataFrame({c: table[:, j] for j, c in enumerate(columns)})


class _Context:
    """What several rules read, fetched once per evaluation: every site, the open overdue hazards."""

    def __init__(self, conn: Connection, today: date, majors: set[str], lang: str = "zh") -> None:
        self.lang = lang
        self.conn, self.today, self.majors = conn, today, majors
        self._sites: pd.DataFrame | None = None
        self._overdue: pd.DataFrame | None = None
        self._hazards: pd.DataFrame | None = None

    @property
    def sites(self) -> pd.DataFrame:
        if self._sites is None:
            self._sites = _frame(self.conn, select(Site.id, Site.name, Site.category, Site.status, Site.grid_id)
                                 .order_by(Site.id), ["site_id", "site_name", "category", "status", "grid_id"])
        return self._sites

    def sites_among(self, ids) -> pd.DataFrame:
        return self.sites[self.sites["site_id"].isin(pd.Series(ids).astype("int64"))]

    @property
    def hazards(self) -> pd.DataFrame:
        """Every hazard in one sequential read of small integers (state and grade as codes, dates as day
        numbers) plus its code: cheaper than several index searches that each touch half the table."""
        if self._hazards is None:
            from gis.bulk import NO_DAY, day_sql
            from gis.hazards.ledger import _code_sql

            dialect = self.conn.dialect.name
            grades = sorted(str(g) for (g,) in raw_rows(self.conn, "SELECT DISTINCT grade FROM hazard")
                            if g is not None)
            open_states = list(states.open_states())
            sql = (f"SELECT id, COALESCE(site_id, 0), COALESCE(grid_id, 0), {_code_sql('status', open_states)}, "
                   f"{_code_sql('grade', grades)}, {day_sql(dialect, 'found_on')}, {day_sql(dialect, 'deadline')}, "
                   "code FROM hazard ORDER BY id")
            rows = raw_rows(self.conn, sql)
            t = np.array(rows, dtype=object).reshape(len(rows), 8)
            ints = t[:, :7].astype(np.int64)
            grade_names = np.array(grades + [None], dtype=object)
            deadline = ints[:, 6]
            self._hazards = pd.DataFrame({
                "hazard_id": ints[:, 0], "site_id": ints[:, 1], "grid_id": ints[:, 2], "open": ints[:, 3] >= 0,
                "grade": grade_names[ints[:, 4]], "found_day": ints[:, 5],
                "deadline": np.where(deadline == NO_DAY, np.datetime64("NaT"),
                                     deadline.astype("datetime64[D]")).astype("datetime64[ns]"),
                "hazard_code": t[:, 7]})
        return self._hazards

    def day(self, d: date) -> int:
        return (d - date(1970, 1, 1)).days

    def overdue(self) -> pd.DataFrame:
        """Open hazards past their deadline (no grace: rules with grace days filter further)."""
        if self._overdue is None:
            h = self.hazards
            f = h[h["open"].to_numpy() & (h["deadline"] < pd.Timestamp(self.today)).to_numpy()].reset_index(drop=True)
            sites = self.sites
            keys = sites["site_id"].to_numpy(dtype=np.int64)
            ids = f["site_id"].to_numpy(dtype=np.int64)
            pos = np.minimum(np.searchsorted(keys, ids), max(len(keys) - 1, 0))
            found = (ids > 0) & (keys[pos] == ids) if len(keys) else np.zeros(len(ids), dtype=bool)
            names = np.empty(len(f), dtype=object)
            names[found] = sites["site_name"].to_numpy()[pos[found]]
            f["site_name"] = names
            f["site_id"] = f["site_id"].where(f["site_id"] > 0)
            self._overdue = f
        return self._overdue


def _actions(conn: Connection, kind: str, days: int, today: date) -> pd.DataFrame:
    q = select(EnforcementAction.site_id, EnforcementAction.acted_on, EnforcementAction.kind).where(
        EnforcementAction.kind == kind, EnforcementAction.acted_on > today - timedelta(days=days),
        EnforcementAction.acted_on <= today)
    return _frame(conn, q, ["site_id", "acted_on", "kind"])


def _run_overdue(ctx: _Context, key, rule):
    return overdue(key, rule, ctx.overdue(), ctx.today, texts=False, lang=ctx.lang)


def _run_repeated(ctx: _Context, key, rule):
    p = rule["params"]
    actions = _actions(ctx.conn, p["action_kind"], int(p["days"]), ctx.today)
    return repeated_actions(key, rule, actions, ctx.sites_among(actions["site_id"].unique()), ctx.today, ctx.lang)


def _run_closure(ctx: _Context, key, rule):
    p = rule["params"]
    longest = max(int(w["days"]) for w in p["windows"])
    actions = _actions(ctx.conn, p["action_kind"], longest, ctx.today)
    grades = p.get("grades") or sorted(ctx.majors)
    h = ctx.hazards
    m = h["open"].to_numpy() & h["grade"].isin(grades).to_numpy() & (h["site_id"].to_numpy() > 0)
    major_sites = pd.Series(np.unique(h["site_id"].to_numpy()[m]))
    return major_hazard_with_penalties(key, rule, actions, ctx.sites_among(actions["site_id"].unique()),
                                       major_sites, ctx.today, ctx.lang)


def _run_zero(ctx: _Context, key, rule):
    p = rule["params"]
    sites = ctx.sites
    sites = sites[sites["category"].isin(p["site_categories"]) & sites["status"].isin(p["site_statuses"])]
    h = ctx.hazards
    m = (h["found_day"].to_numpy() > ctx.day(ctx.today - timedelta(days=int(p["days"])))) & (h["site_id"].to_numpy() > 0)
    reporting = pd.Series(np.unique(h["site_id"].to_numpy()[m]))
    return zero_hazards(key, rule, sites, reporting, ctx.today, ctx.lang)


RUNNERS: dict[str, Callable] = {
    "overdue": _run_overdue,
    "repeated_actions": _run_repeated,
    "major_hazard_with_penalties": _run_closure,
    "zero_hazards": _run_zero,
}


def evaluate(s: Session, today: date | None = None, rules: dict[str, dict] | None = None, *,
             feedback: Feedback | None = None, lang: str = "zh") -> pd.DataFrame:
    """Every enabled rule's alerts, most severe first (one row per alert, ALERT_COLUMNS); `feedback`
    hears of each rule and may cancel between rules. Labels, actions and details are in `lang`."""
    from gis.hazards import grades, major_grades

    feedback = ensure(feedback)
    today = today or date.today()
    rules = rules if rules is not None else project_rules(s)
    majors = major_grades(grades(s))
    ctx = _Context(s.connection(), today, majors, lang)
    enabled = [(key, r) for key, r in rules.items() if r.get("enabled", True)]
    frames = []
    for n, (key, r) in enumerate(enabled):
        feedback.step(n, len(enabled), "Checking alert rules" if lang == "en" else "正在检查预警规则")
        frames.append(RUNNERS[r["kind"]](ctx, key, r))
    feedback.check()
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    # most severe first, then by rule, site and hazard: one lexsort on integer keys
    level = out["level"].map(LEVEL_ORDER).fillna(9).to_numpy()
    rule = pd.factorize(out["rule"], sort=True)[0]
    site = pd.to_numeric(out["site_id"], errors="coerce").fillna(np.inf).to_numpy()
    hazard = pd.to_numeric(out["hazard_id"], errors="coerce").fillna(np.inf).to_numpy()
    order = np.lexsort((hazard, site, rule, level))
    return out.iloc[order].reset_index(drop=True)


def summary(alerts: pd.DataFrame) -> dict[str, int]:
    return alerts.groupby("label", sort=False).size().to_dict() if len(alerts) else {}


# --- recording penalties and serious violations ----------------------------------------------------

def record_action(s: Session, *, site_id: int, acted_on: date, kind: str, note: str | None = None,
                  hazard_id: int | None = None, document_no: str | None = None,
                  recorded_by: str | None = None) -> EnforcementAction:
    if kind not in vocab.keys("enforcement_kinds"):
        raise ValidationError(f"执法记录类别“{kind}”无效，可选：{'、'.join(vocab.labels('enforcement_kinds').values())}",
                              en=f"Enforcement kind \"{kind}\" is not valid; choose from: "
                                 f"{', '.join(vocab.labels('enforcement_kinds', 'en').values())}")
    if s.get(Site, site_id) is None:
        raise ValidationError(f"找不到编号为 {site_id} 的场所", en=f"There is no site number {site_id}")
    if hazard_id is not None and s.get(Hazard, hazard_id) is None:
        raise ValidationError(f"找不到编号为 {hazard_id} 的隐患", en=f"There is no hazard number {hazard_id}")
    if acted_on > date.today():
        raise ValidationError(f"执法日期 {acted_on} 晚于今天", en=f"The enforcement date {acted_on} is later than today")
    action = EnforcementAction(site_id=site_id, acted_on=acted_on, kind=kind, note=note, hazard_id=hazard_id,
                               document_no=document_no, recorded_by=recorded_by)
    s.add(action)
    s.flush()
    return action
