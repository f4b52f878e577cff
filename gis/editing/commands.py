"""Edit commands: each `do(project)` / `undo(project)` is one transaction and returns the gis.changes.Change.

A command keeps what it needs to put the project back exactly: the geometry bytes as stored, the codes and names
of a renumbered village, the sites' grid_id as they were, the rows it deleted and the references it moved. An undo
first checks that what the command wrote is still there (another workstation may have edited since) and refuses,
in Chinese and writing nothing, when it is not. The derived data follows inside the same transaction:
reconcile.catch_up_in gives moved sites and reshaped grids' sites their grid again.
"""
from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select, text

from gis import reconcile
from gis.changes import Change
from gis.editing import numbering, rows
from gis.errors import ValidationError
from gis.geo.crs import to_projected
from gis.grids import AREA_TOLERANCE_M2
from gis.model import AdminUnit, Grid
from gis.model.base import now

# a line end this close (degrees, ~1 m) to the grid's boundary counts as on it: it is extended across
END_TOLERANCE_DEG = 1e-5
# a cut end this close (degrees, ~1 mm) to a neighbour's edge lies on it: the neighbour gets the vertex too
SHARED_DEG = 1e-8
KIND_OF_TABLE = {"grid": "grids", "site": "sites", "line_asset": "lines", "zone": "zones", "building": "buildings",
                 "third_party_works": "works", "admin_unit": "admin"}
TABLE_ZH = {"grid": "网格", "site": "场所", "line_asset": "线状设施", "zone": "区域", "building": "建筑物",
            "third_party_works": "第三方施工"}
TABLE_EN = {"grid": "Grid", "site": "Site", "line_asset": "Line", "zone": "Zone", "building": "Building",
            "third_party_works": "Third-party works"}


def _en(label: str) -> str:
    """A label of the window (“某网格”) in an English sentence: a space before it, straight quotes."""
    return " " + label.replace("“", '"').replace("”", '"') if label else ""


class Command:
    """One undoable edit. Subclasses implement `apply(session)` and `revert(session)`, each returning a Change."""

    text = ""

    def do(self, project) -> Change:
        return project.write(self.apply)

    def undo(self, project) -> Change:
        return project.write(self.revert)

    def apply(self, s) -> Change:
        raise NotImplementedError

    def revert(self, s) -> Change:
        raise NotImplementedError


class Compound(Command):
    """Several commands as one edit: one transaction, undone together (a vertex moved in grids and in the villages
    and townships whose boundary it lies on)."""

    def __init__(self, commands, text: str) -> None:
        self.commands = list(commands)
        self.text = text

    def apply(self, s) -> Change:
        change = Change.of()
        for c in self.commands:
            change = change | c.apply(s)
        return change

    def revert(self, s) -> Change:
        change = Change.of()
        for c in reversed(self.commands):
            change = change | c.revert(s)
        return change


class SetAttributes(Command):
    """Attribute values of one feature, as the attribute table writes them (gis.attributes.update, with its checks).
    Undo writes the old values back — refused, writing nothing, when someone changed them since."""

    def __init__(self, layer: str, feature_id: int, values: dict, text: str = "") -> None:
        self.layer, self.feature_id, self.values = layer, int(feature_id), dict(values)
        self.old: dict | None = None
        self.written: dict | None = None
        self.text = text or f"修改属性（ID {self.feature_id}）"

    def do(self, project) -> Change:
        from gis import attributes

        self.old, change = attributes.update(project, self.layer, self.feature_id, self.values)
        self.written = attributes.current(project, self.layer, self.feature_id, list(self.old))
        return change

    def undo(self, project) -> Change:
        from gis import attributes

        now = attributes.current(project, self.layer, self.feature_id, list(self.old))
        if now != self.written:
            raise ValidationError(f"{self.text}：此后已被其他人修改，不能撤销",
                                  en=f"Feature {self.feature_id} of layer {self.layer} has been changed by someone "
                                     "else since this edit; it cannot be undone")
        _, change = attributes.update(project, self.layer, self.feature_id, self.old)
        return change


def _changed_since(conn, table: str, expected: dict[int, bytes | None], what: str, what_en: str) -> None:
    """Refuse an undo when the geometries this command wrote are no longer as it left them."""
    if rows.geometry_bytes(conn, table, expected) != {k: v for k, v in expected.items()}:
        raise ValidationError(f"{what}在本次编辑之后又被修改过（其他用户或程序），无法撤销，项目未作改动",
                              en=f"{what_en} was changed again after this edit (by another user or program); it "
                                 "cannot be undone and the project was not changed")


def _boxes(*geoms) -> list[tuple]:
    return [g.bounds for g in geoms if g is not None and not g.is_empty]


def _settle(s, site_grids_before: dict[int, int | None]) -> dict[int, int | None]:
    """Recompute what the geometry edits of this transaction affect (sites' grids); the sites whose grid changed,
    with their new grid."""
    reconcile.catch_up_in(s)
    after = rows.site_grids_of(s.connection(), site_grids_before)
    return {sid: g for sid, g in after.items() if g != site_grids_before.get(sid)}


def _change(grids=(), sites=(), lines=(), **more) -> Change:
    ids = {k: v for k, v in (("grids", grids), ("sites", sites), ("lines", lines), *more.items()) if v}
    return Change.of(*ids, **ids) if ids else Change.of()


# --- sites and single geometries -----------------------------------------------------------------------------

class SetGeometry(Command):
    """New geometries for rows of one feature table (a vertex moved, a shape redrawn; several rows at once when a
    shared vertex moves in two grids). Sites near a changed grid or site get their grid again."""

    def __init__(self, table: str, geoms: dict[int, BaseGeometry], text: str = "", *,
                 topological: bool = False) -> None:
        if table not in KIND_OF_TABLE:
            raise ValueError(table)
        self.table = table
        self.geoms = {int(k): v for k, v in geoms.items()}
        # topological editing of admin boundaries: the district (not a map layer) follows a shared vertex
        self.topological = topological and table == "admin_unit"
        self.text = text or f"修改{TABLE_ZH.get(table, table)}形状"
        self.before: dict[int, bytes | None] = {}
        self.after: dict[int, bytes | None] = {}
        self.site_grids: dict[int, int | None] = {}
        self.moved_sites: dict[int, int | None] = {}

    def apply(self, s) -> Change:
        conn = s.connection()
        before = rows.geometry_bytes(conn, self.table, self.geoms)
        missing = set(self.geoms) - set(before)
        if missing:
            raise ValidationError(f"{TABLE_ZH.get(self.table, self.table)}（编号 {sorted(missing)}）不存在，未作改动",
                                  en=f"{TABLE_EN.get(self.table, self.table)} (number {sorted(missing)}) does not "
                                     "exist; nothing was changed")
        for i, g in self.geoms.items():
            if g is None or g.is_empty or not g.is_valid:
                raise ValidationError(f"{TABLE_ZH.get(self.table, self.table)}（编号 {i}）的新形状为空或无效，未作改动",
                                      en=f"The new shape of {TABLE_EN.get(self.table, self.table).lower()} {i} is "
                                         "empty or invalid; nothing was changed")
        old = [shapely.from_wkb(_wkb(conn, b)) for b in before.values() if b is not None]
        if self.topological:
            self.topological = False            # a redo writes the districts' geometries worked out the first time
            self.geoms.update(_districts_following(conn, before, self.geoms))
            before = rows.geometry_bytes(conn, self.table, self.geoms)
        grid_ids = list(self.geoms) if self.table == "grid" else []
        site_grids = rows.site_grids_near(conn, _boxes(*old, *self.geoms.values()), grid_ids) \
            if self.table in ("grid", "site") else {}
        for i, g in self.geoms.items():
            rows.write_geometry(conn, self.table, i, g)
        moved = _settle(s, site_grids)
        self.before, self.site_grids, self.moved_sites = before, site_grids, moved
        self.after = rows.geometry_bytes(conn, self.table, self.geoms)
        return self._change(moved)

    def revert(self, s) -> Change:
        conn = s.connection()
        _changed_since(conn, self.table, self.after, TABLE_ZH.get(self.table, self.table),
                       f"The {TABLE_EN.get(self.table, self.table).lower()}")
        for i, b in self.before.items():
            rows.write_geometry(conn, self.table, i, b)
        reconcile.catch_up_in(s)
        rows.set_site_grids(conn, self.site_grids)
        return self._change(self.moved_sites)

    def _change(self, moved) -> Change:
        kind = KIND_OF_TABLE[self.table]
        ids = {kind: set(self.geoms)}
        if moved:
            ids["sites"] = ids.get("sites", set()) | set(moved)
        return Change.of(*ids, **ids)


def _districts_following(conn, before: dict[int, bytes | None], geoms: dict[int, BaseGeometry]):
    """district id → its boundary with the vertex edits of the admin units `geoms` (before: their stored bytes)
    carried over where it shares their vertices or edges."""
    from gis import spatial
    from gis.editing import vertices

    out: dict[int, BaseGeometry] = {}
    for fid, new in geoms.items():
        if before.get(fid) is None:
            continue
        old = shapely.from_wkb(_wkb(conn, before[fid]))
        box = shapely.bounds(shapely.union(shapely.envelope(old), shapely.envelope(new)))
        near = [int(i) for i in spatial.ids_in_box(conn, "admin_unit", tuple(box)) if int(i) not in geoms]
        if not near:
            continue
        districts = {int(r[0]) for r in conn.execute(
            text(f"SELECT id FROM admin_unit WHERE level = 'district' AND id IN ({','.join(map(str, near))})"))}
        for did, geom in spatial.geometries(conn, "admin_unit", sorted(districts)).items():
            after = vertices.carried(old, new, out.get(did, geom), SHARED_DEG) if geom is not None else None
            if after is not None:
                out[did] = after
    return out


def _wkb(conn, raw: bytes) -> bytes:
    from gis.model.geometry import gpkg_wkb
    return gpkg_wkb(raw) if conn.dialect.name == "sqlite" else raw


class MoveSite(SetGeometry):
    """A site moved to a new point; its grid follows."""

    def __init__(self, site_id: int, point: BaseGeometry, name: str = "") -> None:
        super().__init__("site", {site_id: point}, f"移动场所{('“' + name + '”') if name else ''}")
        self.site_id = int(site_id)


# --- adding and deleting features --------------------------------------------------------------------------

ADDABLE = ("site", "line_asset", "zone")


class AddFeature(Command):
    """A new site, line asset (a pipeline or road drawn by clicking) or zone (a polygon drawn) with its attributes."""

    def __init__(self, table: str, values: dict, geom: BaseGeometry, text: str = "") -> None:
        if table not in ADDABLE:
            raise ValueError(table)
        self.table, self.values, self.geom = table, dict(values), geom
        self.text = text or f"新增{TABLE_ZH[table]}{('“' + values['name'] + '”') if values.get('name') else ''}"
        self.id: int | None = None

    def apply(self, s) -> Change:
        if self.geom is None or self.geom.is_empty or not self.geom.is_valid:
            raise ValidationError(f"新增{TABLE_ZH[self.table]}的位置为空或无效，未作改动",
                                  en=f"The position of the new {TABLE_EN[self.table].lower()} is empty or invalid; "
                                     "nothing was changed")
        if self.table == "line_asset" and self.geom.geom_type != "LineString":
            raise ValidationError("新增管线须是一条折线（至少两个点），未作改动",
                                  en="A new line must be a polyline (at least two points); nothing was changed")
        if self.table == "zone" and self.geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValidationError("新增区域须是一个多边形（至少三个点），未作改动",
                                  en="A new zone must be a polygon (at least three points); nothing was changed")
        values = {k: v for k, v in self.values.items() if k not in ("id", "geom")}
        values["geom"] = self.geom
        if self.id is not None:          # a redo: the same id again
            values["id"] = self.id
        model = _model(self.table)
        obj = model(**values)
        s.add(obj)
        s.flush()
        self.id = int(obj.id)
        s.expunge(obj)
        _settle(s, {})
        return Change.of(KIND_OF_TABLE[self.table], **{KIND_OF_TABLE[self.table]: [self.id]})

    def revert(self, s) -> Change:
        conn = s.connection()
        refs = rows.referring_rows(conn, self.table, [self.id])
        if refs:
            raise ValidationError(f"新增的{TABLE_ZH[self.table]}已有关联记录（{_refs_zh(refs)}），无法撤销，项目未作改动",
                                  en=f"The new {TABLE_EN[self.table].lower()} already has related records "
                                     f"({_refs_en(refs)}); it cannot be undone and the project was not changed")
        conn.execute(text(f"DELETE FROM {self.table} WHERE id = :i"), {"i": self.id})
        return Change.of(KIND_OF_TABLE[self.table], **{KIND_OF_TABLE[self.table]: [self.id]})


def _model(table: str):
    from gis.model import LineAsset, Site, Zone
    return {"site": Site, "line_asset": LineAsset, "zone": Zone}[table]


REFERENCE_ZH = {"hazard": "隐患", "patrol_stop": "巡查点", "patrol_assignment": "巡查任务", "role_assignment": "人员职责",
                "duty_shift": "值班", "self_check_report": "自查上报", "enforcement_action": "执法记录", "grid": "网格",
                "site": "场所", "grid_code_history": "网格代码历史"}


REFERENCE_EN = {"hazard": "hazards", "patrol_stop": "patrol stops", "patrol_assignment": "patrol assignments",
                "role_assignment": "people's duties", "duty_shift": "duty shifts", "self_check_report": "self-check reports",
                "enforcement_action": "enforcement records", "grid": "grids", "site": "sites",
                "grid_code_history": "grid code history"}


def _refs_zh(refs) -> str:
    return "、".join(f"{REFERENCE_ZH.get(t, t)} {len(v)} 条" for (t, _), v in refs.items())


def _refs_en(refs) -> str:
    return ", ".join(f"{len(v)} {REFERENCE_EN.get(t, t)}" for (t, _), v in refs.items())


class DeleteFeature(Command):
    """Delete a site, line asset or zone that nothing refers to (a site with hazards or patrol stops stays)."""

    def __init__(self, table: str, row_id: int, name: str = "") -> None:
        if table not in ADDABLE:
            raise ValueError(table)
        self.table, self.id = table, int(row_id)
        self.text = f"删除{TABLE_ZH[table]}{('“' + name + '”') if name else ''}"
        self.row: list[dict] = []

    def apply(self, s) -> Change:
        conn = s.connection()
        row = rows.snapshot(conn, self.table, [self.id])
        if not row:
            raise ValidationError(f"{TABLE_ZH[self.table]}（编号 {self.id}）不存在，未作改动",
                                  en=f"{TABLE_EN[self.table]} (number {self.id}) does not exist; nothing was changed")
        refs = rows.referring_rows(conn, self.table, [self.id])
        if refs:
            raise ValidationError(f"{TABLE_ZH[self.table]}“{row[0].get('name') or self.id}”有关联记录（{_refs_zh(refs)}），"
                                  "不能删除，项目未作改动",
                                  en=f"{TABLE_EN[self.table]} \"{row[0].get('name') or self.id}\" has related "
                                     f"records ({_refs_en(refs)}); it cannot be deleted and the project was not "
                                     "changed")
        conn.execute(text(f"DELETE FROM {self.table} WHERE id = :i"), {"i": self.id})
        self.row = row
        return Change.of(KIND_OF_TABLE[self.table], **{KIND_OF_TABLE[self.table]: [self.id]})

    def revert(self, s) -> Change:
        conn = s.connection()
        rows.insert_rows(conn, self.table, self.row)
        grids = {self.id: self.row[0].get("grid_id")} if self.table == "site" else {}
        reconcile.catch_up_in(s)
        rows.set_site_grids(conn, grids)
        return Change.of(KIND_OF_TABLE[self.table], **{KIND_OF_TABLE[self.table]: [self.id]})


# --- grids: split and merge -----------------------------------------------------------------------------------

def _grid(s, grid_id: int):
    g = s.execute(select(Grid.id, Grid.code, Grid.name, Grid.village_id, Grid.geom, Grid.kind)
                  .where(Grid.id == int(grid_id))).first()
    if g is None:
        raise ValidationError(f"网格（编号 {grid_id}）不存在，未作改动",
                              en=f"Grid (number {grid_id}) does not exist; nothing was changed")
    return g


def _extend_ends(line, polygon, tolerance: float):
    """The line with an end that lies on (or within `tolerance` of) the polygon's boundary pushed across it, so
    a line snapped to the boundary splits it in spite of rounding."""
    xy = shapely.get_coordinates(line)
    if len(xy) < 2:
        return line
    boundary = polygon.boundary
    for end, inner in ((0, 1), (len(xy) - 1, len(xy) - 2)):
        p = shapely.Point(xy[end])
        if boundary.distance(p) <= tolerance:
            d = xy[end] - xy[inner]
            n = float((d ** 2).sum()) ** 0.5
            if n > 0:
                xy[end] = xy[end] + d / n * tolerance * 2
    return shapely.LineString(xy)


def split_parts(grid_geom: BaseGeometry, line: BaseGeometry, label: str) -> tuple[BaseGeometry, BaseGeometry]:
    """The grid's polygon cut by the line into two: the larger first (it keeps the grid's id). Refuses, in
    Chinese, a line that does not cross the grid fully or cuts it into more than two pieces."""
    from shapely.ops import split

    if line is None or line.is_empty or line.geom_type != "LineString" or len(line.coords) < 2:
        raise ValidationError(f"分割网格{label}：分割线至少要有两个点，未作改动",
                              en=f"Split grid{_en(label)}: the splitting line needs at least two points; nothing was "
                                 "changed")
    if grid_geom.geom_type != "Polygon":
        raise ValidationError(f"网格{label}由多块组成，不能用一条线分割，未作改动",
                              en=f"Grid{_en(label)} is made of several parts and cannot be split by one line; "
                                 "nothing was changed")
    pieces = [p for p in split(grid_geom, _extend_ends(line, grid_geom, END_TOLERANCE_DEG)).geoms
              if p.geom_type == "Polygon"]
    pieces = [p for p in pieces if float(shapely.area(to_projected(p))) > AREA_TOLERANCE_M2]
    if len(pieces) < 2:
        raise ValidationError(f"分割线没有完整穿过网格{label}：线的两端都要落在网格边界上或网格之外，未作改动",
                              en=f"The splitting line does not cross grid{_en(label)} fully: both ends must lie on "
                                 "the grid's boundary or outside it; nothing was changed")
    if len(pieces) > 2:
        raise ValidationError(f"分割线把网格{label}分成了 {len(pieces)} 块，一次只能分成两块，未作改动",
                              en=f"The splitting line cuts grid{_en(label)} into {len(pieces)} parts; it may cut it "
                                 "into two only; nothing was changed")
    pieces.sort(key=lambda p: -float(shapely.area(to_projected(p))))
    return pieces[0], pieces[1]


def _share_cut_ends(conn, old: BaseGeometry, part: BaseGeometry, skip) -> dict[tuple[str, int], bytes | None]:
    """Topological editing for a split: where the cut meets the old outline on an edge a neighbouring grid, a
    village, township or district boundary shares, that feature gets the new vertex too (no T-junction; moving it
    later moves all of them). Returns (table, id) → the geometry bytes before."""
    from gis import spatial
    from gis.editing import vertices

    old_xy = {tuple(c) for c in shapely.get_coordinates(old)}
    ends = [c for c in shapely.get_coordinates(part) if tuple(c) not in old_xy]
    before: dict[tuple[str, int], bytes | None] = {}
    for table in ("grid", "admin_unit"):
        changed: dict[int, BaseGeometry] = {}
        for x, y in ends:
            box = (x - SHARED_DEG, y - SHARED_DEG, x + SHARED_DEG, y + SHARED_DEG)
            near = [int(i) for i in spatial.ids_in_box(conn, table, box) if table != "grid" or int(i) not in skip]
            for fid, geom in spatial.geometries(conn, table, near).items():
                geom = changed.get(fid, geom)
                after = vertices.segment_at(geom, x, y, SHARED_DEG) if geom is not None else None
                if after is not None:
                    changed[fid] = vertices.inserted_at(geom, after, x, y)
        for fid, raw in rows.geometry_bytes(conn, table, changed).items():
            before[(table, fid)] = raw
        for fid, geom in changed.items():
            rows.write_geometry(conn, table, fid, geom)
    return before


class _Renumbers(Command):
    """A grid command that renumbers its village: keeps codes and names before, the history rows it wrote."""

    def _begin(self, s, village_id: int) -> None:
        self.village_id = village_id
        self.codes_before = numbering.codes_and_names(s, village_id)

    def _renumber(self, s, reason: str) -> None:
        self.plan, self.history_ids = numbering.apply(s, self.village_id, reason, now())

    def _restore_codes(self, s) -> None:
        conn = s.connection()
        if self.history_ids:
            conn.execute(text(f"DELETE FROM grid_code_history WHERE id IN ({','.join(map(str, self.history_ids))})"))
        numbering.write(s, self.codes_before)


class SplitGrid(_Renumbers):
    """A grid cut in two by a line: the larger part keeps the grid's id (its hazards, people and patrols stay),
    the other becomes a new grid of the same village and kind; the village's grids are renumbered."""

    def __init__(self, grid_id: int, line: BaseGeometry, label: str = "") -> None:
        self.grid_id = int(grid_id)
        self.line = line
        self.text = f"分割网格{label}"
        self.new_id: int | None = None
        self.neighbours: dict[tuple[str, int], bytes | None] = {}
        self.admin_after: dict[int, bytes | None] = {}

    def preview(self, project) -> list[numbering.Renumbering]:
        """What the split will do to the village's codes (old → new), computed without writing."""
        with project.session() as s:
            g = _grid(s, self.grid_id)
            keep, other = split_parts(g.geom, self.line, f"“{g.name}”（{g.code}）")
            village = s.get(AdminUnit, g.village_id)
            grids = [(i, c, n, keep if i == self.grid_id else geom)
                     for i, c, n, geom in numbering.village_grids(s, g.village_id)]
            return numbering.preview(village.code, village.name, [*grids, (None, "", "", other)])

    def apply(self, s) -> Change:
        conn = s.connection()
        g = _grid(s, self.grid_id)
        keep, other = split_parts(g.geom, self.line, f"“{g.name}”（{g.code}）")
        self._begin(s, g.village_id)
        self.before = rows.geometry_bytes(conn, "grid", [self.grid_id])
        self.site_grids = rows.site_grids_near(conn, _boxes(g.geom), [self.grid_id])
        rows.write_geometry(conn, "grid", self.grid_id, keep)
        t = Grid.__table__
        values = {"code": numbering.temporary_code(0), "name": g.name + "（分）", "kind": g.kind,
                  "village_id": g.village_id}
        if self.new_id is not None:     # a redo gives the new grid its id again
            values["id"] = self.new_id
        new_id = conn.execute(t.insert().values(values).returning(t.c.id)).scalar_one()
        conn.execute(t.update().where(t.c.id == new_id).values(code=numbering.temporary_code(new_id)))
        rows.write_geometry(conn, "grid", new_id, other)
        self.new_id = int(new_id)
        self.neighbours = _share_cut_ends(conn, g.geom, keep, (self.grid_id, self.new_id))
        self._renumber(s, f"分割网格 {g.code}")
        self.moved_sites = _settle(s, self.site_grids)
        self.after = rows.geometry_bytes(conn, "grid", [self.grid_id, self.new_id, *self._neighbour_ids("grid")])
        self.admin_after = rows.geometry_bytes(conn, "admin_unit", self._neighbour_ids("admin_unit"))
        return self._split_change(set(numbering.codes_and_names(s, g.village_id)))

    def _neighbour_ids(self, table: str) -> list[int]:
        return [i for t, i in self.neighbours if t == table]

    def _split_change(self, grids: set[int]) -> Change:
        ids = {"grids": grids | set(self._neighbour_ids("grid"))}
        if self.moved_sites:
            ids["sites"] = set(self.moved_sites)
        if self._neighbour_ids("admin_unit"):
            ids["admin"] = set(self._neighbour_ids("admin_unit"))
        return Change.of(*ids, **ids)

    def revert(self, s) -> Change:
        conn = s.connection()
        _changed_since(conn, "grid", self.after, "分割后的网格", "The grids after the split")
        _changed_since(conn, "admin_unit", self.admin_after, "分割线所在的村（乡镇）界",
                       "The village (township) boundary the splitting line lies in")
        refs = rows.referring_rows(conn, "grid", [self.new_id], skip=("site",))
        if refs:
            raise ValidationError(f"分割出的新网格已有关联记录（{_refs_zh(refs)}），无法撤销分割，项目未作改动",
                                  en=f"The new grid split off already has related records ({_refs_en(refs)}); the "
                                     "split cannot be undone and the project was not changed")
        conn.execute(text("UPDATE site SET grid_id = NULL WHERE grid_id = :g"), {"g": self.new_id})
        conn.execute(text("DELETE FROM grid WHERE id = :g"), {"g": self.new_id})
        rows.write_geometry(conn, "grid", self.grid_id, self.before[self.grid_id])
        for (table, fid), raw in self.neighbours.items():
            rows.write_geometry(conn, table, fid, raw)
        self._restore_codes(s)
        reconcile.catch_up_in(s)
        rows.set_site_grids(conn, self.site_grids)
        return self._split_change({*self.codes_before, self.new_id})


class MergeGrids(_Renumbers):
    """Adjacent grids of one village merged into the one with the lowest id (the others' hazards, people and
    patrols move to it; their codes go to its code history); the village's grids are renumbered."""

    def __init__(self, grid_ids, label: str = "") -> None:
        self.grid_ids = sorted({int(i) for i in grid_ids})
        self.text = f"合并网格{label}"

    def _checked(self, s):
        """The grids and their union, or a refusal in Chinese."""
        if len(self.grid_ids) < 2:
            raise ValidationError("合并网格至少要选两个网格，未作改动",
                                  en="Merging grids needs at least two grids; nothing was changed")
        grids = [_grid(s, i) for i in self.grid_ids]
        villages = {g.village_id for g in grids}
        if len(villages) > 1:
            names = "、".join(f"“{g.name}”" for g in grids)
            names_en = ", ".join(f'"{g.name}"' for g in grids)
            raise ValidationError(f"网格 {names} 不属于同一个村（社区），不能合并，项目未作改动",
                                  en=f"Grids {names_en} are not in the same village (community) and cannot be "
                                     "merged; the project was not changed")
        union = shapely.union_all([g.geom for g in grids])
        if union.geom_type != "Polygon":
            union = union.buffer(0)     # edges that meet up to rounding
        if union.geom_type != "Polygon":
            raise ValidationError("所选网格互不相邻（合并后不是一整块），不能合并，项目未作改动",
                                  en="The chosen grids do not touch one another (merged they would not be one "
                                     "piece); they cannot be merged and the project was not changed")
        return grids, union

    def preview(self, project) -> list[numbering.Renumbering]:
        """What the merge will do to the village's codes (old → new), computed without writing."""
        with project.session() as s:
            grids, union = self._checked(s)
            village = s.get(AdminUnit, grids[0].village_id)
            rest = [(i, c, n, union if i == self.grid_ids[0] else geom)
                    for i, c, n, geom in numbering.village_grids(s, village.id) if i not in self.grid_ids[1:]]
            return numbering.preview(village.code, village.name, rest)

    def apply(self, s) -> Change:
        conn = s.connection()
        grids, union = self._checked(s)
        survivor, removed = self.grid_ids[0], self.grid_ids[1:]
        self._begin(s, grids[0].village_id)
        self.before = rows.geometry_bytes(conn, "grid", [survivor])
        self.removed_rows = rows.snapshot(conn, "grid", removed)
        self.site_grids = rows.site_grids_near(conn, _boxes(union), self.grid_ids)
        self.moved_refs = rows.referring_rows(conn, "grid", removed, skip=("site",))
        for (t, c), refs in self.moved_refs.items():
            conn.execute(text(f"UPDATE {t} SET {c} = :s WHERE id IN ({','.join(str(r) for r, _ in refs)})"),
                         {"s": survivor})
        conn.execute(text(f"UPDATE site SET grid_id = :s WHERE grid_id IN ({','.join(map(str, removed))})"),
                     {"s": survivor})
        conn.execute(text(f"DELETE FROM grid WHERE id IN ({','.join(map(str, removed))})"))
        rows.write_geometry(conn, "grid", survivor, union)
        when = now()
        from gis.model import GridCodeHistory
        merged = [GridCodeHistory(grid_id=survivor, code=r["code"], valid_until=when,
                                  reason=f"合并入网格 {grids[0].code}") for r in self.removed_rows]
        s.add_all(merged)
        s.flush()
        self._renumber(s, "合并网格 " + "、".join(g.code for g in grids))
        self.history_ids = [h.id for h in merged] + self.history_ids
        self.moved_sites = _settle(s, self.site_grids)
        self.after = rows.geometry_bytes(conn, "grid", [survivor])
        return _change(grids={*self.codes_before}, sites=set(self.moved_sites), **self._ref_kinds())

    def revert(self, s) -> Change:
        conn = s.connection()
        _changed_since(conn, "grid", self.after, "合并后的网格", "The merged grid")
        survivor = self.grid_ids[0]
        for gid in numbering.codes_and_names(s, self.village_id):   # free the codes the removed grids had
            conn.execute(text("UPDATE grid SET code = :c WHERE id = :g"), {"c": numbering.temporary_code(gid), "g": gid})
        rows.insert_rows(conn, "grid", self.removed_rows)
        rows.write_geometry(conn, "grid", survivor, self.before[survivor])
        for (t, c), refs in self.moved_refs.items():
            for row_id, old in refs:
                conn.execute(text(f"UPDATE {t} SET {c} = :g WHERE id = :r"), {"g": old, "r": row_id})
        self._restore_codes(s)
        reconcile.catch_up_in(s)
        rows.set_site_grids(conn, self.site_grids)
        return _change(grids={*self.codes_before}, sites=set(self.moved_sites), **self._ref_kinds())

    def _ref_kinds(self) -> dict:
        kinds = {"hazard": "hazards", "patrol_assignment": "patrols", "role_assignment": "people"}
        out: dict[str, set[int]] = {}
        for (t, _), refs in self.moved_refs.items():
            if t in kinds:
                out.setdefault(kinds[t], set()).update(r for r, _ in refs)
        return out
