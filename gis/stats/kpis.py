"""The KPIs as data (resources/kpis.yaml, merged with a project's "kpi_definitions" setting), checked on load.

A bad file or setting raises KpiError naming the KPI or condition and the key, in Chinese, before anything is
counted: a typo in a condition never silently counts nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gis import vocab
from gis.errors import ValidationError
from gis.paths import RESOURCES
from gis.rulefiles import read_yaml

SETTING = "kpi_definitions"
KINDS = ("rate", "count")
CLICKS = ("numerator", "denominator", "shortfall")
DATE_OPS = ("lt", "le", "gt", "ge", "eq", "ne", "between")
TEXT_OPS = ("eq", "ne", "in", "not_in")
NUMBER_OPS = ("lt", "le", "gt", "ge", "eq", "ne")
BOUNDS = ("period_start", "period_end")
# population → column → type (what records.py loads; kpis.yaml's header says the same in words)
COLUMNS: dict[str, dict[str, str]] = {
    "hazards": {"found_on": "date", "closed_on": "date", "deadline": "date", "status": "text", "grade": "text",
                "source": "text", "sector": "text", "major": "bool", "supervised": "bool"},
    "stops": {"planned_on": "date", "visited_on": "date", "result": "text", "kind": "text", "status": "text",
              "sector": "text", "recorded": "bool", "verified": "bool"},
    "enterprises": {"category": "text", "status": "text", "sector": "text", "self_checks": "number",
                    "hazards_reported": "number"},
    "tipoffs": {"received_on": "date", "verified_on": "date", "replied_on": "date", "closed_on": "date",
                "status": "text", "channel": "text", "result": "text", "sector": "text", "hazard": "bool",
                "verify_hours": "number", "reply_hours": "number"},
}
POPULATION_ZH = {"hazards": "隐患", "stops": "巡查点位", "enterprises": "企业", "tipoffs": "群众举报"}
POPULATION_EN = {"hazards": "hazards", "stops": "patrol stops", "enterprises": "enterprises",
                 "tipoffs": "public tip-offs"}


class KpiError(ValidationError):
    pass


@dataclass(frozen=True)
class Kpi:
    id: str
    zh: str
    en: str
    kind: str
    records: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    definition: str
    target: float | None = None
    click: str = "numerator"
    definition_en: str = ""       # the definition in the English window (the Chinese when none is given)

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def formula(self, lang: str = "zh") -> str:
        """The definition as the app shows it on hover: what is counted, over what, and the target."""
        if lang == "en":
            text = self.definition_en or self.definition
            return text + (f" (target {format_value(self, self.target)})" if self.target is not None else "")
        text = self.definition
        if self.target is not None:
            text += f"（目标 {format_value(self, self.target)}）"
        return text


@dataclass
class Definitions:
    kpis: list[Kpi]
    conditions: dict[str, dict[str, Any]]          # population → name → condition
    enterprise_categories: tuple[str, ...]
    enterprise_exclude_status: tuple[str, ...]
    _by_id: dict[str, Kpi] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {k.id: k for k in self.kpis}

    def __getitem__(self, kpi_id: str) -> Kpi:
        try:
            return self._by_id[kpi_id]
        except KeyError:
            raise KpiError(f"没有指标“{kpi_id}”；可用的指标：{'、'.join(self._by_id)}",
                           en=f"There is no KPI \"{kpi_id}\"; the KPIs are: {', '.join(self._by_id)}") from None

    def __contains__(self, kpi_id: str) -> bool:
        return kpi_id in self._by_id

    @property
    def ids(self) -> list[str]:
        return [k.id for k in self.kpis]


def format_value(kpi: Kpi, value: float | None) -> str:
    """A KPI value as a sheet shows it: 96.3% for rates (— without a denominator), a whole number for counts."""
    if value is None:
        return "—"
    if kpi.is_rate:
        return f"{value:.1f}%" if value != 100 else "100%"
    return f"{value:.0f}"


def _check_operand(where: tuple[str, str], column: str, ctype: str, op: str, operand: Any,
                   columns: dict[str, str]) -> None:
    def date_operand(v):
        if v in BOUNDS or (isinstance(v, str) and columns.get(v) == "date"):
            return
        if isinstance(v, date):
            return
        try:
            date.fromisoformat(str(v))
        except ValueError:
            raise KpiError(f"{where[0]}：“{column}”要与 period_start、period_end、另一个日期列或日期比较，"
                           f"不能是“{v}”",
                           en=f"{where[1]}: \"{column}\" must be compared with period_start, period_end, another "
                              f"date column or a date, not \"{v}\"") from None

    allowed = {"date": DATE_OPS, "text": TEXT_OPS, "number": NUMBER_OPS, "bool": ("eq", "ne")}[ctype] + ("present",)
    if op not in allowed:
        raise KpiError(f"{where[0]}：列“{column}”不能用运算“{op}”（可用：{'、'.join(allowed)}）",
                       en=f"{where[1]}: column \"{column}\" cannot use the operation \"{op}\" "
                          f"(usable: {', '.join(allowed)})")
    if op == "present":
        if not isinstance(operand, bool):
            raise KpiError(f"{where[0]}：present 要写 true 或 false", en=f"{where[1]}: present takes true or false")
    elif ctype == "date":
        if op == "between":
            if not (isinstance(operand, list) and len(operand) == 2):
                raise KpiError(f"{where[0]}：between 要写成 [起, 止]", en=f"{where[1]}: between takes [from, to]")
            for v in operand:
                date_operand(v)
        else:
            date_operand(operand)
    elif ctype == "text":
        if op in ("in", "not_in") and not (isinstance(operand, list) and all(isinstance(v, str) for v in operand)):
            raise KpiError(f"{where[0]}：{op} 要写成文字的列表，如 [public_report]",
                           en=f"{where[1]}: {op} takes a list of texts, e.g. [public_report]")
        if op in ("eq", "ne") and not isinstance(operand, str):
            raise KpiError(f"{where[0]}：{op} 要写一个文字值", en=f"{where[1]}: {op} takes one text value")
    elif ctype == "number":
        if isinstance(operand, bool) or not isinstance(operand, (int, float)):
            raise KpiError(f"{where[0]}：{op} 要写一个数", en=f"{where[1]}: {op} takes a number")
    elif not isinstance(operand, bool):
        raise KpiError(f"{where[0]}：列“{column}”是是/否值，要写 true 或 false",
                       en=f"{where[1]}: column \"{column}\" is yes/no; write true or false")


def check_condition(population: str, name: str, cond: Any, names: set[str],
                    where: tuple[str, str] | None = None) -> None:
    """`where`: (Chinese, English) naming the condition in messages."""
    columns = COLUMNS[population]
    where = where or (f"条件 {population}.{name}", f"Condition {population}.{name}")
    if isinstance(cond, str):
        if cond not in names:
            raise KpiError(f"{where[0]}：引用了不存在的条件“{cond}”（{population} 的条件：{'、'.join(sorted(names))}）",
                           en=f"{where[1]}: refers to a condition \"{cond}\" that does not exist (the conditions "
                              f"of {population}: {', '.join(sorted(names))})")
        return
    if not isinstance(cond, dict):
        raise KpiError(f"{where[0]}：应是 {{列: {{运算: 值}}}}、all/any/not 或另一个条件的名字",
                       en=f"{where[1]}: should be {{column: {{operation: value}}}}, all/any/not or the name of "
                          f"another condition")
    for key, value in cond.items():
        if key in ("all", "any"):
            if not isinstance(value, list):
                raise KpiError(f"{where[0]}：{key} 要写成列表", en=f"{where[1]}: {key} takes a list")
            for part in value:
                check_condition(population, name, part, names, where)
        elif key == "not":
            check_condition(population, name, value, names, where)
        elif key in columns:
            if not isinstance(value, dict) or not value:
                raise KpiError(f"{where[0]}：列“{key}”后要写 {{运算: 值}}",
                               en=f"{where[1]}: column \"{key}\" must be followed by {{operation: value}}")
            for op, operand in value.items():
                _check_operand(where, key, columns[key], op, operand, columns)
        else:
            raise KpiError(f"{where[0]}：{POPULATION_ZH[population]}没有列“{key}”（有：{'、'.join(columns)}）",
                           en=f"{where[1]}: {POPULATION_EN[population]} have no column \"{key}\" "
                              f"(the columns: {', '.join(columns)})")


def _cycle_free(population: str, conditions: dict[str, Any]) -> None:
    def refs(cond) -> set[str]:
        if isinstance(cond, str):
            return {cond}
        out: set[str] = set()
        if isinstance(cond, dict):
            for k, v in cond.items():
                if k in ("all", "any"):
                    for part in v:
                        out |= refs(part)
                elif k == "not":
                    out |= refs(v)
        return out

    state: dict[str, int] = {}

    def visit(n: str, path: list[str]) -> None:
        if state.get(n) == 2:
            return
        if state.get(n) == 1:
            raise KpiError(f"条件 {population}.{n} 引用了自己：{' → '.join(path + [n])}",
                           en=f"Condition {population}.{n} refers to itself: {' → '.join(path + [n])}")
        state[n] = 1
        for r in refs(conditions[n]):
            visit(r, path + [n])
        state[n] = 2

    for n in conditions:
        visit(n, [])


def _kpi(raw: Any, conditions: dict[str, dict[str, Any]], n: int) -> Kpi:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise KpiError(f"第 {n} 个指标缺少 id", en=f"KPI no. {n} has no id")
    kid = str(raw["id"])
    where, where_en = f"指标 {kid}", f"KPI {kid}"
    for key in ("zh", "kind", "records", "numerator", "definition"):
        if raw.get(key) in (None, "", []):
            raise KpiError(f"{where} 缺少“{key}”", en=f"{where_en} lacks \"{key}\"")
    kind, records = raw["kind"], raw["records"]
    if kind not in KINDS:
        raise KpiError(f"{where}：kind 应是 rate（比率）或 count（计数），不是“{kind}”",
                       en=f"{where_en}: kind should be rate or count, not \"{kind}\"")
    if records not in COLUMNS:
        raise KpiError(f"{where}：records 应是 {'、'.join(COLUMNS)} 之一，不是“{records}”",
                       en=f"{where_en}: records should be one of {', '.join(COLUMNS)}, not \"{records}\"")
    if kind == "rate" and not raw.get("denominator"):
        raise KpiError(f"{where}：比率指标要写 denominator（分母的条件）",
                       en=f"{where_en}: a rate needs a denominator (the conditions of the denominator)")
    names = conditions.get(records, {})
    parts = {}
    for key in ("numerator", "denominator"):
        value = raw.get(key) or []
        if not isinstance(value, list):
            raise KpiError(f"{where}：{key} 要写成条件名的列表", en=f"{where_en}: {key} takes a list of condition names")
        for c in value:
            if c not in names:
                raise KpiError(f"{where}：{key} 中的条件“{c}”不存在（{records} 的条件：{'、'.join(names)}）",
                               en=f"{where_en}: the condition \"{c}\" in {key} does not exist (the conditions of "
                                  f"{records}: {', '.join(names)})")
        parts[key] = tuple(str(c) for c in value)
    click = raw.get("click", "shortfall" if kind == "rate" else "numerator")
    if click not in CLICKS or (kind == "count" and click != "numerator"):
        raise KpiError(f"{where}：click 应是 numerator、denominator 或 shortfall（计数指标只能是 numerator）",
                       en=f"{where_en}: click should be numerator, denominator or shortfall (a count can only be "
                          f"numerator)")
    target = raw.get("target")
    if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))):
        raise KpiError(f"{where}：target 要写一个数", en=f"{where_en}: target takes a number")
    definition = raw["definition"]      # a text, or {zh, en}
    if isinstance(definition, dict) and not definition.get("zh"):
        raise KpiError(f"{where} 缺少“definition.zh”", en=f"{where_en} lacks \"definition.zh\"")
    return Kpi(kid, str(raw["zh"]), str(raw.get("en") or raw["zh"]), kind, records, parts["numerator"],
               parts["denominator"], vocab.text(definition), None if target is None else float(target), click,
               vocab.text(definition, "en"))


def parse(doc: Any, origin: str = "指标定义", origin_en: str = "The KPI definitions") -> Definitions:
    if not isinstance(doc, dict):
        raise KpiError(f"{origin}应是一个映射（enterprises、conditions、kpis）",
                       en=f"{origin_en} should be a mapping (enterprises, conditions, kpis)")
    raw_conditions = doc.get("conditions") or {}
    if not isinstance(raw_conditions, dict):
        raise KpiError(f"{origin}：conditions 应按 {'、'.join(COLUMNS)} 分组",
                       en=f"{origin_en}: conditions should be grouped by {', '.join(COLUMNS)}")
    conditions: dict[str, dict[str, Any]] = {}
    for population, conds in raw_conditions.items():
        if population not in COLUMNS:
            raise KpiError(f"{origin}：conditions 下没有“{population}”这类记录（有：{'、'.join(COLUMNS)}）",
                           en=f"{origin_en}: there are no records \"{population}\" under conditions "
                              f"(there are: {', '.join(COLUMNS)})")
        if not isinstance(conds, dict):
            raise KpiError(f"{origin}：conditions.{population} 应是 名字: 条件 的映射",
                           en=f"{origin_en}: conditions.{population} should be a mapping of name: condition")
        conditions[population] = {str(k): ({} if v is None else v) for k, v in conds.items()}
    for population, conds in conditions.items():
        for name, cond in conds.items():
            check_condition(population, name, cond, set(conds))
        _cycle_free(population, conds)
    raw_kpis = doc.get("kpis") or []
    if not isinstance(raw_kpis, list):
        raise KpiError(f"{origin}：kpis 应是列表", en=f"{origin_en}: kpis should be a list")
    kpis = [_kpi(raw, conditions, n) for n, raw in enumerate(raw_kpis, 1)]
    seen: set[str] = set()
    for k in kpis:
        if k.id in seen:
            raise KpiError(f"{origin}：指标 {k.id} 写了两次", en=f"{origin_en}: KPI {k.id} is written twice")
        seen.add(k.id)
    ent = doc.get("enterprises") or {}
    cats = ent.get("categories") or []
    if not isinstance(cats, list) or not cats:
        raise KpiError(f"{origin}：enterprises.categories 要列出哪些场所类别算企业",
                       en=f"{origin_en}: enterprises.categories must list which site categories count as enterprises")
    return Definitions(kpis, conditions, tuple(map(str, cats)), tuple(map(str, ent.get("exclude_status") or ())))


def _merge(base: dict, override: dict) -> dict:
    """The project's setting over the file: conditions by population and name, KPIs by id (a KPI with
    `remove: true` is dropped), enterprises whole."""
    out = dict(base)
    if "enterprises" in override:
        out["enterprises"] = override["enterprises"]
    conds = {p: dict(c) for p, c in (base.get("conditions") or {}).items()}
    for p, c in (override.get("conditions") or {}).items():
        conds.setdefault(p, {}).update(c or {})
    out["conditions"] = conds
    kpis = {k["id"]: k for k in base.get("kpis") or []}
    for k in override.get("kpis") or []:
        if not isinstance(k, dict) or "id" not in k:
            raise KpiError("项目设置 kpi_definitions：每个指标要有 id",
                           en="Project setting kpi_definitions: every KPI needs an id")
        if k.get("remove"):
            kpis.pop(k["id"], None)
        else:
            kpis[k["id"]] = {**kpis.get(k["id"], {}), **k}
    out["kpis"] = list(kpis.values())
    return out


def defaults_doc() -> dict:
    return read_yaml(RESOURCES / "kpis.yaml", "指标定义文件", KpiError, what_en="KPI definitions file")


def load(project=None, *, override: dict | None = None) -> Definitions:
    """The KPIs of resources/kpis.yaml, with `project`'s "kpi_definitions" setting (or `override`) over them."""
    doc = defaults_doc()
    if override is None and project is not None:
        override = project_override(project)
    if override:
        if not isinstance(override, dict):
            raise KpiError("项目设置 kpi_definitions 应是一个映射",
                           en="Project setting kpi_definitions should be a mapping")
        return parse(_merge(doc, override), "指标定义（项目设置 kpi_definitions）",
                     "The KPI definitions (project setting kpi_definitions)")
    return parse(doc, f"指标定义文件 {RESOURCES / 'kpis.yaml'}", f"KPI definitions file {RESOURCES / 'kpis.yaml'}")


def project_override(project) -> dict | None:
    from gis.repo import get_setting

    with project.session() as s:
        return get_setting(s, SETTING)
