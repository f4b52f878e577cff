"""The demo project, built once per test session for the tests that need a whole township."""
from __future__ import annotations

import pytest

from desktop.cli import main


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.gridsafe"
    assert main(["init", str(path), "--demo"]) == 0
    return path
