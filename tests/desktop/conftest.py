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
def english(qapp):
    """The interface in English for one test (as if chosen in 设置 and restarted); Chinese again after."""
    from desktop.i18n import install_translators

    install_translators("en")
    yield
    install_translators("zh_CN")
