"""Run with the version at migration 0011 (before 0012; main at d0ab0a1) on PYTHONPATH: a 0011 project with the
demo township, its line patrol history (kind 'line' assignments with results) and the gas analysis recorded in
the ledger, so 0012's upgrade test sees every earlier table and column filled.

    PYTHONPATH=. python3 tests/data/projects/make_v0011.py /tmp/v0011-demo.gridsafe
    xz -9 -k /tmp/v0011-demo.gridsafe && mv /tmp/v0011-demo.gridsafe.xz tests/data/projects/
"""
import subprocess
import sys
from pathlib import Path

out = Path(sys.argv[1])


def cli(*a):
    r = subprocess.run([sys.executable, "-m", "desktop.cli", *a], capture_output=True, text=True)
    print(" ".join(a[:2]), "->", r.returncode, (r.stdout + r.stderr).strip()[-200:])
    assert r.returncode == 0


cli("init", str(out), "--demo")
cli("gas", "analyse", str(out), "--date", "2026-12-05")
