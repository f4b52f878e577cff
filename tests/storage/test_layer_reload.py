"""Which map layers a change reloads (gis.layers.reload_plan), and reloading only the changed rows
(gis.layers.patch_layer) gives the same layer as reading it whole."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from gis import gasmap, hazards, layers  # noqa: F401  (gasmap registers the gas range layers)
from gis.changes import Change
from gis.model import Hazard, Site
from tests import smallworld


def test_reload_plan_reloads_rows_only_when_the_change_names_them():
    assert layers.reload_plan(Change.of("hazards", hazards=[3])) == ([], {"hazards": frozenset({3})})
    assert layers.reload_plan(Change.of("hazards")) == (["hazards"], {})
    # a site moved: its hazards may move with it, and we do not know which
    whole, rows = layers.reload_plan(Change.of("sites", sites=[1]))
    assert rows == {"sites": frozenset({1})}
    assert set(whole) == {"hazards", "patrol_routes", "patrol_stop_checks", "gas_hca", "gas_location_class"}
    # the gas range layers (registered by gis.gasmap, which the window imports) are read whole: derived
    whole, rows = layers.reload_plan(Change.of("lines", lines=[7]))
    assert whole == ["gas_protection", "gas_control", "gas_location_class", "gas_hca"]
    assert set(rows) == {"pipelines", "roads", "fire_lines"}
    # a site renamed, not moved: the layers that read sites only for where they are stay; the gas areas (a site's
    # category decides a high-consequence area) do not
    whole, rows = layers.reload_plan(Change.of("sites", sites=[1], attributes_only=["sites"]))
    assert rows == {"sites": frozenset({1})} and set(whole) == {"gas_hca", "gas_location_class"}
    # joined with a move of another site, it is a move again
    moved = Change.of("sites", sites=[1], attributes_only=["sites"]) | Change.of("sites", sites=[2])
    assert moved.attributes_only == frozenset() and "hazards" in layers.reload_plan(moved)[0]
    both = Change.of("sites", sites=[1], attributes_only=["sites"]) | Change.of("hazards", hazards=[5])
    assert both.attributes_only == {"sites"} and layers.reload_plan(both)[1]["hazards"] == {5}
    assert layers.reload_plan(Change.of("roster")) == ([], {})
    whole, rows = layers.reload_plan(Change.everything())
    assert set(whole) == set(layers.LAYER_KINDS) and rows == {}


def test_patching_the_changed_rows_equals_a_full_reload(tmp_path):
    from gis import store

    with store.create_project(tmp_path / "w.gridsafe") as project:
        with project.transaction() as s:
            smallworld.build(s)
        before = layers.load_layer(project, "hazards")
        with project.transaction() as s:
            first, second = s.scalars(select(Hazard).where(Hazard.status != "closed").order_by(Hazard.id)).all()[:2]
            first.description = "改了描述"
            second.status = "closed"                         # drops off the layer
            site = s.scalar(select(Site).order_by(Site.id))
            new = hazards.register(s, actor="刘芳", description="新隐患", source="grid_patrol", site_id=site.id,
                                   found_on=smallworld.TODAY)
            s.flush()
            ids = {first.id, second.id, new.id}
        fresh = layers.load_layer(project, "hazards", ids)
        patched, keep, _order = layers.patch_layer(before, fresh, ids)
        whole = layers.load_layer(project, "hazards")
    assert second.id not in patched.ids.tolist()
    np.testing.assert_array_equal(patched.ids, whole.ids)
    assert all(a.equals(b) for a, b in zip(patched.geoms, whole.geoms, strict=True))
    for column in whole.attrs.columns:
        got = pd.Series(patched.attrs[column].to_numpy(dtype=object))
        want = pd.Series(whole.attrs[column].to_numpy(dtype=object))
        assert got.equals(want), column
    assert keep.sum() == len(before) - len(ids & set(before.ids.tolist()))
