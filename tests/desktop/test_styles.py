"""Style rules: categories by field with vocabulary labels and colours, graduated classes, filters."""
from __future__ import annotations

import numpy as np
import pandas as pd

from desktop.render.styles import Filter, load_book, parse_style
from gis import vocab


def layer_spec(layer_id):
    return next(spec for spec in load_book().layers if spec.id == layer_id)


def test_every_layer_of_the_style_file_has_a_group_of_the_issue():
    book = load_book()
    assert book.groups == ("隐患", "巡查路线", "企业与场所", "燃气管线", "森林防火", "行政区划与网格", "底图")
    assert {spec.group for spec in book.layers} <= set(book.groups)


def test_risk_level_colours_come_from_the_vocabulary():
    style = layer_spec("sites").styles[1]
    legend = dict(style.legend())
    for key in vocab.keys("risk_levels"):
        entry = vocab.entry("risk_levels", key)
        assert legend[entry["zh"]].fill == entry["color"]
    assert "未评定" in legend


def test_categorized_classes_follow_the_field_and_unknown_values_fall_to_other():
    style = layer_spec("sites").styles[1]   # by risk level, with an "other" class
    attrs = pd.DataFrame({"risk_level": ["major", None, "low", "bogus"]})
    cls = style.classify(attrs)
    labels = [style.legend()[c][0] for c in cls]
    assert labels == ["重大风险", "未评定", "低风险", "未评定"]


def test_categorized_classes_of_a_category_column_with_missing_values():
    """Layers load columns with few distinct values as pandas categoricals (gis.layers); a missing value there
    falls to the "other" class (or is not drawn) like in a plain column."""
    with_other = layer_spec("sites").styles[1]
    attrs = pd.DataFrame({"risk_level": pd.Series(["major", None, "low"], dtype="category")})
    assert [with_other.legend()[c][0] for c in with_other.classify(attrs)] == ["重大风险", "未评定", "低风险"]
    without = layer_spec("hazards").styles[0]
    cls = without.classify(pd.DataFrame({"status": pd.Series(["registered", None], dtype="category")}))
    assert cls[0] >= 0 and cls[1] == -1


def test_without_other_class_unknown_values_are_not_drawn():
    style = layer_spec("hazards").styles[0]
    cls = style.classify(pd.DataFrame({"status": ["registered", "closed", "rectifying"]}))
    assert cls[1] == -1 and cls[0] >= 0 and cls[2] >= 0 and cls[0] != cls[2]


def test_filter_hides_excluded_categories():
    spec = layer_spec("sites")
    attrs = pd.DataFrame({"category": ["school", "checkpoint"], "sector": ["fire", "forest_fire"]})
    cls = spec.styles[0].classify(attrs, spec.filter)
    assert cls[0] >= 0 and cls[1] == -1
    fire = layer_spec("fire_sites")
    assert list(fire.styles[0].classify(attrs, fire.filter) >= 0) == [False, True]


def test_graduated_choropleth_of_open_hazards():
    style = layer_spec("grid_hazards").styles[0]
    cls = style.classify(pd.DataFrame({"open_hazards": [0, 1, 2, 3, 10, 11, 500]}))
    assert cls[0] == -1                    # no hazards: no fill at all
    assert cls[1] == cls[2] != cls[3]
    assert cls[4] != cls[5] == cls[6]
    assert [label for label, _ in style.legend()] == ["1–2 条", "3–5 条", "6–10 条", "10 条以上"]


def test_pipelines_are_styled_by_pressure_class_as_lines():
    style = layer_spec("pipelines").styles[0]
    symbols = dict(style.legend())
    assert set(symbols) >= {"低压", "中压A", "次高压A"}
    assert all(s.fill is None and s.stroke for s in symbols.values())
    assert symbols["次高压A"].width > symbols["低压"].width


def test_parse_style_from_data():
    style = parse_style({"name": "按状态", "field": "status", "vocab": "hazard_statuses",
                         "symbol": {"shape": "square", "size": 5}, "colors": {"registered": "#ff0000"}})
    assert style.legend()[0][0] == "登记"
    assert style.legend()[0][1].fill == "#ff0000" and style.legend()[0][1].shape == "square"
    assert list(style.classify(pd.DataFrame({"status": ["registered", "assigned"]}))) == [0, -1]


def test_filter_include_and_exclude():
    attrs = pd.DataFrame({"kind": ["a", "b", "c"]})
    np.testing.assert_array_equal(Filter("kind", ("a", "c"), True).mask(attrs), [True, False, True])
    np.testing.assert_array_equal(Filter("kind", ("a", "c"), False).mask(attrs), [False, True, False])


def test_filter_on_a_column_the_data_lacks():
    attrs = pd.DataFrame({"name": ["a", "b"]})
    assert not Filter("kind", ("x",), True).mask(attrs).any()
    assert Filter("kind", ("x",), False).mask(attrs).all()
