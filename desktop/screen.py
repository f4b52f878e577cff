"""Windows that fit the screen they are on (a 1366×768 office laptop as well as 1920×1080).

`fit_to_screen(widget)` caps a top-level window's size to its screen's available geometry (what the taskbar leaves)
and moves it onto that screen. `install_fit_on_show()` (the main window installs it) does so for every dialog and
floating dock as it is shown, so a dialog keeps its preferred size where there is room and shrinks where not; a long
form goes in `scroll_area(page)` so it can shrink. `on_some_screen(rect)` tells
whether a saved window position is still on one of the screens (a monitor unplugged since).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QWidget

# what the window frame adds around a window not yet shown (title bar, borders); once shown, the real frame counts
FRAME = QSize(16, 40)


def screen_of(widget: QWidget | None) -> QScreen:
    """The screen `widget` (or its parent window) is on; the primary screen for a window not yet placed."""
    while widget is not None:
        window = QWidget.window(widget)
        handle = window.windowHandle()
        if handle is not None and handle.screen() is not None and window.isVisible():
            return handle.screen()
        parent = window.parentWidget()
        if parent is None:
            screen = QWidget.screen(widget)
            if screen is not None:
                return screen
        widget = parent
    return QGuiApplication.primaryScreen()


def available(widget: QWidget | None = None) -> QRect:
    """The part of `widget`'s screen windows may use (without the taskbar)."""
    return screen_of(widget).availableGeometry()


# QWidget's own methods, called unbound: a dialog may shadow one with an attribute of its own (a feature form's
# `geometry` is its shapely geometry)
_frame, _geometry, _size, _resize, _move = (QWidget.frameGeometry, QWidget.geometry, QWidget.size, QWidget.resize,
                                            QWidget.move)


def frame_allowance(widget: QWidget) -> QSize:
    """What the frame adds to `widget`'s size: measured once shown, FRAME before."""
    if widget.isVisible():
        extra = _frame(widget).size() - _geometry(widget).size()
        if extra.width() > 0 or extra.height() > 0:
            return extra
    return FRAME


def fit_to_screen(widget: QWidget) -> None:
    """Cap a top-level window to its screen's available geometry (frame included) and keep it on that screen.

    Call after setting the preferred size (resize). A widget whose minimum size is larger than the screen cannot
    shrink below it: give such a form a scroll area (scroll_area)."""
    room = available(widget)
    extra = frame_allowance(widget)
    most = QSize(room.width() - extra.width(), room.height() - extra.height())
    size = _size(widget).boundedTo(most).expandedTo(QWidget.minimumSize(widget))
    if size != _size(widget):
        _resize(widget, size)
    if widget.isVisible() or widget.testAttribute(Qt.WidgetAttribute.WA_Moved):
        _move(widget, inside(QRect(_frame(widget).topLeft(), size + extra), room))


def inside(rect: QRect, room: QRect) -> QPoint:
    """Where `rect` goes to lie within `room` (its top-left corner), moved as little as possible."""
    x = min(max(rect.left(), room.left()), max(room.left(), room.right() + 1 - rect.width()))
    y = min(max(rect.top(), room.top()), max(room.top(), room.bottom() + 1 - rect.height()))
    return QPoint(x, y)


def on_some_screen(rect: QRect, *, grip: int = 60) -> bool:
    """Whether enough of `rect` (a window's frame) lies on one of the screens to grab it: its title bar's
    `grip` pixels at least."""
    title = QRect(rect.left(), rect.top(), rect.width(), min(rect.height(), 30))
    for screen in QGuiApplication.screens():
        seen = title.intersected(screen.availableGeometry())
        if seen.width() >= min(grip, rect.width()) and seen.height() > 0:
            return True
    return False


def scroll_area(page: QWidget, *, both: bool = False):
    """`page` in a frameless scroll area that gives it all the room there is and scrolls only when there is less
    than its minimum: a long form scrolls on a low screen instead of pushing its buttons under the taskbar.
    Vertical only, unless `both` (a dock's view: a row of filters wider than a laptop's dock scrolls too)."""
    from PySide6.QtWidgets import QFrame, QScrollArea

    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if both
                                      else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class _FitOnShow(QObject):
    """Fits every dialog and floating window to its screen as it is shown (install_fit_on_show)."""

    def eventFilter(self, watched, event) -> bool:   # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
                and isinstance(watched, (QDialog, QDockWidget))):
            fit_to_screen(watched)
        return False


_fit_on_show: _FitOnShow | None = None


def install_fit_on_show() -> None:
    """Every dialog of the application (and every floating dock) is fitted to its screen when shown: a dialog's
    preferred size (resize) is capped to what the screen has room for. Installed once, by the main window."""
    global _fit_on_show
    app = QApplication.instance()
    if _fit_on_show is None and app is not None:
        _fit_on_show = _FitOnShow(app)
        app.installEventFilter(_fit_on_show)
