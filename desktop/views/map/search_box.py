"""Search box: find grids, villages, sites and pipelines by name, grid code or address; jump to one."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.render import LayerStack

# (data layer, columns searched, kind shown) — in the order results are listed
SEARCHED = (
    ("grids", ("code", "name"), QT_TRANSLATE_NOOP("SearchBox", "网格")),
    ("villages", ("name", "code"), QT_TRANSLATE_NOOP("SearchBox", "村（社区）")),
    ("townships", ("name", "code"), QT_TRANSLATE_NOOP("SearchBox", "乡镇（街道）")),
    ("sites", ("name", "address"), QT_TRANSLATE_NOOP("SearchBox", "场所")),
    ("pipelines", ("name",), QT_TRANSLATE_NOOP("SearchBox", "管道")),
    ("zones", ("name",), QT_TRANSLATE_NOOP("SearchBox", "区域")),
    ("works", ("name", "party", "permit_no"), QT_TRANSLATE_NOOP("SearchBox", "第三方施工")),
    ("buildings", ("name", "address"), QT_TRANSLATE_NOOP("SearchBox", "建筑物")),
)


@dataclass(frozen=True)
class Match:
    source: str
    index: int
    text: str         # as listed: "网格 410411003001001 张庄村第1网格"


def search(stack: LayerStack, query: str, limit: int = 20) -> list[Match]:
    """Features whose searched columns contain `query` (case-insensitive); exact codes first."""
    q = query.strip()
    if not q:
        return []
    out: list[Match] = []
    for source, columns, kind in SEARCHED:
        kind = QCoreApplication.translate("SearchBox", kind)
        src = stack.sources.get(source)
        if src is None or not len(src):
            continue
        hit = np.zeros(len(src), dtype=bool)
        exact = np.zeros(len(src), dtype=bool)
        for c in columns:
            if c in src.attrs:
                col = src.attrs[c].astype(object).where(src.attrs[c].notna(), "").astype(str)
                hit |= col.str.contains(q, case=False, regex=False).to_numpy()
                exact |= (col == q).to_numpy()
        idx = np.flatnonzero(hit)
        idx = idx[np.argsort(~exact[idx], kind="stable")]
        for i in idx[: limit - len(out)]:
            parts = [src.attrs[c].iloc[i] for c in columns if c in src.attrs]
            text = " ".join(str(p) for p in parts if isinstance(p, str) and p)
            out.append(Match(source, int(i), f"{kind} {text}"))
        if len(out) >= limit:
            break
    return out


class SearchBox(QLineEdit):
    found = Signal(str, int)   # data layer, row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack: LayerStack | None = None
        self.matches: list[Match] = []
        self.setPlaceholderText(self.tr("搜索网格代码、名称、地址…"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.setMaximumWidth(420)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(15)
        completer.activated[str].connect(self._chosen)
        self.setCompleter(completer)
        self.textEdited.connect(self._update)
        self.returnPressed.connect(self.go)

    def set_stack(self, stack: LayerStack | None) -> None:
        self.stack = stack
        self.matches = []
        self._model.setStringList([])

    def forget(self, sources) -> None:
        """These data layers were reloaded: matches pointing into them are dropped (their rows moved)."""
        if any(m.source in sources for m in self.matches):
            self.matches = [m for m in self.matches if m.source not in sources]
            self._model.setStringList([m.text for m in self.matches])

    def _update(self, text: str) -> None:
        self.matches = search(self.stack, text) if self.stack is not None else []
        self._model.setStringList([m.text for m in self.matches])

    def _chosen(self, text: str) -> None:
        for m in self.matches:
            if m.text == text:
                self.found.emit(m.source, m.index)
                return

    def go(self) -> bool:
        """Jump to the best match of what is typed; False when nothing matches."""
        if self.stack is None:
            return False
        matches = [m for m in self.matches if m.text == self.text()] or search(self.stack, self.text(), limit=1)
        if matches:
            self.found.emit(matches[0].source, matches[0].index)
            return True
        return False
