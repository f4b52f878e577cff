"""The English window shows the English of what is made outside desktop/'s tr(): rule texts from resources/*.yaml
(hazard and tip-off steps, sign-off chains, alert rules, report kinds, fire key periods, pressure classes), period
names made in gis (Week 48, 2026 / December 2026 / Q4 2026), roster weekdays and the legend's gas area classes —
in the demo township's docks and the hazard form, real widgets."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from desktop.shell import LazyDock
from desktop.views.hazards.ledger import KEYS
from gis.model import Hazard
from tests.desktop.test_dashboard import feature_of
from tests.windows import open_demo

HAN = re.compile(r"[\u3400-\u9fff]")
WEEK = r"Week \d{1,2}, \d{4} \([A-Z][a-z]{2} \d{1,2} – [A-Z][a-z]{2} \d{1,2}\)"
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"


def _dock(qtbot, w, name: str):
    dock = w.findChild(LazyDock, f"dock_{name}")
    view = dock.show_view()
    qtbot.waitExposed(dock)
    return view


def _shot(widget, artifacts, name: str) -> None:
    widget.grab().save(str(artifacts / f"english_{name}.png"))


def test_english_docks_show_rule_texts_periods_and_weekdays(qtbot, english, monkeypatch, demo_copy, artifacts):
    w = open_demo(qtbot, monkeypatch, demo_copy)

    # 预警: rule names, what to do and the details, from escalation_rules.yaml and gis.hazards.escalation
    alerts = _dock(qtbot, w, "hazard_alerts")
    qtbot.waitUntil(lambda: alerts.rule_box.count() > 1, timeout=30000)
    rules = [alerts.rule_box.itemText(i) for i in range(1, alerts.rule_box.count())]
    assert any(r.startswith("Major hazard overdue (") for r in rules), rules
    assert any(r.startswith("Overdue, not rectified (") for r in rules), rules
    assert not [r for r in rules if HAN.search(r)], rules
    model = alerts.table.model()
    row = [str(model.index(0, c).data() or "") for c in range(model.columnCount())]
    assert "Severe" in row and "Major hazard overdue" in row, row
    assert any(re.search(r"^Hazard \S+( \(.+\))? is \d+ days overdue \(deadline \d{4}-\d\d-\d\d\)$", t) for t in row), row
    assert "Supervise by listing; penalise both the enterprise and its principal" in row, row
    _shot(alerts, artifacts, "alerts")

    # 群众举报: the steps (tipoff_rules.yaml)
    tipoffs = feature_of(w, "TipOffFeature")
    tipoffs.show_dock()
    view = tipoffs.view
    assert [b.text() for b in view.step_buttons.values()] == [
        "Assign for verification…", "Verification result…", "Reply…", "Reward…", "Close…"]

    # 防火期日历: key periods by rule (fire_periods.yaml), the demo's critical period
    season = _dock(qtbot, w, "fire_season")
    qtbot.waitUntil(lambda: season.periods.count() > 0, timeout=30000)
    periods = [season.periods.item(i).text() for i in range(season.periods.count())]
    assert any(re.fullmatch(r"National Day  (\d{4})-10-01 to \1-10-07 \(By rule\)", p) for p in periods), periods
    assert any(p.startswith("Qingming") for p in periods)
    assert any(p.startswith("Spring critical period  ") for p in periods), periods
    assert not [p for p in periods if HAN.search(p)], periods

    # 值班表: weekday names in the day headers
    roster = _dock(qtbot, w, "fire_roster")
    qtbot.waitUntil(lambda: roster.model.columnCount() > 7, timeout=30000)
    heads = [roster.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert {h.split("\n")[1][:3] for h in heads} == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, heads
    assert not [h for h in heads if HAN.search(h)], heads
    tip = roster.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(roster.model.data_.days[0].isoformat()) and not HAN.search(tip), tip
    cell = next(roster.model.index(r, c) for r in range(roster.model.rowCount()) for c in range(7)
                if roster.model.shifts_at(r, c))
    tip = roster.model.data(cell, Qt.ItemDataRole.ToolTipRole).split("\n")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d [A-Z][a-z]+day.*", tip[0]) and "next day 08:00" in tip[1], tip
    heading = next(lb.text() for lb in roster.findChildren(QLabel) if "shifts" in lb.text())
    assert re.match(r"Fire-season duty roster \d{4}–\d{4} \(demo data\): \d+ shifts", heading), heading
    _shot(roster, artifacts, "roster")

    # 工作日历: report kinds and periods (report_schedule.yaml, gis.stats.calendar)
    cal = _dock(qtbot, w, "work_calendar")
    qtbot.waitUntil(lambda: cal.list.topLevelItemCount() > 0, timeout=30000)
    listed = [cal.list.topLevelItem(i).text(3) for i in range(cal.list.topLevelItemCount())]
    reports = [t for t in listed if t.startswith(("Weekly report: ", "Monthly report: ", "Quarterly report: ",
                                                  "Yearly report: "))]
    assert reports and not [t for t in reports if HAN.search(t)], listed
    assert any(re.fullmatch(f"Weekly report: {WEEK}", t) for t in reports), reports
    _shot(cal, artifacts, "calendar")

    # the period a dock shows: 工作态势, 巡查计划, 企业自查
    dashboard = _dock(qtbot, w, "dashboard")
    qtbot.waitUntil(lambda: bool(dashboard.period_label.text()), timeout=30000)
    assert re.fullmatch(MONTH, dashboard.period_label.text()), dashboard.period_label.text()
    qtbot.waitUntil(lambda: len(dashboard.charts) >= 3, timeout=30000)
    titles = [c.title for c in dashboard.charts]
    assert titles[:3] == ["Hazards registered and closed, last 12 weeks", "Rectification rate, last 12 weeks",
                          "Overdue and major hazards by sector"], titles
    words = [t for c in dashboard.charts[:3] for t in (*c.categories, *(x.name for x in c.series), c.unit)]
    assert not [t for t in words if HAN.search(t)], words
    _shot(dashboard, artifacts, "dashboard")
    tip = dashboard.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Hazards closed by the period's end") and tip.endswith("(target 100%)"), tip
    planner = _dock(qtbot, w, "patrol_planner")
    assert re.fullmatch(WEEK, planner.period_label.text()), planner.period_label.text()
    checks = _dock(qtbot, w, "self_checks")
    qtbot.waitUntil(lambda: not checks.summary.text().startswith(("Reading", "正在")), timeout=30000)
    assert re.match(MONTH + ": ", checks.summary.text()), checks.summary.text()

    # 操作日志: what was done, to which table
    audit = _dock(qtbot, w, "audit_log")
    assert [audit.action_box.itemText(i) for i in range(1, audit.action_box.count())] == ["Added", "Changed", "Deleted"]
    tables = [audit.table_box.itemText(i) for i in range(1, audit.table_box.count())]
    assert not [t for t in tables if HAN.search(t)], tables

    # 隐患台账: the sign-off steps a hazard still lacks (signoff_chains.yaml, roles from vocab.yaml)
    ledger = feature_of(w, "HazardFeature").ledger
    ledger_dock = w.findChild(LazyDock, "dock_hazard_ledger")
    ledger_dock.show_view()
    qtbot.waitUntil(lambda: ledger.model.book is not None and not ledger.is_loading(), timeout=30000)
    column = KEYS.index("lacking")
    model = ledger.table.model()
    lacking = {str(model.index(r, column).data() or "") for r in range(min(model.rowCount(), 200))} - {""}
    assert lacking and not [t for t in lacking if HAN.search(t)], lacking
    assert any(t.startswith("Owner's self-check signature") for t in lacking), lacking

    # the legend: classes named by their value (gas areas) in English too
    legend = w.layer_panel.item_for("gas_hca")
    classes = [legend.child(i).text(0) for i in range(legend.childCount())]
    assert classes == ["Class III high-consequence area", "Class II high-consequence area",
                       "Class I high-consequence area"], classes
    w.close()


def test_english_hazard_form_shows_steps_chain_and_history(qtbot, english, monkeypatch, demo_copy, artifacts):
    w = open_demo(qtbot, monkeypatch, demo_copy)
    with w.project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.status == "rectifying").order_by(Hazard.id).limit(1))
    form = feature_of(w, "HazardFeature").open_hazard(hid)
    qtbot.waitExposed(form)
    buttons = [b.text() for b in form.findChildren(type(form.save_button)) if b.isVisibleTo(form)]
    for text in ("Assign", "Start rectification", "Rectified: request acceptance", "Reject at acceptance",
                 "Accept and close", "Sign", "Note"):
        assert text in buttons, buttons
    history = [form.history.item(r, 1).text() for r in range(form.history.rowCount())]
    assert history[0] == "Register" and "Start rectification" in " ".join(history), history
    steps = [form.signoffs.item(r, 0).text() for r in range(form.signoffs.rowCount())]
    assert steps == ["Owner's self-check signature", "Township inspection signature",
                     "Sector bureau verification signature"], steps
    roles = [form.role.itemText(i) for i in range(1, form.role.count())]
    assert "Township inspector" in roles and "Accepted by" in roles and not [r for r in roles if HAN.search(r)]
    assert form.source.currentText() and not HAN.search(form.source.currentText())     # vocabularies too
    assert form.sector.currentText() and not HAN.search(form.sector.currentText())
    grades = [form.grade.itemText(i) for i in range(form.grade.count())]
    assert grades == ["General", "Major"], grades
    _shot(form, artifacts, "hazard_form")
    form.close()
    w.close()


def test_english_layer_and_field_names_in_table_import_and_export(qtbot, english, world_project):
    """Layer and field names made in gis.io.targets: the attribute table's headings and filter, the import dialog's
    layers and fields, the export dialog's layers (the layer panel's names come from the style file)."""
    from desktop.views.data.attribute_table import AttributeTableView
    from desktop.views.data.export_dialog import ExportDialog
    from desktop.views.data.import_dialog import ImportDialog
    from gis import attributes

    view = AttributeTableView("sites")
    qtbot.addWidget(view)
    view.show()
    view.load(world_project, lambda: attributes.read(world_project, "sites"))
    qtbot.waitUntil(lambda: view.table is not None, timeout=10000)
    heads = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert {"Name*", "Site category*", "Sector", "Risk level", "Grid"} <= set(heads), heads
    assert not [h for h in heads if HAN.search(str(h))], heads
    filters = [view.filter_column.itemText(i) for i in range(view.filter_column.count())]
    assert "Site category" in filters

    export = ExportDialog(world_project)
    qtbot.addWidget(export)
    layers = [export.what_box.itemText(i) for i in range(export.what_box.count() - 1)]     # the last: all layers
    assert {"Enterprises and sites", "Grids", "Townships (sub-districts)", "Hazards"} <= set(layers), layers
    assert not [t for t in layers if HAN.search(t)], layers

    imp = ImportDialog(world_project)
    qtbot.addWidget(imp)
    targets = [imp.layer_box.itemText(i) for i in range(imp.layer_box.count())]
    assert "Enterprises and sites" in targets and "Townships (sub-districts)" in targets, targets
    assert not [t for t in targets if HAN.search(t)], targets
    systems = [imp.crs_box.itemText(i) for i in range(imp.crs_box.count())]
    assert "CGCS2000 longitude/latitude (EPSG:4490)" in systems and not [t for t in systems if HAN.search(t)], systems


def test_english_identify_names_gas_area_classes(qtbot, english, demo_file):
    """Identify on a derived gas area: its class (a value the style names classes by) reads as the legend does."""
    from desktop.render import LayerStack
    from desktop.views.map.identify_panel import attribute_rows
    from gis import layers, store

    with store.open_project(demo_file, readonly=True) as project:
        stack = LayerStack.from_layers(layers.load_all(project))
    hca = dict(attribute_rows(stack, "gas_hca", 0))
    location = dict(attribute_rows(stack, "gas_location_class", 0))
    assert re.fullmatch(r"Class (I|II|III) high-consequence area", hca["Level"]), hca
    assert re.fullmatch(r"Location class [1-4]", location["Location class"]), location


def test_english_report_dialog_names_kinds_and_periods(qtbot, english):
    from datetime import date

    from desktop.views.reports.report_dialog import ReportDialog

    d = ReportDialog(today=date(2026, 12, 5))
    qtbot.addWidget(d)
    assert [d.kind.itemText(i) for i in range(d.kind.count())] == [
        "Weekly report", "Monthly report", "Quarterly report", "Yearly report"]
    assert d.period.itemText(0) == "2026-W49 (Week 49, 2026)"
    d.kind.setCurrentIndex(2)
    assert d.period.itemText(0) == "2026-Q4 (Q4 2026)"


def test_window_tasks_hear_progress_in_english(qtbot, english):
    """desktop/tasks.py gives the work a Feedback in the interface language: gis's progress texts arrive in English."""
    from desktop.tasks import Task
    from gis.patrols.periods import parse_period

    heard = []
    task = Task(lambda fb: fb.progress(0.5, fb.say("正在排班", "Planning shifts")) or parse_period("2026-W48").name(
        fb.lang))
    task.progressed.connect(lambda _f, text: heard.append(text))
    with qtbot.waitSignal(task.finished, timeout=10000):
        task.start()
    assert task.result == "Week 48, 2026 (Nov 23 – Nov 29)"
    qtbot.waitUntil(lambda: "Planning shifts" in heard, timeout=5000)
