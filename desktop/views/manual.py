"""帮助 → 用户手册 (F1): the Chinese user manual shipped with the app (docs/manual/*.html, screenshots beside
them; in the bundle under the same folder), in a QTextBrowser window. Offline: links between the pages and to
their pictures are local files; a link to the web opens in the system browser only when the user clicks it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gis.paths import ROOT

MANUAL = ROOT / "docs" / "manual"
HOME = "index.html"
# each page's <title>, as the bar above the page names it (in the English window too: the pages are Chinese only)
TITLES = {
    "index.html": QT_TRANSLATE_NOOP("ManualPages", "gridsafe 用户手册"),
    "01-new-project.html": QT_TRANSLATE_NOOP("ManualPages", "新建项目和导入"),
    "02-hazards.html": QT_TRANSLATE_NOOP("ManualPages", "隐患登记与整改"),
    "03-patrols.html": QT_TRANSLATE_NOOP("ManualPages", "巡查计划与路线单"),
    "04-fire.html": QT_TRANSLATE_NOOP("ManualPages", "森林防火值班"),
    "05-stats.html": QT_TRANSLATE_NOOP("ManualPages", "统计与报告"),
    "06-database.html": QT_TRANSLATE_NOOP("ManualPages", "多人使用（数据库项目）"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("ManualDialog", text)


class ManualDialog(QDialog):
    def __init__(self, folder: Path = MANUAL, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gridsafe 用户手册"))
        self.setObjectName("manual_dialog")
        self.folder = folder
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSearchPaths([str(folder)])
        back, forward, home = QPushButton(tr("后退")), QPushButton(tr("前进")), QPushButton(tr("目录"))
        back.clicked.connect(self.browser.backward)
        forward.clicked.connect(self.browser.forward)
        home.clicked.connect(self.home)
        self.browser.backwardAvailable.connect(back.setEnabled)
        self.browser.forwardAvailable.connect(forward.setEnabled)
        back.setEnabled(False)
        forward.setEnabled(False)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)
        bar = QHBoxLayout()
        for b in (back, forward, home):
            bar.addWidget(b)
        self.page_title = QLabel()
        bar.addWidget(self.page_title, 1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        self.browser.sourceChanged.connect(self._show_title)
        self.resize(980, 700)   # desktop/screen.py caps it to the screen as it shows
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.home()

    def home(self) -> None:
        index = self.folder / HOME
        if index.exists():
            self.browser.setSource(QUrl.fromLocalFile(str(index)))
        else:
            self.browser.setHtml(tr("<p>找不到用户手册文件：{path}</p><p>请重新安装 gridsafe。</p>").format(path=index))

    def _show_title(self, url: QUrl) -> None:
        """The page's title in the interface language (a page not in TITLES: its own <title>)."""
        title = TITLES.get(Path(url.toLocalFile()).name)
        self.page_title.setText(QCoreApplication.translate("ManualPages", title) if title
                                else self.browser.documentTitle())

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)   # the user's own click: the only way the manual reaches the web
        elif url.isRelative() or url.isLocalFile():
            self.browser.setSource(url if not url.isRelative() else self.browser.source().resolved(url))


_open: dict[int, ManualDialog] = {}


def show_manual(parent: QWidget | None = None) -> ManualDialog:
    """The manual window (one per parent window), shown and raised."""
    key = id(parent)
    dialog = _open.get(key)
    if dialog is None:
        dialog = _open[key] = ManualDialog(parent=parent)
        dialog.destroyed.connect(lambda _obj=None, k=key: _open.pop(k, None))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
