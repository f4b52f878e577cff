"""Hazard use cases: issue the 隐患整改通知书 (PDF or DOCX), export the ledger and the 专项整治清单."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from desktop.services import NO_CHANGE
from gis import hazards
from gis.atomic import file_and_record
from gis.changes import Change
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.hazards import ledger
from gis.store import Project

NOTICE_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class IssuedNotice:
    hazard_id: int
    number: str
    newly_issued: bool      # False: a reprint of a notice issued before (nothing recorded)
    path: Path
    format: str
    change: Change


def notice_format(path: str | Path, fmt: str | None = None, *, default: str = "pdf") -> str:
    """The format asked for; else the file's extension (.pdf/.docx); else `default`."""
    if fmt is None:
        suffix = Path(path).suffix.lower().lstrip(".")
        fmt = suffix if suffix in NOTICE_FORMATS else default
    if fmt not in NOTICE_FORMATS:
        raise ValidationError(f"整改通知书的格式应为 pdf 或 docx，而不是“{fmt}”")
    return fmt


def write_notice(content, path: Path, fmt: str) -> Path:
    if fmt == "pdf":
        from desktop.printing.notice_pdf import write_notice_pdf

        return write_notice_pdf(content, path)
    from gis.hazards.notice import write_docx

    return write_docx(content, path)


@dataclass(frozen=True)
class NoticeDraft:
    """What the user should know before printing a hazard's 整改通知书: its code, its deadline and how far past."""
    hazard_id: int
    code: str
    deadline: date | None
    on: date

    @property
    def days_past(self) -> int:
        """Days the 整改期限 is past on the printing day (0: not past, or no deadline)."""
        return max((self.on - self.deadline).days, 0) if self.deadline is not None else 0

    def file_name(self, fmt: str = "pdf") -> str:
        """A name of its own per hazard and day (整改通知书_YH2026-00001_20261205.pdf): the next does not overwrite it."""
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.code)
        return f"整改通知书_{safe}_{self.on:%Y%m%d}.{fmt}"


def notice_draft(project: Project, hazard_id: int, *, on: date | None = None) -> NoticeDraft:
    from gis.model import Hazard

    with project.session() as s:
        h = s.get(Hazard, hazard_id)
        if h is None:
            raise ValidationError(f"找不到编号为 {hazard_id} 的隐患")
        return NoticeDraft(h.id, h.code or str(h.id), h.deadline, on or date.today())


def issue_notice(project: Project, hazard_id: int, *, actor: str | hazards.Actor, path: str | Path,
                 fmt: str | None = None, on: date | None = None) -> IssuedNotice:
    """下达整改通知书 for one hazard into `path`: the first time the "notice" step is recorded with a new
    number (signed by `actor`), later the same notice is printed again. The file and the record happen
    together: a failed write records nothing."""
    from gis.hazards.notice import notice_content

    path = Path(path)
    fmt = notice_format(path, fmt)
    with file_and_record(project, path) as (s, tmp):
        number, new = hazards.issue_notice(s, hazard_id, actor=actor, on=on)
        write_notice(notice_content(s, hazard_id, on=on), tmp, fmt)
    change = Change.of("hazards", hazards=[hazard_id]) if new else NO_CHANGE
    return IssuedNotice(hazard_id, number, new, path, fmt, change)


def export_ledger(project: Project, path: str | Path, *, ids: Sequence[int] | np.ndarray | None = None,
                  today: date | None = None, feedback: Feedback | None = None) -> int:
    """隐患排查治理台账 (xlsx): every hazard, or the hazards `ids` in that order (the rows a view shows).
    Returns the rows written. `feedback` may cancel until the file is written (then nothing is)."""
    from gis.hazards import ledger_xlsx as hazard_ledger

    feedback = ensure(feedback)
    feedback.progress(None, "读取隐患台账")
    book = ledger.load(project, today, detail=True, feedback=feedback)
    rows = None
    if ids is not None:
        all_ids = book.frame["id"].to_numpy()
        order = np.argsort(all_ids, kind="stable")
        ids = np.asarray(ids, dtype=all_ids.dtype)
        pos = np.searchsorted(all_ids, ids, sorter=order)
        pos = np.minimum(pos, max(len(all_ids) - 1, 0))
        found = all_ids[order[pos]] == ids if len(all_ids) else np.zeros(len(ids), bool)
        rows = order[pos[found]]
    feedback.check()
    feedback.progress(None, "写入 Excel 工作簿")
    return hazard_ledger.build(project, path, rows=rows, book=book)


def export_sector_list(project: Project, path: str | Path, *, sectors: list[str] | None = None,
                       today: date | None = None, feedback: Feedback | None = None) -> dict[str, int]:
    """安全生产专项整治清单 (xlsx), one sheet per sector. Returns rows written per sector. `feedback` may cancel
    until the file is written (then nothing is)."""
    from gis.hazards import sector_list

    return sector_list.build(project, path, sectors=sectors, today=today, feedback=feedback)
