from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


@pytest.fixture
def artifacts() -> Path:
    """Where the window tests leave screenshots to look at (tests/_artifacts, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
