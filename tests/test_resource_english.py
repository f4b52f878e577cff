"""Every text of resources/*.yaml that a window shows has its English beside it (gis.vocab.text reads it).

The convention: a mapping whose Chinese is under `zh`, `label` or `name` carries `en` (a string, no Han
characters). A new vocabulary entry, rule step or alert rule without one fails here.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from gis import vocab
from gis.paths import RESOURCES

HAN = re.compile(r"[\u3400-\u9fff]")

# Files whose Chinese is not shown through a label lookup, and why.
NOT_LABELS = {
    "styles": "layer titles, style names and legend labels go through Qt's translation (context StyleBook, "
              "tests/desktop/test_i18n.py)",
    "gas_notice.yaml": "the text of a printed 告知书 (printed documents stay Chinese)",
    "checklists": "regulatory checklist text quoted from the seeds, printed on sheets",
    "mappings": "source column names the importer recognises (Chinese headers of users' files)",
    "patrol_rules.yaml": "default rules copied into a project's patrol_rule table: the project's own data from then on",
}


def label_files() -> list[Path]:
    out = []
    for path in sorted(RESOURCES.rglob("*.yaml")):
        rel = path.relative_to(RESOURCES)
        if rel.parts[0] not in NOT_LABELS and rel.name not in NOT_LABELS:
            out.append(path)
    return out


def missing_english(data, where: str = "") -> list[str]:
    """Paths of mappings with Chinese under zh/label/name and no proper `en`."""
    out = []
    if isinstance(data, dict):
        key = next((k for k in vocab.CHINESE_KEYS if isinstance(data.get(k), str) and HAN.search(data[k])), None)
        en = data.get("en")
        if key and not (isinstance(en, str) and en.strip() and not HAN.search(en)):
            out.append(f"{where or '(top)'}: {data[key]!r} has en={en!r}")
        for k, v in data.items():
            out += missing_english(v, f"{where}.{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += missing_english(v, f"{where}[{i}]")
    return out


def test_the_files_checked_are_the_rule_files():
    names = {p.relative_to(RESOURCES).as_posix() for p in label_files()}
    assert {"vocab.yaml", "hazard_rules.yaml", "signoff_chains.yaml", "tipoff_rules.yaml", "escalation_rules.yaml",
            "kpis.yaml", "permissions.yaml", "report_schedule.yaml", "fire_periods.yaml", "gas_rules.yaml"} <= names


@pytest.mark.parametrize("path", label_files(), ids=lambda p: p.relative_to(RESOURCES).as_posix())
def test_every_label_has_english(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = missing_english(data)
    assert not missing, f"{path.name}: {len(missing)} labels without English (add en: beside them): {missing[:8]}"


def test_every_vocabulary_entry_has_both_languages():
    with open(RESOURCES / "vocab.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    for name, entries in data.items():
        for key, entry in entries.items():
            assert isinstance(entry.get("zh"), str) and HAN.search(entry["zh"]), f"{name}.{key}: zh"
            assert isinstance(entry.get("en"), str) and not HAN.search(entry["en"]), f"{name}.{key}: en"
            assert vocab.label(name, key, "en") == entry["en"] and vocab.label(name, key) == entry["zh"]


def test_the_check_catches_a_label_without_english():
    assert missing_english({"actions": {"x": {"label": "交办"}}}) == [".actions.x: '交办' has en=None"]
    assert missing_english({"x": {"zh": "属实", "en": True}})            # YAML's `en: True` is a boolean
    assert not missing_english({"x": {"zh": "属实", "en": "Confirmed"}, "y": {"name": "ok"}})


def test_one_reader_for_every_form():
    assert vocab.text({"zh": "登记", "en": "Registered"}, "en") == "Registered"
    assert vocab.text({"label": "交办", "en": "Assign"}) == "交办"
    assert vocab.text({"name": "庙会"}, "en") == "庙会"          # a project's own entry: its own name
    assert vocab.text("督促整改", "en") == "督促整改" and vocab.text(None) == ""


def test_rule_texts_in_english():
    from gis.fire.key_periods import period_name
    from gis.hazards import signoff, states
    from gis.stats.report import period_name as report_period
    from gis.tipoffs import rules as tipoffs

    assert states.action_label("assign", "en") == "Assign" and states.action_label("assign") == "交办"
    assert states.action_label("register", "en") == "Register" and states.field_label("deadline", "en") == "Deadline"
    assert states.signature_role_label("acceptor", "en") == "Accepted by"
    chain = signoff.make_chain(None)
    assert chain.name("en").startswith("Three checks") and chain.steps[0].name("en") == "Owner's self-check signature"
    assert signoff.make_chain({"chain": {"label": "自定", "steps": [{"key": "a", "label": "甲", "signers": ["x"]}]}}
                              ).steps[0].name("en") == "甲"
    assert tipoffs.action_label("verify", "en") == "Verification result" and tipoffs.action_label("receive") == "受理"
    assert period_name("清明", "en").startswith("Qingming") and period_name("庙会", "en") == "庙会"
    assert period_name("清明") == "清明"
    from datetime import datetime

    from gis.fire.roster import interval_text

    start, end = datetime(2026, 12, 1, 8), datetime(2026, 12, 2, 8)
    assert interval_text(start, end, "en") == "2026-12-01 08:00 – next day 08:00"
    assert interval_text(start, end) == "2026-12-01 08:00–次日08:00"

    from gis.patrols.periods import parse_period

    assert parse_period("2026-W48").name("en") == "Week 48, 2026 (Nov 23 – Nov 29)"
    assert parse_period("2026-12").name("en") == "December 2026"
    assert parse_period("2026-Q4").name("en") == "Q4 2026" and parse_period("2026H2").name("en") == "H2 2026"
    assert parse_period("2026-12-05").name("en") == "5 Dec 2026" and parse_period("2026").name("en") == "2026"
    assert parse_period("2026-W48").name("zh") == parse_period("2026-W48").zh == "2026年第48周（11.23—11.29）"
    assert report_period(parse_period("2026-W48"), "en") == "Week 48, 2026"
    assert report_period(parse_period("2026-Q4")) == "2026年第4季度"


def test_kpi_names_and_definitions_in_english():
    from gis.stats import kpis

    for k in kpis.load().kpis:
        assert k.en and not HAN.search(k.en), k.id
        assert k.definition_en and not HAN.search(k.formula("en")), k.id
        assert k.formula() == k.definition + (f"（目标 {kpis.format_value(k, k.target)}）" if k.target is not None else "")


def test_calendar_items_in_english():
    from gis.stats import calendar

    items = calendar.due_items(calendar.load_schedule(), [], date(2026, 12, 1), date(2026, 12, 31))
    weekly = next(i for i in items if i.report == "weekly")
    assert weekly.name("en").startswith("Weekly report: Week ") and weekly.name() == weekly.label
    assert weekly.text("en").endswith("due before 11:00") and not HAN.search(weekly.text("en"))
    monthly = next(i for i in items if i.report == "monthly")
    assert monthly.name("en") == "Monthly report: December 2026"


def test_every_layer_and_field_name_of_the_targets_has_english():
    """gis.io.targets' layer and field names (attribute table, import and export dialogs, the registers' import
    reports) all have English."""
    from gis import people
    from gis.attributes import SPECS
    from gis.hazards import self_checks
    from gis.io import targets

    every = [*targets.TARGETS.values(), people.TARGET, self_checks.TARGET]   # the registers' import reports too
    names = {t.label for t in every} | {f.label for t in every for f in t.fields}
    names |= set(targets.LAYER_LABELS.values()) | set(targets.EXTRA_LABELS.values())
    names |= {c.label for spec in SPECS.values() for c in spec.columns}
    missing = sorted(n for n in names if HAN.search(targets.english(n, "en")))
    assert not missing, f"add their English to gis.io.targets.ENGLISH: {missing}"
    assert targets.layer_label("sites", "en") == "Enterprises and sites" and targets.layer_label("sites") == "企业场所"


def test_progress_texts_follow_the_callers_language(demo_file):
    """The window's Feedback speaks the interface language (desktop/tasks.py); gis says its progress in both."""
    from gis import store
    from gis.feedback import Feedback
    from gis.hazards.ledger import load_for_display

    heard: dict[str, list[str]] = {"zh": [], "en": []}
    with store.open_project(demo_file, readonly=True) as project:
        for lang in heard:
            load_for_display(project, Feedback(lambda _f, text, lang=lang: heard[lang].append(text), lang))
    assert heard["en"] == ["Reading hazards…", "Reading signatures…", "Building the search index…"]
    assert heard["zh"] == ["正在读取隐患…", "正在读取签字…", "正在建立检索…"]
    assert Feedback(lang="en").sub(0, 0.5).say("排班", "Planning shifts") == "Planning shifts"


def test_audit_log_words_in_english():
    from gis.audit import log
    from gis.model import Base

    assert set(log.TABLE_EN) == set(log.TABLE_LABELS) and set(log.ACTION_EN) == set(log.ACTION_LABELS)
    for table in Base.metadata.tables:
        names = log.field_labels(table, "en")
        assert not [v for v in names.values() if HAN.search(v)], (table, names)
    assert log.field_labels("hazard", "en")["wls_funds"] == "Five-in-place: funds"
    assert log.field_labels("site", "en")["category"] == "Site category" and log.field_labels("site")["category"] == "场所类别"
    assert log.table_label("hazard_event", "en") == "Hazard history" and log.action_label("delete", "en") == "Deleted"
    assert log.show_value(None, "en") == "(empty)" and log.show_value(None) == "（空）"
    assert log.show_value("box:120:1 2 3 4", "en") == "extent 1.000000, 2.000000 – 3.000000, 4.000000 (120 bytes)"
    assert log.field_labels("patrol_assignment", "en")["patrolled_m"] == "Length patrolled (m)"
    assert log.who_in(log.who(None, None, "gridsafe"), "en") == "gridsafe (no operator chosen)"
    assert log.who_in(log.who(None, None, "gridsafe")) == "gridsafe（未选操作人）" and log.who_in("王芳", "en") == "王芳"
