"""A file and its record happen together, or neither does.

    with file_and_record(project, "通知书.pdf") as (s, tmp):
        number = issue(s, …)          # the record, in one transaction
        write_pdf(content, tmp)       # the file, to a temporary name beside the target

The file is written to a temporary name in the target's folder (so the final move is a rename on the
same disk); the transaction commits; then the file is moved into place with os.replace. If writing the
file fails, nothing is committed. If the commit fails, the temporary file is removed. A target that
cannot be replaced (open in Word or a PDF reader on Windows) is refused before the commit.

`new_file(target)` is the same without a record, for exports that only write a file: a failed or
cancelled export never leaves half a file under the target's name.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from gis.errors import GridsafeError


class FileWriteError(GridsafeError):
    """The file could not be written or moved into place; the message names the file."""


def temp_beside(target: Path) -> Path:
    """A new, empty temporary file in the target's folder, with the target's suffix (writers that go by
    the suffix still work)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):   # open(…, "x") rather than mkstemp: the file gets the usual permissions
        tmp = target.with_name(f".{target.stem[:40]}.{secrets.token_hex(4)}.part{target.suffix}")
        try:
            with open(tmp, "xb"):
                return tmp
        except FileExistsError:
            continue
    raise FileExistsError(tmp)


def _check_replaceable(target: Path) -> None:
    if target.is_dir():
        raise FileWriteError(f"“{target}”是一个文件夹，请另选文件名")
    if target.exists():
        try:   # on Windows a file open in another program cannot be written (nor replaced)
            with open(target, "ab"):
                pass
        except OSError as e:
            raise FileWriteError(f"无法覆盖“{target}”（{e.strerror or e}）：文件可能正被其他程序打开，请关闭后重试") from e


def _check_written(tmp: Path, target: Path) -> None:
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise FileWriteError(f"没有写出文件“{target}”")


def _prepare(target: str | Path) -> tuple[Path, Path]:
    """The target (refused when it cannot be replaced) and a fresh temporary path beside it."""
    target = Path(target)
    _check_replaceable(target)
    try:
        return target, temp_beside(target)
    except OSError as e:
        raise FileWriteError(f"无法写入“{target}”（{e.strerror or e}）") from e


def _move(tmp: Path, target: Path, *, committed: bool) -> None:
    try:
        os.replace(tmp, target)
    except OSError as e:
        if committed:   # the record stands: keep the file where it is and say so
            raise FileWriteError(f"记录已保存，但无法把文件移到“{target}”（{e.strerror or e}）；"
                                 f"文件已保存为“{tmp}”") from e
        tmp.unlink(missing_ok=True)
        raise FileWriteError(f"无法写入“{target}”（{e.strerror or e}）") from e


@contextmanager
def file_and_record(project, target: str | Path) -> Iterator[tuple[Session, Path]]:
    """One transaction and one file: yields (session, temporary path). See the module docstring."""
    target, tmp = _prepare(target)
    try:
        with project.transaction() as s:
            yield s, tmp
            _check_written(tmp, target)
            _check_replaceable(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _move(tmp, target, committed=True)


@contextmanager
def new_file(target: str | Path) -> Iterator[Path]:
    """Yields a temporary path beside `target`; moved into place when the block succeeds, else removed."""
    target, tmp = _prepare(target)
    try:
        yield tmp
        _check_written(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _move(tmp, target, committed=False)
