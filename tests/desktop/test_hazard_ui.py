"""The hazard ledger screens: ledger model, hazard form through the loop, conflicts, map links, notice PDF,
escalation dock. Screens are written to tests/_artifacts/ for review."""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop import main_window
from desktop.views.hazards.form import HazardForm
from desktop.views.hazards.ledger import KEYS, LedgerModel
from gis.hazards import checklists, escalation, ledger
from gis.model import AdminUnit, Hazard, HazardEvent, Person, RoleAssignment
from tests import smallworld
from tests.windows import exported

TODAY = smallworld.TODAY
def hazard_feature(w):
    from desktop.features.hazards import HazardFeature

    (feature,) = [f for f in w.features if isinstance(f, HazardFeature)]
    return feature


def pdf_text(path) -> str:
    """The text as a reader copies it: no normalising (desktop/printing/pdf_text.py keeps it exact)."""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def add_signers(project) -> None:
    """Three people who hold the sign-off chain's roles (a role not held asks first: test_wrong_results)."""
    with project.transaction() as s:
        township = s.scalars(select(AdminUnit.id).order_by(AdminUnit.id)).first()
        for name, role in (("孙业主", "site_owner"), ("周检查", "township_inspector"), ("吴执法", "bureau_inspector")):
            person = Person(name=name)
            s.add(person)
            s.flush()
            s.add(RoleAssignment(person_id=person.id, role=role, admin_unit_id=township))


# --- ledger model --------------------------------------------------------------------------------------

def test_a_reload_drops_the_load_still_running(qtbot, world_project):
    """Two reloads in a row (a write right after the ledger opened): only the newer load is shown,
    and once — the older one, which would be stale, never reaches the table."""
    from desktop.views.hazards.ledger import HazardLedgerView

    view = HazardLedgerView()
    qtbot.addWidget(view)
    view.today = TODAY
    loads = []
    view.loaded.connect(loads.append)
    view.set_project(world_project)               # the first load starts…
    with world_project.transaction() as s:        # …a hazard is written meanwhile…
        h = s.get(Hazard, s.scalar(select(Hazard.id)))
        s.add(Hazard(code="YH-TEST-0001", status="registered", grade=h.grade, sector=h.sector, found_on=TODAY,
                     description="新登记的隐患", site_id=h.site_id, source=h.source, version=1))
    view.reload()                                 # …and the reload that follows wins
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=20_000)
    assert loads == [5] and len(view.model.book) == 5
    assert not view.progress.isVisible() and not view.cancel.isVisible()


def test_cancel_load_hides_the_busy_bar_and_keeps_the_table(qtbot, world_project):
    from desktop.views.hazards.ledger import HazardLedgerView

    view = HazardLedgerView()
    qtbot.addWidget(view)
    view.show()
    loads = []
    view.loaded.connect(loads.append)
    view.set_project(world_project)
    assert view.cancel.isVisible()
    qtbot.mouseClick(view.cancel, Qt.MouseButton.LeftButton)
    assert not view.is_loading() and not view.progress.isVisible() and "已取消" in view.message.text()
    view.reload()
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=20_000)
    assert loads == [4]


def test_ledger_model_filters_sort_and_search(qapp, world_project):
    book, grade_table = ledger.load_for_display(world_project, today=TODAY)
    model = LedgerModel()
    model.sort_key = None
    model.set_ledger(book, grade_table)
    assert model.rowCount() == 4
    descriptions = lambda: [model.row_texts(r)["描述"] for r in range(model.rowCount())]
    model.set_filters(status=["registered", "assigned", "rectifying", "pending_acceptance"])
    assert sorted(descriptions()) == sorted(["有限空间作业未审批", "未安装燃气泄漏报警器", "消防通道堵塞"])
    model.set_filters(overdue=True)
    assert descriptions() == ["有限空间作业未审批"]
    row = model.row_texts(0)
    assert row["状态"] == "交办·逾期21天" and row["整改时限"] == "2026-11-01" and row["整改责任人"] == "赵敏"
    assert row["地点"] == "鑫源机械加工厂" and row["行业"] == "工贸"
    assert model.data(model.index(0, KEYS.index("status")), 8) is not None   # overdue highlighted (BackgroundRole)
    model.set_filters(supervised=True)
    assert descriptions() == ["未安装燃气泄漏报警器"]
    assert model.row_texts(0)["挂牌督办"] == "区级挂牌督办" and model.row_texts(0)["等级"] == "重大隐患"
    model.set_filters(sector="gas")
    assert sorted(descriptions()) == ["未安装燃气泄漏报警器", "管道占压"]
    model.set_filters(text="通道")
    assert descriptions() == ["消防通道堵塞"]
    model.set_filters(grid="410411003002")          # the east village's grids
    assert descriptions() == ["消防通道堵塞"]
    model.set_filters(grid="410411003001")
    assert sorted(descriptions()) == ["有限空间作业未审批", "未安装燃气泄漏报警器"]
    model.set_filters()
    model.sort(KEYS.index("found_on"))
    assert descriptions() == ["管道占压", "有限空间作业未审批", "未安装燃气泄漏报警器", "消防通道堵塞"]
    model.sort(KEYS.index("deadline"), order=main_window.Qt.SortOrder.DescendingOrder)
    assert descriptions()[:3] == ["未安装燃气泄漏报警器", "有限空间作业未审批", "管道占压"]  # no deadline: last
    model.sort(KEYS.index("lacking"))
    assert model.row_texts(0)["尚缺签字"].startswith("业主自查认领签字")


# --- the hazard form --------------------------------------------------------------------------------

def _form(qtbot, project, **kw) -> HazardForm:
    form = HazardForm(project, actor="刘芳", **kw)
    qtbot.addWidget(form)
    return form


def _pick(box, text_part: str) -> None:
    for i in range(box.count()):
        if text_part in box.itemText(i):
            box.setCurrentIndex(i)
            return
    raise AssertionError(f"{text_part} not in {[box.itemText(i) for i in range(box.count())]}")


def test_form_records_a_hazard_and_moves_it_through_the_loop(qtbot, world_project, tmp_path, artifacts):
    add_signers(world_project)
    site = world_project.names["sites"]["鑫源机械加工厂"]
    form = _form(qtbot, world_project, link=("site_id", site))
    assert form.link_object.currentData() == site and form.sector.currentData() == "industry_trade"
    items = [form.checklist.itemData(i) for i in range(form.checklist.count())]
    sector_items = [it["id"] for it in checklists.sector_table("industry_trade")["items"]]
    gas_items = [it["id"] for it in checklists.sector_table("gas")["items"]]
    assert set(sector_items) <= set(items) and not set(gas_items) & set(items)   # filtered by sector
    form.checklist.setCurrentIndex(form.checklist.findData(sector_items[0]))
    form.description.setPlainText("配电箱门未上锁")
    png = tmp_path / "p.png"
    from PySide6.QtGui import QColor, QImage
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("orange"))
    img.save(str(png))
    assert form.add_photos([png]) and form.photos.count() == 1
    form.save_button.click()
    assert form.hazard_id is not None, form.message()
    assert form.status == "registered" and form.photos.count() == 1
    assert form.buttons["assign"].isEnabled() and not form.buttons["close"].isEnabled()

    form.buttons["assign"].click()                           # 五定 missing: refused, with the reason
    assert form.status == "registered"
    assert "五定未填全" in form.message() and "整改责任人" in form.message()

    _pick(form.owner, "赵敏")
    form.measures.setPlainText("更换带锁配电箱")
    from datetime import date
    form.deadline.set_value(date(2026, 12, 20))
    _pick(form.executor, "王建国")
    _pick(form.acceptor, "陈志强")
    form.buttons["assign"].click()
    assert form.status == "assigned", form.message()
    form.buttons["start"].click()
    assert form.status == "rectifying", form.message()
    form.buttons["submit"].click()
    assert form.status == "pending_acceptance", form.message()
    form.buttons["close"].click()                            # signatures lacking
    assert form.status == "pending_acceptance"
    assert "三查三签字未完成" in form.message()
    assert "尚缺签字" in form.lacking_label.text()
    form.buttons["reject"].click()                           # 退回 needs a reason
    assert "须写明原因" in form.message()
    for role, name in (("site_owner", "孙业主"), ("township_inspector", "周检查"), ("bureau_inspector", "吴执法")):
        form.actor.setEditText(name)
        form.role.setCurrentIndex(form.role.findData(role))
        form.buttons["sign"].click()
        assert form.message().startswith("已登记“签字”"), form.message()
    assert form.lacking_label.text() == "签字已齐全"
    form.actor.setEditText("陈志强")
    form.role.setCurrentIndex(form.role.findData("acceptor"))
    form.buttons["close"].click()
    assert form.status == "closed", form.message()
    assert form.history.rowCount() == 8   # register, assign, start, submit, 3 signatures, close
    assert not form.save_button.isEnabled()
    with world_project.session() as s:
        h = s.get(Hazard, form.hazard_id)
        assert h.status == "closed" and h.measures == "更换带锁配电箱" and len(h.photos) == 1
    form.tabs.setCurrentIndex(2)
    form.resize(860, 700)
    assert form.grab().save(str(artifacts / "hazard_form_history.png"))


def test_second_form_on_the_same_hazard_is_refused_with_the_others_change(qtbot, world_project):
    with world_project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.description == "消防通道堵塞"))
    first = _form(qtbot, world_project, hazard_id=hid)
    second = _form(qtbot, world_project, hazard_id=hid)
    first.measures.setPlainText("清理通道杂物")
    assert first.save(), first.message()
    second.description.setPlainText("消防通道被电动车堵塞")
    assert not second.save()
    msg = second.message()
    assert "已被他人修改" in msg and "整改措施" in msg and "清理通道杂物" in msg
    with world_project.session() as s:
        assert s.get(Hazard, hid).description == "消防通道堵塞"   # nothing overwritten


# --- the window: identify → ledger, 新增隐患, escalation dock, exports ----------------------------------

@pytest.fixture
def window(qtbot, world_project, monkeypatch):
    from desktop.features import hazards as feature_module

    def no_dialog(_parent, title, text, *a, **k):   # a modal box would hang the test: fail with its text
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(feature_module.QMessageBox, "warning", no_dialog)
    monkeypatch.setattr(feature_module.QMessageBox, "information", no_dialog)
    path = str(world_project.url) if hasattr(world_project, "url") else None
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    feature = hazard_feature(w)
    feature.ledger.today = TODAY
    feature.alerts.today = TODAY
    world_project.close()
    assert w.open_project(path or str(world_project.path))
    with w.project.session() as s:   # the person at the keyboard (desktop/operator.py)
        w.operator.set(s.scalar(select(Person.id).where(Person.name == "刘芳")), "刘芳")
    qtbot.waitUntil(lambda: not feature.ledger.is_loading() and not feature.alerts.is_busy(), timeout=20000)
    yield w
    w.close()


def test_identify_opens_the_ledger_filtered_to_the_feature_and_adds_a_hazard_there(qtbot, window):
    w, feature = window, hazard_feature(window)
    sites = w.stack.sources["sites"]
    row = int(list(sites.attrs["name"]).index("鑫源机械加工厂"))
    w.identify_panel.show_feature("sites", row)
    assert feature.ledger_button.isEnabled()
    feature.ledger_button.click()
    view = feature.ledger
    assert view.feature_label.text() == "仅显示：场所“鑫源机械加工厂”的隐患"
    assert [view.model.row_texts(r)["描述"] for r in range(view.model.rowCount())] == ["有限空间作业未审批"]
    view.clear_feature()
    assert view.model.rowCount() == 3      # every hazard not yet closed

    feature.new_button.click()
    form = feature.forms[-1]
    assert form.link_kind.currentData() == "site_id"
    assert form.link_object.currentData() == int(sites.layer.ids[row])
    form.description.setPlainText("灭火器过期")
    form.save_button.click()
    assert form.status == "registered", form.message()
    qtbot.waitUntil(lambda: not view.is_loading() and view.model.book is not None and len(view.model.book) == 5,
                    timeout=20000)
    assert view.current_hazard() == form.hazard_id       # the new hazard is selected in the reloaded ledger
    assert form.hazard_id in set(w.stack.sources["hazards"].layer.ids.tolist())   # and on the map
    view.map_button.click()
    assert w.canvas.selection.get("hazards") is not None


def test_escalation_dock_lists_overdue_hazards_and_badge(window):
    feature = hazard_feature(window)
    counts = feature.alerts.counts()
    assert counts.get("逾期未整改") == 1
    model = feature.alerts.model
    texts = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert any("已逾期 21 天" in t and "鑫源机械加工厂" in t for t in texts)
    assert feature.badge.text().startswith("预警")


def test_exports_from_the_ui(qtbot, window, tmp_path, artifacts):
    import openpyxl

    feature = hazard_feature(window)
    view = feature.ledger
    view.model.set_filters()
    out = exported(qtbot, feature.export("ledger", str(tmp_path / "台账.xlsx")))
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(1, 1).value == "隐患排查治理台账"
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "有限空间作业未审批" in values and "管道占压" in values
    out = exported(qtbot, feature.export("sector-list", str(tmp_path / "清单.xlsx")))
    assert "燃气" in openpyxl.load_workbook(out).sheetnames
    with window.project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.description == "未安装燃气泄漏报警器"))
    assert view.select_hazard(hid) and view.current_hazard() == hid
    pdf = exported(qtbot, feature.export("notice", str(tmp_path / "通知书.pdf"), "pdf"))
    docx_out = exported(qtbot, feature.export("notice", str(tmp_path / "通知书.docx"), "docx"))
    import docx

    assert docx.Document(str(docx_out)).paragraphs[0].text == "隐患整改通知书"
    text = pdf_text(pdf)
    with window.project.session() as s:
        h = s.get(Hazard, hid)
        number = s.scalar(select(HazardEvent.note).where(HazardEvent.hazard_id == hid,
                                                                 HazardEvent.action == "notice"))
    flat = text.replace("\n", "")
    assert "隐患整改通知书" in text and number in text
    for expected in (h.description, "老王家常菜馆：", "中华人民共和国安全生产法", "整改期限：2026年12月10日前",
                     "湛河区安委办", "（盖章）", "被检查单位签收"):
        assert expected in flat, expected
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(artifacts / "notice_pdf")], check=True)


def test_exports_run_on_the_task_runner_whole_or_not_at_all(qtbot, window, tmp_path, monkeypatch):
    """台账 export off the UI thread: written by a desktop/tasks.py worker under a progress dialog, the file whole
    (and nothing beside it); 取消 in the dialog stops it and no file is left."""
    import threading

    import openpyxl
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop.services import hazards as use

    feature = hazard_feature(window)
    feature.ledger.model.set_filters()
    threads, release = [], threading.Event()
    real = use.export_ledger

    def export_ledger(*args, **kw):
        threads.append(threading.current_thread())
        assert release.wait(30)                 # held until the test lets it go: the dialog is up meanwhile
        return real(*args, **kw)
    monkeypatch.setattr(use, "export_ledger", export_ledger)
    release.set()
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "台账.xlsx"
    task = feature.export("ledger", str(out))
    assert task is not None and task.title == "导出隐患排查治理台账"
    path = exported(qtbot, task)
    assert path == out and [t.name.split("_")[0] for t in threads] == ["gridsafe-task"]
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(1, 1).value == "隐患排查治理台账" and ws.max_row > 3
    assert sorted(p.name for p in folder.iterdir()) == ["台账.xlsx"]          # no temporary left beside it
    assert "已导出隐患排查治理台账" in window.statusBar().currentMessage()

    # cancelled from the progress dialog: nothing written
    release.clear()
    gone = folder / "台账2.xlsx"
    task = feature.export("ledger", str(gone))
    dialog = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
    assert "正在导出隐患排查治理台账" in dialog.labelText()
    assert feature.export("sector-list", str(folder / "清单.xlsx")) is None      # one export at a time
    dialog.grab().save(str(tmp_path / "export_progress.png"))
    print("screenshot:", tmp_path / "export_progress.png")
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    release.set()
    assert exported(qtbot, task) is None and task.outcome == "cancelled"
    assert not gone.exists() and sorted(p.name for p in folder.iterdir()) == ["台账.xlsx"]
    assert "已取消导出" in window.statusBar().currentMessage()


def test_demo_escalation_dock_lists_the_demos_overdue_hazards(qtbot, demo_copy):
    from gis import store

    path = demo_copy
    with store.open_project(path) as p, p.session() as s:
        expected = escalation.summary(escalation.evaluate(s, TODAY))
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    feature = hazard_feature(w)
    feature.alerts.today = feature.ledger.today = TODAY
    assert w.open_project(str(path))
    qtbot.waitUntil(lambda: not feature.alerts.is_busy() and not feature.ledger.is_loading(), timeout=30000)
    assert expected.get("逾期未整改", 0) > 0
    assert feature.alerts.counts() == expected
    model = feature.alerts.model
    assert model.rowCount() == sum(expected.values())
    assert np.any(["已逾期" in (model.data(model.index(r, 3)) or "") for r in range(min(model.rowCount(), 400))])
    view = feature.ledger
    view.overdue_box.setCurrentIndex(1)
    assert view.model.rowCount() == expected["逾期未整改"]
    w.close()


def test_cli_exports_the_notice_as_pdf(qapp, world_project, tmp_path):
    from desktop.cli import main

    with world_project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.description == "有限空间作业未审批"))
    path = str(world_project.url).removeprefix("sqlite:///")
    world_project.close()
    out = tmp_path / "通知书.pdf"
    assert main(["hazards", "export", path, "--kind", "notice", "--hazard", str(hid), "--actor", "刘芳",
                 "--format", "pdf", str(out)]) == 0
    text = pdf_text(out)
    assert "隐患整改通知书" in text and "〔2026〕第1号" in text and "鑫源机械加工厂" in text
    assert "有限空间作业未审批" in text.replace("\n", "")
