"""Every file gridsafe writes is whole, or not there: written under a temporary name in its folder and
moved into place (os.replace) only when complete.

    with atomic_path("台账.xlsx") as tmp:      # a file: writers get `tmp` (same folder, same extension)
        wb.save(tmp)

    with atomic_folder(folder) as tmp_dir:     # several files of one set (a shapefile's .shp/.shx/.dbf…)
        write_shapefile(tmp_dir / "场所.shp")  # written in a hidden folder, each moved into `folder`

    with file_and_record(project, "通知书.pdf") as (s, tmp):
        number = issue(s, …)          # the record, in one transaction
        write_pdf(content, tmp)       # the file, to a temporary name beside the target

    with Batch(len(jobs)) as batch:            # one file after another (route sheets per grid)
        for path, job in jobs:
            with batch.file(path) as tmp:
                write(job, tmp)

The temporary name is hidden (".名称.1a2b3c4d.part.pdf") and keeps the target's extension, so writers that
go by the extension (GDAL, openpyxl, Qt's image writers) still work. On success the file is flushed to disk
and moved into place; on an error, a cancel (gis.feedback.Cancelled) or Ctrl+C it is removed and the target
(a file written before) stays as it was. A process killed mid-write (kill -9, power cut) can leave a hidden
".part" file beside the target, never a partial file under the target's name; the next write into that folder
(once per folder and process) removes such leftovers older than STALE_AFTER_S — by age, not by process id, because
a folder on a network share is written from several workstations.

A writer may itself use atomic_path on a path an outer atomic_path handed out (pdf_document inside
file_and_record): the inner one then writes to that path directly and the outer one moves it.

`file_and_record`: the transaction commits after the file is written and before it is moved; if writing
the file fails, nothing is committed; if the commit fails, the temporary file is removed. A target that
cannot be replaced (open in Word or a PDF reader on Windows) is refused before the commit.

`Batch`: when a run stops (an error, a cancel), the files already complete stay, the one being written
leaves nothing, and the error raised says so: `Incomplete` (or `IncompleteCancelled`, a Cancelled) with
`files`, the complete ones.
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from gis.errors import GridsafeError
from gis.feedback import Cancelled

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PART = ".part"
STALE_AFTER_S = 12 * 3600          # a temporary file untouched this long was left by a killed writer
_handed_out: set[Path] = set()    # temporary paths of the atomic_path blocks now open (any thread)
_swept: set[Path] = set()         # folders already cleared of stale leftovers by this process
_lock = threading.Lock()


class FileWriteError(GridsafeError):
    """The file could not be written or moved into place; the message names the file."""


def is_temporary(path: str | Path) -> bool:
    """Whether `path` is the temporary name of a file being written (or left by a killed writer)."""
    name = Path(path).name
    return name.startswith(".") and PART + "." in name or name.endswith(PART)


def _is_ours(path: Path) -> bool:
    """A temporary file or folder of atomic_path / atomic_folder (".名称.1a2b3c4d.part.pdf", ".gridsafe-….part")."""
    name = path.name
    stem = name.split(PART, 1)[0] if PART in name else ""
    token = stem.rsplit(".", 1)[-1] if not stem.startswith(".gridsafe-") else stem[len(".gridsafe-"):]
    return is_temporary(path) and len(token) == 8 and all(c in "0123456789abcdef" for c in token)


def sweep_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove what killed writers left in `folder`: gridsafe's temporary files and folders not modified for
    STALE_AFTER_S. Returns what was removed; never raises (a file another program holds open stays)."""
    import time

    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path)
        if not entry.name.startswith(".") or not _is_ours(path) or _is_handed_out(path):
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
            log.info("removed a stale temporary file %s", path)
        except OSError:
            continue
    return removed


def _sweep_once(folder: Path) -> None:
    key = folder.resolve()
    with _lock:
        if key in _swept:
            return
        _swept.add(key)
    sweep_stale(folder)


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.stem[:40]}.{secrets.token_hex(4)}{PART}{target.suffix}")


def temp_beside(target: Path) -> Path:
    """A new, empty temporary file in the target's folder, with the target's suffix (writers that go by
    the suffix still work)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep_once(target.parent)
    for _ in range(100):   # open(…, "x") rather than mkstemp: the file gets the usual permissions
        tmp = _temp_name(target)
        try:
            with open(tmp, "xb"):
                return tmp
        except FileExistsError:
            continue
    raise FileExistsError(tmp)


def _check_replaceable(target: Path) -> None:
    if target.is_dir():
        raise FileWriteError(f"“{target}”是一个文件夹，请另选文件名", en=f"\"{target}\" is a folder; please choose another name")
    if target.exists():
        try:   # on Windows a file open in another program cannot be written (nor replaced)
            with open(target, "ab"):
                pass
        except OSError as e:
            raise FileWriteError(f"无法覆盖“{target}”（{e.strerror or e}）：文件可能正被其他程序打开，请关闭后重试",
                                 en=f"Cannot overwrite \"{target}\" ({e.strerror or e}): another program may have it "
                                    "open; please close it and try again") from e


def _check_written(tmp: Path, target: Path) -> None:
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise FileWriteError(f"没有写出文件“{target}”", en=f"The file \"{target}\" was not written")


def _sync(path: Path) -> None:
    """The file's bytes on the disk before its name is: a power cut after the move never shows an empty file."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))   # Windows flushes only a writable handle
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass       # file systems that cannot (some network shares): the move is still atomic
    finally:
        os.close(fd)


def _prepare(target: str | Path) -> tuple[Path, Path]:
    """The target (refused when it cannot be replaced) and a fresh temporary path beside it."""
    target = Path(target)
    _check_replaceable(target)
    try:
        return target, temp_beside(target)
    except OSError as e:
        raise FileWriteError(f"无法写入“{target}”（{e.strerror or e}）",
                             en=f"Cannot write \"{target}\" ({e.strerror or e})") from e


def _move(tmp: Path, target: Path, *, committed: bool, sync: bool = True) -> None:
    try:
        if sync:
            _sync(tmp)
        os.replace(tmp, target)
    except OSError as e:
        if committed:   # the record stands: keep the file where it is and say so
            raise FileWriteError(f"记录已保存，但无法把文件移到“{target}”（{e.strerror or e}）；"
                                 f"文件已保存为“{tmp}”",
                                 en=f"The record was saved, but the file cannot be moved to \"{target}\" "
                                    f"({e.strerror or e}); it was saved as \"{tmp}\"") from e
        tmp.unlink(missing_ok=True)
        raise FileWriteError(f"无法写入“{target}”（{e.strerror or e}）",
                             en=f"Cannot write \"{target}\" ({e.strerror or e})") from e


@contextmanager
def _handing_out(tmp: Path) -> Iterator[Path]:
    with _lock:
        _handed_out.add(tmp)
    try:
        yield tmp
    finally:
        with _lock:
            _handed_out.discard(tmp)


def _is_handed_out(path: Path) -> bool:
    with _lock:
        return path in _handed_out


@contextmanager
def atomic_path(target: str | Path, *, sync: bool = True) -> Iterator[Path]:
    """Yields a temporary path beside `target` (hidden, same extension); moved into place when the block
    succeeds, else removed (the target stays as it was). See the module docstring. `sync=False` skips
    flushing to disk before the move (a cache, whose lost file is made again)."""
    target = Path(target)
    if _is_handed_out(target):      # an outer atomic_path's temporary: it moves the file
        yield target
        return
    target, tmp = _prepare(target)
    try:
        with _handing_out(tmp):
            yield tmp
        _check_written(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _move(tmp, target, committed=False, sync=sync)


@contextmanager
def atomic_folder(folder: str | Path) -> Iterator[Path]:
    """Yields a new hidden folder inside `folder`: the files written in it are moved into `folder` (each
    with os.replace, replacing files of the same names) when the block succeeds; on an error or a cancel
    the folder goes with everything in it. For writers of several files (a shapefile) or writers that
    want a path that does not exist yet (GDAL)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep_once(folder)
        tmp_dir = None
        for _ in range(100):
            candidate = folder / f".gridsafe-{secrets.token_hex(4)}{PART}"
            try:
                candidate.mkdir()
                tmp_dir = candidate
                break
            except FileExistsError:
                continue
        if tmp_dir is None:
            raise FileExistsError(candidate)
    except OSError as e:
        raise FileWriteError(f"无法写入文件夹“{folder}”（{e.strerror or e}）",
                             en=f"Cannot write to the folder \"{folder}\" ({e.strerror or e})") from e
    try:
        yield tmp_dir
        files = sorted(p for p in tmp_dir.iterdir() if p.is_file())
        if not files:
            raise FileWriteError(f"没有在“{folder}”写出文件", en=f"No file was written in \"{folder}\"")
        for f in files:
            _check_replaceable(folder / f.name)
        for f in files:
            _move(f, folder / f.name, committed=False)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


@contextmanager
def file_and_record(project, target: str | Path) -> Iterator[tuple[Session, Path]]:
    """One transaction and one file: yields (session, temporary path). See the module docstring."""
    target, tmp = _prepare(target)
    try:
        with _handing_out(tmp), project.transaction() as s:
            yield s, tmp
            _check_written(tmp, target)
            _check_replaceable(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _move(tmp, target, committed=True)


# --- batches of files ---------------------------------------------------------------------------------

class Incomplete(GridsafeError):
    """A batch stopped before its end. `files` are complete and stay; the file being written left nothing."""

    def __init__(self, reason: str, files: list[Path], total: int, reason_en: str = "") -> None:
        self.files = list(files)
        self.total = total
        self.reason = reason
        folder = self.files[0].parent if self.files else None
        super().__init__(f"{reason}。已完成的 {len(self.files)}/{total} 个文件已保留在“{folder}”，"
                         f"未完成的文件没有留下",
                         en=f"{reason_en or reason}. The {len(self.files)}/{total} files completed are kept in "
                            f"\"{folder}\"; the unfinished file left nothing")


class IncompleteCancelled(Incomplete, Cancelled):
    """A batch cancelled after some of its files were complete."""

    def __init__(self, files: list[Path], total: int) -> None:
        Incomplete.__init__(self, "已取消", files, total, "Cancelled")


def _reason(e: BaseException) -> tuple[str, str]:
    """Why a batch stopped: (Chinese, English)."""
    if isinstance(e, GridsafeError):
        return e.message, e.text("en")
    if isinstance(e, OSError):
        return (f"无法写入文件 {e.filename or ''}：{e.strerror or e}",
                f"Cannot write the file {e.filename or ''}: {e.strerror or e}")
    return f"发生意外问题（{type(e).__name__}：{e}）", f"Something unexpected happened ({type(e).__name__}: {e})"


class Batch:
    """Files written one after another, each whole (see the module docstring). `files`: the complete ones."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.files: list[Path] = []

    @contextmanager
    def file(self, target: str | Path) -> Iterator[Path]:
        with atomic_path(target) as tmp:
            yield tmp
        self.files.append(Path(target))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind, e, tb) -> None:
        if e is None or not self.files or isinstance(e, Incomplete) or not isinstance(e, Exception | KeyboardInterrupt):
            return
        if isinstance(e, Cancelled | KeyboardInterrupt):
            raise IncompleteCancelled(self.files, self.total) from e
        if not isinstance(e, GridsafeError | OSError):
            log.error("a batch of files stopped after %d of %d", len(self.files), self.total, exc_info=e)
        reason, reason_en = _reason(e)
        raise Incomplete(reason, self.files, self.total, reason_en) from e


def complete_files(e: BaseException) -> list[Path]:
    """The files a stopped batch completed (none for other errors)."""
    return list(e.files) if isinstance(e, Incomplete) else []
