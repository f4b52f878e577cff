"""Run with the version before migration 0007 on PYTHONPATH: a 0006 project with the demo township,
imported sites/pipelines/zones (a polygon site, MultiLineString and MultiPolygon features), a photo."""
import json, sys, subprocess, struct, zlib
from datetime import datetime
from pathlib import Path

out = Path(sys.argv[1])
def cli(*a):
    r = subprocess.run([sys.executable, "-m", "desktop.cli", *a], capture_output=True, text=True)
    print(" ".join(a[:2]), "->", r.returncode, (r.stdout + r.stderr).strip()[-200:])
    assert r.returncode == 0
cli("init", str(out), "--demo")

def fc(features):
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]}
sites = fc([
    ({"名称": "荆山液化气供应站", "类别": "液化气站", "地址": "荆山街道建设路18号"}, {"type": "Point", "coordinates": [113.3521, 33.6712]}),
    ({"名称": "湛南物流园", "类别": "工贸企业", "地址": "湛南路201号"},
     {"type": "Polygon", "coordinates": [[[113.3601, 33.6655], [113.3622, 33.6655], [113.3622, 33.6671], [113.3601, 33.6671], [113.3601, 33.6655]]]}),
])
pipes = fc([
    ({"名称": "荆山中压干线", "运营单位": "平顶山市燃气公司", "压力级制": "中压A"},
     {"type": "MultiLineString", "coordinates": [[[113.34, 33.66], [113.35, 33.665], [113.36, 33.667]], [[113.36, 33.667], [113.365, 33.672]]]}),
])
zones = fc([
    ({"名称": "北山林区", "类型": "森林防火区", "等级": "一级"},
     {"type": "MultiPolygon", "coordinates": [[[[113.30, 33.70], [113.31, 33.70], [113.31, 33.71], [113.30, 33.70]]],
                                              [[[113.32, 33.70], [113.33, 33.70], [113.33, 33.71], [113.32, 33.70]]]]}),
])
for name, data, layer in (("sites.geojson", sites, "sites"), ("pipes.geojson", pipes, "pipelines"), ("zones.geojson", zones, "zones")):
    p = out.parent / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    extra = ["--set", "kind=森林防火区"] if layer == "zones" else []
    r = subprocess.run([sys.executable, "-m", "desktop.cli", "import", str(out), str(p), "--layer", layer, *extra], capture_output=True, text=True)
    print("import", layer, r.returncode, (r.stdout + r.stderr).strip()[-300:])

# a real PNG photo on a hazard with a history
def png(w, h):
    raw = b"".join(b"\x00" + bytes((x * 7 % 256, y * 5 % 256, 128)) * 1 for y in range(h) for x in range(1)) 
    rows = b"".join(b"\x00" + b"".join(bytes(((x * 9) % 256, (y * 7) % 256, 140)) for x in range(w)) for y in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
from gis import store
from gis.hazards.workflow import add_photo
from gis.model import Hazard, HazardEvent
from sqlalchemy import select, func
with store.open_project(out) as p, p.transaction() as s:
    h = s.scalars(select(Hazard).join(HazardEvent, HazardEvent.hazard_id == Hazard.id).group_by(Hazard.id)
                  .having(func.count() >= 3).order_by(Hazard.id)).first()
    add_photo(s, h, "现场照片.png", png(64, 48), datetime(2026, 11, 20, 9, 30))
    add_photo(s, h, "整改后.png", png(32, 32), datetime(2026, 11, 28, 15, 0))
    print("photos on hazard", h.id)
