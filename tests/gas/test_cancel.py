"""Cancelling the gas use cases (the window's 取消, Ctrl+C in the CLI): an analysis cancelled after its hazards
were registered rolls them back; a list export cancelled after the workbook was written leaves no file."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.services import gas as use
from gis.feedback import Cancelled, Feedback
from gis.model import Hazard
from tests.gas import scene


def _cancel_at(text: str) -> Feedback:
    """A Feedback that is cancelled when the work reports `text` (the next checkpoint stops it)."""
    feedback = Feedback(lambda _f, said: feedback.cancel() if said == text else None)
    return feedback


def _hazards(project) -> int:
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(Hazard))


def test_cancel_after_registering_rolls_the_hazards_back(new_project):
    with new_project.transaction() as s:
        scene.build(s)
    with pytest.raises(Cancelled):
        use.analyse(new_project, operator="王工", on=scene.ON, feedback=_cancel_at("正在登记隐患…"))
    assert _hazards(new_project) == 0
    done = use.analyse(new_project, operator="王工", on=scene.ON)     # not cancelled: registered
    assert len(done.value.summary.new) == 3 == _hazards(new_project)


def test_cancelled_export_leaves_no_file(new_project, tmp_path):
    with new_project.transaction() as s:
        scene.build(s)
    folder = tmp_path / "清单"
    folder.mkdir()
    with pytest.raises(Cancelled):
        use.export_lists(new_project, folder / "清单.xlsx", on=scene.ON, feedback=_cancel_at("正在写入清单…"))
    assert list(folder.iterdir()) == []
