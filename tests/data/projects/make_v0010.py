"""Run with the version at migration 0010 (before 0011) on PYTHONPATH: a 0010 project with the demo township,
its gas pipelines, buildings and works, and the gas analysis recorded in the ledger (hazards with
building_id / works_id / finding), so 0011's upgrade test sees every earlier column filled.

    PYTHONPATH=. python3 tests/data/projects/make_v0010.py /tmp/v0010-demo.gridsafe
    xz -9 -k /tmp/v0010-demo.gridsafe && mv /tmp/v0010-demo.gridsafe.xz tests/data/projects/

v0011-demo.gridsafe.xz (for 0012's upgrade test) was made the same way by the version at 0011 (main at d0ab0a1):
there the demo also has its line patrol history. v0012-demo.gridsafe.xz (for 0013's upgrade test) likewise at 0012
(main at 3062c9b): self-check reports and campaigns too.
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
