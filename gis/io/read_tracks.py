"""Field evidence from phones and GPS receivers: timed tracks (GPX trkpt, 奥维/Google Earth KML and KMZ gx:Track,
LineStrings) and JPEG photos with EXIF GPS position and time.

Like every reader of untrusted bytes, these run in the isolated child (gis.io.isolated, through `read_evidence`)
and parse XML with gis.io.safexml. Times come back as local time (China Standard Time, UTC+8, no daylight saving):
GPX and KML times are UTC (a time without a zone is taken as UTC, as both formats define); EXIF times are the
camera's local time. What cannot be used is said in `notes` (Chinese, naming the file), never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from gis.io import safexml
from gis.io.errors import DataFileError
from gis.io.safexml import children, local, text_of

LOCAL = timezone(timedelta(hours=8))        # 北京时间
TRACK_SUFFIXES = (".gpx", ".kml", ".kmz")
PHOTO_SUFFIXES = (".jpg", ".jpeg")
MAX_TRACK_BYTES = 200 * 1024 * 1024
MAX_PHOTO_BYTES = 30 * 1024 * 1024
KML_DATUMS = ("wgs84", "gcj02")


@dataclass
class RawTrack:
    """One track of a file: vertices lon/lat (as recorded) and their local times (datetime64[s]; NaT unknown)."""
    file: str
    name: str
    lon: np.ndarray
    lat: np.ndarray
    t: np.ndarray

    @property
    def label(self) -> str:
        return f"{self.file}" + (f"（{self.name}）" if self.name else "")


@dataclass
class RawPhoto:
    file: str
    data: bytes
    lon: float | None
    lat: float | None
    taken_at: datetime | None
    mime: str = "image/jpeg"


@dataclass
class Evidence:
    tracks: list[RawTrack] = field(default_factory=list)
    photos: list[RawPhoto] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _local_time(text: str | None) -> np.datetime64:
    if not text:
        return np.datetime64("NaT")
    try:
        t = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        return np.datetime64("NaT")
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return np.datetime64(t.astimezone(LOCAL).replace(tzinfo=None), "s")


def _track(file: str, name: str | None, lon, lat, times) -> RawTrack:
    t = np.array(times, dtype="datetime64[s]") if len(times) else np.full(len(lon), np.datetime64("NaT"))
    return RawTrack(file, name or "", np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), t)


def _gpx(path: Path, shown: str, out: Evidence) -> None:
    root = safexml.parse(path.read_bytes(), path)
    for trk in children(root, "trk"):
        lon, lat, t = [], [], []
        for seg in children(trk, "trkseg"):
            for p in children(seg, "trkpt"):
                try:
                    x, y = float(p.get("lon")), float(p.get("lat"))
                except (TypeError, ValueError):
                    out.notes.append(f"{shown}：有一个航迹点缺少经纬度，已跳过")
                    continue
                lon.append(x)
                lat.append(y)
                t.append(_local_time(text_of(p, "time")))
        if lon:
            out.tracks.append(_track(shown, text_of(trk, "name"), lon, lat, t))
    if not children(root, "trk"):
        out.notes.append(f"{shown}：文件中没有航迹（trk），只有路线或航点，无法证明到访时间；未使用")


def _kml_tracks(root, file: str, out: Evidence) -> None:
    found = 0
    for pm in root.iter():
        if local(pm.tag) != "Placemark":
            continue
        name = text_of(pm, "name")
        for el in pm.iter():
            tag = local(el.tag)
            if tag == "Track":            # gx:Track: <when> and <gx:coord> pairs
                whens = [_local_time(c.text) for c in el if local(c.tag) == "when"]
                coords = [(c.text or "").split() for c in el if local(c.tag) == "coord"]
                try:
                    xy = [(float(c[0]), float(c[1])) for c in coords]
                except (IndexError, ValueError):
                    out.notes.append(f"{file}：轨迹“{name or ''}”的坐标无法识别；未使用")
                    continue
                if len(whens) != len(xy):
                    out.notes.append(f"{file}：轨迹“{name or ''}”的时间（{len(whens)} 个）与坐标（{len(xy)} 个）"
                                     "数量不一致；未使用")
                    continue
                if xy:
                    found += 1
                    out.tracks.append(_track(file, name, [p[0] for p in xy], [p[1] for p in xy], whens))
            elif tag == "LineString":     # a drawn or exported line: times only from the placemark's whens
                try:
                    xy = [(float(a.split(",")[0]), float(a.split(",")[1]))
                          for a in (text_of(el, "coordinates") or "").split()]
                except (IndexError, ValueError):
                    out.notes.append(f"{file}：线“{name or ''}”的坐标无法识别；未使用")
                    continue
                whens = [_local_time(w.text) for w in pm.iter() if local(w.tag) == "when"]
                if xy:
                    found += 1
                    out.tracks.append(_track(file, name, [p[0] for p in xy], [p[1] for p in xy],
                                             whens if len(whens) == len(xy) else []))
    if not found:
        out.notes.append(f"{file}：文件中没有轨迹（gx:Track 或线）；未使用")


def _kml(path: Path, shown: str, out: Evidence) -> None:
    if path.suffix.lower() == ".kmz":
        from gis.io.read_kml import kmz_document
        data, member = kmz_document(path)
        root = safexml.parse(data, path, member)
    else:
        root = safexml.parse(path.read_bytes(), path)
    _kml_tracks(root, shown, out)


def _rational(v) -> float:
    return v[0] / v[1] if v[1] else float("nan")


def _dms(value, ref) -> float | None:
    try:
        deg = _rational(value[0]) + _rational(value[1]) / 60 + _rational(value[2]) / 3600
    except (TypeError, IndexError, ZeroDivisionError):
        return None
    if ref in (b"S", b"W", "S", "W"):
        deg = -deg
    return deg if np.isfinite(deg) else None


def _photo(path: Path, shown: str, out: Evidence) -> None:
    import piexif

    data = path.read_bytes()
    if not data.startswith(b"\xff\xd8"):
        out.notes.append(f"{shown}：不是 JPEG 照片；未使用")
        return
    try:
        exif = piexif.load(data)
    except Exception as e:  # noqa: BLE001 - a damaged EXIF block: said, the photo not used
        out.notes.append(f"{shown}：照片的 EXIF 信息无法读取（{type(e).__name__}）；未使用")
        return
    gps = exif.get("GPS") or {}
    lat = _dms(gps.get(piexif.GPSIFD.GPSLatitude), gps.get(piexif.GPSIFD.GPSLatitudeRef))
    lon = _dms(gps.get(piexif.GPSIFD.GPSLongitude), gps.get(piexif.GPSIFD.GPSLongitudeRef))
    raw = (exif.get("Exif") or {}).get(piexif.ExifIFD.DateTimeOriginal) or \
        (exif.get("0th") or {}).get(piexif.ImageIFD.DateTime)
    taken = None
    if raw:
        try:
            taken = datetime.strptime(raw.decode("ascii", "replace").strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        except ValueError:
            taken = None
    out.photos.append(RawPhoto(shown, data, lon, lat, taken))


def _read_one(path: Path, shown: str, out: Evidence) -> None:
    suffix = path.suffix.lower()
    limit = MAX_PHOTO_BYTES if suffix in PHOTO_SUFFIXES else MAX_TRACK_BYTES
    if path.stat().st_size > limit:
        raise DataFileError(f"文件 {path.name} 超过 {limit // 2**20} MB，拒绝读取",
                            en=f"File {path.name} is larger than {limit // 2**20} MB; it was not read")
    if suffix == ".gpx":
        _gpx(path, shown, out)
    elif suffix in (".kml", ".kmz"):
        _kml(path, shown, out)
    else:
        _photo(path, shown, out)


def evidence_files(paths) -> tuple[list[tuple[Path, str]], list[str]]:
    """The track and photo files among `paths` (folders searched with their subfolders), sorted, each with the
    name shown and used to tell whose it is (a file in a folder: 'folder/…/name', e.g. 张三/1120.gpx); and a
    note per path that is neither."""
    files, notes = [], []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TRACK_SUFFIXES + PHOTO_SUFFIXES)
            if not found:
                notes.append(f"文件夹 {p} 中没有轨迹（GPX、KML、KMZ）或照片（JPEG）")
            files.extend((f, "/".join((p.name, *f.relative_to(p).parts))) for f in found)
        elif not p.exists():
            raise DataFileError(f"找不到文件：{p}", en=f"File not found: {p}")
        elif p.suffix.lower() in TRACK_SUFFIXES + PHOTO_SUFFIXES:
            files.append((p, p.name))
        else:
            notes.append(f"{p.name}：不是轨迹（GPX、KML、KMZ）或照片（JPEG）文件；未使用")
    return files, notes


def _read_all(files: list[tuple[Path, str]]) -> Evidence:
    out = Evidence()
    for f, shown in files:
        try:
            _read_one(f, shown, out)
        except DataFileError as e:
            out.notes.append(str(e))
        except (OSError, ValueError) as e:
            out.notes.append(f"{shown}：无法读取（{e}）；未使用")
    return out


def read_evidence(paths) -> Evidence:
    """Tracks and photos from files and folders, read in the isolated child; unreadable files are notes."""
    from gis.io import isolated

    files, notes = evidence_files(paths)
    if not files:
        return Evidence(notes=notes or ["没有可导入的轨迹或照片文件"])
    ev = isolated.run(_read_all, files, what=f"{len(files)} 个轨迹和照片文件",
                      what_en=f"{len(files)} track and photo files")
    ev.notes[:0] = notes
    return ev
