"""人员名册 in the window: an import refused shows its first problems and 保存完整报告…, which writes every problem
to an xlsx (ImportReport.to_xlsx, as `gridsafe people import --report` does) and offers to open it; in the English
window role texts read 'Grid member (张庄村第1网格)', not '网格员（张庄村第1网格）'."""
from __future__ import annotations

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from gis.model import Person, RoleAssignment
from tests.desktop.test_people_window import people_view
from tests.windows import Answer

BAD_ROWS = 7        # more than the five a message box shows


def test_a_refused_roster_saves_the_full_problem_list_and_offers_to_open_it(qtbot, monkeypatch, tmp_path, artifacts):
    from openpyxl import load_workbook

    w, _feature, view = people_view(qtbot, monkeypatch, tmp_path)
    roster = tmp_path / "人员名册.csv"
    roster.write_text("姓名,联系电话,角色,网格\n" + "".join(f"新人{i},1391234000{i},飞行员,张庄村第1网格\n"
                                                       for i in range(BAD_ROWS)), encoding="utf-8")
    out = tmp_path / "报告" / "人员名册问题.xlsx"
    asked, opened = [], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]) or str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    said = Answer(qtbot, "保存完整报告…", "打开文件", shot=lambda box: box.grab().save(str(artifacts / "refusal_1.png")))
    with w.project.session() as s:
        before = (s.scalar(select(func.count()).select_from(Person)),
                  s.scalar(select(func.count()).select_from(RoleAssignment)))
    task = view.import_file(str(roster))
    qtbot.waitUntil(lambda: bool(said.missing) or (len(said.texts) == 2 and bool(opened)), timeout=20_000)
    assert not said.missing, said.texts
    assert task is not None and "另有 2 处问题" in said.texts[0] and said.texts[0].count("飞行员") == 5
    assert str(out) in said.texts[1] and opened == [str(out)] and asked[0].endswith("导入报告_人员名册.xlsx")
    detail = load_workbook(out)["明细"]
    rows = [[c.value for c in r] for r in detail.iter_rows(min_row=2)]
    assert len(rows) == BAD_ROWS and {r[2] for r in rows} == set(range(2, 2 + BAD_ROWS))   # every row, by number
    assert all(r[0] == "拒绝" and "飞行员" in r[4] for r in rows)
    with w.project.session() as s:                       # nothing was imported
        assert (s.scalar(select(func.count()).select_from(Person)),
                s.scalar(select(func.count()).select_from(RoleAssignment))) == before

    # 确定 without saving: no file dialog, nothing written
    asked.clear()
    said = Answer(qtbot, QMessageBox.StandardButton.Ok)
    view.import_file(str(roster))
    qtbot.waitUntil(lambda: len(said.texts) == 1, timeout=20_000)
    assert asked == []


def test_role_texts_in_the_english_window(qtbot, english, monkeypatch, tmp_path, artifacts):
    w, _feature, view = people_view(qtbot, monkeypatch, tmp_path)
    texts = {view.model.data(view.model.index(r, 0)): view.model.data(view.model.index(r, 5))
             for r in range(view.model.rowCount())}
    view.grab().save(str(artifacts / "people_english.png"))
    assert texts["王建国"] == "Grid leader (张庄村第1网格)" and texts["刘芳"] == "Grid member (张庄村第1网格)"
    assert not any("（" in t for t in texts.values()), texts
