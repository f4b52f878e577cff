"""The window, its docks and its dialogs fit a 1366×768 office laptop (issue 19): tests/desktop/fit_screens.py run in
a Qt whose offscreen screen is that laptop's, less a 40 px taskbar (the offscreen platform has none to report)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_at(width: int, height: int, tmp_path) -> subprocess.CompletedProcess:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", GRIDSAFE_FIT_SCREEN=f"{width}x{height}",
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pytest", "tests/desktop/fit_screens.py", "-q", "-x",
                           "-p", "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_everything_fits_a_1366x768_laptop(tmp_path):
    done = run_at(1366, 768 - 40, tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
