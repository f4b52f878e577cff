"""`gridsafe --self-test` from the source tree: the whole check passes on the demo, and a missing shipped
file fails it with the reason in Chinese (the frozen bundle runs the same code: test_bundle.py)."""
from __future__ import annotations

import subprocess

from desktop import selftest
from desktop.cli import main


def test_self_test_passes_and_leaves_checked_files(tmp_path, capsys, qapp):
    out = tmp_path / "out"
    assert main(["--self-test", str(out)]) == 0
    said = capsys.readouterr().out
    assert "自检通过" in said and "[失败]" not in said
    cold = [line for line in said.splitlines() if line.startswith(selftest.COLD_PREFIX)]
    assert cold and float(cold[-1].removeprefix(selftest.COLD_PREFIX)) > 0
    for name in ("map.png", "window_map.png", "隐患台账.xlsx"):
        assert (out / name).stat().st_size > 10_000, name
    pdfs = list(out.glob("*.pdf"))
    assert pdfs, "no PDF written"
    text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "街道" in text or "巡查" in text
    assert len(list(out.glob("*.html"))) == 1


def test_missing_shipped_file_fails_with_a_chinese_reason(tmp_path, capsys, monkeypatch, qapp):
    import gis.paths

    monkeypatch.setattr(gis.paths, "RESOURCES", tmp_path / "nowhere")
    assert main(["--self-test"]) == 1
    said = capsys.readouterr().out
    assert "[失败] 自检未通过：缺少程序文件" in said and "vocab.yaml" in said


def test_pdf_check_reads_the_text_of_a_page(tmp_path, qapp):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainter, QPdfWriter

    from desktop.render.labels import label_font

    path = tmp_path / "t.pdf"
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.setFont(label_font(12))
    painter.drawText(QRectF(0, 0, 4000, 400), Qt.AlignmentFlag.AlignLeft, "荆山街道生产网格（自检）")
    painter.end()
    assert "文字可复制" in selftest.check_pdf(path, "荆山街道生产网格（自检）")
    pages, chars, draws = selftest.pdf_text_chars(path)
    assert pages == 1 and draws and "网" in chars
    try:
        selftest.check_pdf(path, "路线单")
    except selftest.Failed as e:
        assert "路线单"[0] in e.args[0]
    else:
        raise AssertionError("a PDF without the text passed the check")


def test_process_age_is_read_from_the_os():
    age = selftest.process_age()
    assert age is not None and 0 < age < 24 * 3600


def test_self_test_is_a_command_and_the_old_option_is_its_alias():
    from desktop.cli import _as_open, parser
    from desktop.commands.selftest import as_command, cmd_selftest

    p = parser()
    for argv, folder in ((["self-test", "出图"], "出图"), (["--self-test", "出图"], "出图"),
                         (["--self-test=出图"], "出图"), (["--self-test"], None), (["self-test"], None)):
        args = p.parse_args(_as_open(as_command(argv), p))
        assert args.func is cmd_selftest and args.folder == folder, argv
