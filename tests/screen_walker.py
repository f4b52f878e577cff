"""Walk the main window as a user would — every menu action, every dock, every dialog the menus open — and collect
every text a user sees on the way (tests/desktop/test_english_screens.py uses it to find Chinese left in the English
interface and labels cut short).

A text is (screen, widget path, text): the screen is the dock or dialog it was seen on, the widget path names the
widget by its class (object name where it has one) down from the screen's top.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStatusBar,
    QStyle,
    QTabBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QToolBox,
    QToolButton,
    QTreeView,
    QTreeWidget,
    QWidget,
)

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Text:
    screen: str
    path: str
    text: str
    note: str = ""   # for a text cut short: how wide it is, in how much room

    def __str__(self) -> str:
        return f"[{self.screen}] {self.path}: {self.text!r}" + (f" ({self.note})" if self.note else "")


@dataclass
class Walk:
    """What a walk saw: texts (deduplicated, in the order seen), labels cut short, the screens visited."""
    texts: list[Text] = field(default_factory=list)
    cut: list[Text] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    def add(self, screen: str, path: str, text: str | None) -> None:
        text = (text or "").strip()
        if text and (screen, path, text) not in self._seen:
            self._seen.add((screen, path, text))
            self.texts.append(Text(screen, path, text))


def plain(text: str) -> str:
    """A label's text without its rich-text markup and entities."""
    if "<" in text and ">" in text:
        text = TAG.sub(" ", text).replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
        text = text.replace("&amp;", "&")
    return text


def _name(widget: QWidget) -> str:
    name = type(widget).__name__
    return f"{name}#{widget.objectName()}" if widget.objectName() and not widget.objectName().startswith("qt_") \
        else name


def _path(widget: QWidget, top: QWidget) -> str:
    parts = []
    w = widget
    while w is not None and w is not top:
        parts.append(_name(w))
        w = w.parentWidget()
    return "/".join(reversed(parts)) or _name(top)


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) if widget is not top else True


def _headers(view: QAbstractItemView) -> Iterable[str]:
    """The column headers a table or tree shows (a list has none)."""
    if isinstance(view, QTableView):
        header = view.horizontalHeader()
    elif isinstance(view, QTreeView):
        header = view.header()
    else:
        return
    if header.isHidden() or view.model() is None:
        return
    for i in range(min(header.count(), 80)):
        if not header.isSectionHidden(i):
            yield str(view.model().headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")


def _actions(walk: Walk, screen: str, path: str, actions: Iterable[QAction], depth: int = 0) -> None:
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        walk.add(screen, f"{path}/QAction", action.text())
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            walk.add(screen, f"{path}/QAction.toolTip", action.toolTip())
        if action.menu() is not None and depth < 4:
            walk.add(screen, f"{path}/QMenu", action.menu().title())
            _actions(walk, screen, f"{path}/{action.text()}", action.menu().actions(), depth + 1)


def pages(top: QWidget) -> Iterator[None]:
    """Show each page of `top`'s tab widgets (and tool boxes) in turn, yielding after each (first: as it is);
    the pages shown before are shown again at the end."""
    yield
    for book in top.findChildren(QTabWidget) + top.findChildren(QToolBox):
        if not _shown(book, top):
            continue
        current = book.currentIndex()
        for i in range(book.count()):
            book.setCurrentIndex(i)
            settle()
            yield
        book.setCurrentIndex(current)
        settle()


def choose_first_rows(top: QWidget) -> None:
    """Select the first row of every list, table and tree shown on `top` (what a user clicks before the buttons
    that act on a row); nothing is written."""
    for view in top.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and isinstance(view, (QTableView, QTreeView, QListView)) \
                and view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection and model.rowCount() > 0:
            view.setCurrentIndex(model.index(0, 0))
            view.selectionModel().select(model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                         | QItemSelectionModel.SelectionFlag.Rows)
    settle()


def collect(walk: Walk, screen: str, top: QWidget) -> None:
    """Every text visible on `top` (a dock, a dialog, the window) now, with every page of its tab widgets."""
    if screen not in walk.screens:
        walk.screens.append(screen)
    for _page in pages(top):
        _collect_once(walk, screen, top)


def background_done(qtbot, most_ms: int = 5000) -> None:
    """Wait (at most `most_ms`) for the background loads of what was just shown to report (desktop/tasks.py), so
    a list is read filled, not half loaded."""
    from desktop import tasks

    waited = 0
    while tasks._running and waited < most_ms:
        qtbot.wait(20)
        waited += 20
    settle()


def settle() -> None:
    """Let the window lay itself out again (a page switched can resize docks; views relayout on a zero timer)."""
    for _ in range(3):
        QApplication.processEvents()


def _laid_out() -> None:
    """The layouts a text change asked for, done now. No other event runs until the walk of this page is over, so
    no background load's report changes a text meanwhile: a label is measured at the size the user sees, not in
    the moment between a report's new text and its relayout (a flaky "cut" under load)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _collect_once(walk: Walk, screen: str, top: QWidget) -> None:
    _laid_out()
    walk.add(screen, _name(top) + ".windowTitle", top.windowTitle())
    _actions(walk, screen, _name(top), QWidget.actions(top))
    for w in [top, *top.findChildren(QWidget)]:
        if not _shown(w, top) or isinstance(w, QMenu):
            continue
        path = _path(w, top)
        if isinstance(w, QDockWidget):
            walk.add(screen, path + ".windowTitle", w.windowTitle())
        if isinstance(w, QLabel):
            text = plain(w.text())
            walk.add(screen, path, text)
            _check_fits(walk, screen, path, w, text)
        elif isinstance(w, QAbstractButton):
            walk.add(screen, path, w.text())
            menu = w.menu() if isinstance(w, (QPushButton, QToolButton)) else None
            if menu is not None:
                _actions(walk, screen, path, menu.actions())
        elif isinstance(w, QGroupBox):
            walk.add(screen, path, w.title())
        elif isinstance(w, QStatusBar):      # the message shown now (a reminder, a task's outcome)
            walk.add(screen, path + ".message", w.currentMessage())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                walk.add(screen, f"{path}[{i}]", w.tabText(i))
                walk.add(screen, f"{path}[{i}].toolTip", w.tabToolTip(i))
        elif isinstance(w, QToolBox):
            for i in range(w.count()):
                walk.add(screen, f"{path}[{i}]", w.itemText(i))
        elif isinstance(w, QComboBox):
            for i in range(min(w.count(), 200)):
                walk.add(screen, f"{path}[{i}]", w.itemText(i))
            if w.isEditable() and w.lineEdit() is not None:
                walk.add(screen, path + ".placeholder", w.lineEdit().placeholderText())
        elif isinstance(w, QLineEdit):
            walk.add(screen, path + ".placeholder", w.placeholderText())
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            walk.add(screen, path + ".placeholder", w.placeholderText())
        elif isinstance(w, QAbstractItemView):
            for i, header in enumerate(_headers(w)):
                walk.add(screen, f"{path}.header[{i}]", header)
            if isinstance(w, QTreeWidget):
                _check_tree_fits(walk, screen, path, w)
                item = w.topLevelItem(0)          # its first column: the interface's labels (groups, fields)
                for _ in range(300):
                    if item is None:
                        break
                    walk.add(screen, f"{path}.item", item.text(0))
                    item = w.itemBelow(item)
        if w is not top:
            _actions(walk, screen, path, QWidget.actions(w))
        if w.toolTip() and not isinstance(w, QLabel):
            walk.add(screen, path + ".toolTip", plain(w.toolTip()))


def _check_fits(walk: Walk, screen: str, path: str, label: QLabel, text: str) -> None:
    """A one-line label whose text is wider than the label: the user sees it cut."""
    if not text or label.wordWrap() or not label.isVisible() or label.width() <= 1:
        return
    if label.textFormat() == Qt.TextFormat.RichText or (label.textFormat() == Qt.TextFormat.AutoText
                                                         and TAG.search(label.text())):
        return
    room = label.contentsRect().width() - 2 * label.margin() - 2 * label.indent() if label.indent() > 0 else \
        label.contentsRect().width() - 2 * label.margin()
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in text.replace("&&", "&").splitlines())
    if widest > room:
        cut = Text(screen, path, text, f"{widest} px in {room} px")
        if cut not in walk.cut:
            walk.cut.append(cut)


def _check_tree_fits(walk: Walk, screen: str, path: str, tree: QTreeWidget) -> None:
    """The first column of an item tree (the interface's own labels: overview, layers, calendar) cut short."""
    if not tree.isVisible() or tree.header().isSectionHidden(0):
        return
    item = tree.topLevelItem(0)
    metrics = tree.fontMetrics()
    for _ in range(300):
        if item is None:
            break
        text = item.text(0)
        if text:
            rect = tree.visualRect(tree.indexFromItem(item, 0))
            room = rect.width() - 6   # the item's margins
            if not item.icon(0).isNull():
                room -= tree.iconSize().width() + 4
            if item.data(0, Qt.ItemDataRole.CheckStateRole) is not None:   # a check box
                room -= tree.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 4
            font = QFontMetrics(item.font(0)) if item.font(0) != tree.font() else metrics
            if tree.wordWrap():   # on more lines: its longest word must fit, and the row hold every line
                wide = max(font.horizontalAdvance(word) for word in text.split())
                lines = font.boundingRect(QRect(0, 0, max(room, 1), 10_000), int(Qt.TextFlag.TextWordWrap), text)
                tall = lines.height()
                fits = wide <= room and tall <= rect.height()
            else:
                wide, tall = font.horizontalAdvance(text), 0
                fits = wide <= room
            if rect.width() > 0 and not fits:
                cut = Text(screen, path, text, f"{wide}×{tall} px in {room}×{rect.height()} px")
                if cut not in walk.cut:
                    walk.cut.append(cut)
        item = tree.itemBelow(item)


def close_dialog(dialog: QWidget) -> None:
    if isinstance(dialog, QDialog):
        dialog.reject()
    dialog.close()


def run_action(walk: Walk, screen: str, trigger: Callable[[], object], window: QWidget, qtbot) -> list[str]:
    """Call `trigger` (a menu action's trigger, a button's click) and collect what it opens: every modal dialog
    (polled with a timer, nested ones too, each collected then closed) and every new top-level window or dialog.
    Returns the titles of what opened."""
    opened: list[str] = []
    known = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or id(modal) in known:
            return
        known.add(id(modal))
        title = modal.windowTitle() or type(modal).__name__
        opened.append(title)
        if not isinstance(modal, QFileDialog):   # Qt's own file dialog: translated by qtbase, not ours
            collect(walk, f"{screen} → {title}", modal)
        else:
            collect(walk, f"{screen} → {title}", _file_dialog_texts(modal))
        QTimer.singleShot(0, lambda: close_dialog(modal))

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(poll)
    timer.start()
    try:
        trigger()
        qtbot.wait(60)
        poll()
    finally:
        timer.stop()
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and id(w) not in known and w is not window and not isinstance(w, QMenu):
            known.add(id(w))
            title = w.windowTitle() or type(w).__name__
            opened.append(title)
            collect(walk, f"{screen} → {title}", w)
            close_dialog(w)
    return opened


class _Bare(QWidget):
    """Stands in for a Qt file dialog: only its title (ours) is looked at, its buttons and lists are Qt's."""


def _file_dialog_texts(dialog: QFileDialog) -> QWidget:
    stand_in = _Bare()
    stand_in.setWindowTitle(dialog.windowTitle())
    for i, name in enumerate(dialog.nameFilters()):
        label = QLabel(name, stand_in)
        label.setObjectName(f"nameFilter{i}")
    return stand_in


def project_data(project, extra: Iterable[str] = ()) -> Data:
    """Every text stored in the project's tables (names, addresses, people, notes; inside JSON values too) that
    holds Han characters — the data a screen may show in Chinese. Vocabulary labels are left out:
    they have English (gis/vocab.py)."""
    from sqlalchemy import JSON, String, select
    from sqlalchemy import Text as SqlText

    from gis import vocab
    from gis.model.base import Base

    labels = {v["zh"] for name in vocab._all() for v in vocab._all()[name].values()}
    found: set[str] = set(extra)

    def take(value) -> None:
        if isinstance(value, str):
            if HAN.search(value):
                found.add(value.strip())
        elif isinstance(value, dict):
            for k, v in value.items():
                take(k)
                take(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                take(v)

    with project.session() as s:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, SqlText, JSON))]
            if not columns:
                continue
            for row in s.execute(select(*columns)):
                for value in row:
                    take(value)
    # one character (区, 村, 无) would eat into any text: a name is two at least
    return Data(t for t in found if len(t) > 1 and t not in labels)


class Data:
    """The project's data (project_strings), to take out of a text before looking for Chinese in it."""

    def __init__(self, values: Iterable[str]) -> None:
        self.by_first: dict[str, list[str]] = {}
        for value in sorted(set(values), key=len, reverse=True):    # the longest match first
            self.by_first.setdefault(value[0], []).append(value)

    def remove(self, text: str) -> str:
        """`text` with every piece of project data in it replaced by a space (leftmost, longest first)."""
        if not HAN.search(text):
            return text
        out, i = [], 0
        while i < len(text):
            for value in self.by_first.get(text[i], ()):
                if text.startswith(value, i):
                    out.append(" ")
                    i += len(value)
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)
