"""XML from outside (KML, GPX) parsed without DOCTYPE, entities or external references."""
from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from gis.io.errors import DataFileError


def parse(data: bytes, path: Path, member: str | None = None) -> Element:
    where = f"{path.name}" + (f" 中的 {member}" if member else "")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise DataFileError(
            f"文件 {where} 含有 DOCTYPE、实体声明或外部引用，出于安全原因拒绝读取（{type(e).__name__}）"
        ) from e
    except ParseError as e:
        line = e.position[0] if getattr(e, "position", None) else "?"
        raise DataFileError(f"文件 {where} 的 XML 格式错误（第 {line} 行），可能已损坏或不完整") from e


def local(tag: str) -> str:
    """Tag name without its namespace: '{http://www.opengis.net/kml/2.2}Placemark' → 'Placemark'."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def child(el: Element, name: str) -> Element | None:
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def text_of(el: Element, name: str) -> str | None:
    c = child(el, name)
    if c is None or c.text is None:
        return None
    return c.text.strip()
