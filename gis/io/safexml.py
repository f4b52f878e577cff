"""XML from outside (KML, GPX) parsed without DOCTYPE, entities or external references, and no deeper
than MAX_DEPTH elements (the readers walk the tree recursively; a file of 1,000 nested folders would
otherwise end in a RecursionError)."""
from __future__ import annotations

import io
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from gis.io.errors import DataFileError

MAX_DEPTH = 100  # real KML nests folders a dozen deep; MultiGeometry two or three


def _tree(data: bytes, where: tuple[str, str], max_depth: int) -> Element:
    depth, root = 0, None
    events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True, forbid_entities=True,
                       forbid_external=True)
    for event, el in events:
        if event == "start":
            depth += 1
            if depth > max_depth:
                raise DataFileError(
                    f"文件 {where[0]} 的 XML 嵌套超过 {max_depth} 层（元素“{local(el.tag)}”），"
                    f"出于安全原因拒绝读取；请减少文件夹或 MultiGeometry 的嵌套层数",
                    en=f"The XML of file {where[1]} nests deeper than {max_depth} levels (element "
                       f"\"{local(el.tag)}\"); for safety it was not read. Please nest fewer folders or "
                       "MultiGeometries")
            if root is None:
                root = el
        else:
            depth -= 1
    if root is None:
        raise DataFileError(f"文件 {where[0]} 中没有 XML 内容", en=f"File {where[1]} has no XML content")
    return root


def parse(data: bytes, path: Path, member: str | None = None, *, max_depth: int = MAX_DEPTH) -> Element:
    where = (f"{path.name}" + (f" 中的 {member}" if member else ""),
             f"{path.name}" + (f" (member {member})" if member else ""))
    try:
        return _tree(data, where, max_depth)
    except DefusedXmlException as e:
        raise DataFileError(
            f"文件 {where[0]} 含有 DOCTYPE、实体声明或外部引用，出于安全原因拒绝读取（{type(e).__name__}）",
            en=f"File {where[1]} holds a DOCTYPE, entity declaration or external reference; for safety it was not "
               f"read ({type(e).__name__})"
        ) from e
    except ParseError as e:
        line = e.position[0] if getattr(e, "position", None) else "?"
        raise DataFileError(f"文件 {where[0]} 的 XML 格式错误（第 {line} 行），可能已损坏或不完整",
                            en=f"The XML of file {where[1]} is malformed (line {line}); it may be damaged or "
                               "incomplete") from e


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
