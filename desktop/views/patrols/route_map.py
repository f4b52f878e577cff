"""One patrol task on the map (issue 19): showing a task's route draws that route and its numbered stops as two
temporary display layers at the top of the 巡查路线 group (the way desktop/views/stats/choropleth.py adds its layer),
and leaves the 巡查任务路线 layer (every past route) as it was. A task with one stop has no route line: its stop
still shows. Turning either layer off in the layer panel takes both away, so the map shows what it showed before.

The layers reuse the map's own projected sources (the patrol routes, the sites) with a filter of their own, so a
click on them identifies the route or the site as anywhere else. Nothing is read from the project here: the caller
gives the stops' site ids (gis.patrols.queries.assignment_stops)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QTimer

from desktop.render.geometry import ProjectedLayer
from desktop.render.layerstack import LayerStack, MapLayer
from desktop.render.styles import Category, Filter, LabelRule, LayerSpec, Style, Symbol

ROUTE, STOPS = "chosen_route", "chosen_route_stops"
GROUP = "巡查路线"
ROUTE_SYMBOL = Symbol(stroke="#d94801", width=4.0)
STOP_SYMBOL = Symbol(fill="#d94801", stroke="#ffffff", width=1.5, size=16, shape="circle")
CHOSEN, SEQ = "_chosen", "_stop_seq"      # the filter column and the stops' number (label)


def tr(text: str) -> str:
    return QCoreApplication.translate("RouteMap", text)


def _layer(name: str, title: str, source: ProjectedLayer, chosen: np.ndarray, symbol: Symbol,
           labels: LabelRule | None = None, seq: np.ndarray | None = None) -> MapLayer:
    own = ProjectedLayer(source.layer, projected=source.geoms)    # projected geometry reused, attributes own
    own.attrs[CHOSEN] = chosen
    if seq is not None:
        own.attrs[SEQ] = seq
    style = Style(title, "single", (Category(title, symbol),))
    return MapLayer(LayerSpec(name, title, GROUP, source.name, (style,), Filter(CHOSEN, (True,), True), labels, True),
                    own)


def make_layers(stack: LayerStack, aid: int, site_ids: list[int]) -> list[MapLayer]:
    """The route of assignment `aid` (if the route layer has one: two stops at least) and its stops at the sites
    `site_ids` (in visiting order), numbered from 1."""
    out = []
    routes = stack.sources.get("patrol_routes")
    if routes is not None and len(routes) and (routes.layer.ids == aid).any():
        out.append(_layer(ROUTE, tr("任务 {id} 的路线").format(id=aid), routes, routes.layer.ids == aid,
                          ROUTE_SYMBOL))
    sites = stack.sources.get("sites")
    if sites is not None and len(sites) and site_ids:
        seq = np.zeros(len(sites), dtype=np.int64)
        where = {int(s): i for i, s in enumerate(sites.layer.ids)}
        for n, sid in enumerate(site_ids, start=1):
            if sid in where and not seq[where[sid]]:
                seq[where[sid]] = n
        if seq.any():
            out.append(_layer(STOPS, tr("任务 {id} 的站点").format(id=aid), sites, seq > 0, STOP_SYMBOL,
                              LabelRule(SEQ, max_scale=200_000, color="#7f2704", size=10), seq))
    return out


def present(stack: LayerStack | None) -> list[MapLayer]:
    """The task layers now on the map."""
    return [layer for layer in (stack.layers if stack is not None else ()) if getattr(layer, "id", None) in (ROUTE, STOPS)]


def bounds(layers: list[MapLayer]) -> tuple[float, float, float, float] | None:
    boxes = [b for b in (layer.bounds() for layer in layers) if b is not None]
    if not boxes:
        return None
    a = np.array(boxes)
    return float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 2].max()), float(a[:, 3].max())


class RouteHighlight:
    """The task shown on one map: `show` puts (or replaces) its layers, `remove` takes them away; turning one of them
    off in the layer panel removes both (after the panel's own handling of the click)."""

    def __init__(self, rebuild=None) -> None:
        """`rebuild(aid)`: show task `aid` again (its layers were built on data the map has since reloaded)."""
        self.stack: LayerStack | None = None
        self.aid: int | None = None
        self.rebuild = rebuild

    def show(self, stack: LayerStack, aid: int, layers: list[MapLayer]) -> None:
        self.remove()
        if not layers:
            return
        self.stack, self.aid = stack, aid
        first = next((i for i, layer in enumerate(stack.layers) if getattr(layer, "group", None) == GROUP), 0)
        for layer in reversed(layers):
            stack.insert(layer, first)
        stack.subscribe(self._changed)

    def remove(self) -> bool:
        stack, self.stack, self.aid = self.stack, None, None
        if stack is None:
            return False
        stack.unsubscribe(self._changed)
        gone = present(stack)
        for layer in gone:
            stack.remove(layer.id)
        return bool(gone)

    def _changed(self, what: str, layer) -> None:
        if what == "visibility" and getattr(layer, "id", None) in (ROUTE, STOPS) and not layer.visible:
            QTimer.singleShot(0, self.remove)     # not while the layer panel is still handling its check box
        elif what == "data":
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        stack, aid = self.stack, self.aid
        if stack is None:
            return
        stale = [layer for layer in present(stack)
                 if stack.sources.get(layer.spec.source) is None
                 or stack.sources[layer.spec.source].layer is not layer.source.layer]
        routes = stack.sources.get("patrol_routes")
        late = (not any(layer.id == ROUTE for layer in present(stack)) and routes is not None
                and bool((routes.layer.ids == aid).any()))       # the routes were read after the task was shown
        if stale or late:
            self.remove()
            if self.rebuild is not None:
                self.rebuild(aid)
