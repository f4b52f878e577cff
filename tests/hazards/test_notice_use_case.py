"""Issuing the 整改通知书 (desktop/services/hazards.issue_notice): the file and its record happen together
(gis/atomic.file_and_record), and a reprint records nothing new."""
from __future__ import annotations

from contextlib import contextmanager

import docx
import pytest
from sqlalchemy import select

from desktop.services import hazards as use
from gis import hazards
from gis.atomic import FileWriteError, file_and_record, atomic_path
from gis.errors import ValidationError
from gis.model import Hazard, HazardEvent

from .conftest import TODAY, new_hazard


def _notices(project, hid):
    with project.session() as s:
        return list(s.scalars(select(HazardEvent.note).where(HazardEvent.hazard_id == hid,
                                                             HazardEvent.action == "notice")))


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_issue_writes_the_file_records_the_number_and_says_what_changed(world, tmp_path):
    hid = new_hazard(world)
    done = use.issue_notice(world, hid, actor="刘芳", path=tmp_path / "通知书.docx", on=TODAY)
    assert (done.number, done.newly_issued, done.format) == ("〔2026〕第1号", True, "docx")
    assert done.change.touches("hazards") and done.change.ids_of("hazards") == {hid}
    assert docx.Document(str(done.path)).paragraphs[1].text == "〔2026〕第1号"
    again = use.issue_notice(world, hid, actor="刘芳", path=tmp_path / "再次.docx")
    assert (again.number, again.newly_issued, again.change.kinds) == ("〔2026〕第1号", False, frozenset())
    assert _notices(world, hid) == ["〔2026〕第1号"] and _leftovers(tmp_path) == []


def test_a_failed_file_write_records_nothing(world, tmp_path, monkeypatch):
    hid = new_hazard(world)

    def broken(_content, path, _fmt):
        path.write_bytes(b"half a docx")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(use, "write_notice", broken)
    with pytest.raises(OSError):
        use.issue_notice(world, hid, actor="刘芳", path=tmp_path / "通知书.docx", on=TODAY)
    assert _notices(world, hid) == []                       # no notice number in the history
    assert not (tmp_path / "通知书.docx").exists() and _leftovers(tmp_path) == []
    with world.session() as s:
        assert s.get(Hazard, hid).version == 1


def test_a_failed_commit_removes_the_file(tmp_path):
    class FailingCommit:
        @contextmanager
        def transaction(self):
            yield object()
            raise RuntimeError("database is locked")        # what a commit failure looks like here

    target = tmp_path / "通知书.pdf"
    with pytest.raises(RuntimeError, match="locked"), file_and_record(FailingCommit(), target) as (_s, tmp):
        tmp.write_bytes(b"%PDF-1.7 ...")
    assert not target.exists() and _leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_only_when_all_went_well(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"yesterday's ledger")
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise ValueError("cancelled")
    assert target.read_bytes() == b"yesterday's ledger" and _leftovers(tmp_path) == []
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"today's ledger")
    assert target.read_bytes() == b"today's ledger" and _leftovers(tmp_path) == []
    with pytest.raises(FileWriteError, match="没有写出文件"), atomic_path(target):
        pass                                                # a writer that silently wrote nothing
    assert target.read_bytes() == b"today's ledger"


def test_a_folder_as_target_is_refused_in_words(tmp_path):
    with pytest.raises(FileWriteError, match="是一个文件夹"), atomic_path(tmp_path):
        pass


def test_closed_hazard_gets_no_notice_and_no_file(world, tmp_path):
    with world.session() as s:
        closed = s.scalar(select(Hazard.id).where(Hazard.status == "closed"))
    out = tmp_path / "out"
    with pytest.raises(ValidationError, match="已销号"):
        use.issue_notice(world, closed, actor="刘芳", path=out / "n.pdf")
    assert list(out.iterdir()) == []


def test_export_ledger_keeps_the_rows_and_order_asked_for(world, tmp_path):
    import openpyxl

    with world.session() as s:
        ids = list(s.scalars(select(Hazard.id).order_by(Hazard.id.desc())))[:2]
    n = use.export_ledger(world, tmp_path / "台账.xlsx", ids=[*ids, 999_999], today=TODAY)   # 999999: gone
    assert n == 2
    ws = openpyxl.load_workbook(tmp_path / "台账.xlsx").active
    column = [c.value for c in ws[3]].index("隐患描述") + 1
    with world.session() as s:
        descriptions = [s.get(Hazard, i).description for i in ids]
    assert [ws.cell(r, column).value for r in (4, 5)] == descriptions
