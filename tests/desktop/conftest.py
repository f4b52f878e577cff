"""Fixtures for the desktop tests: the small township as a project, its layers and a layer stack."""
from __future__ import annotations

from pathlib import Path

import pytest

from gis import layers, store
from tests import smallworld

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


@pytest.fixture
def world_project(tmp_path):
    project = store.create_project(tmp_path / "w.gridsafe")
    with project.transaction() as s:
        built = smallworld.build(s)
        names = {
            "sites": {site.name: site.id for site in built["sites"]},
            "grids": {code: g.id for code, g in built["grids"].items()},
        }
    project.names = names
    yield project
    project.close()


@pytest.fixture
def world_layers(world_project):
    return layers.load_all(world_project)


@pytest.fixture
def stack(qapp, world_layers):
    from desktop.render import LayerStack

    return LayerStack.from_layers(world_layers)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def ui_language(qapp):
    """`ui_language(lang)` switches the interface as a restart in that language would; undone after the test
    (translators removed, the default QLocale restored: it changes font fallback in later tests' PDFs)."""
    from PySide6.QtCore import QLocale

    from desktop import i18n

    saved = QLocale()
    yield i18n.install_translators
    i18n.remove_translators()
    QLocale.setDefault(saved)


@pytest.fixture
def english(ui_language):
    """The interface in English for one test (as if chosen in 设置 and restarted)."""
    ui_language("en")


@pytest.fixture
def settings(monkeypatch):
    """The user's settings (desktop.qsettings) private to one test, as a dict."""
    from desktop import qsettings
    from tests.windows import Settings

    saved = Settings()
    monkeypatch.setattr(qsettings, "settings", lambda: saved)
    return saved
