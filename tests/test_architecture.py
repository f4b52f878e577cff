"""Architecture guardrails, enforced in CI by the ordinary test run.

- The import contracts in pyproject.toml ([tool.importlinter]): gis never imports Qt or desktop; views and
  features never import SQLAlchemy, the ORM model or the main window; gis's domains are layered
  fire → patrols → hazards → shared core; no import cycles inside gis. `lint-imports` checks them.
- Every gis module imports with PySide6 unavailable (as on a machine without Qt).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from gis.paths import ROOT


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_import_contracts_hold():
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                               "sys.exit(lint_imports_command())", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, env=_env(), timeout=300)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "BROKEN" not in report and re.search(r"Contracts: \d+ kept, 0 broken\.", report), report


BLOCK_QT = """
import importlib, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"PySide6 is not installed here ({name})")
        return None

sys.meta_path.insert(0, NoQt())
import gis
failed = []
for info in pkgutil.walk_packages(gis.__path__, "gis."):
    if ".migrations" in info.name:     # Alembic's env and revision scripts run only inside Alembic
        continue
    try:
        importlib.import_module(info.name)
    except Exception as e:
        failed.append(f"{info.name}: {type(e).__name__}: {e}")
print("\\n".join(failed) or "ok", len(sys.modules))
assert not [m for m in sys.modules if m.startswith("PySide6")]
sys.exit(1 if failed else 0)
"""


def test_every_gis_module_imports_without_qt():
    run = subprocess.run([sys.executable, "-c", BLOCK_QT], cwd=ROOT, capture_output=True, text=True, env=_env(),
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok"), run.stdout
