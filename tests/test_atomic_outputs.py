"""Atomic outputs (issue 18): every file gridsafe writes is written under a hidden temporary name beside
its target and moved into place only when complete (and, for a PDF, with its text fixed).

- `gridsafe patrol sheets` (one PDF per grid) killed with SIGKILL at several points: between files, while a
  page is drawn, before the text fix, before the move. Every file under a final name is a whole PDF whose
  Chinese copies as written; the only other thing left is the hidden temporary of the file in progress.
- A normal run leaves no temporary file; a writer that fails part-way leaves the file written before
  untouched and nothing else.
- A batch that stops part-way keeps its complete files and says which (the CLI lists them).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from shapely.geometry import Point

from desktop.cli import main
from gis import repo, store
from gis.atomic import is_temporary
from gis.model import Grid, Person, RoleAssignment, Site
from tests.patrols import world

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2026-W48"
GRIDS = 8
RADICALS = [(0x2E80, 0x2FDF), (0xF900, 0xFAFF)]   # what an unfixed PDF copies instead of 生, 网, 山, 日…

# Runs `gridsafe ARGS…` and stops for good at the AT-th call of HOLD (module:attribute, may be dotted),
# before it runs (WHEN=before) or after it returned (WHEN=after), saying HELD: the test then kills it.
CHILD = r"""
import functools, importlib, os, sys, time

module_name, attr = os.environ["HOLD"].split(":")
owner = importlib.import_module(module_name)
*path, name = attr.split(".")
for part in path:
    owner = getattr(owner, part)
real = getattr(owner, name)
at, when, calls = int(os.environ["AT"]), os.environ["WHEN"], []

def hold():
    print("HELD", flush=True)
    time.sleep(120)

@functools.wraps(real)
def held(*args, **kw):
    calls.append(1)
    if len(calls) == at and when == "before":
        hold()
    result = real(*args, **kw)
    if len(calls) == at:
        hold()
    return result

setattr(owner, name, held)
from desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def build_project(path: Path) -> Path:
    """The patrol test world with a grid member and two sites in every grid: eight grids, eight PDFs."""
    with store.create_project(path, name="测试街道") as p, p.transaction() as s:
        world.build(s, extra_sites=2)
        for i, g in enumerate(s.query(Grid).order_by(Grid.code)):
            if g.code == world.GRID:
                continue
            c = g.geom.centroid
            person = Person(name=f"网格员{i}", phone=f"1380000{i:04d}")
            s.add(person)
            s.flush()
            s.add(RoleAssignment(person_id=person.id, role="grid_member", grid_id=g.id))
            s.add_all([Site(name=f"便利店{i}-{k}", category="small_premises", sector="fire", status="normal",
                            geom=Point(c.x + 0.005 * k, c.y)) for k in range(2)])
        repo.assign_site_grids(s)
    assert main(["patrol", "plan", str(path), "--period", PERIOD]) == 0
    return path


@pytest.fixture(autouse=True)
def _widgets_app(qapp):
    """The printing below runs in this process: a QApplication first (printing alone would make a
    QGuiApplication, and a window test after it in the same run would abort)."""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return build_project(tmp_path_factory.mktemp("atomic") / "w.gridsafe")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def unfixed(text: str) -> set[str]:
    return {c for c in text if any(lo <= ord(c) <= hi for lo, hi in RADICALS)}


def assert_whole_sheet(path: Path) -> None:
    """A complete route sheet: pypdf reads every page, and its Chinese copies as the same characters."""
    reader = PdfReader(path)
    assert len(reader.pages) >= 1 and reader.metadata.title
    text = pdf_text(path)
    grid_name = path.stem.split("_")[-1]                 # 张庄村第1网格
    assert "安全生产网格化巡查路线单" in text and grid_name in text, (path.name, text[:200])
    assert not unfixed(text), (path.name, unfixed(text))


def finals(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not is_temporary(p))


def killed(project: Path, out: Path, hold: str, at: int, when: str) -> None:
    env = {**os.environ, "HOLD": hold, "AT": str(at), "WHEN": when, "PYTHONPATH": str(ROOT),
           "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, "patrol", "sheets", str(project), "--period", PERIOD,
                              "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.strip() == "HELD", line + child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize(("hold", "at", "when", "complete", "in_progress"), [
    # between files: three written, the fourth not begun
    ("gis.atomic:temp_beside", 4, "before", 3, False),
    # while a page of the fourth file is being drawn
    ("desktop.printing.route_sheet:RouteSheetPrinter._paint_page", 4, "after", 3, True),
    # the second file drawn in full, its text not fixed yet: a complete-looking PDF that copies wrong
    ("desktop.printing.pdf_document:fix_pdf_text", 2, "before", 1, True),
    # the third file fixed, not yet moved into place
    ("gis.atomic:_sync", 3, "before", 2, True),
], ids=["between-files", "mid-page", "before-text-fix", "before-move"])
def test_a_killed_batch_leaves_only_whole_files_under_their_names(project, tmp_path, hold, at, when, complete,
                                                                  in_progress):
    out = tmp_path / "路线单"
    killed(project, out, hold, at, when)
    files = finals(out)
    assert len(files) == complete, [p.name for p in out.iterdir()]
    for f in files:
        assert_whole_sheet(f)
    temps = [p for p in out.iterdir() if is_temporary(p)]
    assert len(temps) == (1 if in_progress else 0), [p.name for p in temps]
    assert all(p.name.startswith(".") and p.name.endswith(".part.pdf") for p in temps)
    if hold.endswith("fix_pdf_text"):   # what the fix would have been needed for was never under a real name
        assert unfixed(pdf_text(temps[0]))


def test_a_normal_run_leaves_no_temporary_file(project, tmp_path, capsys):
    out = tmp_path / "路线单"
    assert main(["patrol", "sheets", str(project), "--period", PERIOD, "--out", str(out)]) == 0
    assert f"{GRIDS} 个 PDF 文件" in capsys.readouterr().out
    files = sorted(out.iterdir())
    assert len(files) == GRIDS and not any(p.name.startswith(".") for p in files)
    for f in files:
        assert_whole_sheet(f)
    # again over the same files: replaced whole, still nothing else
    assert main(["patrol", "sheets", str(project), "--period", PERIOD, "--out", str(out)]) == 0
    assert sorted(out.iterdir()) == files


def test_a_batch_that_fails_part_way_keeps_the_complete_files_and_lists_them(project, tmp_path, capsys,
                                                                              monkeypatch):
    from desktop.printing.route_sheet import RouteSheetPrinter

    real, calls = RouteSheetPrinter._paint_page, []

    def failing(self, *args, **kw):       # the third grid's sheet fails while its page is drawn
        calls.append(1)
        real(self, *args, **kw)
        if len(calls) == 3:
            raise OSError(28, "磁盘空间不足")

    monkeypatch.setattr(RouteSheetPrinter, "_paint_page", failing)
    out = tmp_path / "路线单"
    assert main(["patrol", "sheets", str(project), "--period", PERIOD, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    files = sorted(out.iterdir())
    assert len(files) == 2 and all(not p.name.startswith(".") for p in files)
    assert "磁盘空间不足" in err and "已完成的 2/8 个文件已保留" in err and "未完成的文件没有留下" in err
    for f in files:
        assert str(f) in err
        assert_whole_sheet(f)


def test_ctrl_c_part_way_keeps_the_complete_files_and_says_so(project, tmp_path, capsys, monkeypatch):
    from desktop.printing.route_sheet import RouteSheetPrinter
    from gis.feedback import Feedback

    real, calls = RouteSheetPrinter.write, []

    def write(self, sheets, path, *, feedback=None, **kw):
        calls.append(1)
        if len(calls) == 4:               # Ctrl+C while the fourth file is printed
            feedback.cancel()
        return real(self, sheets, path, feedback=feedback or Feedback(), **kw)

    monkeypatch.setattr(RouteSheetPrinter, "write", write)
    out = tmp_path / "路线单"
    assert main(["patrol", "sheets", str(project), "--period", PERIOD, "--out", str(out)]) == 130
    err = capsys.readouterr().err
    files = sorted(out.iterdir())
    assert len(files) == 3 and "已取消。已完成的 3/8 个文件已保留" in err and "未做任何修改" not in err
    assert all(str(f) in err for f in files)


# --- a writer that fails part-way -------------------------------------------------------------------------

OLD = b"the file written before"


def _partial_then_fail(target_of):
    def fake(*args, **kw):
        target = Path(target_of(*args, **kw))
        target.write_bytes(b"PK\x03\x04 half a file")
        raise OSError(28, "磁盘空间不足", str(target))
    return fake


def _ledger(project, target):
    from desktop.services.hazards import export_ledger

    export_ledger(project, target)


def _letter(project, target):
    from gis.documents import OfficialDocument, Para, write_docx

    write_docx(OfficialDocument(title="燃气管道保护安全告知书", number=None, addressee="某施工单位",
                                paragraphs=[Para("请注意保护燃气管道。")], issuing_unit="荆山街道",
                                issued_on=date(2026, 12, 5)), target)


def _sheets(project, target):
    from desktop.services.patrols import print_sheets

    print_sheets(project, target, period=PERIOD, grid_codes=[world.GRID])


def _layers(project, target):
    from gis.io.export import export

    export(project, "all", target)


def _sites(project, target):
    from gis.io.export import export

    export(project, "sites", target)


def _fail_shp(monkeypatch):
    import pyogrio

    real = pyogrio.write_dataframe

    def write(df, path, *a, **kw):        # the shapefile's files are written, then the writer fails
        real(df, path, *a, **kw)
        raise OSError(28, "磁盘空间不足")

    monkeypatch.setattr(pyogrio, "write_dataframe", write)


def _fail_xlsx(monkeypatch):
    from openpyxl.workbook.workbook import Workbook

    monkeypatch.setattr(Workbook, "save", _partial_then_fail(lambda wb, filename: filename))


def _fail_docx(monkeypatch):
    from docx.document import Document

    monkeypatch.setattr(Document, "save", _partial_then_fail(lambda doc, path: path))


def _fail_pdf(monkeypatch):
    import desktop.printing.pdf_document as pdf

    monkeypatch.setattr(pdf, "fix_pdf_text", _partial_then_fail(lambda path: path))


def _fail_kmz(monkeypatch):
    import zipfile

    real = zipfile.ZipFile.writestr

    def writestr(self, name, data, *a, **kw):
        real(self, name, data[: len(data) // 2], *a, **kw)
        raise OSError(28, "磁盘空间不足")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)


def _fail_gpkg(monkeypatch):
    import pyogrio

    real, calls = pyogrio.write_dataframe, []

    def write(df, path, *a, **kw):        # the second layer fails: the first one is in the file already
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "磁盘空间不足")
        return real(df, path, *a, **kw)

    monkeypatch.setattr(pyogrio, "write_dataframe", write)


def _check_xlsx(path):
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames


def _check_docx(path):
    import docx

    assert "请注意保护燃气管道" in "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _check_pdf(path):
    assert len(PdfReader(path).pages) >= 1 and not unfixed(pdf_text(path))


def _check_kmz(path):
    import zipfile

    with zipfile.ZipFile(path) as z:
        assert b"<kml" in z.read("doc.kml")


def _check_shp(path):
    import pyogrio

    assert pyogrio.read_info(path)["features"] > 0


def _check_gpkg(path):
    import pyogrio

    assert len(pyogrio.list_layers(path)) > 2


@pytest.mark.parametrize(("name", "write", "fail", "check"), [
    ("台账.xlsx", _ledger, _fail_xlsx, _check_xlsx),
    ("告知书.docx", _letter, _fail_docx, _check_docx),
    ("路线单.pdf", _sheets, _fail_pdf, _check_pdf),
    ("图层.kmz", _layers, _fail_kmz, _check_kmz),
    ("图层.gpkg", _layers, _fail_gpkg, _check_gpkg),
    ("场所.shp", _sites, _fail_shp, _check_shp),
], ids=["xlsx", "docx", "pdf", "kmz", "gpkg", "shp"])
def test_a_writer_failing_part_way_leaves_the_old_file_and_nothing_else(project, tmp_path, monkeypatch, name,
                                                                        write, fail, check):
    out = tmp_path / "输出"
    out.mkdir()
    target = out / name
    with store.open_project(project, readonly=True) as p:
        write(p, target)                       # written whole, nothing else beside it
        check(target)
        written = sorted(out.iterdir())
        assert target in written and not any(f.name.startswith(".") for f in written)
        assert len(written) == (5 if target.suffix == ".shp" else 1)      # .shp .shx .dbf .prj .cpg
        before = {f: OLD + f.suffix.encode() for f in written}
        for f, data in before.items():
            f.write_bytes(data)
        with monkeypatch.context() as m:
            fail(m)
            with pytest.raises(Exception, match="磁盘空间不足"):
                write(p, target)
    assert {f: f.read_bytes() for f in sorted(out.iterdir())} == before


# --- gis.atomic itself ------------------------------------------------------------------------------------

def test_a_writer_inside_an_atomic_block_writes_the_outer_temporary_and_the_outer_block_moves_it(tmp_path):
    from gis.atomic import atomic_path

    target = tmp_path / "表.xlsx"
    with atomic_path(target) as tmp:
        assert is_temporary(tmp) and tmp.suffix == ".xlsx" and tmp.parent == tmp_path
        with atomic_path(tmp) as inner:      # e.g. pdf_document inside file_and_record
            assert inner == tmp
            inner.write_bytes(b"whole")
        assert not target.exists()
    assert target.read_bytes() == b"whole" and sorted(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(("error", "kind", "says"), [
    (ValueError("坏了"), "Incomplete", "发生意外问题（ValueError：坏了）"),
    (OSError(28, "磁盘空间不足", "c.pdf"), "Incomplete", "无法写入文件 c.pdf：磁盘空间不足"),
    (KeyboardInterrupt(), "IncompleteCancelled", "已取消"),
])
def test_a_batch_stopped_after_some_files_names_them_and_leaves_nothing_else(tmp_path, error, kind, says):
    from gis import atomic

    batch = atomic.Batch(3)
    with pytest.raises(getattr(atomic, kind)) as stopped, batch:
        for name in ("a.pdf", "b.pdf", "c.pdf"):
            with batch.file(tmp_path / name) as tmp:
                tmp.write_bytes(b"%PDF")
                if name == "c.pdf":
                    raise error
    assert stopped.value.files == [tmp_path / "a.pdf", tmp_path / "b.pdf"] == sorted(tmp_path.iterdir())
    assert stopped.value.message.startswith(says) and "已完成的 2/3 个文件" in stopped.value.message
    assert stopped.value.__cause__ is error
    assert atomic.complete_files(stopped.value) == stopped.value.files


def test_a_batch_stopped_at_its_first_file_raises_the_error_as_it_was(tmp_path):
    from gis.atomic import Batch
    from gis.feedback import Cancelled

    batch = Batch(2)
    with pytest.raises(Cancelled) as stopped, batch, batch.file(tmp_path / "a.pdf") as tmp:
        tmp.write_bytes(b"%PDF")
        raise Cancelled()
    assert stopped.value.message == "已取消，未做任何修改" and list(tmp_path.iterdir()) == []


def test_leftovers_of_a_killed_writer_are_swept_when_they_are_stale(tmp_path):
    """What a killed writer left (a hidden .part file or folder) goes at the next write into the folder once it is
    older than STALE_AFTER_S; a fresh one (a writer at work, maybe on another workstation) and other hidden files
    stay."""
    import os
    import time

    from gis import atomic

    old = time.time() - atomic.STALE_AFTER_S - 60
    stale_file = tmp_path / ".台账.1a2b3c4d.part.xlsx"
    stale_dir = tmp_path / ".gridsafe-0a1b2c3d.part"
    fresh_file = tmp_path / ".路线单.9f8e7d6c.part.pdf"
    other = tmp_path / ".用户的隐藏文件.txt"
    for p in (stale_file, fresh_file, other):
        p.write_bytes(b"x")
    stale_dir.mkdir()
    (stale_dir / "场所.shp").write_bytes(b"x")
    for p in (stale_file, stale_dir, other):
        os.utime(p, (old, old))
    with atomic.atomic_path(tmp_path / "台账.xlsx") as tmp:
        tmp.write_bytes(b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh_file.name, other.name, "台账.xlsx"])
